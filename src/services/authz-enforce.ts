/**
 * @module Authorization of every call by the policy engine (core/policy): the caller as an
 * `AuthzPrincipal`, the global condition keys the request carries, the action's own keys, and the
 * principal's policies. Throws AWS's AccessDenied, worded as AWS words it.
 * Spec: IAM User Guide, "Policy evaluation logic"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html) and
 * "AWS global condition context keys"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
 *
 * Naming: the project spells the concept `authz` in file and type names (authz-*.ts, `AuthzRequest`,
 * `AuthzTarget`); `authorization` only where AWS names a thing so (DecodeAuthorizationMessage's authorization
 * message, GetAccountAuthorizationDetails, the HTTP `Authorization` header); `authorize` only as the verb
 * (the engine's `authorize`).
 */
import {
  authorize,
  type AuthzPrincipal,
  type AuthzRequest,
  type AuthzResult,
  type CompiledPolicy,
  type ContextValue,
} from '../core/policy/index';
import type { TagRecord } from '../core/records';
import type { AuthzTarget } from './action';
import { deniedError } from './authorization-message';
import type { Caller, CallContext, ConsoleFacts, SessionInfo } from './context';
import type { PrincipalPolicies } from './policy-set';

/**
 * The engine's view of a caller; `tags` (the user's or role's) become `aws:PrincipalTag/<key>`, and a
 * session's tags override them key by key, as AWS documents for session tags.
 */
export function principalOf(caller: Caller, tags: readonly TagRecord[] = []): AuthzPrincipal {
  const s = caller.session;
  const merged = { ...Object.fromEntries(tags.map((t) => [t.key, t.value])), ...(s?.tags ?? {}) };
  // The account's incarnation, for trust policies that pinned it (core/policy/principal.ts).
  const base = { arn: caller.arn, accountId: caller.accountId, ...(caller.accountCreatedAt ? { accountCreatedAt: caller.accountCreatedAt } : {}) };
  switch (caller.type) {
    case 'Account':
      return { ...base, type: 'Root', userId: caller.accountId };
    case 'User':
      return { ...base, type: 'User', userId: caller.principalId, ...(caller.userName ? { userName: caller.userName } : {}), tags: merged };
    case 'AssumedRole':
      return { ...base, type: 'AssumedRole', userId: s?.uid ?? caller.principalId, ...(s?.roleArn ? { roleArn: s.roleArn } : {}), tags: merged };
    case 'FederatedUser':
      return { ...base, type: 'FederatedUser', userId: s?.uid ?? caller.principalId, tags: merged };
  }
}

/**
 * The global condition keys of a request (those not derived from the principal by the engine).
 * `aws:MultiFactorAuthPresent` is absent for long-term credentials, as AWS documents.
 */
export function globalContext(ctx: CallContext): Record<string, ContextValue> {
  const s = ctx.caller.session;
  // Built by assignment, in the order the keys always had: every decision builds one, and spreading
  // optional parts into a literal copied each of them (CopyDataProperties) for nothing.
  const out: Record<string, ContextValue> = s ? sessionContext(s, ctx.now) : ctx.caller.console ? consoleContext(ctx.caller.console, ctx.now) : {};
  out['aws:CurrentTime'] = ctx.now.toISOString();
  out['aws:EpochTime'] = String(Math.floor(ctx.now.getTime() / 1000));
  out['aws:SecureTransport'] = String(ctx.secureTransport);
  out['aws:RequestedRegion'] = ctx.region;
  if (ctx.sourceIp) out['aws:SourceIp'] = ctx.sourceIp;
  if (ctx.userAgent) out['aws:userAgent'] = ctx.userAgent;
  return out;
}

/**
 * Keys a temporary-credential session carries: `aws:TokenIssueTime` (so "revoke older sessions" works),
 * `aws:MultiFactorAuthPresent` (present, true or false, for temporary credentials),
 * `aws:MultiFactorAuthAge` and `aws:SourceIdentity`.
 */
export function sessionContext(s: SessionInfo, now: Date): Record<string, ContextValue> {
  return {
    'aws:TokenIssueTime': new Date(s.iat * 1000).toISOString(),
    'aws:MultiFactorAuthPresent': String(s.mfa),
    ...(s.mfa && s.mfaAt !== undefined ? { 'aws:MultiFactorAuthAge': String(Math.max(0, Math.floor(now.getTime() / 1000) - s.mfaAt)) } : {}),
    ...(s.sourceIdentity ? { 'aws:SourceIdentity': s.sourceIdentity } : {}),
  };
}

/** The session keys of a console session's calls, as AWS's console (temporary credentials) sets them. */
function consoleContext(cs: ConsoleFacts, now: Date): Record<string, ContextValue> {
  return {
    ...(cs.issuedAt !== undefined ? { 'aws:TokenIssueTime': new Date(cs.issuedAt * 1000).toISOString() } : {}),
    'aws:MultiFactorAuthPresent': String(cs.mfaAt !== undefined),
    ...(cs.mfaAt !== undefined ? { 'aws:MultiFactorAuthAge': String(Math.max(0, Math.floor(now.getTime() / 1000) - cs.mfaAt)) } : {}),
  };
}

/** The engine request for a call and its target. */
export function requestFor(ctx: CallContext, principal: AuthzPrincipal, target: AuthzTarget): AuthzRequest {
  return {
    principal,
    action: target.action,
    resource: target.resource,
    resourceAccountId: ctx.caller.accountId,
    context: { ...globalContext(ctx), ...(target.context ?? {}) },
  };
}

/**
 * Decides a request with a principal's compiled policies and, when the resource has one, its resource-based
 * policy (the SaaS decision path passes the one the SaaS keeps for the resource).
 */
export function decide(request: AuthzRequest, policies: PrincipalPolicies, resourcePolicy?: CompiledPolicy): AuthzResult {
  return authorize({
    request,
    identityPolicies: policies.identity,
    boundaryPolicies: policies.boundary,
    ...(policies.session?.length ? { sessionPolicies: policies.session } : {}),
    ...(resourcePolicy ? { resourcePolicy } : {}),
  });
}

/** Decides and throws AccessDenied (with its decision, for an encoded message) when not allowed. */
export function enforce(request: AuthzRequest, policies: PrincipalPolicies): AuthzResult {
  const result = decide(request, policies);
  const denied = deniedError(request, result);
  if (denied) throw denied;
  return result;
}
