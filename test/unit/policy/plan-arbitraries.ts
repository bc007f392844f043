/**
 * Random scenarios for the plan's property tests: policies over a small vocabulary (actions and
 * NotAction, ARN patterns with wildcards and variables, Resource and NotResource, conditions on resource
 * tags, the SaaS's keys and request keys, deny statements), boundaries, session policies, principals of
 * every kind, and resources with their own keys.
 */
import fc from 'fast-check';
import type { AuthzPrincipal, ContextValue } from '../../../src/core/policy';

export const ACCOUNT = '111122223333';
const ACTIONS = ['acme:GetProject', 'acme:DeleteProject', 'acme:ListDocuments'];
const actionPattern = fc.constantFrom('*', 'acme:*', 'acme:Get*', 'acme:GetProject', 'acme:?eleteProject', 'acme:list*', 'iam:*');
const resourcePattern = fc.constantFrom(
  '*',
  `arn:aws:acme:us-east-1:${ACCOUNT}:project/*`,
  'arn:aws:acme:*:*:project/${aws:username}/*',
  `arn:aws:acme:*:${ACCOUNT}:project/p?`,
  `arn:aws:acme:us-east-1:${ACCOUNT}:project/\${aws:PrincipalTag/team}/*`,
  'arn:aws:acme:*:*:document/*',
  `arn:aws:acme:us-east-1:${ACCOUNT}:project/alice`,
  'arn:aws:acme:*:*:project/${acme:Owner}',
  "arn:aws:acme:*:*:project/${aws:username, 'shared'}*",
  'arn:aws:acme:eu-*:*:*',
  'arn:aws:acme:*:*:project/a*',
  'arn:aws:acme:*:*:*1',
  'arn:aws:acme:us-east-?:*:*',
  `arn:aws:acme:*:${ACCOUNT}:project/p*`,
  "arn:aws:acme:*:*:project/${acme:Owner, 'nobody'}",
);
const condition = fc.constantFrom<Record<string, Record<string, string | string[]>>>(
  { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } },
  { StringEquals: { 'aws:ResourceTag/team': 'ops' } },
  { StringEqualsIgnoreCase: { 'aws:ResourceTag/team': 'OPS' } },
  { StringNotEquals: { 'aws:ResourceTag/env': 'prod' } },
  { StringNotEqualsIgnoreCase: { 'aws:ResourceTag/team': ['Dev', 'x'] } },
  { StringLike: { 'acme:ProjectVisibility': 'pub*' } },
  { StringLike: { 'acme:ProjectVisibility': 'pub[1]*' } },
  { StringNotLike: { 'acme:ProjectVisibility': ['priv*', 'x?'] } },
  { StringEqualsIfExists: { 'aws:ResourceTag/env': 'dev' } },
  { StringNotLikeIfExists: { 'aws:ResourceTag/team': 'd*' } },
  { Null: { 'aws:ResourceTag/env': 'true' } },
  { Null: { 'aws:ResourceTag/team': 'false' } },
  { Bool: { 'acme:Archived': 'true' } },
  { BoolIfExists: { 'acme:Archived': 'false' } },
  { 'ForAnyValue:StringEquals': { 'acme:Labels': ['a', 'b'] } },
  { 'ForAllValues:StringLike': { 'acme:Labels': 'a*' } },
  { 'ForAnyValue:StringNotEquals': { 'acme:Labels': 'a' } },
  { 'ForAllValues:StringNotEqualsIfExists': { 'acme:Labels': 'c' } },
  { NumericLessThan: { 'acme:Size': '10' } },
  { NumericGreaterThanEqualsIfExists: { 'acme:Size': '5' } },
  { NumericNotEquals: { 'acme:Size': ['7', '2.5'] } },
  { DateLessThan: { 'acme:CreatedAt': '2025-01-01T00:00:00Z' } },
  { DateGreaterThanIfExists: { 'acme:CreatedAt': '2024' } },
  { StringEquals: { 'aws:PrincipalTag/team': 'ops' } },
  { StringEquals: { 'acme:Region': 'us-east-1' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { NotIpAddressIfExists: { 'aws:SourceIp': '192.0.2.0/24' } },
  { ArnLike: { 'acme:ParentArn': 'arn:aws:acme:*:*:project/*' } },
  { StringEquals: { 'aws:PrincipalTag/team': '${aws:ResourceTag/team}' } },
  { StringLike: { 'aws:ResourceTag/team': '${aws:username}*' } },
  { StringEquals: { 'acme:Owner': "${aws:username, 'nobody'}" } },
  { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
  { Null: { 'aws:username': 'false' } },
);

/** Merges condition blocks operator by operator (two blocks with one operator keep both keys). */
function mergeConditions(list: Record<string, Record<string, string | string[]>>[]) {
  const out: Record<string, Record<string, string | string[]>> = {};
  for (const block of list) for (const [op, keys] of Object.entries(block)) out[op] = { ...out[op], ...keys };
  return out;
}

const statement = fc.record({
  Effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Deny'),
  actions: fc.array(actionPattern, { minLength: 1, maxLength: 2 }),
  notActionWeighted: fc.integer({ min: 0, max: 4 }),
  resources: fc.array(resourcePattern, { minLength: 1, maxLength: 2 }),
  notResourceWeighted: fc.integer({ min: 0, max: 4 }),
  conditions: fc.array(condition, { maxLength: 2 }),
}).map(({ Effect, actions, notActionWeighted, resources, notResourceWeighted, conditions }) => ({
  Effect,
  ...(notActionWeighted === 0 ? { NotAction: actions } : { Action: actions }),
  ...(notResourceWeighted === 0 ? { NotResource: resources } : { Resource: resources }),
  ...(conditions.length ? { Condition: mergeConditions(conditions) } : {}),
}));
const policyDoc = fc.array(statement, { minLength: 1, maxLength: 3 }).map((Statement) => ({ Version: '2012-10-17', Statement }));

const teamTag = fc.option(fc.constantFrom('ops', 'dev'), { nil: undefined });
const principal: fc.Arbitrary<AuthzPrincipal> = fc.oneof(
  { weight: 6, arbitrary: teamTag.map((team): AuthzPrincipal => ({
    arn: `arn:aws:iam::${ACCOUNT}:user/alice`, accountId: ACCOUNT, type: 'User', userName: 'alice', userId: 'AIDAALICE',
    ...(team ? { tags: { team } } : {}),
  })) },
  { weight: 3, arbitrary: teamTag.map((team): AuthzPrincipal => ({
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/builder/s1`, accountId: ACCOUNT, type: 'AssumedRole',
    userId: 'AROABUILDER:s1', roleArn: `arn:aws:iam::${ACCOUNT}:role/builder`, ...(team ? { tags: { team } } : {}),
  })) },
  { weight: 1, arbitrary: fc.constant<AuthzPrincipal>({ arn: `arn:aws:sts::${ACCOUNT}:federated-user/f`, accountId: ACCOUNT, type: 'FederatedUser' }) },
  { weight: 1, arbitrary: fc.constant<AuthzPrincipal>({ arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT, type: 'Root' }) },
);

/** Request keys the SaaS knows for the whole page, each present or not. */
const planContext = fc.record({
  'aws:SourceIp': fc.option(fc.constantFrom('10.1.2.3', '192.0.2.1'), { nil: undefined }),
  'acme:Region': fc.option(fc.constantFrom('us-east-1', 'eu-west-1'), { nil: undefined }),
  'aws:MultiFactorAuthPresent': fc.option(fc.constantFrom('true', 'false'), { nil: undefined }),
}).map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as Record<string, ContextValue>);

export const ARNS = [
  `arn:aws:acme:us-east-1:${ACCOUNT}:project/alice`,
  `arn:aws:acme:us-east-1:${ACCOUNT}:project/alice/x`,
  `arn:aws:acme:us-east-1:${ACCOUNT}:project/p1`,
  `arn:aws:acme:eu-west-1:${ACCOUNT}:project/ops/p1`,
  `arn:aws:acme:us-east-1:${ACCOUNT}:document/d1`,
  `arn:aws:acme:us-east-1:${ACCOUNT}:project/shared1`,
  `arn:aws:acme:eu-west-1:${ACCOUNT}:document/a1`,
  `arn:aws:acme:us-east-2:${ACCOUNT}:project/dev/x`,
  `arn:aws:acme:us-east-1:${ACCOUNT}:project/p10`,
];
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
/** One resource's own keys: tags and the SaaS's keys, each possibly absent. */
export const resourceKeys = fc.record({
  'aws:ResourceTag/team': opt(fc.constantFrom('ops', 'dev', 'OPS', 'alice-team')),
  'aws:ResourceTag/env': opt(fc.constantFrom('prod', 'dev')),
  'acme:ProjectVisibility': opt(fc.constantFrom('public', 'private', 'x1')),
  'acme:Archived': opt(fc.constantFrom('true', 'false')),
  'acme:Labels': opt(fc.constantFrom<ContextValue>([], ['a'], ['a', 'b'], ['c'], 'a', ['a', 'c'])),
  'acme:Size': opt(fc.constantFrom('3', '7', '20', 'abc')),
  'acme:CreatedAt': opt(fc.constantFrom('2024-06-01T00:00:00Z', '2026-01-01T00:00:00Z', '2023-12-31T23:00:00Z')),
  'acme:Owner': opt(fc.constantFrom('alice', 'p1', 'nobody')),
  'acme:ParentArn': opt(fc.constant(`arn:aws:acme:us-east-1:${ACCOUNT}:project/x`)),
});

/** A scenario whose `count` resources have keys drawn from `keys`. */
export const scenarioWith = <K>(keys: fc.Arbitrary<K>, count: number) => fc.record({
  principal,
  action: fc.constantFrom(...ACTIONS),
  context: planContext,
  identity: fc.array(policyDoc, { minLength: 1, maxLength: 3 }),
  boundary: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: policyDoc }),
  session: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: policyDoc }),
  keys: fc.array(keys, { minLength: count, maxLength: count }),
});

export const scenario = scenarioWith(resourceKeys, ARNS.length);
