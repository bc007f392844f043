/**
 * Property tests (fast-check): monotonicity of deny/allow/boundary, and totality of evaluation on random
 * valid documents and random requests.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  authorize,
  compilePolicy,
  parsePolicyValue,
  validatePolicy,
  type AuthzRequest,
  type CompiledPolicy,
  type PolicyKind,
  type PolicyType,
} from '../../../src/core/policy';
import { DEFAULT_REQUEST } from './support';

const ACTIONS = ['iam:ListUsers', 'iam:GetUser', 'iam:CreateUser', 's3:GetObject', 'sts:AssumeRole'];
const RESOURCES = ['arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::111122223333:user/bob', 'arn:aws:s3:::b/k'];
const actionPattern = fc.constantFrom('*', 'iam:*', 'iam:List*', 'iam:?etUser', 's3:*', 'sts:AssumeRole', 'IAM:listusers');
const resourcePattern = fc.constantFrom('*', 'arn:aws:iam::111122223333:user/*', 'arn:aws:iam::*:user/${aws:username}', 'arn:aws:s3:::b/*');
const condition = fc.option(
  fc.constantFrom(
    { StringEquals: { 'aws:PrincipalTag/team': 'ops' } },
    { StringNotLike: { 'aws:RequestedRegion': 'eu-*' } },
    { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } },
    { 'ForAnyValue:StringLike': { 'aws:TagKeys': 'a*' } },
    { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } },
    { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] } },
    { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
    { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } },
    { Null: { 'aws:TokenIssueTime': 'true' } },
  ),
  { nil: undefined },
);
const statement = (effect: fc.Arbitrary<'Allow' | 'Deny'>) =>
  fc.record({
    Effect: effect,
    Action: fc.array(actionPattern, { minLength: 1, maxLength: 3 }),
    Resource: fc.array(resourcePattern, { minLength: 1, maxLength: 2 }),
    Condition: condition,
  }).map(({ Condition, ...s }) => (Condition ? { ...s, Condition } : s));
const policyDoc = (effect: fc.Arbitrary<'Allow' | 'Deny'> = fc.constantFrom('Allow', 'Deny')) =>
  fc.array(statement(effect), { minLength: 1, maxLength: 4 }).map((Statement) => ({ Version: '2012-10-17', Statement }));

const request: fc.Arbitrary<AuthzRequest> = fc.record({
  action: fc.constantFrom(...ACTIONS),
  resource: fc.constantFrom(...RESOURCES),
  tags: fc.option(fc.constantFrom('ops', 'dev'), { nil: undefined }),
  region: fc.option(fc.constantFrom('eu-west-1', 'us-east-1'), { nil: undefined }),
  tagKeys: fc.option(fc.subarray(['a', 'b', 'c']), { nil: undefined }),
  ip: fc.option(fc.constantFrom('10.1.2.3', '192.0.2.1', '2001:db8::5'), { nil: undefined }),
}).map(({ action, resource, tags, region, tagKeys, ip }) => ({
  ...DEFAULT_REQUEST,
  principal: { ...DEFAULT_REQUEST.principal, ...(tags ? { tags: { team: tags } } : {}) },
  action,
  resource,
  context: { 'aws:RequestedRegion': region, 'aws:TagKeys': tagKeys, 'aws:SourceIp': ip },
}));

function compile(doc: unknown, kind: PolicyKind, type: PolicyType, id: string): CompiledPolicy {
  const parsed = parsePolicyValue(doc);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  expect(validatePolicy(parsed.value, kind)).toEqual([]);
  return compilePolicy(parsed.value, { policyId: id, policyType: type });
}
const decide = (req: AuthzRequest, identity: unknown[], boundary?: unknown[]) =>
  authorize({
    request: req,
    identityPolicies: identity.map((d, i) => compile(d, 'identity', 'identity', `p${i}`)),
    ...(boundary ? { boundaryPolicies: boundary.map((d, i) => compile(d, 'boundary', 'boundary', `b${i}`)) } : {}),
  }).decision;

describe('policy engine properties', () => {
  it('adding a Deny statement never turns a deny into an allow', () => {
    fc.assert(fc.property(fc.array(policyDoc(), { maxLength: 3 }), policyDoc(fc.constant('Deny')), request, (ps, d, r) => {
      if (decide(r, ps) !== 'Allow') expect(decide(r, [...ps, d])).not.toBe('Allow');
    }));
  });
  it('adding an Allow statement never turns an allow into a deny', () => {
    fc.assert(fc.property(fc.array(policyDoc(), { maxLength: 3 }), policyDoc(fc.constant('Allow')), request, (ps, a, r) => {
      if (decide(r, ps) === 'Allow') expect(decide(r, [...ps, a])).toBe('Allow');
    }));
  });
  it('adding a permissions boundary never widens access', () => {
    fc.assert(fc.property(fc.array(policyDoc(), { maxLength: 3 }), policyDoc(), request, (ps, b, r) => {
      if (decide(r, ps) !== 'Allow') expect(decide(r, ps, [b])).not.toBe('Allow');
    }));
  });
  it('evaluation never throws on valid documents and random requests', () => {
    fc.assert(fc.property(fc.array(policyDoc(), { maxLength: 4 }), request, (ps, r) => {
      expect(['Allow', 'ExplicitDeny', 'ImplicitDeny']).toContain(decide(r, ps));
    }));
  });
  it('parsing and validation never throw on arbitrary JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const parsed = parsePolicyValue(v);
      if (parsed.ok) validatePolicy(parsed.value, 'identity');
    }));
  });
  it('evaluation never throws on any parsed document, valid or not', () => {
    const anyStatement = fc.record({
      Effect: fc.constantFrom('Allow', 'Deny'),
      Action: fc.oneof(fc.string(), fc.array(fc.string())),
      Resource: fc.oneof(fc.string(), fc.array(fc.string())),
      Condition: fc.dictionary(fc.string(), fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.array(fc.string())))),
    });
    fc.assert(fc.property(fc.array(anyStatement, { minLength: 1, maxLength: 3 }), request, (Statement, r) => {
      const parsed = parsePolicyValue({ Version: '2012-10-17', Statement });
      if (!parsed.ok) return;
      const p = compilePolicy(parsed.value, { policyId: 'x', policyType: 'identity' });
      expect(() => authorize({ request: r, identityPolicies: [p] })).not.toThrow();
    }));
  });
});
