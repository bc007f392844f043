/**
 * @module What is tracked for service and action last accessed, and the one function that records it.
 *
 * Spec: IAM User Guide, "Refine permissions in AWS using last accessed information"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html), "Things to know":
 * the data includes *all attempts*, not just the successful ones ("An unexpected entry ... does not mean
 * that your account has been compromised, because the request might have been denied"), of authenticated
 * IAM entities (users and roles) only; `iam:PassRole` is not tracked. So an authenticated user's or role's
 * call is recorded whether the policies allowed it or not; a call that fails authentication is not.
 *
 * Recorded where the decisions are made: IAM calls in the account's object after each call
 * (storage/account/execute.ts), STS calls and the SaaS's decisions in the isolate, reported to the object
 * through the last-use path (data-plane/key-use.ts), at most once a minute per entity, service and action
 * per isolate. AWS shows activity "within four hours"; here it is visible at once (IAM) or as soon as the
 * isolate's report lands (STS, data plane: after the answer, in `waitUntil`).
 */
import type { AccessEntityType, LastAccessStore } from '../../../core/ports/last-access';
import type { Caller } from '../../context';

/** A row is rewritten at most this often (same region): AWS itself records at a coarse granularity. */
export const ACCESS_RESOLUTION_MS = 60_000;

/** Actions AWS does not track (User Guide, "Things to know": PassRole). */
const UNTRACKED = new Set(['iam:passrole']);

/** The tracked entity a caller's activity counts for: the user (also through its MFA session), the role of a role session. */
export function accessEntityOf(caller: Caller): { type: AccessEntityType; id: string } | undefined {
  if (caller.type === 'User') return { type: 'user', id: caller.principalId };
  if (caller.type === 'AssumedRole') return { type: 'role', id: caller.principalId };
  // The root user and federated users (GetFederationToken) are not IAM entities of a report.
  return undefined;
}

/** Whether `service:action` is tracked at all. */
export const isTracked = (service: string, action: string): boolean => !UNTRACKED.has(`${service}:${action}`.toLowerCase());

/** Records one attempt of `caller` at `service:action` (the action's own spelling) from `region`. */
export function recordAttempt(store: LastAccessStore, caller: Caller, service: string, action: string, region: string, atMs: number): void {
  const entity = accessEntityOf(caller);
  if (!entity || !isTracked(service, action)) return;
  store.recordAccess({ entityType: entity.type, entityId: entity.id, service, action, atMs, region }, ACCESS_RESOLUTION_MS);
}
