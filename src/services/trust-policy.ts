/**
 * @module A role's trust policy as enforcement and the simulator evaluate it: compiled with the unique ids
 * its principal ARNs were bound to when it was saved (iam/roles/trust-bindings.ts), and decided together
 * with the caller's own policies the way AssumeRole needs: "the role trust policy must explicitly allow
 * access for principals", in one account as across accounts.
 * Spec: IAM User Guide, "Policy evaluation logic" (role trust policies) and "Cross account resource access";
 * STS API Reference, AssumeRole.
 */
import { authorize, type AuthzRequest, type AuthzResult, type CompiledPolicy } from '../core/policy/index';
import type { PolicyCompileCache, PolicyDocRef, PrincipalPolicies } from './policy-set';

/** What evaluation needs of a role: its ARN and id, the trust policy text and its principal bindings. */
export interface TrustedRole {
  arn: string;
  roleId: string;
  trustPolicy: string;
  /** JSON `{ARN: unique id, account id: its created_at}` as stored with the role (iam/roles/trust-bindings.ts), or null. */
  trustBindings: string | null;
}

/** The stored binding as a map (null when there is none or it cannot be read: nothing is then bound). */
export function parseTrustBindings(text: string | null): Record<string, string> | null {
  if (text === null) return null;
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
    const out: Record<string, string> = {};
    for (const [k, id] of Object.entries(v)) if (typeof id === 'string') out[k] = id;
    return out;
  } catch {
    return null;
  }
}

/** The cache reference of a role's trust policy (the binding is part of the key). */
export function trustDocRef(role: TrustedRole): PolicyDocRef {
  const principalIds = parseTrustBindings(role.trustBindings);
  return {
    policyId: role.arn,
    policyType: 'resource',
    document: role.trustPolicy,
    owner: `trust/${role.roleId}/${role.trustBindings ?? ''}`,
    ...(principalIds ? { principalIds } : {}),
  };
}

/** Compiles (or fetches) a role's trust policy; null when it does not parse. */
export const compileTrust = (cache: PolicyCompileCache, role: TrustedRole): CompiledPolicy | null => cache.get(trustDocRef(role));

/**
 * Decides one action of an AssumeRole-family request (`sts:AssumeRole`, `sts:TagSession`,
 * `sts:SetSourceIdentity`) on a role: the caller's identity policies, boundary and session policies with
 * the role's trust policy as the resource-based policy of kind `trust`. Enforcement (sts/assume-role.ts)
 * and the simulator (iam/simulate) both decide through this function.
 */
export function decideWithTrust(request: AuthzRequest, policies: PrincipalPolicies, trust: CompiledPolicy): AuthzResult {
  return authorize({
    request,
    identityPolicies: policies.identity,
    boundaryPolicies: policies.boundary,
    ...(policies.session?.length ? { sessionPolicies: policies.session } : {}),
    resourcePolicy: trust,
    resourcePolicyKind: 'trust',
  });
}
