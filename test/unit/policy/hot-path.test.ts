/**
 * The evaluation hot path: the index by action (and its per-action memo), the lazy request view, and
 * parsing request values once per decision. Each optimization is checked against a brute-force or
 * reference version of what it replaced, so it cannot change a decision.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorize, compilePolicy, evaluatePolicies, parsePolicyValue, prepareRequest, type AuthzRequest, type CompiledPolicy } from '../../../src/core/policy';
import { ACTION_MEMO_MAX } from '../../../src/core/policy/compile';
import { parseDate } from '../../../src/core/policy/conditions/date';
import { parseIpv4 } from '../../../src/core/policy/conditions/ip';
import { statementApplies } from '../../../src/core/policy/evaluate';
import { compileJson, DEFAULT_REQUEST, mergeRequest } from './support';

const policy = (id: string, Statement: unknown[]) =>
  compileJson({ Version: '2012-10-17', Statement }, 'identity', 'identity', id);
const allow = (Sid: string, action: string | string[], extra: object = {}) => ({ Sid, Effect: 'Allow', Action: action, Resource: '*', ...extra });
const decide = (action: string, identityPolicies: CompiledPolicy[], context: AuthzRequest['context'] = {}) =>
  authorize({ request: mergeRequest(DEFAULT_REQUEST, { action, context }), identityPolicies });
const ids = (r: { matched: readonly { policyId: string; index: number }[] }) => r.matched.map((m) => `${m.policyId}#${m.index}`);

describe('index by action', () => {
  it('examines a statement with exact and wildcard actions in one service once', () => {
    const p = policy('p', [allow('Both', ['iam:CreateUser', 'iam:Get*', 's3:GetObject'])]);
    for (const a of ['iam:CreateUser', 'IAM:createuser', 'iam:GetUser', 's3:GetObject']) {
      expect(ids(decide(a, [p])), a).toEqual(['p#0']);
    }
    expect(decide('iam:DeleteUser', [p]).decision).toBe('ImplicitDeny');
    expect(decide('s3:PutObject', [p]).decision).toBe('ImplicitDeny');
  });

  it('reports matched statements by policy, then statement index, whatever list indexed them', () => {
    const mk = (id: string) => policy(id, [
      allow('Exact', 'iam:ListUsers'),
      allow('Star', '*'),
      allow('Wild', 'iam:List*'),
      allow('NotAct', 'iam:ListUsers', {}),
      { Sid: 'NotAction', Effect: 'Allow', NotAction: 's3:*', Resource: '*' },
      allow('Other', 's3:GetObject'),
      allow('Exact2', ['iam:ListUsers', 'sts:GetCallerIdentity']),
    ]);
    expect(ids(decide('iam:ListUsers', [mk('a'), mk('b')]))).toEqual(
      ['a#0', 'a#1', 'a#2', 'a#3', 'a#4', 'a#6', 'b#0', 'b#1', 'b#2', 'b#3', 'b#4', 'b#6'],
    );
  });

  it('decides the same on a memo hit, a miss, and past the memo bound', () => {
    const p = policy('p', [allow('Wild', 'svc:Op1*'), { Sid: 'D', Effect: 'Deny', Action: 'svc:Op12', Resource: '*' }]);
    const expected = (n: number) => (n === 12 ? 'ExplicitDeny' : String(n).startsWith('1') ? 'Allow' : 'ImplicitDeny');
    for (let round = 0; round < 2; round++) {
      for (let n = 0; n < ACTION_MEMO_MAX + 200; n++) expect(decide(`svc:Op${n}`, [p]).decision).toBe(expected(n));
    }
    expect(p.actionMemo.size).toBe(ACTION_MEMO_MAX);
  });

  it('finds exactly the statements a scan of every statement finds, in the same order', () => {
    const actionPattern = fc.constantFrom(
      '*', 'iam:*', 'iam:List*', 'iam:?etUser', 'IAM:ListUsers', 'iam:listusers', 'iam:GetUser', 's3:*', 's3:GetObject',
      's*:Get*', '*:GetObject', 'sts:AssumeRole', 'iam', 'iam:', ':ListUsers', 'i?m:ListUsers', 'iam:List*Users',
    );
    const statement = fc.record({
      Effect: fc.constantFrom('Allow', 'Deny'),
      kind: fc.constantFrom('Action', 'NotAction'),
      actions: fc.array(actionPattern, { minLength: 1, maxLength: 4 }),
    }).map(({ Effect, kind, actions }) => ({ Effect, [kind]: actions, Resource: '*' }));
    const requestAction = fc.constantFrom('iam:ListUsers', 'IAM:listusers', 'iam:GetUser', 'iam:CreateUser', 's3:GetObject',
      'sts:AssumeRole', 'iam', 'iam:', ':ListUsers', 'ec2:GetObject', 'iam:ListUsersUsers');
    fc.assert(fc.property(fc.array(fc.array(statement, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 3 }), requestAction,
      (docs, action) => {
        const policies = docs.map((Statement, i) => {
          const parsed = parsePolicyValue({ Version: '2012-10-17', Statement });
          if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
          return compilePolicy(parsed.value, { policyId: `p${i}`, policyType: 'identity' });
        });
        const req = prepareRequest(mergeRequest(DEFAULT_REQUEST, { action }));
        const brute = policies.flatMap((p) => p.statements.filter((st) => statementApplies(st, req, false) !== undefined));
        for (let pass = 0; pass < 2; pass++) { // miss, then memo hit
          const got = evaluatePolicies(policies, req);
          const order = (list: readonly { ref: { policyId: string; index: number } }[]) => list.map((s) => `${s.ref.policyId}#${s.ref.index}`);
          expect(order(got.allows)).toEqual(order(brute.filter((s) => s.effect === 'Allow')));
          expect(order(got.denies)).toEqual(order(brute.filter((s) => s.effect === 'Deny')));
        }
      }));
  });
});

describe('prepared request', () => {
  /** The eager view this replaced: derived keys first, then the caller's defined values, all lowercased. */
  function referenceValue(r: AuthzRequest, keyLower: string) {
    const p = r.principal;
    const m = new Map<string, unknown>();
    m.set('aws:principalarn', p.type === 'AssumedRole' && p.roleArn ? p.roleArn : p.arn);
    m.set('aws:principalaccount', p.accountId);
    const type = ({ Root: 'Account', User: 'User', AssumedRole: 'AssumedRole', FederatedUser: 'FederatedUser', Anonymous: 'Anonymous' } as Record<string, string>)[p.type];
    if (type) m.set('aws:principaltype', type);
    if (p.type === 'User' && p.userName) m.set('aws:username', p.userName);
    if (p.userId) m.set('aws:userid', p.userId);
    for (const [k, v] of Object.entries(p.tags ?? {})) m.set(`aws:principaltag/${k.toLowerCase()}`, v);
    for (const [k, v] of Object.entries(r.context)) if (v !== undefined) m.set(k.toLowerCase(), v);
    return m.get(keyLower);
  }

  it('sees the same values as the eager view, for every principal type', () => {
    const keys = ['aws:principalarn', 'aws:principalaccount', 'aws:principaltype', 'aws:username', 'aws:userid',
      'aws:principaltag/team', 'aws:principaltag/cost', 'aws:principaltag/', 'aws:sourceip', 'aws:tagkeys', 'aws:principaltag'];
    const principal = fc.record({
      arn: fc.constantFrom('arn:aws:iam::111122223333:user/alice', 'arn:aws:sts::111122223333:assumed-role/r/s'),
      accountId: fc.constantFrom('111122223333', ''),
      type: fc.constantFrom('Root', 'User', 'AssumedRole', 'FederatedUser', 'Service', 'Federated', 'Anonymous' as const),
      userName: fc.option(fc.constantFrom('alice', ''), { nil: undefined }),
      userId: fc.option(fc.constantFrom('AIDA1', ''), { nil: undefined }),
      roleArn: fc.option(fc.constantFrom('arn:aws:iam::111122223333:role/r', ''), { nil: undefined }),
      tags: fc.option(fc.dictionary(fc.constantFrom('team', 'Team', 'TEAM', 'cost', ''), fc.constantFrom('a', 'b')), { nil: undefined }),
    }, { requiredKeys: ['arn', 'accountId', 'type'] });
    const context = fc.dictionary(
      fc.constantFrom('aws:SourceIp', 'AWS:SOURCEIP', 'aws:username', 'aws:PrincipalTag/team', 'aws:TagKeys', 'aws:principalArn'),
      fc.option(fc.oneof(fc.constantFrom('x', '10.0.0.1'), fc.array(fc.constantFrom('a', 'b'))), { nil: undefined }),
    );
    fc.assert(fc.property(principal, context, (p, ctx) => {
      const r: AuthzRequest = { ...DEFAULT_REQUEST, principal: p as AuthzRequest['principal'], context: ctx };
      for (let pass = 0; pass < 2; pass++) { // the second request reuses the principal object (tag cache)
        const req = prepareRequest(r);
        for (const k of keys) {
          expect(req.value(k), k).toEqual(referenceValue(r, k));
          const v = referenceValue(r, k);
          expect(req.variable(k), k).toEqual(typeof v === 'string' ? v : undefined);
        }
      }
    }));
  });

  it('parses each request value once per decision and parser', () => {
    const req = prepareRequest(DEFAULT_REQUEST);
    let calls = 0;
    const parse = (s: string) => { calls++; return s.length; };
    expect([req.memo(parse, 'abc'), req.memo(parse, 'abc'), req.memo(parse, 'de'), req.memo(parse, 'abc')]).toEqual([3, 3, 2, 3]);
    expect(calls).toBe(2);
    const other = (s: string) => `${s}!`;
    expect(req.memo(other, 'abc')).toBe('abc!');
    expect(prepareRequest(DEFAULT_REQUEST).memo(parse, 'abc')).toBe(3); // a new request parses again
    expect(calls).toBe(3);
  });

  it('gives the same decision when many conditions compare one IP and one date', () => {
    const conds = (n: number) => Array.from({ length: n }, (_, i) => allow(`S${i}`, 'iam:ListUsers', {
      Condition: { IpAddress: { 'aws:SourceIp': `10.${i}.0.0/16` }, DateLessThan: { 'aws:CurrentTime': `20${30 + (i % 50)}-01-01T00:00:00Z` } },
    }));
    const p = policy('p', conds(40));
    const at = (ip: string, time: string) => decide('iam:ListUsers', [p], { 'aws:SourceIp': ip, 'aws:CurrentTime': time });
    expect(ids(at('10.7.1.2', '2031-06-01T00:00:00Z'))).toEqual(['p#7']);
    expect(at('10.7.1.2', '2040-06-01T00:00:00Z').decision).toBe('ImplicitDeny');
    expect(at('10.99.1.2', '2020-06-01T00:00:00.000Z').decision).toBe('ImplicitDeny');
    expect(at('not-an-ip', '2020-06-01T00:00:00Z').decision).toBe('ImplicitDeny');
  });
});

describe('request-value parsers', () => {
  const V4_PART = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
  const referenceIpv4 = (s: string) => {
    const parts = s.split('.');
    return parts.length !== 4 || !parts.every((x) => V4_PART.test(x)) ? undefined : Array.from(parts, Number);
  };
  it('parses IPv4 exactly like the dotted-quad grammar', () => {
    const part = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('', '00', '01', '007', '1a', ' 1', '+1', '٣', '1234'));
    const ip = fc.oneof(fc.array(part, { minLength: 1, maxLength: 6 }).map((xs) => xs.join('.')), fc.string());
    fc.assert(fc.property(ip, (s) => {
      const got = parseIpv4(s);
      expect(got === undefined ? undefined : Array.from(got), s).toEqual(referenceIpv4(s));
    }), { numRuns: 2000 });
  });

  // The general grammar, without the fast path for `YYYY-MM-DDTHH:MM:SS[.sss]Z`.
  const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;
  const referenceDate = (s: string): number | undefined => {
    if (/^\d+$/.test(s) && s.length !== 4) return Number(s) * 1000;
    const m = ISO.exec(s);
    if (!m) return undefined;
    const [, y, mo = '01', d = '01', h = '00', mi = '00', sec = '00', frac = '', tz = 'Z'] = m;
    const month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(sec);
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
    const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
    let t = Date.UTC(Number(y), month - 1, day, hour, minute, second, ms);
    if (tz !== 'Z') t -= (tz[0] === '-' ? -1 : 1) * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(4, 6))) * 60_000;
    return t;
  };
  it('parses UTC timestamps on the fast path exactly like the general grammar', () => {
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const stamp = fc.tuple(fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')), two(14), two(33), two(25), two(61), two(62),
      fc.constantFrom('', '.000', '.5', '.999', '.123', '.1234', '.x12'), fc.constantFrom('Z', 'z', '+01:00', ''))
      .map(([y, mo, d, h, mi, s, f, z]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${f}${z}`);
    fc.assert(fc.property(fc.oneof(stamp, fc.string({ maxLength: 24 })), (s) => { expect(parseDate(s), s).toBe(referenceDate(s)); }), { numRuns: 3000 });
    for (let ms = 0; ms < 1000; ms++) {
      const s = `2024-02-29T23:59:60.${String(ms).padStart(3, '0')}Z`;
      expect(parseDate(s), s).toBe(referenceDate(s));
    }
  });
});
