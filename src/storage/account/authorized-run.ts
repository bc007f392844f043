/**
 * @module The inside of an IAM call's transaction: the action's target, authorization of the caller against
 * the same state, then the action itself. execute.ts runs it in the object's `transactionSync`; the unit
 * tests' in-memory store (test/support/iam-harness.ts) runs the same function over sql.js.
 */
import type { AccountStore } from '../../core/ports';
import type { TagRecord } from '../../core/records';
import type { AccountAction } from '../../services/action';
import { enforce, principalOf, requestFor } from '../../services/authz-enforce';
import type { Caller, CallContext } from '../../services/context';
import { callerPolicyDocs, type PolicyCompileCache } from '../../services/policy-set';

/** The tags `aws:PrincipalTag/*` reads: the user's or the role's; none for the root user or a federated user. */
function principalTags(store: AccountStore, caller: Caller): TagRecord[] {
  if (caller.type === 'User') return store.listTags('user', caller.principalId);
  if (caller.type === 'AssumedRole') return store.listTags('role', caller.principalId);
  return [];
}

/**
 * Authorizes `ctx.caller` for `action` on what it targets, then runs it; `policies` compiles (and caches)
 * the caller's policies. Throws AccessDenied (an `AuthorizationDenied`) or the action's own error.
 */
export function authorizedRun<I, O, P>(
  action: AccountAction<I, O, P>,
  ctx: CallContext,
  store: AccountStore,
  input: I,
  prepared: P,
  policies: PolicyCompileCache,
): O {
  // INVARIANT: authorization reads the same transaction's state the action then changes, so a
  // permission removed by an earlier write can never let this one through.
  authorizeOnly(action, ctx, store, input, policies);
  return action.run(ctx, store, input, prepared);
}

/**
 * Authorizes `ctx.caller` for `action` without running it: the check an `authorizeFirst` action passes
 * before its `prepare` (services/action.ts). Throws as {@link authorizedRun} does.
 */
export function authorizeOnly<I>(action: AccountAction<I, unknown, any>, ctx: CallContext, store: AccountStore, input: I, policies: PolicyCompileCache): void {
  const target = action.target(ctx, store, input);
  const principal = principalOf(ctx.caller, principalTags(store, ctx.caller));
  const compiled = policies.compile(callerPolicyDocs(store, ctx.partition, ctx.caller));
  for (const each of [target, ...(target.also ?? [])]) enforce(requestFor(ctx, principal, each), compiled);
}
