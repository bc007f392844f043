/**
 * IAM knows the catalog's services (issue 9 §1): the acme catalog, loaded through the operator API, is
 * read by the account's object for the simulator; policies naming acme actions and condition keys are
 * stored like any other.
 *
 * What AWS does, and so what this does:
 * - CreatePolicy / PutUserPolicy check the policy grammar, not whether an action or a service exists: a
 *   typo (`s2:`, `ListMyBuckets`) is stored and simply matches nothing (IAM User Guide, "Troubleshoot IAM
 *   policies": the policy validator "checks only the JSON policy syntax"; the console's policy summary lists
 *   such entries as unrecognized). So `acme:GetProject` is valid, and so are an unknown `acme:` action and
 *   an unknown service prefix.
 * - The simulator evaluates any `service:Action` it is given (the ActionNames member has no list of valid
 *   actions); for an action it knows, EvalResourceName is "the ARN template for the simulated resource
 *   type": here the catalog's ARN format.
 * - GetContextKeysFor*Policy lists the keys the policies reference, catalog keys included.
 */
import { describe, expect, it } from 'vitest';
import { call, iamOk, newAccount, operator, policy, userWithKey, type Keys } from './support';

const ACME_TEXT = Object.values(import.meta.glob('/examples/acme/acme.service.json', { query: '?raw', import: 'default', eager: true }))[0] as string;

const list = (x: any): any[] => (x === '' || x === undefined ? [] : Array.isArray(x.member) ? x.member : [x.member]);
const members = (name: string, values: readonly string[]) => Object.fromEntries(values.map((v, i) => [`${name}.member.${i + 1}`, v]));

/** Puts the acme catalog; returns the write's bookmark (read-your-writes for the calls that pass it). */
async function putAcme(): Promise<string> {
  const res = await operator('PUT', '/services/acme', JSON.parse(ACME_TEXT));
  expect(res.status).toBe(200);
  return res.headers.get('x-iam-bookmark')!;
}

/** An IAM call carrying a bookmark. */
async function iamAt(keys: Keys, bookmark: string, action: string, params: Record<string, string>): Promise<any> {
  const r = await call(keys, action, params, 'iam', { 'x-iam-bookmark': bookmark });
  if (r.status !== 200) throw new Error(`${action} failed: ${r.status} ${r.xml}`);
  return r.result;
}

const byAction = (rs: any[]) => Object.fromEntries(rs.map((r) => [r.EvalActionName, r]));

const PROJECT = (account: string, id = 'p1') => `arn:aws:acme:us-east-1:${account}:project/${id}`;
const DOCUMENT = (account: string) => `${PROJECT(account)}/document/d1`;

describe('policies naming catalog actions', () => {
  it('accepts acme actions and condition keys in CreatePolicy and PutUserPolicy', async () => {
    await putAcme();
    const { accountId, root } = await newAccount();
    const doc = policy({
      Effect: 'Allow',
      Action: ['acme:GetProject', 'acme:List*'],
      Resource: `arn:aws:acme:*:${accountId}:project/*`,
      Condition: { StringEquals: { 'acme:ProjectVisibility': 'public', 'aws:ResourceTag/team': 'blue' } },
    });
    const created = await iamOk(root, 'CreatePolicy', { PolicyName: 'acme-read', PolicyDocument: doc });
    expect(created.Policy.Arn).toBe(`arn:aws:iam::${accountId}:policy/acme-read`);
    await iamOk(root, 'CreateUser', { UserName: 'dev' });
    await iamOk(root, 'PutUserPolicy', { UserName: 'dev', PolicyName: 'inline', PolicyDocument: doc });
  });

  it('stores an unknown acme action and an unknown service as IAM does (grammar only), still refusing bad grammar', async () => {
    await putAcme();
    const { root } = await newAccount();
    for (const action of ['acme:GetProjekt', 'acme:NoSuchAction', 'nosuchservice:DoThing']) {
      const r = await call(root, 'CreatePolicy', { PolicyName: action.replace(/:/g, '-'), PolicyDocument: policy({ Effect: 'Allow', Action: action, Resource: '*' }) });
      expect(r.status, action).toBe(200);
    }
    const bad = await call(root, 'CreatePolicy', { PolicyName: 'bad', PolicyDocument: policy({ Effect: 'Allow', Action: 'acme GetProject', Resource: '*' }) });
    expect(bad.status).toBe(400);
    expect(bad.error).toMatchObject({ Code: 'MalformedPolicyDocument', Message: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.' });
  });
});

describe('the simulator with the acme catalog', () => {
  it('decides acme actions and answers the ARN formats of their resource types', async () => {
    const bookmark = await putAcme();
    const { accountId, root } = await newAccount();
    const allow = policy({ Effect: 'Allow', Action: 'acme:Get*', Resource: `arn:aws:acme:*:${accountId}:project/*` });
    const out = await iamAt(root, bookmark, 'SimulateCustomPolicy', {
      ...members('PolicyInputList', [allow]),
      ...members('ActionNames', ['acme:GetProject', 'acme:DeleteProject', 'acme:GetDocument', 'acme:ListProjects', 'acme:GetProjekt']),
      ...members('ResourceArns', [PROJECT(accountId), DOCUMENT(accountId)]),
    });
    const r = byAction(list(out.EvaluationResults));
    expect(r['acme:GetProject'].EvalDecision).toBe('allowed');
    expect(r['acme:GetProject'].EvalResourceName).toBe('arn:${Partition}:acme:${Region}:${Account}:project/${ProjectId}');
    expect(r['acme:DeleteProject'].EvalDecision).toBe('implicitDeny');
    expect(r['acme:GetDocument'].EvalDecision).toBe('allowed');
    // The first simulated resource of one of the action's types decides the template.
    expect(r['acme:GetDocument'].EvalResourceName).toBe('arn:${Partition}:acme:${Region}:${Account}:project/${ProjectId}/document/${DocumentId}');
    // An action without resource types, and an action the catalog does not have: `*`.
    expect(r['acme:ListProjects'].EvalResourceName).toBe('*');
    expect(r['acme:GetProjekt'].EvalResourceName).toBe('*');
    expect(r['acme:GetProjekt'].EvalDecision).toBe('allowed');
  });

  it('evaluates acme condition keys from ContextEntries and reports the missing ones', async () => {
    const bookmark = await putAcme();
    const { accountId, root } = await newAccount();
    const doc = policy({ Effect: 'Allow', Action: 'acme:CreateProject', Resource: '*', Condition: { StringEquals: { 'acme:ProjectVisibility': 'private' } } });
    const base = { ...members('PolicyInputList', [doc]), ...members('ActionNames', ['acme:CreateProject']), ...members('ResourceArns', [PROJECT(accountId, 'new')]) };
    const missing = list((await iamAt(root, bookmark, 'SimulateCustomPolicy', base)).EvaluationResults)[0];
    expect(missing.EvalDecision).toBe('implicitDeny');
    expect(list(missing.MissingContextValues)).toEqual(['acme:ProjectVisibility']);
    const entry = (value: string) => ({ 'ContextEntries.member.1.ContextKeyName': 'acme:ProjectVisibility', 'ContextEntries.member.1.ContextKeyType': 'string', 'ContextEntries.member.1.ContextKeyValues.member.1': value });
    const given = list((await iamAt(root, bookmark, 'SimulateCustomPolicy', { ...base, ...entry('private') })).EvaluationResults)[0];
    expect(given.EvalDecision).toBe('allowed');
    expect(list(given.MissingContextValues)).toEqual([]);
    const other = list((await iamAt(root, bookmark, 'SimulateCustomPolicy', { ...base, ...entry('public') })).EvaluationResults)[0];
    expect(other.EvalDecision).toBe('implicitDeny');
  });

  it("SimulatePrincipalPolicy decides a user's acme permissions, a Deny winning", async () => {
    const bookmark = await putAcme();
    const { accountId, root } = await newAccount();
    await userWithKey(root, 'alice');
    await iamOk(root, 'PutUserPolicy', {
      UserName: 'alice',
      PolicyName: 'acme',
      PolicyDocument: policy(
        { Effect: 'Allow', Action: 'acme:*', Resource: '*' },
        { Effect: 'Deny', Action: 'acme:DeleteProject', Resource: PROJECT(accountId, 'prod') },
      ),
    });
    const out = await iamAt(root, bookmark, 'SimulatePrincipalPolicy', {
      PolicySourceArn: `arn:aws:iam::${accountId}:user/alice`,
      ...members('ActionNames', ['acme:DeleteProject', 'acme:PutProjectPolicy']),
      ...members('ResourceArns', [PROJECT(accountId, 'prod')]),
    });
    const r = byAction(list(out.EvaluationResults));
    expect(r['acme:DeleteProject'].EvalDecision).toBe('explicitDeny');
    expect(r['acme:PutProjectPolicy'].EvalDecision).toBe('allowed');
    expect(r['acme:PutProjectPolicy'].EvalResourceName).toBe('arn:${Partition}:acme:${Region}:${Account}:project/${ProjectId}');
  });

  it('forgets a deleted service: with the deletion bookmark its ARN templates are gone', async () => {
    const prefix = `gone${Math.floor(Math.random() * 1e9)}`;
    const doc = JSON.parse(ACME_TEXT.replaceAll(':acme:', `:${prefix}:`).replaceAll('"acme:', `"${prefix}:`));
    doc.Name = prefix;
    const put = await operator('PUT', `/services/${prefix}`, doc);
    const { accountId, root } = await newAccount();
    const params = {
      ...members('PolicyInputList', [policy({ Effect: 'Allow', Action: '*', Resource: '*' })]),
      ...members('ActionNames', [`${prefix}:GetProject`]),
      ...members('ResourceArns', [`arn:aws:${prefix}:us-east-1:${accountId}:project/p1`]),
    };
    const before = list((await iamAt(root, put.headers.get('x-iam-bookmark')!, 'SimulateCustomPolicy', params)).EvaluationResults)[0];
    expect(before.EvalResourceName).toBe(`arn:\${Partition}:${prefix}:\${Region}:\${Account}:project/\${ProjectId}`);
    const del = await operator('DELETE', `/services/${prefix}`);
    const after = list((await iamAt(root, del.headers.get('x-iam-bookmark')!, 'SimulateCustomPolicy', params)).EvaluationResults)[0];
    expect(after.EvalResourceName).toBe('*');
  });
});

describe('GetContextKeysFor*Policy', () => {
  it('lists the acme and global keys the policies reference', async () => {
    await putAcme();
    const { accountId, root } = await newAccount();
    const doc = policy({
      Effect: 'Allow',
      Action: 'acme:UpdateProject',
      Resource: `arn:aws:acme:*:${accountId}:project/\${aws:username}`,
      Condition: { StringEquals: { 'acme:ProjectVisibility': 'private', 'aws:ResourceTag/team': 'blue' } },
    });
    const custom = await iamOk(root, 'GetContextKeysForCustomPolicy', members('PolicyInputList', [doc]));
    expect(list(custom.ContextKeyNames)).toEqual(['aws:username', 'acme:ProjectVisibility', 'aws:ResourceTag/team']);
    await iamOk(root, 'CreateUser', { UserName: 'bob' });
    await iamOk(root, 'PutUserPolicy', { UserName: 'bob', PolicyName: 'p', PolicyDocument: doc });
    const principal = await iamOk(root, 'GetContextKeysForPrincipalPolicy', { PolicySourceArn: `arn:aws:iam::${accountId}:user/bob` });
    expect(list(principal.ContextKeyNames)).toEqual(['aws:username', 'acme:ProjectVisibility', 'aws:ResourceTag/team']);
  });
});
