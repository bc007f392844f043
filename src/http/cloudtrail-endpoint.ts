/**
 * @module CloudTrail's API on the same endpoint as IAM's, over the AWS JSON 1.1 protocol: `POST /` with
 * `X-Amz-Target: com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.<Operation>`, a JSON body, SigV4 for
 * service `cloudtrail`. read → authenticate → decode → authorize and execute in the caller's account
 * object (services/cloudtrail/lookup-events.ts) → JSON. Errors are rendered by http/on-error.ts in the
 * protocol's `{"__type","message"}` form (the `errorFormat` variable).
 *
 * Only LookupEvents runs: the account's event history is the only CloudTrail resource this service has.
 * Every other operation of the model answers UnsupportedOperationException after authentication, and a
 * target naming none of them UnknownOperationException (the JSON protocols' code for an unknown target).
 * Refusals of a request naming an operation are events in the caller's trail (data-plane/refused-events.ts).
 */
import type { Context } from 'hono';
import { AwsError } from '../core/errors';
import { readCapped } from '../core/read-capped';
import { authenticateRecorded, decodeRecorded, type RefusedCall } from '../data-plane/refused-events';
import type { AppEnv } from '../env';
import { cloudTrailOperationOf, decodeLookupEvents, encodeJson, type DecodedLookupEvents } from '../protocol/json/cloudtrail';
import { JSON_11 } from '../protocol/json/errors';
import { AuthorizationDenied } from '../services/authorization-message';
import type { ExecuteResult } from '../storage/account-rpc';
import { bookmarkOf, MAX_BODY_BYTES, requestFactsOf, signedRequestOf } from './query-request';

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Whether `c` is a JSON-protocol request this endpoint answers (app.ts routes by it). */
export const isJsonTarget = (c: Context<AppEnv>): boolean => c.req.header('x-amz-target') !== undefined;

/** Handles one CloudTrail JSON request; errors propagate to http/on-error.ts. */
export async function cloudTrailEndpoint(c: Context<AppEnv>): Promise<Response> {
  c.set('errorFormat', 'json');
  const raw = c.req.raw;
  if (Number(raw.headers.get('content-length') ?? '0') > MAX_BODY_BYTES) throw new AwsError('RequestEntityTooLarge', 'Request body too large.', 413);
  const read = await readCapped(raw, MAX_BODY_BYTES);
  if (!read.ok) throw read.error === 'too-large' ? new AwsError('RequestEntityTooLarge', 'Request body too large.', 413) : new AwsError('SerializationException', 'The request body could not be read.', 400);
  const url = new URL(raw.url);
  const now = c.get('now');
  const bookmark = bookmarkOf(raw.headers.get('x-iam-bookmark'));
  const facts = requestFactsOf(raw, url);
  const target = c.req.header('x-amz-target') ?? '';
  const operation = cloudTrailOperationOf(target);
  // A refused request naming one of CloudTrail's operations is recorded in the caller's account
  // (data-plane/refused-events.ts); one naming none is nobody's event. Refusals after the input decoded are
  // the object's to record, with the call (storage/account/execute.ts).
  const refusal: RefusedCall | undefined = operation ? { service: 'cloudtrail', action: operation, requestId: c.get('requestId'), now, sourceIp: facts.sourceIp, userAgent: facts.userAgent } : undefined;
  // Authentication first, as in AWS: an unsigned request learns nothing about operations.
  const auth = await authenticateRecorded(c, signedRequestOf(raw, url), read.value, now, bookmark, refusal);
  const { caller, scope } = auth;
  c.set('callerArn', caller.arn);
  const input = decodeRecorded(c, auth, refusal, () => decodeInput(c, scope.service, target, operation, read.value));

  const stub = c.env.ACCOUNT.get(c.env.ACCOUNT.idFromName(caller.accountId));
  const result = (await stub.execute({
    requestId: c.get('requestId'),
    service: 'cloudtrail',
    action: 'LookupEvents',
    input,
    caller,
    now,
    region: scope.region,
    signingService: scope.service,
    ...facts,
    bookmark,
  })) as unknown as ExecuteResult;
  if (!result.ok) {
    const { code, message, status, type, authorizationMessage, decision, decisionAccountId } = result.error;
    const error = decision && decisionAccountId ? new AuthorizationDenied(message, decisionAccountId, decision) : new AwsError(code, message, status, type);
    if (authorizationMessage) error.authorizationMessage = authorizationMessage;
    throw error;
  }
  return c.body(encodeJson(result.output), 200, { 'content-type': JSON_11 });
}

/** LookupEvents' input of an authenticated request; the AWS error for anything else CloudTrail's API refuses. */
function decodeInput(c: Context<AppEnv>, signingService: string, target: string, operation: string | undefined, bytes: Uint8Array): DecodedLookupEvents {
  if (signingService !== 'cloudtrail') throw new AwsError('SignatureDoesNotMatch', "Credential should be scoped to correct service: 'cloudtrail'. ", 403);
  if (!operation) throw new AwsError('UnknownOperationException', `The operation ${target.slice(target.lastIndexOf('.') + 1)} is not known to CloudTrail.`, 400);
  c.set('action', `cloudtrail:${operation}`);
  if (operation !== 'LookupEvents') {
    throw new AwsError('UnsupportedOperationException', `${operation} is not available in this deployment: only LookupEvents (the account's event history) is.`, 400);
  }
  let body: unknown;
  try {
    body = bytes.length === 0 ? {} : JSON.parse(UTF8.decode(bytes));
  } catch {
    throw new AwsError('SerializationException', 'The request body is not valid JSON.', 400);
  }
  return decodeLookupEvents(body);
}
