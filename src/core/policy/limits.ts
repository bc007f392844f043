/**
 * @module Policy size quotas. IAM counts characters without white space; past a quota it answers
 * `LimitExceeded` (HTTP 409) with the wording below.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length
 */
import type { ValidationError } from './types';

/** Managed policy document size ("The size of each managed policy can't exceed 6,144 characters"). */
export const MANAGED_POLICY_SIZE_MAX_CHARS = 6_144;
/** Aggregate size of all inline policies of one user. */
export const USER_INLINE_POLICY_SIZE_MAX_CHARS = 2_048;
/** Aggregate size of all inline policies of one group. */
export const GROUP_INLINE_POLICY_SIZE_MAX_CHARS = 5_120;
/** Aggregate size of all inline policies of one role. */
export const ROLE_INLINE_POLICY_SIZE_MAX_CHARS = 10_240;
/** Role trust policy size (default quota). */
export const TRUST_POLICY_SIZE_MAX_CHARS = 2_048;

const limit = (message: string): ValidationError => ({ path: '$', message, code: 'LimitExceeded' });

/** Checks one managed policy (or policy version) document. */
export function checkManagedPolicySize(size: number): ValidationError | undefined {
  return size > MANAGED_POLICY_SIZE_MAX_CHARS
    ? limit(`Cannot exceed quota for PolicySize: ${MANAGED_POLICY_SIZE_MAX_CHARS}`)
    : undefined;
}

const INLINE_MAX: Record<'user' | 'group' | 'role', number> = {
  user: USER_INLINE_POLICY_SIZE_MAX_CHARS,
  group: GROUP_INLINE_POLICY_SIZE_MAX_CHARS,
  role: ROLE_INLINE_POLICY_SIZE_MAX_CHARS,
};

/** Checks the aggregate size of an entity's inline policies after a Put*Policy. */
export function checkInlinePolicySize(
  entity: 'user' | 'group' | 'role',
  entityName: string,
  aggregateSize: number,
): ValidationError | undefined {
  const max = INLINE_MAX[entity];
  return aggregateSize > max ? limit(`Maximum policy size of ${max} bytes exceeded for ${entity} ${entityName}`) : undefined;
}

/** Checks a role trust policy document. */
export function checkTrustPolicySize(size: number): ValidationError | undefined {
  return size > TRUST_POLICY_SIZE_MAX_CHARS
    ? limit(`Cannot exceed quota for ACLSizePerRole: ${TRUST_POLICY_SIZE_MAX_CHARS}`)
    : undefined;
}
