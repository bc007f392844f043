/**
 * @module Decide: the policy evaluation logic as one readable combinator (cedar's authorizer style).
 * Explicit deny in any policy wins; then identity-based policies (intersected with the permissions
 * boundary and, for sessions, the session policies) and the resource-based policy are combined the way
 * AWS documents for same-account and cross-account requests. Returns the deciding statements so the
 * AccessDenied message can name the policy type.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 */
import type { CompiledPolicy, CompiledStatement } from './compile';
import { evaluatePolicies, type PolicyMatches } from './evaluate';
import { prepareRequest } from './request';
import type { AuthzRequest, AuthzResult, PolicyType, StatementRef } from './types';

/** Everything that applies to one request. Policies are compiled (and cached) by the caller. */
export interface AuthorizeInput {
  readonly request: AuthzRequest;
  /** The principal's identity-based policies (for a session: the role's / federating user's). */
  readonly identityPolicies: readonly CompiledPolicy[];
  /** The permissions boundary of the user or role; absent or empty when none is attached. */
  readonly boundaryPolicies?: readonly CompiledPolicy[];
  /** Session policies passed when the session was created; absent or empty when none were. */
  readonly sessionPolicies?: readonly CompiledPolicy[];
  /** The resource-based policy of the resource (or the role's trust policy). */
  readonly resourcePolicy?: CompiledPolicy;
  /** `trust` for a role trust policy, which "must explicitly allow access for principals". */
  readonly resourcePolicyKind?: 'resource' | 'trust';
}

const EMPTY: PolicyMatches = { allows: [], allowMatches: [], denies: [] };

/** Appends the refs of `list` to `out` (no intermediate arrays). */
function pushRefs(out: StatementRef[], list: readonly CompiledStatement[]): void {
  for (let i = 0; i < list.length; i++) out.push(list[i]!.ref);
}

/** Decides one request. Pure and total: it never throws for validated policies. */
export function authorize(input: AuthorizeInput): AuthzResult {
  const { request } = input;
  const p = request.principal;
  const sameAccount = request.resourceAccountId === undefined || request.resourceAccountId === p.accountId;
  const hasBoundary = (input.boundaryPolicies?.length ?? 0) > 0;
  const hasSessionPolicy = (input.sessionPolicies?.length ?? 0) > 0;
  const isSession = p.type === 'AssumedRole' || p.type === 'FederatedUser';

  // The root user is unrestricted in its own account (project rule; AWS: "with the exception of the
  // AWS account root user, which has full access").
  if (p.type === 'Root' && sameAccount) return { decision: 'Allow', matched: [], reasonDetail: { kind: 'root' } };

  const req = prepareRequest(request, { hasBoundary });
  const identity = evaluatePolicies(input.identityPolicies, req);
  const boundary = hasBoundary ? evaluatePolicies(input.boundaryPolicies!, req) : EMPTY;
  const session = hasSessionPolicy && isSession ? evaluatePolicies(input.sessionPolicies!, req) : EMPTY;
  const resource = input.resourcePolicy ? evaluatePolicies([input.resourcePolicy], req, true) : EMPTY;

  // 1. Deny evaluation: an explicit deny in any policy ends evaluation. The denying statements are
  // reported in the order identity, resource, boundary, session; the first type with one is named.
  const deniedBy: PolicyType | undefined =
    identity.denies.length > 0 ? 'identity'
    : resource.denies.length > 0 ? 'resource'
    : boundary.denies.length > 0 ? 'boundary'
    : session.denies.length > 0 ? 'session'
    : undefined;
  if (deniedBy !== undefined) {
    const matched: StatementRef[] = [];
    pushRefs(matched, identity.denies);
    pushRefs(matched, resource.denies);
    pushRefs(matched, boundary.denies);
    pushRefs(matched, session.denies);
    return { decision: 'ExplicitDeny', matched, reasonDetail: { kind: 'explicitDeny', policyType: deniedBy } };
  }

  // 2. The limits on the principal's own permissions.
  const boundaryOk = !hasBoundary || boundary.allows.length > 0;
  // A role session without session policies keeps the role's permissions; a federated user session
  // without one has none ("Otherwise, the request is implicitly denied").
  const sessionOk = !isSession || (hasSessionPolicy ? session.allows.length > 0 : p.type === 'AssumedRole');
  const iamPrincipal = isSession || p.type === 'User' || p.type === 'Root';
  // The root user's identity side is everything in its own account (it only reaches here cross-account).
  const identityAllows = p.type === 'Root' || identity.allows.length > 0;
  const identityPath = iamPrincipal && identityAllows && boundaryOk && sessionOk;

  // 3. What the resource-based policy grants, by how it named the caller.
  const kinds = resource.allowMatches;
  const direct = kinds.includes('direct');
  const viaEntity = kinds.includes('entity') || kinds.includes('wildcard');
  const viaAccount = kinds.includes('account');
  const trust = input.resourcePolicyKind === 'trust';

  let resourceGrants: boolean;
  if (!iamPrincipal) {
    // Services, web-identity/SAML callers and anonymous callers have no identity policies.
    resourceGrants = direct || viaEntity;
  } else if (!sameAccount) {
    // Cross-account: the trusting account must name the caller (any form) …
    resourceGrants = direct || viaEntity || viaAccount;
  } else {
    // Same account: a grant to the user or session itself ignores implicit denies elsewhere; a grant
    // to the role (for its sessions), or to everyone, is still limited by boundary and session
    // policies; a grant to the account only delegates to identity policies.
    resourceGrants = direct || (viaEntity && boundaryOk && sessionOk) || (viaAccount && identityPath);
  }

  let decision: 'Allow' | 'ImplicitDeny';
  let via: 'identity' | 'resource' | 'both' = 'identity';
  if (!iamPrincipal) {
    decision = resourceGrants ? 'Allow' : 'ImplicitDeny';
    via = 'resource';
  } else if (!sameAccount) {
    // … and the trusted account's identity side must allow it too.
    decision = identityPath && resourceGrants ? 'Allow' : 'ImplicitDeny';
    via = 'both';
  } else if (trust) {
    // Role trust policies must allow the principal explicitly; identity policies alone never suffice.
    decision = resourceGrants ? 'Allow' : 'ImplicitDeny';
    via = viaAccount && !direct && !viaEntity ? 'both' : 'resource';
  } else {
    // Same account: either side suffices.
    decision = identityPath || resourceGrants ? 'Allow' : 'ImplicitDeny';
    via = identityPath && resourceGrants ? 'both' : identityPath ? 'identity' : 'resource';
  }

  if (decision === 'Allow') {
    const matched: StatementRef[] = [];
    if (via !== 'resource') { pushRefs(matched, identity.allows); pushRefs(matched, boundary.allows); pushRefs(matched, session.allows); }
    if (via !== 'identity') pushRefs(matched, resource.allows);
    return { decision, matched, reasonDetail: { kind: 'allowed', via } };
  }
  return { decision, matched: [], reasonDetail: { kind: 'implicitDeny', policyType: blame() } };

  /** The policy type an implicit deny is reported against (AWS names only one). */
  function blame(): PolicyType {
    if (!iamPrincipal || (sameAccount && trust)) return 'resource';
    if (!identityAllows) return 'identity';
    if (!boundaryOk) return 'boundary';
    if (!sessionOk) return 'session';
    return 'resource';
  }
}
