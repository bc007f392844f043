/**
 * The list-page plan (core/policy/plan.ts) on readable cases: what a SaaS gets for the policies it will
 * meet most (wildcard ARNs, `${aws:username}` homes, tag-based ABAC, a deny on a tag, NotResource,
 * boundaries and session policies), and, for each case, the plan checked against `authorize()` on sample
 * resources. The random version of that check is plan-properties.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { authorize, type AuthzPrincipal, type AuthzRequest, type ContextValue } from '../../../src/core/policy';
import { planResources, type ResourcePlan } from '../../../src/core/policy/plan';
import { compilePlan } from '../../../src/core/policy/plan-match';
import { planMatches } from './plan-support';
import { compileJson } from './support';

const ACCOUNT = '111122223333';
const arn = (path: string, region = 'us-east-1') => `arn:aws:acme:${region}:${ACCOUNT}:${path}`;
const ALICE: AuthzPrincipal = {
  arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  accountId: ACCOUNT,
  type: 'User',
  userName: 'alice',
  userId: 'AIDAEXAMPLEALICE',
  tags: { team: 'ops' },
};
const ROLE_SESSION: AuthzPrincipal = {
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/builder/s1`,
  accountId: ACCOUNT,
  type: 'AssumedRole',
  userId: 'AROAEXAMPLEBUILDER:s1',
  roleArn: `arn:aws:iam::${ACCOUNT}:role/builder`,
  tags: { team: 'dev' },
};

type Doc = Record<string, unknown>;
const allow = (Action: unknown, Resource: unknown, Condition?: unknown): Doc =>
  ({ Effect: 'Allow', Action, Resource, ...(Condition ? { Condition } : {}) });
const deny = (Action: unknown, Resource: unknown, Condition?: unknown): Doc =>
  ({ Effect: 'Deny', Action, Resource, ...(Condition ? { Condition } : {}) });
const policy = (...Statement: Doc[]) => ({ Version: '2012-10-17', Statement });

interface Case {
  principal?: AuthzPrincipal;
  action?: string;
  context?: Record<string, ContextValue>;
  identity: unknown[];
  boundary?: unknown[];
  session?: unknown[];
  resourceAccountId?: string;
}

/** Sample resources (ARN and resource keys) every case's plan is checked against with `authorize()`. */
const SAMPLES: { arn: string; keys: Record<string, ContextValue> }[] = [
  { arn: arn('project/alice'), keys: { 'aws:ResourceTag/team': 'ops' } },
  { arn: arn('project/alice/p1'), keys: { 'aws:ResourceTag/team': 'dev', 'acme:ProjectVisibility': 'public' } },
  { arn: arn('project/bob/p2'), keys: { 'aws:ResourceTag/team': 'ops', 'aws:ResourceTag/secret': 'true' } },
  { arn: arn('project/secret-plans'), keys: {} },
  { arn: arn('project/p3', 'eu-west-1'), keys: { 'acme:ProjectVisibility': 'private' } },
  { arn: arn('document/d1'), keys: { 'aws:ResourceTag/team': 'OPS' } },
  { arn: arn('project/dev/x'), keys: { 'aws:ResourceTag/team': 'dev', 'aws:ResourceTag/secret': 'false' } },
];

function run(c: Case): ResourcePlan {
  const request = {
    principal: c.principal ?? ALICE,
    action: c.action ?? 'acme:GetProject',
    context: c.context ?? {},
    ...(c.resourceAccountId ? { resourceAccountId: c.resourceAccountId } : {}),
  };
  const identityPolicies = c.identity.map((d, i) => compileJson(d, 'identity', 'identity', `identity-${i}`));
  const boundaryPolicies = c.boundary?.map((d, i) => compileJson(d, 'boundary', 'boundary', `boundary-${i}`));
  const sessionPolicies = c.session?.map((d, i) => compileJson(d, 'session', 'session', `session-${i}`));
  const plan = planResources({ request, identityPolicies, boundaryPolicies, sessionPolicies });
  // The plan agrees with authorize() on every sample (a superset when not exact).
  for (const s of SAMPLES) {
    const r: AuthzRequest = { ...request, resource: s.arn, context: { ...request.context, ...s.keys } };
    const allowed = authorize({ request: r, identityPolicies, boundaryPolicies, sessionPolicies }).decision === 'Allow';
    if (plan.exact) expect(planMatches(plan, s.arn, s.keys), s.arn).toBe(allowed);
    else if (allowed) expect(planMatches(plan, s.arn, s.keys), s.arn).toBe(true);
  }
  return plan;
}

describe('plan for list pages', () => {
  it('an action allowed on every resource is kind Allow; nothing allowed is kind Deny', () => {
    expect(run({ identity: [policy(allow('acme:*', '*'))] })).toEqual({ kind: 'Allow', allow: [{ resources: ['*'] }], deny: [], exact: true });
    expect(run({ identity: [] })).toEqual({ kind: 'Deny', allow: [], deny: [], exact: true });
    expect(run({ identity: [policy(allow('acme:List*', '*'))] }).kind).toBe('Deny');
  });

  it('wildcard ARNs become patterns: nested ones dropped, filters differing only in patterns merged', () => {
    const plan = run({
      identity: [policy(
        allow('acme:GetProject', arn('project/*')),
        allow(['acme:Get*'], [arn('project/alice/*'), 'arn:aws:acme:*:*:document/d?']),
      )],
    });
    expect(plan).toEqual({
      kind: 'Filter',
      allow: [{ resources: [arn('project/*'), 'arn:aws:acme:*:*:document/d?'] }],
      deny: [],
      exact: true,
    });
  });

  it('${aws:username} homes are substituted; a principal without a user name gets nothing from them', () => {
    const home = policy(allow('acme:*', `arn:aws:acme:*:${ACCOUNT}:project/\${aws:username}/*`));
    expect(run({ identity: [home] }).allow).toEqual([{ resources: [`arn:aws:acme:*:${ACCOUNT}:project/alice/*`] }]);
    expect(run({ identity: [home], principal: ROLE_SESSION }).kind).toBe('Deny');
    // With a default, the role session gets the default's home.
    const withDefault = policy(allow('acme:*', `arn:aws:acme:*:${ACCOUNT}:project/\${aws:username, 'shared'}/*`));
    expect(run({ identity: [withDefault], principal: ROLE_SESSION }).allow).toEqual([{ resources: [`arn:aws:acme:*:${ACCOUNT}:project/shared/*`] }]);
  });

  it('tag-based ABAC: the principal side is substituted, the resource tag becomes a condition', () => {
    const abac = policy(allow('acme:GetProject', '*', { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } }));
    expect(run({ identity: [abac] })).toEqual({
      kind: 'Filter',
      allow: [{ resources: ['*'], conditions: [{ operator: 'StringEquals', key: 'aws:resourcetag/team', values: ['ops'] }] }],
      deny: [],
      exact: true,
    });
    expect(run({ identity: [abac], principal: ROLE_SESSION }).allow[0]!.conditions![0]!.values).toEqual(['dev']);
    // A principal without the tag: the variable has no value, the statement never applies.
    expect(run({ identity: [abac], principal: { ...ALICE, tags: {} } }).kind).toBe('Deny');
  });

  it('a deny on a resource tag is a deny filter; an unconditional deny is kind Deny', () => {
    const plan = run({
      identity: [policy(allow('acme:*', '*'), deny('acme:*', '*', { StringEquals: { 'aws:ResourceTag/secret': 'true' } }))],
    });
    expect(plan).toEqual({
      kind: 'Filter',
      allow: [{ resources: ['*'] }],
      deny: [{ resources: ['*'], conditions: [{ operator: 'StringEquals', key: 'aws:resourcetag/secret', values: ['true'] }] }],
      exact: true,
    });
    expect(run({ identity: [policy(allow('acme:*', '*'), deny('acme:Get*', '*'))] }).kind).toBe('Deny');
  });

  it('a deny outside every allowed pattern is left out; an allow inside a deny is left out', () => {
    const plan = run({
      identity: [policy(
        allow('acme:*', arn('project/*'), { StringEquals: { 'aws:ResourceTag/team': 'ops' } }),
        allow('acme:*', arn('project/secret-*')),
        deny('acme:*', arn('document/*')),
        deny('acme:*', arn('project/secret-*')),
      )],
    });
    expect(plan).toEqual({
      kind: 'Filter',
      allow: [{ resources: [arn('project/*')], conditions: [{ operator: 'StringEquals', key: 'aws:resourcetag/team', values: ['ops'] }] }],
      deny: [{ resources: [arn('project/secret-*')] }],
      exact: true,
    });
  });

  it('NotResource becomes notResources; in a deny, it denies everything else', () => {
    expect(run({ identity: [policy({ Effect: 'Allow', Action: 'acme:*', NotResource: arn('project/secret-*') })] }).allow)
      .toEqual([{ resources: ['*'], notResources: [arn('project/secret-*')] }]);
    const plan = run({
      identity: [policy(allow('acme:*', '*'), { Effect: 'Deny', Action: 'acme:*', NotResource: `arn:aws:acme:*:${ACCOUNT}:project/*` })],
    });
    expect(plan.deny).toEqual([{ resources: ['*'], notResources: [`arn:aws:acme:*:${ACCOUNT}:project/*`] }]);
    expect(plan.exact).toBe(true);
    // Where every allowed resource is inside the exclusion, that deny has nothing left to deny.
    expect(run({
      identity: [policy(allow('acme:*', arn('project/*')), { Effect: 'Deny', Action: 'acme:*', NotResource: `arn:aws:acme:*:${ACCOUNT}:project/*` })],
    })).toEqual({ kind: 'Filter', allow: [{ resources: [arn('project/*')] }], deny: [], exact: true });
  });

  it('of two NotResource allows, the one excluding less is kept whole', () => {
    const plan = run({
      identity: [policy(
        { Effect: 'Allow', Action: 'acme:*', NotResource: arn('project/s*') },
        { Effect: 'Allow', Action: 'acme:*', NotResource: arn('project/secret-*') },
      )],
    });
    expect(plan).toEqual({ kind: 'Filter', allow: [{ resources: ['*'], notResources: [arn('project/secret-*')] }], deny: [], exact: true });
  });

  it('a permissions boundary intersects: the narrower pattern, conditions of both', () => {
    const plan = run({
      identity: [policy(allow('acme:*', `arn:aws:acme:*:${ACCOUNT}:project/*`, { StringEquals: { 'aws:ResourceTag/team': 'ops' } }))],
      boundary: [policy(allow('acme:Get*', arn('project/alice*')), allow('acme:Get*', arn('document/*')))],
    });
    expect(plan).toEqual({
      kind: 'Filter',
      allow: [{ resources: [arn('project/alice*')], conditions: [{ operator: 'StringEquals', key: 'aws:resourcetag/team', values: ['ops'] }] }],
      deny: [],
      exact: true,
    });
    // A boundary that does not cover the action denies everything; one allowing `*` changes nothing.
    expect(run({ identity: [policy(allow('acme:*', '*'))], boundary: [policy(allow('acme:List*', '*'))] }).kind).toBe('Deny');
    expect(run({ identity: [policy(allow('acme:*', arn('project/*')))], boundary: [policy(allow('*', '*'))] }).allow)
      .toEqual([{ resources: [arn('project/*')] }]);
  });

  it('patterns intersect segment by segment: a boundary on the region narrows an identity policy on the path', () => {
    const plan = run({
      identity: [policy(allow('acme:*', 'arn:aws:acme:*:*:project/a*'))],
      boundary: [policy(allow('acme:*', `arn:aws:acme:us-east-1:${ACCOUNT}:*`))],
    });
    expect(plan).toEqual({ kind: 'Filter', allow: [{ resources: [`arn:aws:acme:us-east-1:${ACCOUNT}:project/a*`] }], deny: [], exact: true });
  });

  it('patterns that overlap without nesting make the intersection a superset, and the plan not exact', () => {
    const plan = run({
      identity: [policy(allow('acme:*', arn('project/a*')))],
      boundary: [policy(allow('acme:*', arn('project/*1')))],
    });
    expect(plan).toMatchObject({ kind: 'Filter', exact: false });
  });

  it('session policies intersect for role sessions; a federated user needs one', () => {
    const plan = run({
      principal: ROLE_SESSION,
      identity: [policy(allow('acme:*', '*'))],
      session: [policy(allow('acme:GetProject', arn('project/dev/*')))],
    });
    expect(plan).toEqual({ kind: 'Filter', allow: [{ resources: [arn('project/dev/*')] }], deny: [], exact: true });
    const federated: AuthzPrincipal = { arn: `arn:aws:sts::${ACCOUNT}:federated-user/f`, accountId: ACCOUNT, type: 'FederatedUser' };
    expect(run({ principal: federated, identity: [policy(allow('acme:*', '*'))] }).kind).toBe('Deny');
    expect(run({ principal: federated, identity: [policy(allow('acme:*', '*'))], session: [policy(allow('acme:*', '*'))] }).kind).toBe('Allow');
    // Session policies do not apply to an IAM user's own requests.
    expect(run({ identity: [policy(allow('acme:*', '*'))], session: [policy(deny('acme:*', '*'))] }).kind).toBe('Allow');
  });

  it('the root user gets everything in its account, nobody gets another account without a resource policy', () => {
    const root: AuthzPrincipal = { arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT, type: 'Root' };
    expect(run({ principal: root, identity: [] }).kind).toBe('Allow');
    expect(run({ identity: [policy(allow('acme:*', '*'))], resourceAccountId: '444455556666' }).kind).toBe('Deny');
    expect(run({ principal: root, identity: [], resourceAccountId: '444455556666' }).kind).toBe('Deny');
  });

  it('keys of the request context are decided now; absent request keys stay open', () => {
    const ip = policy(allow('acme:*', '*', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }));
    expect(run({ identity: [ip], context: { 'aws:SourceIp': '10.1.2.3' } }).kind).toBe('Allow');
    expect(run({ identity: [ip], context: { 'aws:SourceIp': '192.0.2.1' } }).kind).toBe('Deny');
    // Without the key, IpAddress cannot be a filter: a superset, decided per resource.
    expect(run({ identity: [ip] })).toEqual({ kind: 'Filter', allow: [{ resources: ['*'] }], deny: [], exact: false });
    // A SaaS key known for the whole page is decided too.
    const region = policy(allow('acme:*', '*', { StringEquals: { 'acme:Region': 'us-east-1' } }));
    expect(run({ identity: [region], context: { 'acme:Region': 'us-east-1' } }).kind).toBe('Allow');
    expect(run({ identity: [region], context: { 'acme:Region': 'eu-west-1' } }).kind).toBe('Deny');
  });

  it('SaaS keys, IfExists, Null and set operators become conditions with IAM meaning', () => {
    const plan = run({
      identity: [policy(allow('acme:*', '*', {
        StringLike: { 'acme:ProjectVisibility': 'pub*' },
        StringNotEqualsIfExists: { 'aws:ResourceTag/team': 'dev' },
        Null: { 'aws:ResourceTag/secret': 'true' },
        'ForAnyValue:StringEquals': { 'acme:Labels': ['a', 'b'] },
      }))],
    });
    expect(plan.exact).toBe(true);
    expect(plan.allow[0]!.conditions).toEqual([
      { operator: 'StringLike', key: 'acme:projectvisibility', values: ['pub*'] },
      { operator: 'StringNotEqualsIfExists', key: 'aws:resourcetag/team', values: ['dev'] },
      { operator: 'Null', key: 'aws:resourcetag/secret', values: ['true'] },
      { operator: 'ForAnyValue:StringEquals', key: 'acme:labels', values: ['a', 'b'] },
    ]);
  });

  it('a deny it cannot say exactly is left to the per-resource decision, and the plan says so', () => {
    const plan = run({
      identity: [policy(allow('acme:*', '*'), deny('acme:*', '*', { IpAddress: { 'acme:ClientRange': '10.0.0.0/8' } }))],
    });
    expect(plan).toEqual({ kind: 'Filter', allow: [{ resources: ['*'] }], deny: [], exact: false });
    // A resource key used as a variable: the allow widens to `*`, not exact.
    const byKey = run({ identity: [policy(allow('acme:*', arn('project/${acme:Owner}')))] });
    expect(byKey).toEqual({ kind: 'Filter', allow: [{ resources: [arn('project/*')] }], deny: [], exact: false });
  });

  it('in memory, a plan is compiled once; a plan with an operator IAM does not know is refused, never an allow', () => {
    const plan = run({ identity: [policy(allow('acme:*', arn('project/*'), { StringEquals: { 'aws:ResourceTag/team': 'ops' } }))] });
    const test = compilePlan(plan);
    expect(test(arn('project/p1'), { 'aws:ResourceTag/Team': 'ops' })).toBe(true);
    expect(test(arn('project/p1'), { 'aws:ResourceTag/team': 'dev' })).toBe(false);
    expect(test(arn('project/p1'))).toBe(false);
    expect(test(arn('document/d1'), { 'aws:ResourceTag/team': 'ops' })).toBe(false);
    const broken = { ...plan, allow: [{ resources: ['*'], conditions: [{ operator: 'StringMatches', key: 'k', values: ['v'] }] }] };
    expect(() => compilePlan(broken)).toThrow(/unknown operator StringMatches/);
  });

  it('policies built to make comparisons expensive still plan quickly, and soundly', () => {
    // 8 managed policies of 40 statements, each with patterns that share their fixed ends (no quick rejection).
    const noisy = (n: number) => policy(...Array.from({ length: 40 }, (_, i) =>
      allow('acme:Get*', Array.from({ length: 4 }, (_, j) => `arn:aws:acme:*:*:project/${'a*'.repeat(40 + ((i * 4 + j + n) % 30))}z`))));
    const identity = Array.from({ length: 8 }, (_, n) => noisy(n));
    const boundary = [noisy(99)];
    const started = performance.now();
    const plan = run({ identity, boundary });
    // Generous for a shared CI machine; the comparison budget keeps it in milliseconds on a quiet one.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(plan.kind).toBe('Filter');
  });
});
