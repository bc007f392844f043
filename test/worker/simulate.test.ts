/**
 * The policy simulator through the Worker: SimulateCustomPolicy, SimulatePrincipalPolicy,
 * GetContextKeysForCustomPolicy, GetContextKeysForPrincipalPolicy.
 * Spec: IAM API Reference for each action and the data types EvaluationResult, ResourceSpecificResult,
 * Statement, Position, PermissionsBoundaryDecisionDetail, ContextEntry; the AWS CLI examples of
 * simulate-custom-policy / simulate-principal-policy / get-context-keys-for-custom-policy.
 */
import { describe, expect, it } from 'vitest';
import { call, iamOk, newAccount, type Keys } from './support';

const list = (x: any): any[] => (x === '' || x === undefined ? [] : Array.isArray(x.member) ? x.member : [x.member]);
const map = (x: any): Record<string, string> => {
  if (x === '' || x === undefined) return {};
  const entries = Array.isArray(x.entry) ? x.entry : [x.entry];
  return Object.fromEntries(entries.map((e: any) => [e.key, e.value]));
};
const pos = (p: any) => ({ Line: Number(p.Line), Column: Number(p.Column) });

/** Query parameters for a list member: `Name.member.1` … */
function members(name: string, values: readonly string[]): Record<string, string> {
  return Object.fromEntries(values.map((v, i) => [`${name}.member.${i + 1}`, v]));
}

/** Query parameters for ContextEntries. */
function contextEntries(entries: { name: string; values: string[]; type: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  entries.forEach((e, i) => {
    const p = `ContextEntries.member.${i + 1}`;
    out[`${p}.ContextKeyName`] = e.name;
    out[`${p}.ContextKeyType`] = e.type;
    e.values.forEach((v, j) => (out[`${p}.ContextKeyValues.member.${j + 1}`] = v));
  });
  return out;
}

async function results(keys: Keys, action: string, params: Record<string, string>): Promise<any[]> {
  return list((await iamOk(keys, action, params)).EvaluationResults);
}

const byAction = (rs: any[]) => Object.fromEntries(rs.map((r) => [r.EvalActionName, r]));

/** A user with an access key of its own. */
async function userWithKey(root: Keys, name: string): Promise<Keys> {
  await iamOk(root, 'CreateUser', { UserName: name });
  const k = (await iamOk(root, 'CreateAccessKey', { UserName: name })).AccessKey;
  return { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey };
}

const MULTI_LINE = [
  '{',
  '  "Version": "2012-10-17",',
  '  "Statement": [',
  '    {',
  '      "Sid": "Read",',
  '      "Effect": "Allow",',
  '      "Action": ["s3:GetObject", "s3:DeleteObject"],',
  '      "Resource": "*"',
  '    },',
  '    {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}',
  '  ]',
  '}',
].join('\n');

describe('SimulateCustomPolicy', () => {
  it('answers allowed, explicitDeny and implicitDeny with the matched statements and their positions', async () => {
    const { root } = await newAccount();
    const rs = await results(root, 'SimulateCustomPolicy', {
      ...members('PolicyInputList', [MULTI_LINE]),
      ...members('ActionNames', ['s3:GetObject', 's3:DeleteObject', 's3:PutObject']),
    });
    expect(rs.map((r) => r.EvalActionName)).toEqual(['s3:GetObject', 's3:DeleteObject', 's3:PutObject']);
    const r = byAction(rs);
    for (const x of rs) {
      expect(x.EvalResourceName).toBe('*');
      expect(list(x.MissingContextValues)).toEqual([]);
      expect(x.EvalDecisionDetails).toBeUndefined();
      expect(x.ResourceSpecificResults).toBeUndefined();
      expect(x.PermissionsBoundaryDecisionDetail).toBeUndefined();
    }
    expect(r['s3:GetObject'].EvalDecision).toBe('allowed');
    const allowed = list(r['s3:GetObject'].MatchedStatements);
    expect(allowed).toHaveLength(1);
    expect(allowed[0].SourcePolicyId).toBe('PolicyInputList.1');
    expect(allowed[0].SourcePolicyType).toBe('none');
    expect(pos(allowed[0].StartPosition)).toEqual({ Line: 4, Column: 6 });
    expect(pos(allowed[0].EndPosition)).toEqual({ Line: 9, Column: 6 });

    // The explicit deny is the only statement listed, though the Allow matches too.
    expect(r['s3:DeleteObject'].EvalDecision).toBe('explicitDeny');
    const denied = list(r['s3:DeleteObject'].MatchedStatements);
    expect(denied).toHaveLength(1);
    expect(pos(denied[0].StartPosition)).toEqual({ Line: 10, Column: 6 });
    expect(pos(denied[0].EndPosition)).toEqual({ Line: 10, Column: 88 });

    expect(r['s3:PutObject'].EvalDecision).toBe('implicitDeny');
    expect(list(r['s3:PutObject'].MatchedStatements)).toEqual([]);
  });

  it("reproduces AWS's documented example: positions of a one-line policy, and a date context entry", async () => {
    const { root } = await newAccount();
    const policy =
      '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}';
    const run = (when: string) =>
      results(root, 'SimulateCustomPolicy', {
        ...members('PolicyInputList', [policy]),
        ...members('ActionNames', ['dynamodb:CreateBackup']),
        ...contextEntries([{ name: 'aws:CurrentTime', values: [when], type: 'date' }]),
      });
    const [after] = await run('2019-04-25T11:00:00Z');
    expect(after.EvalDecision).toBe('allowed');
    const [m] = list(after.MatchedStatements);
    expect(m.SourcePolicyId).toBe('PolicyInputList.1');
    expect(pos(m.StartPosition)).toEqual({ Line: 1, Column: 38 });
    expect(pos(m.EndPosition)).toEqual({ Line: 1, Column: 167 });
    expect(list(after.MissingContextValues)).toEqual([]);
    const [before] = await run('2014-04-25T11:00:00Z');
    expect(before.EvalDecision).toBe('implicitDeny');
    expect(list(before.MatchedStatements)).toEqual([]);
  });

  it('lists a condition key without a value in MissingContextValues, and allows once ContextEntries supply it', async () => {
    const { root } = await newAccount();
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'ec2:StartInstances', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1234' } } },
        { Effect: 'Allow', Action: 'ec2:StopInstances', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team'] } } },
      ],
    });
    const base = { ...members('PolicyInputList', [policy]), ...members('ActionNames', ['ec2:StartInstances']) };
    const [missing] = await results(root, 'SimulateCustomPolicy', base);
    expect(missing.EvalDecision).toBe('implicitDeny');
    // AWS lists every key the simulated policies need, those of other actions' statements included.
    expect(list(missing.MissingContextValues)).toEqual(['aws:SourceVpc', 'aws:TagKeys']);

    const [given] = await results(root, 'SimulateCustomPolicy', {
      ...base,
      ...members('ActionNames', ['ec2:StartInstances', 'ec2:StopInstances']),
      ...contextEntries([
        { name: 'aws:SourceVpc', values: ['vpc-1234'], type: 'string' },
        { name: 'aws:TagKeys', values: ['owner', 'team'], type: 'stringList' },
      ]),
    }).then((rs) => [byAction(rs)]);
    expect(given!['ec2:StartInstances'].EvalDecision).toBe('allowed');
    expect(given!['ec2:StopInstances'].EvalDecision).toBe('allowed');
    expect(list(given!['ec2:StartInstances'].MissingContextValues)).toEqual([]);

    const [wrong] = await results(root, 'SimulateCustomPolicy', {
      ...base,
      ...contextEntries([{ name: 'aws:sourcevpc', values: ['vpc-9999'], type: 'string' }]),
    });
    expect(wrong.EvalDecision).toBe('implicitDeny');
    expect(list(wrong.MissingContextValues)).toEqual(['aws:TagKeys']);
  });

  it('reports the permissions boundary: it caps what the identity policy allows', async () => {
    const { root } = await newAccount();
    const identity = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } });
    const boundary = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:Get*', Resource: '*' },
        { Effect: 'Deny', Action: 's3:GetBucketPolicy', Resource: '*' },
      ],
    });
    const r = byAction(
      await results(root, 'SimulateCustomPolicy', {
        ...members('PolicyInputList', [identity]),
        ...members('PermissionsBoundaryPolicyInputList', [boundary]),
        ...members('ActionNames', ['s3:GetObject', 's3:PutObject', 's3:GetBucketPolicy']),
      }),
    );
    expect(r['s3:GetObject'].EvalDecision).toBe('allowed');
    expect(r['s3:GetObject'].PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary).toBe('true');
    expect(list(r['s3:GetObject'].MatchedStatements).map((m) => m.SourcePolicyId).sort()).toEqual([
      'PermissionsBoundaryPolicyInputList.1',
      'PolicyInputList.1',
    ]);
    expect(r['s3:PutObject'].EvalDecision).toBe('implicitDeny');
    expect(r['s3:PutObject'].PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary).toBe('false');
    expect(r['s3:GetBucketPolicy'].EvalDecision).toBe('explicitDeny');
    expect(r['s3:GetBucketPolicy'].PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary).toBe('false');
    expect(list(r['s3:GetBucketPolicy'].MatchedStatements)).toEqual([
      expect.objectContaining({ SourcePolicyId: 'PermissionsBoundaryPolicyInputList.1' }),
    ]);
  });

  it('gives one result per action with ResourceSpecificResults for a list of resources', async () => {
    const { root } = await newAccount();
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: ['arn:aws:s3:::a/*', 'arn:aws:s3:::b/*'] },
        { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
      ],
    });
    const rs = await results(root, 'SimulateCustomPolicy', {
      ...members('PolicyInputList', [policy]),
      ...members('ActionNames', ['s3:GetObject']),
      ...members('ResourceArns', ['arn:aws:s3:::a/x', 'arn:aws:s3:::b/x', 'arn:aws:s3:::c/x']),
    });
    expect(rs).toHaveLength(1);
    const [r] = rs;
    expect(r.EvalDecision).toBe('explicitDeny');
    expect(list(r.MatchedStatements).map((m) => pos(m.StartPosition))).toEqual([{ Line: 1, Column: 133 }]);
    // Same account with resource ARNs: present but empty.
    expect(r.EvalDecisionDetails).toBe('');
    const per = list(r.ResourceSpecificResults);
    expect(per.map((p) => [p.EvalResourceName, p.EvalResourceDecision])).toEqual([
      ['arn:aws:s3:::a/x', 'allowed'],
      ['arn:aws:s3:::b/x', 'explicitDeny'],
      ['arn:aws:s3:::c/x', 'implicitDeny'],
    ]);
    expect(list(per[0].MatchedStatements)).toHaveLength(1);
    expect(list(per[2].MatchedStatements)).toEqual([]);
  });

  it('names the resource type ARN template for IAM actions with resources, and evaluates a resource policy for CallerArn', async () => {
    const { accountId, root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'carol' });
    const carol = `arn:aws:iam::${accountId}:user/carol`;
    const [r] = await results(root, 'SimulateCustomPolicy', {
      ...members('PolicyInputList', [JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' } })]),
      ...members('ActionNames', ['iam:GetUser']),
      ...members('ResourceArns', [carol]),
    });
    expect(r.EvalResourceName).toBe('arn:${Partition}:iam::${Account}:user/${UserNameWithPath}');
    expect(r.EvalDecision).toBe('allowed');

    const resourcePolicy = JSON.stringify({
      Version: '2012-10-17',
      Statement: { Sid: 'Carol', Effect: 'Allow', Principal: { AWS: carol }, Action: 'sqs:SendMessage', Resource: '*' },
    });
    const [viaResource] = await results(root, 'SimulateCustomPolicy', {
      ...members('PolicyInputList', [JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Deny', Action: 'sqs:DeleteQueue', Resource: '*' } })]),
      ...members('ActionNames', ['sqs:SendMessage']),
      ...members('ResourceArns', [`arn:aws:sqs:us-east-1:${accountId}:q`]),
      ResourcePolicy: resourcePolicy,
      CallerArn: carol,
    });
    expect(viaResource.EvalDecision).toBe('allowed');
    expect(list(viaResource.MatchedStatements)).toEqual([expect.objectContaining({ SourcePolicyId: 'ResourcePolicy', SourcePolicyType: 'resource' })]);

    // Another account owns the resource: both sides must allow, and EvalDecisionDetails says which did.
    const [cross] = await results(root, 'SimulateCustomPolicy', {
      ...members('PolicyInputList', [JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'sqs:*', Resource: '*' } })]),
      ...members('ActionNames', ['sqs:SendMessage']),
      ...members('ResourceArns', ['arn:aws:sqs:us-east-1:111122223333:q']),
      ResourcePolicy: JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { AWS: '999999999999' }, Action: 'sqs:*', Resource: '*' } }),
      ResourceOwner: 'arn:aws:iam::111122223333:root',
      CallerArn: carol,
    });
    expect(cross.EvalDecision).toBe('implicitDeny');
    expect(map(cross.EvalDecisionDetails)).toEqual({ 'IAM Policy': 'allowed', 'Resource Policy': 'implicitDeny' });
  });

  it('refuses malformed policies, wildcard actions, a resource policy without CallerArn and bad context entries with InvalidInput', async () => {
    const { root } = await newAccount();
    const ok = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } });
    const cases: [Record<string, string>, string][] = [
      [{ ...members('PolicyInputList', ['{"Statement": [']), ...members('ActionNames', ['s3:GetObject']) }, 'Syntax errors in policy.'],
      [
        { ...members('PolicyInputList', [ok, JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' } })]), ...members('ActionNames', ['s3:GetObject']) },
        'Policy document should not specify a principal.',
      ],
      [{ ...members('PolicyInputList', [ok]), ...members('PermissionsBoundaryPolicyInputList', ['{}']), ...members('ActionNames', ['s3:GetObject']) }, 'Syntax errors in policy.'],
      [{ ...members('PolicyInputList', [ok]), ...members('ActionNames', ['s3:GetObject']), ResourcePolicy: ok, CallerArn: 'arn:aws:iam::123456789012:user/x' }, 'Missing required field Principal'],
    ];
    for (const [params, message] of cases) {
      const r = await call(root, 'SimulateCustomPolicy', params);
      expect(r.status, r.xml).toBe(400);
      expect(r.error).toMatchObject({ Code: 'InvalidInput', Message: message });
    }
    for (const params of [
      { ...members('PolicyInputList', [ok]), ...members('ActionNames', ['s3:*']) },
      { ...members('PolicyInputList', [ok]), ...members('ActionNames', ['GetObject']) },
      { ...members('PolicyInputList', [ok]), ...members('ActionNames', ['s3:GetObject']), ResourcePolicy: ok },
      { ...members('PolicyInputList', [ok]), ...members('ActionNames', ['s3:GetObject']), ...contextEntries([{ name: 'aws:SecureTransport', values: ['maybe'], type: 'boolean' }]) },
      { ...members('PolicyInputList', [ok]), ...members('ActionNames', ['s3:GetObject']), CallerArn: 'arn:aws:iam::123456789012:role/r' },
      { ...members('PolicyInputList', [ok]), ...members('PermissionsBoundaryPolicyInputList', [ok, ok]), ...members('ActionNames', ['s3:GetObject']) },
    ]) {
      const r = await call(root, 'SimulateCustomPolicy', params);
      expect(r.status, r.xml).toBe(400);
      expect(r.error?.Code).toBe('InvalidInput');
    }
  });

  it('pages the results, one per action, with MaxItems and Marker', async () => {
    const { root } = await newAccount();
    const actions = ['s3:GetObject', 's3:PutObject', 'sqs:SendMessage', 'iam:ListUsers', 'ec2:RunInstances'];
    const params = {
      ...members('PolicyInputList', [JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } })]),
      ...members('ActionNames', actions),
    };
    const seen: string[] = [];
    let marker: string | undefined;
    const sizes: number[] = [];
    for (let i = 0; i < 10; i++) {
      const page = await iamOk(root, 'SimulateCustomPolicy', { ...params, MaxItems: '2', ...(marker ? { Marker: marker } : {}) });
      const rs = list(page.EvaluationResults);
      sizes.push(rs.length);
      seen.push(...rs.map((r) => r.EvalActionName));
      if (page.IsTruncated !== 'true') {
        expect(page.Marker).toBeUndefined();
        break;
      }
      marker = page.Marker;
    }
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual(actions);
    const all = await iamOk(root, 'SimulateCustomPolicy', params);
    expect(all.IsTruncated).toBe('false');
    expect(list(all.EvaluationResults)).toHaveLength(5);
    for (const bad of ['not-a-marker!', 'OTk', 'MA']) {
      const r = await call(root, 'SimulateCustomPolicy', { ...params, Marker: bad });
      expect(r.error?.Code, bad).toBe('ValidationError');
    }
  });

  it('is authorized as iam:SimulateCustomPolicy on *', async () => {
    const { accountId, root } = await newAccount();
    const keys = await userWithKey(root, 'nobody');
    const r = await call(keys, 'SimulateCustomPolicy', {
      ...members('PolicyInputList', [JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } })]),
      ...members('ActionNames', ['s3:GetObject']),
    });
    expect(r.status).toBe(403);
    expect(r.error?.Message).toBe(
      `User: arn:aws:iam::${accountId}:user/nobody is not authorized to perform: iam:SimulateCustomPolicy on resource: * because no identity-based policy allows the iam:SimulateCustomPolicy action`,
    );
  });
});

describe('SimulatePrincipalPolicy', () => {
  /** alice is in `devs`, which has an attached customer-managed policy and an inline policy. */
  async function setUp() {
    const { accountId, root } = await newAccount();
    const alice = await userWithKey(root, 'alice');
    await iamOk(root, 'CreateUser', { UserName: 'bob' });
    await iamOk(root, 'CreateGroup', { GroupName: 'devs' });
    await iamOk(root, 'AddUserToGroup', { GroupName: 'devs', UserName: 'alice' });
    const managed = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'List', Effect: 'Allow', Action: 'iam:List*', Resource: '*' }] }, null, 2);
    const policyArn = (await iamOk(root, 'CreatePolicy', { PolicyName: 'ListAll', PolicyDocument: managed })).Policy.Arn;
    await iamOk(root, 'AttachGroupPolicy', { GroupName: 'devs', PolicyArn: policyArn });
    const inline = JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Self', Effect: 'Allow', Action: 'iam:GetUser', Resource: 'arn:aws:iam::*:user/${aws:username}' },
          { Sid: 'NoGroups', Effect: 'Deny', Action: 'iam:ListGroups', Resource: '*' },
        ],
      },
      null,
      2,
    );
    await iamOk(root, 'PutGroupPolicy', { GroupName: 'devs', PolicyName: 'SelfService', PolicyDocument: inline });
    return { accountId, root, alice, policyArn };
  }

  it("simulates a user with its groups' attached and inline policies, naming each source", async () => {
    const { accountId, root } = await setUp();
    const aliceArn = `arn:aws:iam::${accountId}:user/alice`;
    const sim = async (action: string, resource: string) =>
      (
        await results(root, 'SimulatePrincipalPolicy', {
          PolicySourceArn: aliceArn,
          ...members('ActionNames', [action]),
          ...members('ResourceArns', [resource]),
        })
      )[0];
    const listUsers = await sim('iam:ListUsers', `arn:aws:iam::${accountId}:user/`);
    expect(listUsers.EvalDecision).toBe('allowed');
    const [managedStatement] = list(listUsers.MatchedStatements);
    expect(managedStatement).toMatchObject({ SourcePolicyId: 'ListAll', SourcePolicyType: 'user-managed' });
    expect(pos(managedStatement.StartPosition)).toEqual({ Line: 4, Column: 6 });
    expect(pos(managedStatement.EndPosition)).toEqual({ Line: 9, Column: 6 });

    const self = await sim('iam:GetUser', aliceArn);
    expect(self.EvalDecision).toBe('allowed');
    expect(list(self.MatchedStatements)).toEqual([expect.objectContaining({ SourcePolicyId: 'SelfService', SourcePolicyType: 'group' })]);
    // aws:username comes from the simulated user: nothing is missing.
    expect(list(self.MissingContextValues)).toEqual([]);

    const listGroups = await sim('iam:ListGroups', `arn:aws:iam::${accountId}:group/`);
    expect(listGroups.EvalDecision).toBe('explicitDeny');
    expect(list(listGroups.MatchedStatements)).toEqual([expect.objectContaining({ SourcePolicyId: 'SelfService', SourcePolicyType: 'group' })]);
    expect((await sim('iam:GetUser', `arn:aws:iam::${accountId}:user/bob`)).EvalDecision).toBe('implicitDeny');

    // As bob, with alice's policies (CallerArn): ${aws:username} is bob now.
    const [asBob] = await results(root, 'SimulatePrincipalPolicy', {
      PolicySourceArn: aliceArn,
      CallerArn: `arn:aws:iam::${accountId}:user/bob`,
      ...members('ActionNames', ['iam:GetUser']),
      ...members('ResourceArns', [`arn:aws:iam::${accountId}:user/bob`]),
    });
    expect(asBob.EvalDecision).toBe('allowed');
  });

  it('agrees with enforcement for the same user, action and resource', async () => {
    const { accountId, root, alice } = await setUp();
    const aliceArn = `arn:aws:iam::${accountId}:user/alice`;
    const cases: [string, string, Record<string, string>, string][] = [
      ['ListUsers', `arn:aws:iam::${accountId}:user/`, {}, 'iam:ListUsers'],
      ['ListGroups', `arn:aws:iam::${accountId}:group/`, {}, 'iam:ListGroups'],
      ['GetUser', aliceArn, { UserName: 'alice' }, 'iam:GetUser'],
      ['GetUser', `arn:aws:iam::${accountId}:user/bob`, { UserName: 'bob' }, 'iam:GetUser'],
      ['CreateGroup', `arn:aws:iam::${accountId}:group/ops`, { GroupName: 'ops' }, 'iam:CreateGroup'],
      ['ListPolicies', `arn:aws:iam::${accountId}:policy/`, {}, 'iam:ListPolicies'],
    ];
    const decisions: string[] = [];
    for (const [operation, resource, params, action] of cases) {
      const [simulated] = await results(root, 'SimulatePrincipalPolicy', {
        PolicySourceArn: aliceArn,
        ...members('ActionNames', [action]),
        ...members('ResourceArns', [resource]),
      });
      const real = await call(alice, operation, params);
      const enforced = real.status === 403 ? (real.error!.Message.includes('explicit deny') ? 'explicitDeny' : 'implicitDeny') : 'allowed';
      if (real.status === 403) expect(real.error!.Message, operation).toContain(`on resource: ${resource}`);
      expect(simulated.EvalDecision, `${operation} ${resource}`).toBe(enforced);
      decisions.push(enforced);
    }
    // The cases cover all three outcomes.
    expect(decisions).toEqual(['allowed', 'explicitDeny', 'allowed', 'implicitDeny', 'implicitDeny', 'allowed']);
  });

  it("uses the user's boundary, replaced by PermissionsBoundaryPolicyInputList, and adds PolicyInputList", async () => {
    const { accountId, root, policyArn } = await setUp();
    const aliceArn = `arn:aws:iam::${accountId}:user/alice`;
    await iamOk(root, 'PutUserPermissionsBoundary', { UserName: 'alice', PermissionsBoundary: policyArn });
    const base = { PolicySourceArn: aliceArn, ...members('ActionNames', ['iam:ListUsers', 'iam:GetUser', 'iam:CreateGroup']) };
    const withOwn = byAction(await results(root, 'SimulatePrincipalPolicy', base));
    expect(withOwn['iam:ListUsers'].EvalDecision).toBe('allowed');
    expect(withOwn['iam:ListUsers'].PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary).toBe('true');
    expect(withOwn['iam:GetUser'].EvalDecision).toBe('implicitDeny');
    expect(withOwn['iam:GetUser'].PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary).toBe('false');

    const replaced = byAction(
      await results(root, 'SimulatePrincipalPolicy', {
        ...base,
        ...members('PolicyInputList', [JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'iam:CreateGroup', Resource: '*' } })]),
        ...members('PermissionsBoundaryPolicyInputList', [JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: ['iam:Get*', 'iam:Create*'], Resource: '*' } })]),
      }),
    );
    expect(replaced['iam:ListUsers'].EvalDecision).toBe('implicitDeny');
    expect(replaced['iam:GetUser'].EvalDecision).toBe('implicitDeny'); // Resource is *, not alice's ARN.
    expect(replaced['iam:CreateGroup'].EvalDecision).toBe('allowed');
    expect(list(replaced['iam:CreateGroup'].MatchedStatements).map((m) => m.SourcePolicyId).sort()).toEqual([
      'PermissionsBoundaryPolicyInputList.1',
      'PolicyInputList.1',
    ]);
  });

  it('simulates a group, refuses unknown entities and roles, and is authorized on the PolicySourceArn', async () => {
    const { accountId, root, alice } = await setUp();
    const r = byAction(
      await results(root, 'SimulatePrincipalPolicy', {
        PolicySourceArn: `arn:aws:iam::${accountId}:group/devs`,
        ...members('ActionNames', ['iam:ListRoles', 'iam:ListGroups']),
      }),
    );
    expect(r['iam:ListRoles'].EvalDecision).toBe('allowed');
    expect(r['iam:ListGroups'].EvalDecision).toBe('explicitDeny');

    const unknown: [string, string][] = [
      [`arn:aws:iam::${accountId}:user/nobody`, 'The user with name nobody cannot be found.'],
      [`arn:aws:iam::${accountId}:group/nogroup`, 'The group with name nogroup cannot be found.'],
      [`arn:aws:iam::${accountId}:role/admin`, 'The role with name admin cannot be found.'],
      [`arn:aws:iam::${accountId}:user/other/alice`, 'The user with name alice cannot be found.'],
    ];
    for (const [arn, message] of unknown) {
      const res = await call(root, 'SimulatePrincipalPolicy', { PolicySourceArn: arn, ...members('ActionNames', ['s3:GetObject']) });
      expect(res.status, arn).toBe(404);
      expect(res.error).toMatchObject({ Code: 'NoSuchEntity', Message: message });
    }
    const notArn = await call(root, 'SimulatePrincipalPolicy', { PolicySourceArn: 'arn:aws:s3:::bucket-name-long', ...members('ActionNames', ['s3:GetObject']) });
    expect(notArn.error?.Code).toBe('InvalidInput');
    const noCaller = await call(root, 'SimulatePrincipalPolicy', {
      PolicySourceArn: `arn:aws:iam::${accountId}:group/devs`,
      ...members('ActionNames', ['s3:GetObject']),
      ResourcePolicy: JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' } }),
    });
    expect(noCaller.error?.Code).toBe('InvalidInput');

    const denied = await call(alice, 'SimulatePrincipalPolicy', { PolicySourceArn: `arn:aws:iam::${accountId}:user/bob`, ...members('ActionNames', ['s3:GetObject']) });
    expect(denied.status).toBe(403);
    expect(denied.error?.Message).toContain(`iam:SimulatePrincipalPolicy on resource: arn:aws:iam::${accountId}:user/bob`);
  });
});

describe('GetContextKeysFor*Policy', () => {
  it("reproduces AWS's documented example for a custom policy and refuses a malformed one", async () => {
    const { root } = await newAccount();
    const r = await iamOk(root, 'GetContextKeysForCustomPolicy', {
      ...members('PolicyInputList', [
        '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"arn:aws:dynamodb:us-west-2:123456789012:table/${aws:username}","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2015-08-16T12:00:00Z"}}}}',
        JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:currenttime': 'x', 'aws:SecureTransport': 'false' } } } }),
      ]),
    });
    expect(list(r.ContextKeyNames)).toEqual(['aws:username', 'aws:CurrentTime', 'aws:SecureTransport']);
    const bad = await call(root, 'GetContextKeysForCustomPolicy', members('PolicyInputList', ['{"Version":"2012-10-17"}']));
    expect(bad.status).toBe(400);
    expect(bad.error?.Code).toBe('InvalidInput');
  });

  it("lists the keys of a user's policies, its groups' included, plus the given ones", async () => {
    const { accountId, root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'dana' });
    await iamOk(root, 'CreateGroup', { GroupName: 'g' });
    await iamOk(root, 'AddUserToGroup', { GroupName: 'g', UserName: 'dana' });
    await iamOk(root, 'PutUserPolicy', {
      UserName: 'dana',
      PolicyName: 'mfa',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } } }),
    });
    await iamOk(root, 'PutGroupPolicy', {
      GroupName: 'g',
      PolicyName: 'self',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'iam:GetUser', Resource: 'arn:aws:iam::*:user/${aws:username}' } }),
    });
    const r = await iamOk(root, 'GetContextKeysForPrincipalPolicy', {
      PolicySourceArn: `arn:aws:iam::${accountId}:user/dana`,
      ...members('PolicyInputList', [JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } } })]),
    });
    expect(list(r.ContextKeyNames)).toEqual(['aws:MultiFactorAuthPresent', 'aws:username', 'aws:SourceIp']);
    const group = await iamOk(root, 'GetContextKeysForPrincipalPolicy', { PolicySourceArn: `arn:aws:iam::${accountId}:group/g` });
    expect(list(group.ContextKeyNames)).toEqual(['aws:username']);
    const none = await call(root, 'GetContextKeysForPrincipalPolicy', { PolicySourceArn: `arn:aws:iam::${accountId}:user/ghost` });
    expect(none.error).toMatchObject({ Code: 'NoSuchEntity', Message: 'The user with name ghost cannot be found.' });
  });
});
