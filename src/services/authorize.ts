/**
 * @module The authorization seam: every call by a principal is put to an {@link Authorizer} before it runs.
 *
 * Until the policy engine lands (its own issue), {@link baselineAuthorizer} applies the two rules that hold
 * whatever the policies say: the root user may do everything in its own account, and a principal that no
 * policy allows is denied (AWS's implicit deny). The engine will implement the same interface, fed with the
 * principal's policies by the caller, so nothing else changes when it plugs in.
 * Spec: IAM User Guide, "Policy evaluation logic"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html) and
 * "Troubleshoot access denied error messages"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html).
 */
import { accessDenied, type AwsError } from '../core/errors';
import type { Caller } from './context';

/** What is being asked: who wants to do which action on which resource. */
export interface AuthzRequest {
  caller: Caller;
  /** `service:Action`, e.g. `iam:CreateUser`. */
  action: string;
  /** The resource ARN as the Service Authorization Reference names it for the action. */
  resource: string;
  /** The account that owns the resource. */
  resourceAccountId: string;
}

/** The outcome, with the reason an AccessDenied message states. */
export type AuthzResult =
  | { decision: 'Allow' }
  | { decision: 'ImplicitDeny'; missing: 'identity-policy' | 'permissions-boundary' | 'session-policy' }
  | { decision: 'ExplicitDeny'; policyType: 'identity-based' | 'resource-based' | 'permissions boundary' | 'session' };

/** Decides requests. */
export interface Authorizer {
  authorize(request: AuthzRequest): AuthzResult;
}

/** Root may do anything in its own account; any other principal is implicitly denied. */
export const baselineAuthorizer: Authorizer = {
  authorize({ caller, resourceAccountId }) {
    if (caller.type === 'Account' && caller.accountId === resourceAccountId) return { decision: 'Allow' };
    return { decision: 'ImplicitDeny', missing: 'identity-policy' };
  },
};

/** AWS's AccessDenied error for a denied request, worded as AWS words it. */
export function accessDeniedError(request: AuthzRequest, result: Exclude<AuthzResult, { decision: 'Allow' }>): AwsError {
  const head = `User: ${request.caller.arn} is not authorized to perform: ${request.action} on resource: ${request.resource}`;
  if (result.decision === 'ExplicitDeny') return accessDenied(`${head} with an explicit deny in a ${result.policyType} policy`);
  const which =
    result.missing === 'identity-policy'
      ? 'no identity-based policy'
      : result.missing === 'permissions-boundary'
        ? 'no permissions boundary'
        : 'no session policy';
  return accessDenied(`${head} because ${which} allows the ${request.action} action`);
}

/** Authorizes or throws AccessDenied. */
export function enforce(authorizer: Authorizer, request: AuthzRequest): void {
  const result = authorizer.authorize(request);
  if (result.decision !== 'Allow') throw accessDeniedError(request, result);
}
