/**
 * @module The AWS Query endpoint (`POST /`, and `GET /?Action=…`): parse → authenticate → decode →
 * authorize and execute → serialize. DESIGN.md §3.
 *
 * IAM actions execute in the account's object (strongly consistent reads and writes, authorization against
 * its current state); GetCallerIdentity and GetAccessKeyInfo are answered in the isolate from the verified
 * caller, never touching the object.
 */
import type { Context } from 'hono';
import { AwsError } from '../core/errors';
import type { SigV4Request } from '../core/sigv4/index';
import { decodeInput, parseQuery, resolveOperation, serializeResponse, SERVICES } from '../protocol/query/index';
import { enforce, principalOf, requestFor } from '../services/authorize';
import type { Caller, CallContext } from '../services/context';
import { STS_ACTIONS, UNSIGNED_STS_ACTIONS } from '../services/sts/index';
import { cryptoRandomBytes } from '../core/ids';
import type { AppEnv } from '../env';
import type { ExecuteResult } from '../storage/account-rpc';
import { AuthorizationDenied, sealAuthorization } from '../services/authorization-message';
import { authenticatorFor } from './authenticate';
import { dataPlanePoliciesFor } from './data-plane-policies';
import { stsPorts } from './sts-ports';

/** Largest request body the endpoint reads (bytes); policies are at most 10 KB, so 1 MiB is ample. */
const MAX_BODY_BYTES = 1_048_576;
/** How often the isolate reports a key's use to its account's object, per key (milliseconds). */
const TOUCH_INTERVAL_MS = 60_000;

const lastTouch = new Map<string, number>();
const LAST_TOUCH_MAX_ENTRIES = 10_000;

/** The raw request as SigV4 sees it: path and query undecoded, header lines in order. */
function sigv4Request(c: Context<AppEnv>): SigV4Request {
  const url = new URL(c.req.url);
  const rawPath = c.req.url.slice(url.origin.length).split('?')[0] ?? '/';
  const headers: [string, string][] = [];
  c.req.raw.headers.forEach((value, name) => headers.push([name, value]));
  // HTTP/2 and in-process calls carry the authority in the URL, not in a Host header; clients sign it as `host`.
  if (!c.req.raw.headers.has('host')) headers.push(['host', url.host]);
  return { method: c.req.method, path: rawPath || '/', query: url.search.slice(1), headers };
}

async function readBody(c: Context<AppEnv>): Promise<Uint8Array> {
  const length = Number(c.req.header('content-length') ?? '0');
  if (length > MAX_BODY_BYTES) throw new AwsError('RequestEntityTooLarge', 'Request body too large.', 413);
  const body = new Uint8Array(await c.req.arrayBuffer());
  if (body.length > MAX_BODY_BYTES) throw new AwsError('RequestEntityTooLarge', 'Request body too large.', 413);
  return body;
}

/** Handles one Query API request; errors propagate to http/on-error.ts. */
export async function queryEndpoint(c: Context<AppEnv>): Promise<Response> {
  const requestId = c.get('requestId');
  const body = c.req.method === 'POST' ? await readBody(c) : new Uint8Array();
  const request = sigv4Request(c);
  const contentType = (c.req.header('content-type') ?? '').toLowerCase();
  const params = parseQuery(request.query);
  if (body.length > 0) {
    if (!contentType.startsWith('application/x-www-form-urlencoded')) {
      throw new AwsError('InvalidParameterValue', 'The request must be form-encoded (application/x-www-form-urlencoded).', 400);
    }
    for (const [k, v] of parseQuery(new TextDecoder().decode(body))) params.set(k, v);
  }

  const now = new Date();
  const bookmark = c.req.header('x-iam-bookmark') || null;
  const unsigned = params.get('Version') === SERVICES.sts.version ? UNSIGNED_STS_ACTIONS.get(params.get('Action') ?? '') : undefined;
  if (unsigned) {
    c.set('xmlns', SERVICES.sts.model.metadata.xmlNamespace);
    const input = decodeInput(SERVICES.sts.model, unsigned.name, params);
    const ctx = {
      now,
      partition: c.env.IAM_PARTITION || 'aws',
      region: 'us-east-1',
      random: cryptoRandomBytes,
      sourceIp: c.req.header('cf-connecting-ip') ?? null,
      userAgent: c.req.header('user-agent') ?? null,
      secureTransport: new URL(c.req.url).protocol === 'https:',
    };
    const output = await unsigned.run(ctx, input, stsPorts(c, null, now.getTime(), bookmark));
    return c.body(serializeResponse(SERVICES.sts.model, unsigned.name, output, requestId), 200, { 'content-type': 'text/xml' });
  }
  // Authentication comes first, as in AWS: an unsigned or tampered request learns nothing about actions.
  const auth = await authenticatorFor(c.env).authenticate(request, body, now, bookmark);
  const { caller, scope } = auth;
  const addressed = params.get('Version') === SERVICES.sts.version ? SERVICES.sts : SERVICES.iam;
  if (addressed.model.metadata.xmlNamespace) c.set('xmlns', addressed.model.metadata.xmlNamespace);
  const operation = resolveOperation(params);
  if (scope.service !== operation.service) {
    throw new AwsError('SignatureDoesNotMatch', `Credential should be scoped to correct service: '${operation.service}'. `, 403);
  }
  const input = decodeInput(operation.model, operation.operation, params);

  let output: unknown;
  if (operation.service === 'sts') {
    const action = STS_ACTIONS.get(operation.operation);
    if (!action) throw new AwsError('InvalidAction', `Could not find operation ${operation.operation} for version ${operation.version}`, 400);
    const ctx: CallContext = {
      requestId,
      now,
      partition: c.env.IAM_PARTITION || 'aws',
      region: scope.region,
      signingService: scope.service,
      caller,
      random: cryptoRandomBytes,
      sourceIp: c.req.header('cf-connecting-ip') ?? null,
      userAgent: c.req.header('user-agent') ?? null,
      secureTransport: new URL(c.req.url).protocol === 'https:',
    };
    try {
      if (!stsAllowedFor(caller, operation.operation)) {
        throw new AwsError('AccessDenied', `User: ${caller.arn} is not authorized to perform: sts:${operation.operation} with these temporary credentials`, 403);
      }
      const target = action.target(ctx, input);
      if (target) {
        const { policies, tags } = await dataPlanePoliciesFor(c.env).of(auth, now.getTime(), bookmark);
        enforce(requestFor(ctx, principalOf(caller, tags), target), policies);
      }
      output = await action.run(ctx, input, stsPorts(c, auth, now.getTime(), bookmark));
    } catch (e) {
      // An AccessDenied decided here carries its decision, sealed for the caller's account.
      if (e instanceof AuthorizationDenied) e.authorizationMessage = await sealAuthorization(await authenticatorFor(c.env).secretBox(), e);
      throw e;
    }
    if (!caller.session) touchLater(c, caller.accountId, caller.accessKeyId, scope.service, scope.region, now.getTime());
  } else {
    const stub = c.env.ACCOUNT.get(c.env.ACCOUNT.idFromName(caller.accountId));
    // The RPC type maps `output: unknown` to never; the value is the plain ExecuteResult the object built.
    const result = (await stub.execute({
      requestId,
      action: operation.operation,
      input,
      caller,
      region: scope.region,
      signingService: scope.service,
      sourceIp: c.req.header('cf-connecting-ip') ?? null,
      userAgent: c.req.header('user-agent') ?? null,
      secureTransport: new URL(c.req.url).protocol === 'https:',
    })) as unknown as ExecuteResult;
    if (result.bookmark) c.header('x-iam-bookmark', result.bookmark);
    if (!result.ok) {
      const { code, message, status, type, authorizationMessage } = result.error;
      const error = new AwsError(code, message, status, type);
      if (authorizationMessage) error.authorizationMessage = authorizationMessage;
      throw error;
    }
    output = result.output;
  }
  return c.body(serializeResponse(operation.model, operation.operation, output, requestId), 200, { 'content-type': 'text/xml' });
}

/**
 * STS actions temporary credentials may call: GetFederationToken credentials only GetCallerIdentity;
 * GetSessionToken credentials also AssumeRole; role sessions any (IAM User Guide, "Compare AWS STS
 * credentials").
 */
function stsAllowedFor(caller: Caller, action: string): boolean {
  const kind = caller.session?.kind;
  if (kind === 'federated-user') return action === 'GetCallerIdentity';
  if (kind === 'session-token') return action === 'GetCallerIdentity' || action === 'AssumeRole';
  return true;
}

/** Records the key's use in its account's object, at most once a minute per key per isolate. */
function touchLater(c: Context<AppEnv>, accountId: string, accessKeyId: string, service: string, region: string, nowMs: number): void {
  const last = lastTouch.get(accessKeyId);
  if (last !== undefined && nowMs - last < TOUCH_INTERVAL_MS) return;
  lastTouch.delete(accessKeyId);
  lastTouch.set(accessKeyId, nowMs);
  if (lastTouch.size > LAST_TOUCH_MAX_ENTRIES) lastTouch.delete(lastTouch.keys().next().value as string);
  const stub = c.env.ACCOUNT.get(c.env.ACCOUNT.idFromName(accountId));
  c.executionCtx.waitUntil(stub.touch({ kind: 'key', accessKeyId, service, region }).catch(() => undefined));
}
