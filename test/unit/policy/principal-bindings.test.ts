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

/** A trust policy of another account's role naming ACCOUNT in every form, with ACCOUNT's incarnation pinned. */
function foreignTrust(statement: Record<string, unknown>, principalIds?: Record<string, string>) {
  const parsed = parsePolicyValue({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', ...statement }] });
  if (!parsed.ok) throw new Error('unparsable');
  return compilePolicy(parsed.value, { policyId: 'trust', policyType: 'resource', ...(principalIds ? { principalIds } : {}) });
}

const decideForeign = (principal: AuthzPrincipal, statement: Record<string, unknown>, principalIds?: Record<string, string>) =>
  authorize({
    request: { principal, action: 'sts:AssumeRole', resource: 'arn:aws:iam::444455556666:role/target', resourceAccountId: '444455556666', context: {} },
    identityPolicies: [
      compilePolicy(
        (() => {
          const p = parsePolicyValue({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] });
          if (!p.ok) throw new Error('unparsable');
          return p.value;
        })(),
        { policyId: 'id', policyType: 'identity' },
      ),
    ],
    resourcePolicy: foreignTrust(statement, principalIds),
    resourcePolicyKind: 'trust',
  }).decision;

describe('account incarnation bindings', () => {
  const OLD = '2026-01-01T00:00:00.000Z';
  const NEW = '2026-06-01T00:00:00.000Z';
  const pinned = { [ACCOUNT]: OLD };
  const forms = [{ AWS: ACCOUNT }, { AWS: `arn:aws:iam::${ACCOUNT}:root` }, { AWS: BOB }, { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/dev/s` }];
  const callers = (at: string | undefined) => [
    { ...bob('AIDABOB'), ...(at ? { accountCreatedAt: at } : {}) },
    { ...devSession('AROADEV'), ...(at ? { accountCreatedAt: at } : {}) },
  ];

  it('name callers of the pinned incarnation, in every form', () => {
    expect(decideForeign(callers(OLD)[0]!, { Principal: forms[0] }, pinned)).toBe('Allow');
    expect(decideForeign(callers(OLD)[0]!, { Principal: forms[1] }, pinned)).toBe('Allow');
    expect(decideForeign(callers(OLD)[0]!, { Principal: forms[2] }, pinned)).toBe('Allow');
    expect(decideForeign(callers(OLD)[1]!, { Principal: forms[3] }, pinned)).toBe('Allow');
  });
  it('name no caller of another incarnation of the same account id, nor one whose incarnation is unknown', () => {
    for (const principal of forms) {
      for (const caller of [...callers(NEW), ...callers(undefined)]) expect(decideForeign(caller, { Principal: principal }, pinned)).toBe('ImplicitDeny');
    }
  });
  it('leave an unpinned account matching by id', () => {
    expect(decideForeign(callers(NEW)[0]!, { Principal: forms[0] })).toBe('Allow');
  });
  it('keep a Deny with NotPrincipal applying to a caller of another incarnation', () => {
    const statement = { Principal: { AWS: ACCOUNT } };
    const deny = { Effect: 'Deny', NotPrincipal: { AWS: [ACCOUNT, BOB] }, Action: 'sts:AssumeRole' };
    const parsed = parsePolicyValue({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', ...statement }, deny] });
    if (!parsed.ok) throw new Error('unparsable');
    const policy = compilePolicy(parsed.value, { policyId: 'trust', policyType: 'resource', principalIds: pinned });
    const run = (caller: AuthzPrincipal) =>
      authorize({
        request: { principal: caller, action: 'sts:AssumeRole', resource: 'arn:aws:iam::444455556666:role/target', resourceAccountId: '444455556666', context: {} },
        identityPolicies: [],
        resourcePolicy: policy,
        resourcePolicyKind: 'trust',
      }).decision;
    expect(run(callers(NEW)[0]!)).toBe('ExplicitDeny');
    expect(run(callers(OLD)[0]!)).not.toBe('ExplicitDeny');
  });
});
