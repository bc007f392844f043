/**
 * The validator corpus through the real API: every path that stores a policy gives the answer the
 * corpus records for its kind, and a refusal changes nothing. Managed (and boundary) documents go
 * through CreatePolicy or CreatePolicyVersion, inline ones through PutUserPolicy, PutGroupPolicy and
 * PutRolePolicy in turn, trust policies through CreateRole or UpdateAssumeRolePolicy, session policies
 * through GetFederationToken; the size rows through the path whose quota they test.
 * The refusals are all run, the accepted documents one in four (the unit runner takes them all).
 * Spec: the per-case sources of test/unit/policy/validator-corpus.json.
 */
import { describe, expect, it } from 'vitest';
import { sizedDocument, type SizedKind } from '../unit/policy/sized-documents';
import corpus from '../unit/policy/validator-corpus.json';
import { call, federatingUser, iamOk, newAccount, type Keys, type QueryAnswer } from './support';

const TIMEOUT = 60_000;
const members = (x: any): any[] => (x === '' || x === undefined ? [] : x.member);

interface CorpusCase {
  readonly name: string;
  readonly kind: string;
  readonly document: unknown;
  readonly expected: string | null;
  readonly partition?: string;
}

const text = (c: CorpusCase) => (typeof c.document === 'string' ? c.document : JSON.stringify(c.document));
const sample = (kinds: readonly string[]) =>
  (corpus.cases as readonly CorpusCase[])
    .filter((c) => kinds.includes(c.kind) && (c.partition ?? 'aws') === 'aws')
    .filter((c, i) => c.expected !== null || i % 4 === 0);

/** The service model's pattern for a policy document: text the protocol layer refuses before IAM reads it. */
const MODEL_PATTERN = /^[\u0009\u000A\u000D\u0020-\u00FF]+$/;

/**
 * The corpus answer as the API gives it: 200, or MalformedPolicyDocument (400) with the message. A text
 * outside the model's constraints (empty) is a ValidationError first, as AWS's protocol layer answers it.
 */
function expectAnswer(r: QueryAnswer, expected: string | null, name: string, document: string): void {
  if (!MODEL_PATTERN.test(document)) {
    expect(r.status, name).toBe(400);
    expect(r.error?.Code, name).toBe('ValidationError');
  } else if (expected === null) expect(r.error, name).toBeUndefined();
  else {
    expect(r.status, name).toBe(400);
    expect(r.error, name).toMatchObject({ Code: 'MalformedPolicyDocument', Message: expected });
  }
}

const awsPrincipals = (c: CorpusCase): { effect: string; values: string[] }[] => {
  const doc = c.document as { Statement: unknown };
  const statements = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) as { Effect: string; Principal?: unknown }[];
  return statements.map((s) => {
    const p = s.Principal === '*' ? { AWS: '*' } : ((s.Principal ?? {}) as { AWS?: string | string[] });
    return { effect: s.Effect, values: p.AWS === undefined ? [] : ([] as string[]).concat(p.AWS) };
  });
};

/**
 * What CreateRole answers for a document the grammar accepts. This service refuses what AWS only warns
 * about, an Allow for the `*` principal (src/services/iam/roles/trust.ts). And, as IAM does, it refuses a
 * user or role ARN that names no existing entity (`Invalid principal in policy: "AWS":"<arn>"`): the
 * corpus' examples name entities of accounts that do not exist here, so any of those ARNs may be quoted.
 */
function trustAnswers(c: CorpusCase): readonly (string | null)[] {
  if (c.expected !== null) return [c.expected];
  const statements = awsPrincipals(c);
  if (statements.some((s) => s.effect === 'Allow' && s.values.includes('*'))) return ['Invalid principal in policy: "AWS":"*"'];
  const entities = statements.flatMap((s) => s.values.filter((v) => /^arn:aws:iam::\d{12}:(user|role)\//.test(v)));
  return entities.length ? entities.map((arn) => `Invalid principal in policy: "AWS":"${arn}"`) : [null];
}

function expectOneOf(r: QueryAnswer, answers: readonly (string | null)[], name: string, document: string): void {
  if (answers.length === 1) return expectAnswer(r, answers[0]!, name, document);
  expect(r.status, name).toBe(400);
  expect(r.error?.Code, name).toBe('MalformedPolicyDocument');
  expect(answers, name).toContain(r.error?.Message);
}

describe('the validator corpus through every API path', () => {
  it('managed and boundary documents: CreatePolicy and CreatePolicyVersion', async () => {
    const { root } = await newAccount();
    const base = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } });
    const arn = (await iamOk(root, 'CreatePolicy', { PolicyName: 'Base', PolicyDocument: base })).Policy.Arn;
    const cases = sample(['managed', 'boundary']);
    expect(cases.length).toBeGreaterThan(60);
    let accepted = 0;
    for (const [i, c] of cases.entries()) {
      if (i % 2 === 0) {
        const r = await call(root, 'CreatePolicy', { PolicyName: `p${i}`, PolicyDocument: text(c) });
        expectAnswer(r, c.expected, c.name, text(c));
        if (c.expected === null) accepted++;
      } else {
        const r = await call(root, 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: text(c), SetAsDefault: 'true' });
        expectAnswer(r, c.expected, c.name, text(c));
        // Keep room under the five-version limit.
        if (c.expected === null) {
          const versions = members((await iamOk(root, 'ListPolicyVersions', { PolicyArn: arn })).Versions);
          for (const v of versions.filter((v: any) => v.IsDefaultVersion !== 'true' && v.IsDefaultVersion !== true)) {
            await iamOk(root, 'DeletePolicyVersion', { PolicyArn: arn, VersionId: v.VersionId });
          }
        }
      }
    }
    const names = members((await iamOk(root, 'ListPolicies', { Scope: 'Local' })).Policies).map((p: any) => p.PolicyName);
    expect(names.length).toBe(accepted + 1);
  }, TIMEOUT);

  it('inline documents: PutUserPolicy, PutGroupPolicy and PutRolePolicy', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'u' });
    await iamOk(root, 'CreateGroup', { GroupName: 'g' });
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' } });
    await iamOk(root, 'CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: trust });
    const paths = [
      ['PutUserPolicy', { UserName: 'u' }, 'ListUserPolicies'],
      ['PutGroupPolicy', { GroupName: 'g' }, 'ListGroupPolicies'],
      ['PutRolePolicy', { RoleName: 'r' }, 'ListRolePolicies'],
    ] as const;
    const cases = sample(['inline']);
    expect(cases.length).toBeGreaterThan(60);
    for (const [i, c] of cases.entries()) {
      const [action, holder] = paths[i % 3]!;
      // One name per path: an accepted document replaces the last one, so the aggregate stays small.
      const r = await call(root, action, { ...holder, PolicyName: 'corpus', PolicyDocument: text(c) });
      expectAnswer(r, c.expected, `${action}: ${c.name}`, text(c));
      if (c.expected !== null) {
        const [, , list] = paths[i % 3]!;
        const stored = members((await iamOk(root, list, holder)).PolicyNames);
        if (stored.includes('corpus')) {
          const got = await iamOk(root, action.replace('Put', 'Get'), { ...holder, PolicyName: 'corpus' });
          expect(decodeURIComponent(got.PolicyDocument), `${c.name} changed nothing`).not.toBe(text(c));
        }
      }
    }
  }, TIMEOUT);

  it('trust documents: CreateRole and UpdateAssumeRolePolicy', async () => {
    const { root } = await newAccount();
    const first = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' } });
    await iamOk(root, 'CreateRole', { RoleName: 'target', AssumeRolePolicyDocument: first });
    const cases = sample(['trust']);
    expect(cases.length).toBeGreaterThan(15);
    let created = 0;
    for (const [i, c] of cases.entries()) {
      const answers = trustAnswers(c);
      if (i % 2 === 0) {
        const r = await call(root, 'CreateRole', { RoleName: `t${i}`, AssumeRolePolicyDocument: text(c) });
        expectOneOf(r, answers, `CreateRole: ${c.name}`, text(c));
        if (r.error === undefined) created++;
      } else {
        const r = await call(root, 'UpdateAssumeRolePolicy', { RoleName: 'target', PolicyDocument: text(c) });
        expectOneOf(r, answers, `UpdateAssumeRolePolicy: ${c.name}`, text(c));
      }
    }
    expect(members((await iamOk(root, 'ListRoles')).Roles).length).toBe(created + 1);
  }, TIMEOUT);

  it('session documents: GetFederationToken', async () => {
    const { root } = await newAccount();
    const { federate } = await federatingUser(root);
    const cases = sample(['session']);
    expect(cases.length).toBeGreaterThan(3);
    for (const c of cases) {
      const r = await federate(text(c));
      expectAnswer(r, c.expected, c.name, text(c));
    }
  }, TIMEOUT);

  it('size quotas: LimitExceeded (409) on the path whose quota is passed, nothing stored', async () => {
    const { root } = await newAccount();
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' } });
    const holders = new Set<string>();
    for (const [i, c] of (corpus.sizes as readonly { name: string; kind: SizedKind; entity?: string; entityName?: string; chars: number; pretty?: boolean; expected: string | null }[]).entries()) {
      const document = sizedDocument(c.kind, c.chars, c.pretty);
      let r: QueryAnswer;
      if (c.kind === 'managed') r = await call(root, 'CreatePolicy', { PolicyName: `s${i}`, PolicyDocument: document });
      else if (c.kind === 'trust') r = await call(root, 'CreateRole', { RoleName: `s${i}`, AssumeRolePolicyDocument: document });
      else {
        const key = `${c.entity}:${c.entityName}`;
        const noun = c.entity === 'user' ? 'User' : c.entity === 'group' ? 'Group' : 'Role';
        const holder = { [`${noun}Name`]: c.entityName! };
        if (!holders.has(key)) {
          holders.add(key);
          await iamOk(root, `Create${noun}`, c.entity === 'role' ? { ...holder, AssumeRolePolicyDocument: trust } : holder);
        }
        // The same policy name each time: the new document replaces the last, so it is measured alone.
        r = await call(root, `Put${noun}Policy`, { ...holder, PolicyName: 'sized', PolicyDocument: document });
      }
      if (c.expected === null) expect(r.error, c.name).toBeUndefined();
      else {
        expect(r.status, c.name).toBe(409);
        expect(r.error, c.name).toMatchObject({ Code: 'LimitExceeded', Message: c.expected });
      }
    }
    const refusedManaged = (corpus.sizes as readonly { kind: string; expected: string | null }[]).filter((c) => c.kind === 'managed' && c.expected !== null).length;
    const acceptedManaged = (corpus.sizes as readonly { kind: string }[]).filter((c) => c.kind === 'managed').length - refusedManaged;
    expect(members((await iamOk(root, 'ListPolicies', { Scope: 'Local' })).Policies).length).toBe(acceptedManaged);
  }, TIMEOUT);

  it('the inline quota is the aggregate of the entity: a second policy that passes it is refused', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'alice' });
    await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'a', PolicyDocument: sizedDocument('inline', 1024) });
    await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'b', PolicyDocument: sizedDocument('inline', 1024) });
    const r = await call(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'c', PolicyDocument: sizedDocument('inline', 120) });
    expect(r.status).toBe(409);
    expect(r.error).toMatchObject({ Code: 'LimitExceeded', Message: 'Maximum policy size of 2048 bytes exceeded for user alice' });
    expect(members((await iamOk(root, 'ListUserPolicies', { UserName: 'alice' })).PolicyNames).sort()).toEqual(['a', 'b']);
    // Replacing a policy counts the new document instead of the old one.
    await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'b', PolicyDocument: sizedDocument('inline', 900) });
    await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'c', PolicyDocument: sizedDocument('inline', 120) });
  }, TIMEOUT);
});
