/**
 * Signed CloudTrail calls over AWS JSON 1.1 through the Worker's app (./support.ts `dispatch`), signed by
 * aws4fetch for service `cloudtrail`.
 */
import { AwsClient } from 'aws4fetch';
import { pacedClock } from './audit-upkeep-support';
import { clockNow, dispatch, newAccount, operator, type Keys } from './support';

export const TARGET = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101';

/** The answer of a CloudTrail call: status, parsed JSON body, headers. */
export interface JsonAnswer {
  status: number;
  body: any;
  headers: Headers;
}

/**
 * Signs and sends `operation` with a JSON body (`service`: the credential scope's service), again after a
 * pause while it is throttled (LookupEvents allows two calls a second per account and Region), as AWS's
 * SDKs retry a ThrottlingException.
 */
export async function cloudTrail(keys: Keys, operation: string, body: unknown = {}, service = 'cloudtrail', region = 'us-east-1'): Promise<JsonAnswer> {
  let answer = await cloudTrailOnce(keys, operation, body, service, region);
  for (let i = 0; i < 20 && answer.status === 400 && answer.body?.__type === 'ThrottlingException'; i++) {
    await new Promise((r) => setTimeout(r, 250));
    answer = await cloudTrailOnce(keys, operation, body, service, region);
  }
  return answer;
}

/** Signs and sends `operation` once, with `headers` besides the protocol's: a throttled call answers ThrottlingException. */
export async function cloudTrailOnce(keys: Keys, operation: string, body: unknown = {}, service = 'cloudtrail', region = 'us-east-1', headers: Record<string, string> = {}): Promise<JsonAnswer> {
  const client = new AwsClient({ ...keys, service, region });
  const req = await client.sign('https://iam.test/', {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGET}.${operation}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    aws: { datetime: new Date(clockNow()).toISOString().replace(/[:-]|\.\d{3}/g, '') },
  });
  const res = await dispatch(req);
  const text = new TextDecoder().decode(await res.arrayBuffer());
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** LookupEvents that must succeed. */
export async function lookupOk(keys: Keys, body: unknown = {}): Promise<{ Events: any[]; NextToken?: string }> {
  const r = await cloudTrail(keys, 'LookupEvents', body);
  if (r.status !== 200) throw new Error(`LookupEvents failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/**
 * Events of one name, newest first, with their records parsed: at least `atLeast` of them. A call that wrote
 * nothing (a read, a refusal) reaches the trail with the object's next batch (storage/account/deferred-events.ts,
 * within 100 ms), an STS call's through the audit queue (within the local queue's batch timeout, 1 s): the
 * trail is read again until they are there.
 */
export async function eventsNamed(keys: Keys, name: string, atLeast = 1): Promise<{ event: any; record: any }[]> {
  const read = async () => (await lookupOk(keys, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }] })).Events;
  let events = await read();
  for (let i = 0; i < 100 && events.length < atLeast; i++) {
    await new Promise((r) => setTimeout(r, 50));
    events = await read();
  }
  return events.map((event) => ({ event, record: JSON.parse(event.CloudTrailEvent) }));
}

/** Reads `lookup` again until `done` says its answer is complete (events that came through the queue). */
export async function eventually<T>(lookup: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await lookup();
  for (let i = 0; i < 100 && !done(value); i++) {
    await new Promise((r) => setTimeout(r, 50));
    value = await lookup();
  }
  return value;
}

/** The operator's read of an account's trail. */
export async function operatorEvents(accountId: string, query: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await operator('GET', `/accounts/${accountId}/events?${new URLSearchParams(query)}`);
  return { status: res.status, body: await res.json() };
}

/** A new account whose object's clock is paced under LookupEvents' rate limit (`pacedClock`), for tests of something else. */
export async function pacedAccount(): Promise<{ accountId: string; root: Keys }> {
  const account = await newAccount();
  await pacedClock(account.accountId);
  return account;
}
