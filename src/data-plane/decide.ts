/**
 * @module The SaaS decision path (issue 9 §2, DESIGN.md §4): the one decision function behind the three
 * ways in (the middleware through a service binding, the RPC entrypoint, the HTTPS decision API). A SaaS
 * sends its tenant's signature inputs (or a principal token from an earlier answer), the action, the
 * resource and its own condition keys; the IAM Worker authenticates the caller with the secret it keeps
 * (data-plane/authenticate.ts), reads the caller's policies (data-plane/caller-policies.ts) and decides with
 * the same engine call as IAM enforcement (services/authz-enforce.ts `decide`), adding the resource-based
 * policy the SaaS keeps for the resource, cross-account as AWS evaluates it.
 *
 * Never throws: every answer is `{ok: true, ...}` or `{ok: false, error}` with AWS's code, message and
 * HTTP status. Bad input (an unknown service or action, an ARN that is not one of the action's resource
 * types, a key the SaaS may not set, an oversized batch) is a 400 and decides nothing.
 *
 * Consistency: the caller's key, account and policies are read from D1 through the isolate's caches (5 s
 * TTL plus replica lag: a key deactivated or a policy detached is honoured within that bound); a call
 * carrying a `bookmark` reads past the caches, at least as fresh as that write.
 * Spec: IAM User Guide, "Policy evaluation logic" and "Cross-account policy evaluation logic"; Amazon
 * Verified Permissions, IsAuthorized and BatchIsAuthorized (the shape of a decision).
 */
import type { CatalogService } from '../core/catalog/types';
import {
  DECISION_API_VERSION,
  type AuthenticateOutput,
  type AuthorizeOutput,
  type BatchAuthorizeOutput,
  type DecisionAnswer,
  type DecisionError,
  type DecisionReason,
  type DecisionResult,
  type PlanOutput,
  type Principal,
} from '../core/decision/contract';
import { AwsError, invalidClientTokenId } from '../core/errors';
import { cryptoRandomBytes } from '../core/ids';
import type { AuthzPrincipal, AuthzRequest } from '../core/policy/index';
import { planResources as planOf } from '../core/policy/plan';
import { deniedError, deniedLogFields, sealAuthorization, type AuthorizationDenied } from '../services/authorization-message';
import { decide, globalContext, principalOf } from '../services/authz-enforce';
import type { CallContext } from '../services/context';
import { partitionOf } from '../env';
import { authenticatorFor, type Authenticated } from './authenticate';
import { dataPlanePoliciesFor, type CallerPolicies } from './caller-policies';
import { catalogAction, invalid, readContext, readItem, readItems, readScope, versionOf, type Item, type Scope } from './decision-input';
import { openPrincipalToken, principalView, sealPrincipalToken } from './decision-principal';
import { resourcePolicyOf } from './decision-resource-policy';
import type { Edge } from './edge';
import { touchLater } from './key-use';
import { catalogFor } from './service-catalog';
import { newEventId, recordLater } from './audit';
import { decisionEventsOf } from '../services/audit/decision-events';

/** An authenticated caller, ready for decisions. */
export interface DecisionCaller {
  scope: Scope;
  service: CatalogService;
  auth: Authenticated;
  policies: CallerPolicies;
  /** The engine's view of the caller (tags merged). */
  engine: AuthzPrincipal;
  principal: Principal;
  ctx: CallContext;
}

/** Authenticates the caller of a decision call (the tenant's signature, a principal token, or a service-specific credential). */
export async function authenticate(edge: Edge, input: unknown, now: Date = new Date()): Promise<AuthenticateOutput> {
  return answer(input, async () => ({ principal: (await begin(edge, input, now)).principal }));
}

/** Authenticates the caller and decides one action on one resource. */
export async function authorize(edge: Edge, input: unknown, now: Date = new Date()): Promise<AuthorizeOutput> {
  return answer(input, async () => {
    const caller = await begin(edge, input, now);
    const item = readItem(caller.service, caller.ctx.partition, input);
    const result = await decideItem(edge, caller, item);
    if (caller.scope.record) recordDecisions(edge, caller, [item], [result]);
    return { principal: caller.principal, ...result };
  });
}

/** Authenticates the caller once and decides each item (at most MAX_BATCH_ITEMS); any bad item fails the whole call. */
export async function batchAuthorize(edge: Edge, input: unknown, now: Date = new Date()): Promise<BatchAuthorizeOutput> {
  return answer(input, async () => {
    const caller = await begin(edge, input, now);
    const items = readItems(caller.service, caller.ctx.partition, (input as { items?: unknown }).items);
    // Every resource policy is checked before any decision: a malformed one fails the call, not one item.
    for (let i = 0; i < items.length; i++) if (items[i]!.resourcePolicy) resourcePolicyOf(items[i]!.resourcePolicy!, caller.ctx.partition, `items.${i}.resourcePolicy`);
    const results: DecisionResult[] = [];
    for (const item of items) results.push(await decideItem(edge, caller, item));
    if (caller.scope.record) recordDecisions(edge, caller, items, results);
    return { principal: caller.principal, results };
  });
}

/** The call's decisions in the caller's account's trail, one queue send after the answer (asked by `record`). */
function recordDecisions(edge: Edge, caller: DecisionCaller, items: readonly Item[], results: readonly DecisionResult[]): void {
  const { ctx, service } = caller;
  const facts = { requestId: ctx.requestId, now: ctx.now, region: ctx.region, sourceIp: ctx.sourceIp, userAgent: ctx.userAgent };
  const decisions = items.map((item, i) => {
    const name = item.action.slice(item.action.indexOf(':') + 1);
    const level = service.action(name)?.accessLevel;
    const r = results[i]!;
    return {
      caller: caller.auth.caller,
      service: service.prefix,
      action: name,
      readOnly: level === 'Read' || level === 'List',
      resource: item.resource,
      resourceType: item.resourceType,
      decision: r.decision,
      ...(r.message !== undefined ? { message: r.message } : {}),
      facts,
    };
  });
  recordLater(edge, decisionEventsOf(decisions, newEventId));
}

/**
 * The answer of a call: its value, or the error AWS would give. An error that is not an AwsError is a
 * fault of this Worker (D1 unreachable): logged without the input, answered as `InternalFailure` 500.
 */
export async function answer<T extends object>(input: unknown, run: () => Promise<T>): Promise<DecisionAnswer<T>> {
  let version = DECISION_API_VERSION as number;
  try {
    version = versionOf(input);
    return { ok: true, version, ...(await run()) } as DecisionAnswer<T>;
  } catch (e) {
    return { ok: false, version, error: errorOf(e) };
  }
}

/** The contract's error for anything a decision call threw. */
export function errorOf(e: unknown): DecisionError {
  if (e instanceof AwsError) return { code: e.code, message: e.message, status: e.status };
  const requestId = crypto.randomUUID();
  console.error(JSON.stringify({ event: 'unexpected-error', requestId, path: 'decision', name: (e as Error)?.name, message: (e as Error)?.message, stack: (e as Error)?.stack }));
  return { code: 'InternalFailure', message: `The request processing has failed because of an unknown error. Request ID: ${requestId}`, status: 500 };
}

/**
 * Validates the scope, finds the service in the deployment's catalog (with the call's bookmark: a service
 * declared by that write is known), authenticates the caller and reads its policies.
 */
export async function begin(edge: Edge, input: unknown, now: Date): Promise<DecisionCaller> {
  const scope = readScope(input);
  const nowMs = now.getTime();
  const service = (await catalogFor(edge.env, nowMs, scope.bookmark)).service(scope.service);
  if (!service) throw invalid(`Service '${scope.service}' is not declared in this deployment's service catalog.`);
  const authenticator = authenticatorFor(edge.env);
  const box = await authenticator.secretBox();
  let auth: Authenticated;
  let token: string | undefined;
  if ('principalToken' in scope.caller) {
    const handle = await openPrincipalToken(box, scope.caller.principalToken, scope.service, scope.region, nowMs);
    auth = (await authenticator.reauthenticate(handle, now, scope.bookmark)) ?? throwInvalidToken();
    // The token is handed back as it came: a token's use never extends its life.
    token = scope.caller.principalToken;
  } else if ('serviceCredential' in scope.caller) {
    const { userName, password } = scope.caller.serviceCredential;
    auth = await authenticator.authenticateServiceCredential(userName, password, now, scope.bookmark, { service: scope.service, region: scope.region });
  } else {
    const { sigv4, request } = scope.caller;
    auth = await authenticator.authenticateHashed(sigv4, request.bodySha256, now, scope.bookmark, { service: scope.service, region: scope.region });
  }
  const policies = await dataPlanePoliciesFor(edge.env).of(auth, nowMs, scope.bookmark);
  const engine = principalOf(auth.caller, policies.tags);
  token ??= await sealPrincipalToken(box, auth, scope.service, scope.region, nowMs);
  const ctx: CallContext = {
    requestId: crypto.randomUUID(),
    now,
    partition: partitionOf(edge.env),
    region: scope.region,
    signingService: scope.service,
    caller: auth.caller,
    random: cryptoRandomBytes,
    ...scope.facts,
  };
  touchLater(edge, auth.caller, scope.service, scope.region, nowMs);
  return { scope, service, auth, policies, engine, principal: principalView(auth, engine, token), ctx };
}

const throwInvalidToken = (): never => {
  throw invalidClientTokenId();
};

/** The engine request for one item: the request's global keys win over nothing the SaaS may set (decision-input.ts refuses them). */
export function requestOf(caller: DecisionCaller, item: Item): AuthzRequest {
  const resourceAccountId = item.resourceAccountId ?? caller.auth.caller.accountId;
  return {
    principal: caller.engine,
    action: item.action,
    resource: item.resource,
    resourceAccountId,
    context: { ...item.context, ...globalContext(caller.ctx), 'aws:ResourceAccount': resourceAccountId },
  };
}

/**
 * The resource policy's pins for this caller: when its account was created after the SaaS wrote the policy,
 * the policy cannot have meant it (its id was another tenant's then), so the account is pinned to an
 * incarnation that is not the caller's and no form of it is named (core/policy/principal.ts).
 */
function pinsOf(caller: DecisionCaller, item: Item): Record<string, string> | undefined {
  const createdAt = caller.auth.caller.accountCreatedAt;
  if (item.resourcePolicyWrittenMs === undefined || !createdAt || !(Date.parse(createdAt) > item.resourcePolicyWrittenMs)) return undefined;
  return { [caller.auth.caller.accountId]: `before:${new Date(item.resourcePolicyWrittenMs).toISOString()}` };
}

/** Decides one validated item; a denial carries AWS's message, the sealed decision and a log line. */
async function decideItem(edge: Edge, caller: DecisionCaller, item: Item): Promise<DecisionResult> {
  const request = requestOf(caller, item);
  const resourcePolicy = item.resourcePolicy ? resourcePolicyOf(item.resourcePolicy, caller.ctx.partition, 'resourcePolicy', pinsOf(caller, item)) : undefined;
  const result = decide(request, caller.policies.policies, resourcePolicy);
  // Allowed or not, an attempt at the SaaS's action (service last accessed: services/iam/last-accessed/track.ts).
  touchLater(edge, caller.auth.caller, caller.service.prefix, caller.scope.region, caller.ctx.now.getTime(), item.action.slice(item.action.indexOf(':') + 1));
  const reasons: DecisionReason[] = result.matched.map((m) => ({ policyType: m.policyType, policy: m.policyId, ...(m.sid ? { sid: m.sid } : {}), effect: m.effect }));
  const denied = deniedError(request, result);
  if (!denied) return { decision: 'Allow', reasons };
  const box = await authenticatorFor(edge.env).secretBox();
  const encodedMessage = await sealAuthorization(box, denied, caller.auth.caller.accountCreatedAt ?? '');
  logDenied(denied, caller);
  return { decision: result.decision, reasons, message: denied.message, encodedMessage };
}

/**
 * The `access-denied` line the Query API logs (http/on-error.ts), for a SaaS decision: principal, action,
 * resource, decision and deciding statements, the condition keys' names (never their values), and the service.
 */
function logDenied(denied: AuthorizationDenied, caller: DecisionCaller): void {
  console.log(JSON.stringify({ event: 'access-denied', requestId: caller.ctx.requestId, service: caller.service.prefix, ...deniedLogFields(denied) }));
}

/**
 * The list-page plan (core/policy/plan.ts): for the caller and one action, the filters under which the
 * resources of the caller's own account are allowed and explicitly denied (`Allow`, `Deny` or `Filter`;
 * `exact: false` when some statement could not be reduced: decide the candidates one by one). `context`
 * holds the keys known for every resource of the page, validated as an item's; resource keys left out
 * (`aws:ResourceTag/*`) stay open in the filters. Resources another account shares by resource policy are
 * not covered: decide those one by one.
 */
export async function planResources(edge: Edge, input: unknown, now: Date = new Date()): Promise<PlanOutput> {
  return answer(input, async () => {
    const caller = await begin(edge, input, now);
    const raw = input as { action?: unknown; context?: unknown };
    const action = catalogAction(caller.service, raw.action);
    const context = readContext(caller.service, action, undefined, raw.context, 'context');
    const accountId = caller.auth.caller.accountId;
    const { policies } = caller.policies;
    const plan = planOf({
      request: {
        principal: caller.engine,
        action: `${caller.service.prefix}:${action.name}`,
        resourceAccountId: accountId,
        context: { ...context, ...globalContext(caller.ctx), 'aws:ResourceAccount': accountId },
      },
      identityPolicies: policies.identity,
      boundaryPolicies: policies.boundary,
      ...(policies.session?.length ? { sessionPolicies: policies.session } : {}),
    });
    return { principal: caller.principal, kind: plan.kind, allow: plan.allow, deny: plan.deny, exact: plan.exact };
  });
}
