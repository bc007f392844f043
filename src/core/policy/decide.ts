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

  // The root user is unrestricted in its own account by identity-based policies (AWS: "with the exception
  // of the AWS account root user, which has full access"), but an explicit Deny in the resource's own
  // resource-based policy binds it, as a bucket policy's Deny binds the bucket owner's root (S3 API
  // Reference, DeleteBucketPolicy: only the policy actions are exempt). A trust policy never denies root
  // here: roles are not assumed by the root user.
  if (p.type === 'Root' && sameAccount) {
    const resource = input.resourcePolicy && input.resourcePolicyKind !== 'trust' ? evaluatePolicies([input.resourcePolicy], prepareRequest(request), true) : EMPTY;
    if (resource.denies.length > 0) {
      const matched: StatementRef[] = [];
      pushRefs(matched, resource.denies);
      return { decision: 'ExplicitDeny', matched, reasonDetail: { kind: 'explicitDeny', policyType: 'resource' } };
    }
    return { decision: 'Allow', matched: [], reasonDetail: { kind: 'root' } };
  }

  const req = prepareRequest(request, { hasBoundary });
  const identity = evaluatePolicies(input.identityPolicies, req);
  const boundary = hasBoundary ? evaluatePolicies(input.boundaryPolicies!, req) : EMPTY;
  const session = hasSessionPolicy && isSession ? evaluatePolicies(input.sessionPolicies!, req) : EMPTY;
  const resource = input.resourcePolicy ? evaluatePolicies([input.resourcePolicy], req, true) : EMPTY;

  const denied = explicitDeny(identity, resource, boundary, session);
  if (denied) return denied;

  // 2. The limits on the principal's own permissions.
  const boundaryOk = !hasBoundary || boundary.allows.length > 0;
  // A role session without session policies keeps the role's permissions; a federated user session
  // without one has none ("Otherwise, the request is implicitly denied").
  const sessionOk = !isSession || (hasSessionPolicy ? session.allows.length > 0 : p.type === 'AssumedRole');
  const iamPrincipal = isSession || p.type === 'User' || p.type === 'Root';
  // The root user's identity side is everything in its own account (it only reaches here cross-account).
  const identityAllows = p.type === 'Root' || identity.allows.length > 0;
  const standing: Standing = {
    iamPrincipal,
    sameAccount,
    trust: input.resourcePolicyKind === 'trust',
    identityAllows,
    boundaryOk,
    sessionOk,
    identityPath: iamPrincipal && identityAllows && boundaryOk && sessionOk,
  };

  const via = allowedVia(resource.allowMatches, standing);
  if (via !== undefined) {
    const matched: StatementRef[] = [];
    if (via !== 'resource') { pushRefs(matched, identity.allows); pushRefs(matched, boundary.allows); pushRefs(matched, session.allows); }
    if (via !== 'identity') pushRefs(matched, resource.allows);
    return { decision: 'Allow', matched, reasonDetail: { kind: 'allowed', via } };
  }
  return { decision: 'ImplicitDeny', matched: [], reasonDetail: { kind: 'implicitDeny', policyType: blame(standing) } };
}

/**
 * 1. Deny evaluation: an explicit deny in any policy ends evaluation. The denying statements are
 * reported in the order identity, resource, boundary, session; the first type with one is named.
 */
function explicitDeny(identity: PolicyMatches, resource: PolicyMatches, boundary: PolicyMatches, session: PolicyMatches): AuthzResult | undefined {
  const deniedBy: PolicyType | undefined =
    identity.denies.length > 0 ? 'identity'
    : resource.denies.length > 0 ? 'resource'
    : boundary.denies.length > 0 ? 'boundary'
    : session.denies.length > 0 ? 'session'
    : undefined;
  if (deniedBy === undefined) return undefined;
  const matched: StatementRef[] = [];
  pushRefs(matched, identity.denies);
  pushRefs(matched, resource.denies);
  pushRefs(matched, boundary.denies);
  pushRefs(matched, session.denies);
  return { decision: 'ExplicitDeny', matched, reasonDetail: { kind: 'explicitDeny', policyType: deniedBy } };
}

/** Where the caller stands once no policy denied: the request's shape and the limits on its own permissions. */
interface Standing {
  /** A user, the root user or a session: a principal with identity policies. */
  readonly iamPrincipal: boolean;
  readonly sameAccount: boolean;
  /** The resource policy is a role trust policy. */
  readonly trust: boolean;
  readonly identityAllows: boolean;
  readonly boundaryOk: boolean;
  readonly sessionOk: boolean;
  /** The identity side allows within the boundary and the session policies. */
  readonly identityPath: boolean;
}

type Via = 'identity' | 'resource' | 'both';

/** 3. The identity and resource sides combined, by how the resource policy named the caller; undefined: not allowed. */
function allowedVia(kinds: PolicyMatches['allowMatches'], s: Standing): Via | undefined {
  const direct = kinds.includes('direct');
  const viaEntity = kinds.includes('entity') || kinds.includes('wildcard');
  const viaAccount = kinds.includes('account');
  if (!s.iamPrincipal) {
    // Services, web-identity/SAML callers and anonymous callers have no identity policies.
    return direct || viaEntity ? 'resource' : undefined;
  }
  if (!s.sameAccount) {
    // Cross-account: the trusting account must name the caller (any form), and the trusted account's
    // identity side must allow it too.
    return s.identityPath && (direct || viaEntity || viaAccount) ? 'both' : undefined;
  }
  // Same account: a grant to the user or session itself ignores implicit denies elsewhere; a grant to
  // the role (for its sessions), or to everyone, is still limited by boundary and session policies; a
  // grant to the account only delegates to identity policies.
  const resourceGrants = direct || (viaEntity && s.boundaryOk && s.sessionOk) || (viaAccount && s.identityPath);
  if (s.trust) {
    // Role trust policies must allow the principal explicitly; identity policies alone never suffice.
    if (!resourceGrants) return undefined;
    return viaAccount && !direct && !viaEntity ? 'both' : 'resource';
  }
  // Same account: either side suffices.
  if (s.identityPath && resourceGrants) return 'both';
  return s.identityPath ? 'identity' : resourceGrants ? 'resource' : undefined;
}

/** The policy type an implicit deny is reported against (AWS names only one). */
function blame(s: Standing): PolicyType {
  if (!s.iamPrincipal || (s.sameAccount && s.trust)) return 'resource';
  if (!s.identityAllows) return 'identity';
  if (!s.boundaryOk) return 'boundary';
  if (!s.sessionOk) return 'session';
  return 'resource';
}
