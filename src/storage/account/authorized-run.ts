/**
 * @module The inside of an IAM call's transaction: the action's target, authorization of the caller against
 * the same state, then the action itself. execute.ts runs it in the object's `transactionSync`; the unit
 * tests' in-memory store (test/support/iam-harness.ts) runs the same function over sql.js.
 */
import type { AccountStore } from '../../core/ports';
import type { AccountAction } from '../../services/action';
import { enforce, principalOf, requestFor } from '../../services/authz-enforce';
import type { Caller, CallContext } from '../../services/context';
import type { PolicyCompileCache } from '../../services/policy-set';
import { readCallerAuthz, type CallerPolicyCache } from './caller-policy-cache';

/**
 * Authorizes `ctx.caller` for `action` on what it targets, then runs it; `policies` compiles (and caches)
 * the caller's policies; `callers`, when given, keeps the caller's compiled set between calls of the object
 * (caller-policy-cache.ts). Throws AccessDenied (an `AuthorizationDenied`) or the action's own error.
 */
export function authorizedRun<I, O, P>(
  action: AccountAction<I, O, P>,
  ctx: CallContext,
  store: AccountStore,
  input: I,
  prepared: P,
  policies: PolicyCompileCache,
  callers?: CallerPolicyCache,
): O {
  // INVARIANT: authorization reads the same transaction's state the action then changes, so a
  // permission removed by an earlier write can never let this one through.
  authorizeOnly(action, ctx, store, input, policies, callers);
  return action.run(ctx, store, input, prepared);
}

/**
 * Authorizes `ctx.caller` for `action` without running it: the check an `authorizeFirst` action passes
 * before its `prepare` (services/action.ts). Throws as {@link authorizedRun} does.
 */
export function authorizeOnly<I>(action: AccountAction<I, unknown, any>, ctx: CallContext, store: AccountStore, input: I, policies: PolicyCompileCache, callers?: CallerPolicyCache): void {
  const target = action.target(ctx, store, input);
  const authz = callers ? callers.get(store, ctx.partition, ctx.caller, policies) : readCallerAuthz(store, ctx.partition, ctx.caller, policies);
  const principal = principalOf(ctx.caller, authz.tags);
  for (const each of [target, ...(target.also ?? [])]) enforce(requestFor(ctx, principal, each), authz.policies);
}
