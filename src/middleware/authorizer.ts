/**
 * @module `iamAuthorizer`: the Hono middleware a SaaS adds to its own Worker in one line, so its tenants'
 * SigV4-signed requests are authenticated and authorized by their own IAM policies, as API Gateway's IAM
 * authorization does for an AWS API.
 *
 * One request's walk:
 * 1. the route table maps method and path to an action and a resource ARN (or nothing: `unmatched`);
 * 2. the signature is read locally (unsigned or malformed: answered at once, no call), which names the
 *    caller's account (its access key id carries it) for `${Account}`;
 * 3. the body is hashed from a clone (the handler still reads it);
 * 4. without `resolve`: ONE call, `authorize`, authenticates and decides. With `resolve`: `authenticate`
 *    first, so the SaaS's callback (which may read its database) runs only for a verified caller and gets
 *    the principal, then `authorize` about the sealed principal;
 * 5. `Allow` → `c.get('iam')`, `c.get('iamDecision')`, `c.get('iamClient')`, and the handler runs;
 *    anything else → AWS's 403 with the denial message and the encoded authorization message.
 * A failed transport, a throwing callback or an answer that is not well formed never lets a request
 * through: they are answered ServiceUnavailable / InternalFailure without internals (errors.ts).
 *
 * @example
 * app.use(iamAuthorizer({ service: 'acme', region: 'us-east-1', transport: bindingTransport((c) => c.env.IAM),
 *   routes: { 'GET /projects/:projectId': { action: 'acme:GetProject', resource: 'project/${projectId}' } } }));
 * Spec: API Gateway Developer Guide, "Control access to a REST API with IAM permissions";
 * IAM User Guide, "Policy evaluation logic".
 */
import type { Context, MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { accountOfAccessKeyId } from '../core/ids';
import { DECISION_API_VERSION, type AuthorizeItem, type DecisionScope, type Principal } from '../core/decision/contract';
import { sigV4FailureToAwsError } from '../core/sigv4/index';
import { checkPrincipal, checkResult, deniedMessage } from './answers';
import { clientFor } from './client';
import {
  errorResponse,
  fromDecisionError,
  INTERNAL_FAILURE,
  INVALID_TOKEN,
  MISSING_TOKEN,
  newRequestId,
  SERVICE_UNAVAILABLE,
  tooLarge,
  validation,
  type MiddlewareError,
} from './errors';
import { compileRoutes, decisionOf, matchRoute, ownerOf, type RouteMatch } from './routes';
import { basicCredentialOf } from './basic-credential';
import { bodySha256, factsOf, headerPairs, parseSignature, signedRequestOf } from './signed-request';
import { callDecision, DEFAULT_TIMEOUT_MS, serviceOf, TransportFailure } from './transport';
import type { ClaimedCaller, IamAuthorizerOptions, IamVariables, Resolution } from './types';
import { itemProblem } from './validate';

/** API Gateway's payload limit: 10 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Longest `x-iam-bookmark` passed on (a D1 bookmark is far shorter). */
const MAX_BOOKMARK_CHARS = 256;

/** A failure with its answer, thrown inside the walk and answered once at its end. */
class Answer extends Error {
  constructor(readonly error: MiddlewareError) {
    super(error.message);
  }
}

/** Runs a SaaS callback: its HTTPException is its own answer, anything else it throws is an internal failure. */
async function runCallback<T>(run: () => T | Promise<T>, report: (e: unknown) => void): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof HTTPException) throw e;
    report(e);
    throw new Answer(INTERNAL_FAILURE);
  }
}

/** The route's question, for a resource owned by `owner`, with the common context and `resolve`'s answer over it. */
function itemOf(match: RouteMatch | undefined, owner: string, partition: string, region: string, common: AuthorizeItem['context'], resolved: Resolution | undefined): Partial<AuthorizeItem> {
  const route = match === undefined ? {} : decisionOf(match, { partition, region, account: ownerOf(match) ?? owner });
  const item: Partial<AuthorizeItem> = { ...route, ...(resolved ?? {}) };
  const context = common === undefined && resolved?.context === undefined ? undefined : { ...(common ?? {}), ...(resolved?.context ?? {}) };
  if (context !== undefined) item.context = context;
  else delete item.context;
  if (item.resourcePolicy === undefined) delete item.resourcePolicy;
  return item;
}

/**
 * The middleware. Throws a `RouteTableError` or `TypeError` at once for a bad configuration.
 *
 * @param options - service prefix, region, transport, route table, callbacks (types.ts)
 */
export function iamAuthorizer<C extends Context = Context<any>>(options: IamAuthorizerOptions<C>): MiddlewareHandler<{ Variables: IamVariables }> {
  const { service, region, transport } = options;
  if (typeof service !== 'string' || !/^[a-z0-9][a-z0-9-]*$/i.test(service)) throw new TypeError('iamAuthorizer: service must be a service prefix such as acme');
  if (typeof region !== 'string' || !/^[a-z0-9-]+$/.test(region)) throw new TypeError('iamAuthorizer: region must be a region name such as us-east-1');
  if (transport === undefined || transport === null) throw new TypeError('iamAuthorizer: a transport is required');
  if (options.resolve !== undefined && options.resolveFirst !== undefined) throw new TypeError('iamAuthorizer: give resolve or resolveFirst, not both');
  const partition = options.partition ?? 'aws';
  const routes = compileRoutes(options.routes ?? {}, service);
  const unmatched = options.unmatched ?? 'deny';
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const record = options.record;

  /**
   * Who the request says it is, read locally: a service-specific credential (Basic, when enabled) or a
   * signature, whose body is hashed from a clone. Malformed: answered at once, no call.
   */
  const callerOf = async (req: Request, consumed: () => Promise<ArrayBuffer>): Promise<{ caller: DecisionScope['caller']; claimed: ClaimedCaller }> => {
    const basic = options.serviceCredentials === 'basic' ? basicCredentialOf(req) : undefined;
    if (basic === 'bad') throw new Answer(INVALID_TOKEN);
    if (basic) return { caller: { serviceCredential: basic.credential }, claimed: { accountId: basic.accountId, accessKeyId: '' } };
    const headers = headerPairs(req);
    const parsed = parseSignature(req, headers);
    if (!parsed.ok) {
      const e = sigV4FailureToAwsError(parsed.error);
      throw new Answer(fromDecisionError({ code: e.code, message: e.message, status: 403 }));
    }
    const accountId = accountOfAccessKeyId(parsed.value.accessKeyId);
    if (accountId === undefined) throw new Answer(INVALID_TOKEN);
    let hash: string | 'too-large';
    try {
      hash = await bodySha256(req, maxBodyBytes, consumed);
    } catch {
      throw new Answer(validation('The request body could not be read.'));
    }
    if (hash === 'too-large') throw new Answer(tooLarge(maxBodyBytes));
    return { caller: { request: signedRequestOf(req, parsed.value, hash, headers) }, claimed: { accountId, accessKeyId: parsed.value.accessKeyId } };
  };

  return async (ctx, next) => {
    const c = ctx as unknown as C;
    const report = (e: unknown) => (options.onError ?? ((err: unknown) => console.error('iamAuthorizer:', err)))(e, c);
    const match = matchRoute(routes, ctx.req.method, ctx.req.path);
    if (match === undefined && unmatched === 'pass') return next();

    const requestId = newRequestId();
    const walk = async (): Promise<void> => {
      if (match === 'bad') throw new Answer(validation('The request path holds a parameter that is not valid percent-encoding.'));
      if (match === undefined && options.resolve === undefined && options.resolveFirst === undefined && unmatched === 'deny') throw new Answer(MISSING_TOKEN);

      const req = ctx.req.raw;
      const { caller, claimed } = await callerOf(req, () => ctx.req.arrayBuffer());

      const bookmark = ctx.req.header('x-iam-bookmark');
      const scope: DecisionScope = {
        version: DECISION_API_VERSION,
        service,
        region,
        caller,
        facts: factsOf(ctx, options.sourceIp),
        ...(bookmark !== undefined && bookmark.length <= MAX_BOOKMARK_CHARS ? { bookmark } : {}),
        ...(record === true || (typeof record === 'function' && record(c)) ? { record: true } : {}),
      };
      let decisions;
      try {
        decisions = serviceOf(transport as never, ctx);
      } catch (e) {
        report(e);
        throw new Answer(SERVICE_UNAVAILABLE);
      }
      const common = options.context === undefined ? undefined : await runCallback(() => options.context!(c), report);

      // resolveFirst: the SaaS's callback before verification, with the account the key id names, so one
      // call decides (the decision then verifies that claim: a principal of another account is refused).
      let early: Resolution | undefined;
      if (options.resolveFirst !== undefined) {
        try {
          early = (await runCallback(() => options.resolveFirst!(c, claimed, match), report)) ?? undefined;
        } catch (e) {
          if (!(e instanceof HTTPException)) throw e;
          // The SaaS's own answer (a 404 for a missing project) goes to a verified caller only.
          const a = await callDecision(() => decisions.authenticate(scope), timeoutMs);
          if (!a.ok) throw new Answer(fromDecisionError(a.error));
          checkPrincipal(a.principal);
          throw e;
        }
      }

      // An unknown route resolveFirst did not describe either: refused before any call when denying.
      if (match === undefined && early === undefined && options.resolve === undefined && unmatched === 'deny') throw new Answer(MISSING_TOKEN);

      let principal: Principal | undefined;
      let item: Partial<AuthorizeItem>;
      let callerScope = scope;
      if (options.resolve !== undefined || (match === undefined && early === undefined)) {
        const a = await callDecision(() => decisions.authenticate(scope), timeoutMs);
        if (!a.ok) throw new Answer(fromDecisionError(a.error));
        principal = checkPrincipal(a.principal);
        const resolved = options.resolve === undefined ? undefined : await runCallback(() => options.resolve!(c, principal!, match), report);
        callerScope = { ...scope, caller: { principalToken: principal.principalToken } };
        if (match === undefined && (resolved === undefined || resolved === null)) {
          if (unmatched !== 'authenticate') throw new Answer(MISSING_TOKEN);
          ctx.set('iam', principal);
          ctx.set('iamDecision', undefined);
          ctx.set('iamClient', clientFor({ service: decisions, scope: callerScope, timeoutMs, onError: report }));
          return;
        }
        item = itemOf(match, principal.accountId, partition, region, common, resolved ?? undefined);
      } else {
        item = itemOf(match, claimed.accountId, partition, region, common, early);
      }
      const problem = itemProblem(item, service);
      if (problem !== undefined) throw new Answer(validation(problem));
      const question = item as AuthorizeItem;

      const a = await callDecision(() => decisions.authorize({ ...callerScope, ...question }), timeoutMs);
      if (!a.ok) throw new Answer(fromDecisionError(a.error));
      const who = checkPrincipal(a.principal);
      const result = checkResult(a);
      // The key id named this account and the resource was built for it: a principal of another account
      // would mean the answer is not about this request.
      if (who.accountId !== claimed.accountId || (principal !== undefined && who.arn !== principal.arn)) throw new TransportFailure('the decision is about another principal');
      if (result.decision !== 'Allow') {
        throw new Answer({
          type: 'AccessDeniedException',
          status: 403,
          message: result.message ?? deniedMessage(who.arn, question.action, question.resource),
          ...(result.encodedMessage === undefined ? {} : { encodedAuthorizationMessage: result.encodedMessage }),
        });
      }
      ctx.set('iam', who);
      ctx.set('iamDecision', { ...result, action: question.action, resource: question.resource });
      ctx.set('iamClient', clientFor({ service: decisions, scope: { ...scope, caller: { principalToken: who.principalToken } }, timeoutMs, onError: report }));
    };
    try {
      await walk();
    } catch (e) {
      if (e instanceof Answer) return errorResponse(e.error, requestId);
      if (e instanceof HTTPException) throw e;
      report(e);
      return errorResponse(e instanceof TransportFailure ? SERVICE_UNAVAILABLE : INTERNAL_FAILURE, requestId);
    }
    await next();
    // After the handler, so a Response it built itself carries the id too (a fetched one has immutable headers).
    if (!ctx.res.headers.has('x-amzn-RequestId')) {
      try {
        ctx.res.headers.set('x-amzn-RequestId', requestId);
      } catch {
        ctx.res = new Response(ctx.res.body, ctx.res);
        ctx.res.headers.set('x-amzn-RequestId', requestId);
      }
    }
  };
}
