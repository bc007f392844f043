/**
 * @module AccessDenied wording. "Most access denied error messages appear in the format `User user is
 * not authorized to perform action on resource because context`": an explicit deny adds
 * "with an explicit deny in a <type> policy", an implicit deny "because no <type> policy allows the
 * <action> action".
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
 */
import { accessDenied, type AwsError } from '../errors';
import type { AuthzRequest, AuthzResult, PolicyType } from './types';

/** How AWS names each policy type after "with an explicit deny in". */
const EXPLICIT: Record<PolicyType, string> = {
  identity: 'an identity-based policy',
  resource: 'a resource-based policy',
  boundary: 'a permissions boundary',
  session: 'a session policy',
};

/** How AWS names each policy type after "because no". */
const IMPLICIT: Record<PolicyType, string> = {
  identity: 'identity-based policy',
  resource: 'resource-based policy',
  boundary: 'permissions boundary',
  session: 'session policy',
};

/** The AccessDenied message for a denied request; undefined when the request was allowed. */
export function accessDeniedMessage(request: AuthzRequest, result: AuthzResult): string | undefined {
  const head = `User: ${request.principal.arn} is not authorized to perform: ${request.action} on resource: ${request.resource}`;
  const r = result.reasonDetail;
  switch (r.kind) {
    case 'explicitDeny':
      return `${head} with an explicit deny in ${EXPLICIT[r.policyType]}`;
    case 'implicitDeny':
      return `${head} because no ${IMPLICIT[r.policyType]} allows the ${request.action} action`;
    case 'root':
    case 'allowed':
      return undefined;
  }
}

/** The `AccessDenied` error (HTTP 403) for a denied request; undefined when it was allowed. */
export function accessDeniedError(request: AuthzRequest, result: AuthzResult): AwsError | undefined {
  const message = accessDeniedMessage(request, result);
  return message === undefined ? undefined : accessDenied(message);
}
