/**
 * Trust-policy principal bindings in the engine: an ARN bound to a unique id names only the principal with
 * that id (a user by its `AIDA…` id, a role's sessions by the role's `AROA…` id), as IAM binds the
 * principals of a trust policy when it is saved.
 * Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_policy-examples.html
 */
import { describe, expect, it } from 'vitest';
import { authorize, compilePolicy, parsePolicyValue, type AuthzPrincipal } from '../../../src/core/policy';

const ACCOUNT = '111122223333';
const BOB = `arn:aws:iam::${ACCOUNT}:user/bob`;
const DEV = `arn:aws:iam::${ACCOUNT}:role/dev`;

function trust(principalIds?: Record<string, string>) {
  const parsed = parsePolicyValue({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: [BOB, DEV] }, Action: 'sts:AssumeRole' }] });
  if (!parsed.ok) throw new Error('unparsable');
  return compilePolicy(parsed.value, { policyId: 'trust', policyType: 'resource', ...(principalIds ? { principalIds } : {}) });
}

const decide = (principal: AuthzPrincipal, principalIds?: Record<string, string>) =>
  authorize({
    request: { principal, action: 'sts:AssumeRole', resource: `arn:aws:iam::${ACCOUNT}:role/target`, context: {} },
    identityPolicies: [],
    resourcePolicy: trust(principalIds),
    resourcePolicyKind: 'trust',
  }).decision;

const bob = (userId: string): AuthzPrincipal => ({ arn: BOB, accountId: ACCOUNT, type: 'User', userName: 'bob', userId });
const devSession = (roleId: string): AuthzPrincipal => ({
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/dev/s`,
  accountId: ACCOUNT,
  type: 'AssumedRole',
  userId: `${roleId}:s`,
  roleArn: DEV,
});

describe('principal bindings', () => {
  const ids = { [BOB]: 'AIDAOLDBOB', [DEV]: 'AROAOLDDEV' };
  it('match the principal the ARN was bound to', () => {
    expect(decide(bob('AIDAOLDBOB'), ids)).toBe('Allow');
    expect(decide(devSession('AROAOLDDEV'), ids)).toBe('Allow');
  });
  it('do not match another principal that holds the ARN now', () => {
    expect(decide(bob('AIDANEWBOB'), ids)).toBe('ImplicitDeny');
    expect(decide(devSession('AROANEWDEV'), ids)).toBe('ImplicitDeny');
    expect(decide({ ...bob('AIDANEWBOB'), userId: undefined }, ids)).toBe('ImplicitDeny');
  });
  it('leave unbound ARNs matching by ARN alone', () => {
    expect(decide(bob('AIDANEWBOB'))).toBe('Allow');
    expect(decide(devSession('AROANEWDEV'), { [BOB]: 'AIDAOLDBOB' })).toBe('Allow');
  });
});
