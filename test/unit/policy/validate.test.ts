/**
 * Runner for `validate-cases.json`: valid and invalid documents per policy kind with the exact
 * MalformedPolicyDocument message IAM returns (one: the first in its order of checks; the larger,
 * sourced corpus is `validator-corpus.json`); plus the size quotas.
 */
import { describe, expect, it } from 'vitest';
import {
  checkInlinePolicySize,
  checkManagedPolicySize,
  checkPolicy,
  checkTrustPolicySize,
  policySize,
  type PolicyKind,
} from '../../../src/core/policy';
import corpus from './validate-cases.json';

interface ValidateCase {
  readonly name: string;
  readonly kind: PolicyKind;
  readonly policy: unknown;
  readonly expected: readonly string[];
}

describe('validatePolicy corpus', () => {
  for (const c of corpus.cases as readonly ValidateCase[]) {
    it(c.name, () => {
      const text = typeof c.policy === 'string' ? c.policy : JSON.stringify(c.policy);
      const r = checkPolicy(text, c.kind);
      const messages = r.ok ? [] : r.error.map((e) => e.message);
      expect(messages).toEqual(c.expected);
      if (!r.ok) for (const e of r.error) expect(e.path.startsWith('$')).toBe(true);
    });
  }
});

describe('policy size', () => {
  it('does not count whitespace outside strings', () => {
    expect(policySize('{ "a" : "b c" }')).toBe('{"a":"b c"}'.length);
    expect(policySize('{\n\t"a":\r\n ["\\" x"]}')).toBe('{"a":["\\" x"]}'.length);
  });
  it('enforces the managed policy quota of 6,144 characters', () => {
    expect(checkManagedPolicySize(6144)).toBeUndefined();
    expect(checkManagedPolicySize(6145)).toMatchObject({ code: 'LimitExceeded', message: 'Cannot exceed quota for PolicySize: 6144' });
  });
  it('enforces the inline aggregates per user, group and role', () => {
    expect(checkInlinePolicySize('user', 'alice', 2048)).toBeUndefined();
    expect(checkInlinePolicySize('user', 'alice', 2049)?.message).toBe('Maximum policy size of 2048 bytes exceeded for user alice');
    expect(checkInlinePolicySize('group', 'devs', 5121)?.message).toBe('Maximum policy size of 5120 bytes exceeded for group devs');
    expect(checkInlinePolicySize('role', 'r', 10240)).toBeUndefined();
    expect(checkInlinePolicySize('role', 'r', 10241)?.code).toBe('LimitExceeded');
  });
  it('enforces the trust policy quota', () => {
    expect(checkTrustPolicySize(2049)?.message).toBe('Cannot exceed quota for ACLSizePerRole: 2048');
  });
});
