/**
 * @module Access Analyzer's ValidatePolicy (`POST /policy/validation`, AWS's REST JSON protocol): read the
 * bounded body → authenticate (SigV4, credential scope service `access-analyzer`) → decode → authorize and
 * validate on the data plane (data-plane/validate-policy.ts) → `{findings, nextToken}`. `aws accessanalyzer
 * validate-policy --endpoint-url …` works against it.
 *
 * Errors are restJson1's: the HTTP status, an `x-amzn-ErrorType` header naming the error and a JSON body with
 * `message` (and the model's members: ValidationException's `reason` and `fieldList`). Authentication failures
 * take the names AWS's JSON services answer with (UnrecognizedClientException, InvalidSignatureException,
 * MissingAuthenticationTokenException, …); a policy denial is AccessDeniedException; anything unexpected is
 * InternalServerException, logged without the request's contents.
 * spec: https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html#operation-error-serialization,
 * https://docs.aws.amazon.com/access-analyzer/latest/APIReference/CommonErrors.html
 */
import type { Context } from 'hono';
import { AwsError } from '../core/errors';
import { cryptoRandomBytes } from '../core/ids';
import { readCapped } from '../core/read-capped';
import type { Authenticated } from '../data-plane/authenticate';
import { authenticateRecorded, decodeRecorded, type RefusedCall } from '../data-plane/refused-events';
import { runValidatePolicy } from '../data-plane/validate-policy';
import { partitionOf, type AppEnv } from '../env';
import { jsonErrorCode } from '../protocol/json/errors';
import { decodeValidatePolicy, ValidationException, type ValidatePolicyInput } from '../protocol/rest-json/validate-policy';
import { AuthorizationDenied, deniedLogFields } from '../services/authorization-message';
import type { CallContext } from '../services/context';
import { bookmarkOf, MAX_BODY_BYTES, requestFactsOf, signedRequestOf } from './query-request';

/** The service name in the credential scope (the model's `signingName`). */
const SIGNING_SERVICE = 'access-analyzer';

/**
 * An error's name in restJson1: as every AWS JSON protocol names the Query API's codes
 * (protocol/json/errors.ts), and a body over the limit `RequestEntityTooLargeException`, as the middleware's
 * JSON answers name it (a 5xx never gets here: errorResponse answers it as InternalServerException).
 */
const errorName = (code: string): string => (code === 'RequestEntityTooLarge' ? 'RequestEntityTooLargeException' : jsonErrorCode(code));

/** Request bodies are UTF-8 JSON (RFC 8259 §8.1); invalid bytes fail the decoding. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Handles `POST /policy/validation`. */
export async function validatePolicyEndpoint(c: Context<AppEnv>): Promise<Response> {
  const requestId = c.get('requestId');
  c.set('action', 'access-analyzer:ValidatePolicy');
  try {
    const raw = c.req.raw;
    if (Number(raw.headers.get('content-length') ?? '0') > MAX_BODY_BYTES) throw tooLarge();
    const read = await readCapped(raw, MAX_BODY_BYTES);
    if (!read.ok) throw read.error === 'too-large' ? tooLarge() : new ValidationException('The request body could not be read.', 'cannotParse');
    const url = new URL(raw.url);
    const bookmark = bookmarkOf(raw.headers.get('x-iam-bookmark'));
    // A refused request is recorded in the caller's account (data-plane/refused-events.ts); the call itself
    // once its input decoded (data-plane/validate-policy.ts).
    const facts = requestFactsOf(raw, url);
    const refusal: RefusedCall = { service: SIGNING_SERVICE, action: 'ValidatePolicy', requestId, now: c.get('now'), sourceIp: facts.sourceIp, userAgent: facts.userAgent };
    // Authentication first: an unsigned or tampered request learns nothing, not even whether its input is valid.
    const auth = await authenticateRecorded(c, signedRequestOf(raw, url), read.value, c.get('now'), bookmark, refusal);
    c.set('callerArn', auth.caller.arn);
    const input = decodeRecorded(c, auth, refusal, () => decodeInput(auth, read.value, url));
    const ctx: CallContext = {
      requestId,
      now: c.get('now'),
      partition: partitionOf(c.env),
      region: auth.scope.region,
      signingService: auth.scope.service,
      caller: auth.caller,
      random: cryptoRandomBytes,
      ...facts,
    };
    const output = await runValidatePolicy(c, auth, ctx, input, bookmark);
    return c.json(output, 200);
  } catch (e) {
    return errorResponse(c, e, requestId);
  }
}

/** The input of an authenticated request: signed for this service, UTF-8 JSON the model accepts. */
function decodeInput(auth: Authenticated, bytes: Uint8Array, url: URL): ValidatePolicyInput {
  if (auth.scope.service !== SIGNING_SERVICE) {
    throw new AwsError('SignatureDoesNotMatch', `Credential should be scoped to correct service: '${SIGNING_SERVICE}'. `, 403);
  }
  let body: string;
  try {
    body = UTF8.decode(bytes);
  } catch {
    throw new ValidationException('The request body is not valid UTF-8.', 'cannotParse');
  }
  return decodeValidatePolicy(body, url.searchParams);
}

const tooLarge = () => new AwsError('RequestEntityTooLarge', 'Request body too large.', 413);

/** An error in restJson1's shape. */
function errorResponse(c: Context<AppEnv>, e: unknown, requestId: string): Response {
  if (!(e instanceof AwsError) || e.status >= 500) {
    const err = e instanceof Error ? e : new Error(String(e));
    console.error(JSON.stringify({ event: 'unexpected-error', requestId, path: c.req.path, name: err.name, message: err.message, stack: err.stack }));
    return json(c, 'InternalServerException', { message: `Internal server error. Request ID: ${requestId}` }, 500);
  }
  if (e instanceof AuthorizationDenied) {
    console.log(JSON.stringify({ event: 'access-denied', requestId, ...deniedLogFields(e) }));
    if (e.authorizationMessage) c.header('x-iam-authorization-message', e.authorizationMessage);
  }
  const name = errorName(e.code);
  const extra = e instanceof ValidationException ? { reason: e.reason, ...(e.fieldList.length ? { fieldList: e.fieldList } : {}) } : {};
  return json(c, name, { message: e.message, ...extra }, e.status);
}

const json = (c: Context<AppEnv>, type: string, body: Record<string, unknown>, status: number) =>
  c.json(body, status as 400, { 'x-amzn-ErrorType': type });
