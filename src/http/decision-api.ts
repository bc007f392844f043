/**
 * @module The HTTPS decision API (issue 9 §2), for SaaS backends that are not Workers: the decision contract
 * (core/decision/contract.ts) as signed JSON over HTTPS, mounted at `/decisions/v1` by http/app.ts.
 *
 *   POST /decisions/v1/authenticate       AuthenticateInput   → AuthenticateOutput
 *   POST /decisions/v1/authorize          AuthorizeInput      → AuthorizeOutput
 *   POST /decisions/v1/batch-authorize    BatchAuthorizeInput → BatchAuthorizeOutput
 *   POST /decisions/v1/plan-resources     PlanInput           → PlanOutput
 *
 * Every call is signed with SigV4 by an operator-issued service credential (data-plane/service-credentials.ts:
 * credential scope service `decisions`, any region; the body's SHA-256 is part of the signature), never by a
 * tenant's key, and may only name the services its credential lists. `x-iam-bookmark` reads the credential
 * past the isolate's cache; the decision's own bookmark is the body's `bookmark`.
 *
 * Answers are JSON. A decision (an Allow or a Deny) is a 200 `{"ok": true, …}`. An error is the contract's
 * `{"ok": false, "version", "error"}` in AWS's JSON error shape: HTTP status, `x-amzn-ErrorType` header and
 * `__type`/`message` members (AWS JSON protocol), so AWS SDK error parsers and the contract's type both read it.
 * Spec: AWS JSON protocol errors (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html#operation-error-serialization).
 */
import { Hono, type Context } from 'hono';
import { DECISION_API_VERSION, type DecisionError } from '../core/decision/contract';
import { AwsError } from '../core/errors';
import { readCapped } from '../core/read-capped';
import * as decisions from '../data-plane/decide';
import { payloadSha256Hex } from '../data-plane/payload-hash';
import { serviceCredentialsFor } from '../data-plane/service-credentials';
import type { AppEnv } from '../env';
import { bookmarkOf, MAX_BODY_BYTES, signedRequestOf } from './query-request';

/** The decision functions by route. */
const ROUTES = {
  authenticate: decisions.authenticate,
  authorize: decisions.authorize,
  'batch-authorize': decisions.batchAuthorize,
  'plan-resources': decisions.planResources,
} as const;

/** Request bodies are UTF-8 JSON (RFC 8259 §8.1); invalid bytes fail the parse. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The decision API's routes, mounted at `/decisions/v1`. */
export function decisionApi(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  for (const [path, decide] of Object.entries(ROUTES)) app.post(`/${path}`, (c) => handle(c, decide));
  app.all('*', (c) => errorResponse(c, { code: 'UnknownOperationException', message: 'No such decision API operation.', status: 404 }));
  return app;
}

async function handle(c: Context<AppEnv>, decide: (typeof ROUTES)[keyof typeof ROUTES]): Promise<Response> {
  const now = c.get('now');
  let input: unknown;
  try {
    const raw = c.req.raw;
    if (Number(raw.headers.get('content-length') ?? '0') > MAX_BODY_BYTES) throw tooLarge();
    const read = await readCapped(raw, MAX_BODY_BYTES);
    if (!read.ok) throw read.error === 'too-large' ? tooLarge() : new AwsError('SerializationException', 'The request body could not be read.', 400);
    // Authentication first: an unsigned or wrongly signed call learns nothing about the decision.
    const caller = await serviceCredentialsFor(c.env).authenticate(signedRequestOf(raw), payloadSha256Hex(read.value), now, bookmarkOf(raw.headers.get('x-iam-bookmark')));
    c.set('callerArn', caller.accessKeyId);
    try {
      input = JSON.parse(UTF8.decode(read.value));
    } catch {
      throw new AwsError('SerializationException', 'The request body is not valid JSON.', 400);
    }
    const service = typeof input === 'object' && input !== null ? (input as { service?: unknown }).service : undefined;
    if (typeof service === 'string' && !caller.services.includes(service)) {
      throw new AwsError('AccessDenied', `The service credential ${caller.accessKeyId} is not authorized to ask decisions for service '${service.slice(0, 64)}'.`, 403);
    }
  } catch (e) {
    return errorResponse(c, decisions.errorOf(e));
  }
  const answer = await decide(c, input, now);
  if (!answer.ok) return errorResponse(c, answer.error, answer.version);
  return c.json(answer, 200);
}

const tooLarge = () => new AwsError('RequestEntityTooLarge', 'Request body too large.', 413);

/** An error as the contract's answer and as AWS's JSON error shape at once. */
function errorResponse(c: Context<AppEnv>, error: DecisionError, version: number = DECISION_API_VERSION): Response {
  return c.json({ __type: error.code, message: error.message, ok: false, version, error }, error.status as 400, { 'x-amzn-ErrorType': error.code });
}
