/**
 * Helpers for tests inside workerd: the operator API and signed IAM/STS calls through the Worker's own
 * fetch handler (the same code path as over HTTP), signed by aws4fetch, an independent SigV4 client.
 *
 * Requests are dispatched to the Worker's app with the real bindings and a real execution
 * context, not through the pool's `exports.default.fetch`: that path gets slower with every request a
 * test file makes (cloudflare/workers-sdk#15446, ~6 ms to ~370 ms after 1,500 requests), which our
 * concurrency and property tests would hit.
 *
 * The app is the Worker's own (`createApp`, as src/worker.ts builds it) with a test clock: the platform
 * clock plus an offset that {@link advanceClock} moves forward, so a test waits out a TTL or a session's
 * expiry without sleeping; {@link call} signs at that clock's time. It is each request's time everywhere:
 * the isolate's caches, session expiries, and the account's object (IAM calls carry it). The object's
 * alarms and the operator's lifecycle calls keep the platform clock.
 */
import { AwsClient } from 'aws4fetch';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { XMLParser } from 'fast-xml-parser';
import { onTestFinished } from 'vitest';
import { createApp } from '../../src/http/app';

let clockOffsetMs = 0;
let frozenAt: number | undefined;
/** The time the app's clock reads now (epoch milliseconds). */
export const clockNow = (): number => frozenAt ?? Date.now() + clockOffsetMs;
/** Moves the app's clock forward by `ms`, for every later request of this test file. */
export const advanceClock = (ms: number): void => {
  if (frozenAt !== undefined) frozenAt += ms;
  else clockOffsetMs += ms;
};
/**
 * Stops the app's clock on the current whole second (issue times and expirations are whole seconds) and
 * returns that time, so a test knows every date a response will carry; {@link runClock} restarts it, as
 * the end of the test does.
 */
export const freezeClock = (): number => {
  if (frozenAt === undefined) onTestFinished(runClock);
  return (frozenAt = Math.floor(clockNow() / 1000) * 1000);
};
/** A whole-second time as AWS's XML dates write it (`2026-01-01T00:00:00Z`, no fraction). */
export const awsDate = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** Restarts a frozen clock from where it stood (never backwards). */
export const runClock = (): void => {
  if (frozenAt === undefined) return;
  clockOffsetMs = Math.max(clockOffsetMs, frozenAt - Date.now());
  frozenAt = undefined;
};
const app = createApp({ clock: clockNow });

/** Sends a request to the Worker's fetch handler and waits for its `waitUntil` work. */
export async function dispatch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(input, init), env as never, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** A D1 bookmark as the service accepts it back in `x-iam-bookmark` (http/query-request.ts). */
export const BOOKMARK = /^[0-9a-f]+(-[0-9a-f]+)+$/;
/** A sealed value (core/secret-box.ts): `v1`, the key id (8 bytes in hex), the IV (12 bytes) and the ciphertext in base64url. */
export const SEALED = /^v1\.[0-9a-f]{16}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/;

export const OPERATOR_TOKEN = 'test-operator-token';
const ORIGIN = 'https://iam.test';

/** Calls the operator API. */
export async function operator(method: string, path: string, body?: unknown): Promise<Response> {
  return dispatch(`${ORIGIN}/operator${path}`, {
    method,
    headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** A random 12-digit account id. */
export const randomAccountId = () => String(Math.floor(Math.random() * 1e12)).padStart(12, '0');

export interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
  /** For temporary credentials. */
  sessionToken?: string;
}

/** Keys from an STS `Credentials` element. */
export const keysOf = (c: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string }): Keys => ({
  accessKeyId: c.AccessKeyId,
  secretAccessKey: c.SecretAccessKey,
  sessionToken: c.SessionToken,
});

/** Creates a user with an access key; returns its keys. */
export async function userWithKey(root: Keys, name: string): Promise<Keys> {
  await iamOk(root, 'CreateUser', { UserName: name });
  const k = (await iamOk(root, 'CreateAccessKey', { UserName: name })).AccessKey;
  return { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey };
}

/**
 * An IAM user `fed` allowed sts:GetFederationToken, and `federate(policy)`: GetFederationToken with that
 * session policy text, sent with the grant's bookmark so it sees the grant at once.
 */
export async function federatingUser(root: Keys): Promise<{ fed: Keys; federate: (policyText: string) => Promise<QueryAnswer> }> {
  const fed = await userWithKey(root, 'fed');
  const put = await call(root, 'PutUserPolicy', {
    UserName: 'fed',
    PolicyName: 'f',
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'sts:GetFederationToken', Resource: '*' } }),
  });
  const bookmark = put.headers.get('x-iam-bookmark');
  return { fed, federate: (policyText) => call(fed, 'GetFederationToken', { Name: 'guest', Policy: policyText }, 'sts', bookmark ? { 'x-iam-bookmark': bookmark } : {}) };
}

/** A policy document as JSON text. */
export const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** Creates an account and a root access key. */
export async function newAccount(accountId = randomAccountId()): Promise<{ accountId: string; root: Keys }> {
  const created = await operator('POST', '/accounts', { accountId, email: `root@${accountId}.example` });
  if (created.status !== 201) throw new Error(`account create failed: ${created.status} ${await created.text()}`);
  const keyRes = await operator('POST', `/accounts/${accountId}/root-access-keys`);
  const key = (await keyRes.json()) as { AccessKeyId: string; SecretAccessKey: string };
  return { accountId, root: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey } };
}

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (name) => name === 'member' });

/** The parsed answer of a Query call. */
export interface QueryAnswer {
  status: number;
  headers: Headers;
  xml: string;
  /** The `<XResult>` element, or undefined on error. */
  result: any;
  /** The `<Error>` element on error. */
  error?: { Code: string; Message: string; Type: string };
}

/** Signs and sends a Query call (`service` iam or sts) with the given keys. */
export async function call(keys: Keys, action: string, params: Record<string, string> = {}, service: 'iam' | 'sts' = 'iam', extraHeaders: Record<string, string> = {}): Promise<QueryAnswer> {
  const client = new AwsClient({ ...keys, service, region: 'us-east-1' });
  const version = service === 'iam' ? '2010-05-08' : '2011-06-15';
  const body = new URLSearchParams({ Action: action, Version: version, ...params }).toString();
  const req = await client.sign(`${ORIGIN}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...extraHeaders },
    body,
    // Signed at the app clock's time, as a client whose clock agrees with the service's.
    aws: { datetime: new Date(clockNow()).toISOString().replace(/[:-]|\.\d{3}/g, '') },
  });
  const res = await dispatch(req);
  const xml = await res.text();
  const doc = parser.parse(xml);
  if (doc.ErrorResponse) return { status: res.status, headers: res.headers, xml, result: undefined, error: doc.ErrorResponse.Error };
  return { status: res.status, headers: res.headers, xml, result: doc[`${action}Response`]?.[`${action}Result`] ?? {} };
}

/** Shorthand: an IAM call that must succeed. */
export async function iamOk(keys: Keys, action: string, params: Record<string, string> = {}): Promise<any> {
  const r = await call(keys, action, params);
  if (r.status !== 200) throw new Error(`${action} failed: ${r.status} ${r.xml}`);
  return r.result;
}

/**
 * Seeds the whole AWS-managed policy catalog (catalog/aws-managed-policies/, about 1,600 policies) into this
 * test file's D1, as `npm start` does; every file has only the few the tests name (./setup.ts). Call it in
 * `beforeAll`, before the file's first IAM call (isolates re-read the catalog's version every 5 s).
 */
export async function seedFullAwsManagedCatalog(): Promise<void> {
  await env.DB.batch(env.TEST_AWS_MANAGED_SEED_FULL.map((sql) => env.DB.prepare(sql)));
}

/** The artefact's policies by name (`name`, `path`, `defaultVersionId`, dates, `document` text). */
export function awsManagedArtefact(): Map<string, { name: string; path: string; defaultVersionId: string; createDate: string; updateDate: string; document: string }> {
  return new Map(
    env.TEST_AWS_MANAGED_POLICIES.trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .map((p) => [p.name, p]),
  );
}
