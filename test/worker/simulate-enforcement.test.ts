/**
 * The policy simulator agrees with enforcement on the requests that the caller's policies alone do not
 * decide: for each case the simulated decision is compared with the real call by the same principal.
 * - sts:AssumeRole needs the role's trust policy to allow the caller, in one account too (IAM User Guide,
 *   "Policy evaluation logic": role trust policies);
 * - sts:GetCallerIdentity and sts:GetSessionToken need no permission (STS API Reference, GetCallerIdentity;
 *   IAM User Guide, "Permissions for GetSessionToken");
 * - writes on AWS-managed policies and on service-linked roles (`/aws-service-role/`) are refused to every
 *   caller;
 * - an Allow statement with NotPrincipal naming the caller does not apply to it (IAM User Guide, "AWS JSON
 *   policy elements: NotPrincipal").
 */
import { describe, expect, it } from 'vitest';
import { call, iamOk, newAccount, policy, type Keys } from './support';

const list = (x: any): any[] => (x === '' || x === undefined ? [] : Array.isArray(x.member) ? x.member : [x.member]);
const members = (name: string, values: readonly string[]) => Object.fromEntries(values.map((v, i) => [`${name}.member.${i + 1}`, v]));

/** Creates a user with a key and the given inline policy; returns its keys, ARN and the last write's bookmark. */
async function principal(root: Keys, accountId: string, name: string, document?: string) {
  await iamOk(root, 'CreateUser', { UserName: name });
  const k = (await iamOk(root, 'CreateAccessKey', { UserName: name })).AccessKey;
  let bookmark: string | null = null;
  if (document) bookmark = (await call(root, 'PutUserPolicy', { UserName: name, PolicyName: 'p', PolicyDocument: document })).headers.get('x-iam-bookmark');
  return { keys: { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey } as Keys, arn: `arn:aws:iam::${accountId}:user/${name}`, bookmark };
}

/** The simulated decision of one action on one resource for a user of the account. */
async function simulated(root: Keys, userArn: string, action: string, resource?: string, extra: Record<string, string> = {}): Promise<string> {
  const r = await iamOk(root, 'SimulatePrincipalPolicy', {
    PolicySourceArn: userArn,
    ...members('ActionNames', [action]),
    ...(resource ? members('ResourceArns', [resource]) : {}),
    ...extra,
  });
  return list(r.EvaluationResults)[0].EvalDecision;
}

const sts = (keys: Keys, action: string, params: Record<string, string>, bookmark?: string | null) =>
  call(keys, action, params, 'sts', bookmark ? { 'x-iam-bookmark': bookmark } : {});

const ALLOW_ALL = policy({ Effect: 'Allow', Action: '*', Resource: '*' });

describe('the simulator agrees with enforcement on sts:AssumeRole', () => {
  it('needs the trust policy to allow the caller even in one account, as AssumeRole does', async () => {
    const { accountId, root } = await newAccount();
    const carol = await principal(root, accountId, 'carol');
    const alice = await principal(root, accountId, 'alice', policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }));
    const bob = await principal(root, accountId, 'bob');
    const dave = await principal(root, accountId, 'dave', policy({ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*' }));
    const trust = (aws: string) => policy({ Effect: 'Allow', Principal: { AWS: aws }, Action: 'sts:AssumeRole' });
    await iamOk(root, 'CreateRole', { RoleName: 'for-carol', AssumeRolePolicyDocument: trust(carol.arn) });
    await iamOk(root, 'CreateRole', { RoleName: 'for-alice', AssumeRolePolicyDocument: trust(alice.arn) });
    await iamOk(root, 'CreateRole', { RoleName: 'for-bob', AssumeRolePolicyDocument: trust(bob.arn) });
    await iamOk(root, 'CreateRole', { RoleName: 'for-dave', AssumeRolePolicyDocument: trust(dave.arn) });
    const last = await call(root, 'CreateRole', { RoleName: 'for-account', AssumeRolePolicyDocument: trust(`arn:aws:iam::${accountId}:root`) });
    const bookmark = last.headers.get('x-iam-bookmark');
    const role = (name: string) => `arn:aws:iam::${accountId}:role/${name}`;

    const cases: [typeof alice, string, string][] = [
      [alice, 'for-carol', 'implicitDeny'], // identity allows, trust names someone else
      [alice, 'for-alice', 'allowed'], // both allow
      [bob, 'for-bob', 'allowed'], // the trust policy names bob: no identity policy needed
      [alice, 'for-account', 'allowed'], // the trust names the account: the identity allow delegates
      [bob, 'for-account', 'implicitDeny'], // … and bob has none
      [dave, 'for-dave', 'explicitDeny'], // an explicit deny wins over the trust policy
      [alice, 'nobody', 'implicitDeny'], // no such role
    ];
    for (const [who, name, expected] of cases) {
      const decision = await simulated(root, who.arn, 'sts:AssumeRole', role(name));
      const real = await sts(who.keys, 'AssumeRole', { RoleArn: role(name), RoleSessionName: 'sim' }, bookmark);
      expect({ name, who: who.arn, decision }).toEqual({ name, who: who.arn, decision: expected });
      expect({ name, who: who.arn, status: real.status }).toEqual({ name, who: who.arn, status: expected === 'allowed' ? 200 : 403 });
    }
  });

  it("decides another account's role cross-account, with the given ResourcePolicy standing for its trust policy", async () => {
    const a = await newAccount();
    const b = await newAccount();
    const roleArn = `arn:aws:iam::${b.accountId}:role/visitor`;
    const traveler = await principal(a.root, a.accountId, 'traveler', policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }));
    const made = await call(b.root, 'CreateRole', {
      RoleName: 'visitor',
      AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:root` }, Action: 'sts:AssumeRole' }),
    });
    // B's trust policy is not A's to read: without a ResourcePolicy, nothing grants the cross-account request.
    expect(await simulated(a.root, traveler.arn, 'sts:AssumeRole', roleArn)).toBe('implicitDeny');
    const stand = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:root` }, Action: 'sts:AssumeRole', Resource: roleArn });
    expect(await simulated(a.root, traveler.arn, 'sts:AssumeRole', roleArn, { ResourcePolicy: stand })).toBe('allowed');
    expect((await sts(traveler.keys, 'AssumeRole', { RoleArn: roleArn, RoleSessionName: 'sim' }, made.headers.get('x-iam-bookmark'))).status).toBe(200);
  });

  it('lists the trust policy statement that allowed it', async () => {
    const { accountId, root } = await newAccount();
    const bob = await principal(root, accountId, 'bob');
    await iamOk(root, 'CreateRole', {
      RoleName: 'r',
      AssumeRolePolicyDocument: policy({ Sid: 'TrustBob', Effect: 'Allow', Principal: { AWS: bob.arn }, Action: 'sts:AssumeRole' }),
    });
    const r = await iamOk(root, 'SimulatePrincipalPolicy', {
      PolicySourceArn: bob.arn,
      ...members('ActionNames', ['sts:AssumeRole']),
      ...members('ResourceArns', [`arn:aws:iam::${accountId}:role/r`]),
    });
    const [result] = list(r.EvaluationResults);
    expect(result.EvalDecision).toBe('allowed');
    expect(list(result.MatchedStatements).map((m) => [m.SourcePolicyId, m.SourcePolicyType])).toEqual([['AssumeRolePolicyDocument', 'resource']]);
  });
});

describe('the simulator agrees with enforcement on actions that need no permission', () => {
  it('allows sts:GetCallerIdentity and sts:GetSessionToken even against an explicit deny', async () => {
    const { accountId, root } = await newAccount();
    const denied = await principal(root, accountId, 'denied', policy({ Effect: 'Deny', Action: '*', Resource: '*' }));
    for (const [action, params] of [['GetCallerIdentity', {}], ['GetSessionToken', { DurationSeconds: '900' }]] as const) {
      expect(await simulated(root, denied.arn, `sts:${action}`)).toBe('allowed');
      expect((await sts(denied.keys, action, params, denied.bookmark)).status).toBe(200);
    }
    // Any other action of the same caller is denied by the same policy, simulated and real.
    expect(await simulated(root, denied.arn, 'iam:ListUsers')).toBe('explicitDeny');
    expect((await call(denied.keys, 'ListUsers')).error?.Code).toBe('AccessDenied');
  });
});

describe('the simulator agrees with enforcement on writes no caller may perform', () => {
  it('refuses deleting, versioning and tagging an AWS-managed policy to an administrator', async () => {
    const { accountId, root } = await newAccount();
    const admin = await principal(root, accountId, 'admin', ALLOW_ALL);
    const aws = 'arn:aws:iam::aws:policy/IAMReadOnlyAccess';
    const doc = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
    const writes: [string, Record<string, string>][] = [
      ['DeletePolicy', { PolicyArn: aws }],
      ['CreatePolicyVersion', { PolicyArn: aws, PolicyDocument: doc }],
      ['DeletePolicyVersion', { PolicyArn: aws, VersionId: 'v1' }],
      ['SetDefaultPolicyVersion', { PolicyArn: aws, VersionId: 'v1' }],
      ['TagPolicy', { PolicyArn: aws, 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'v' }],
      ['UntagPolicy', { PolicyArn: aws, 'TagKeys.member.1': 'k' }],
    ];
    for (const [action, params] of writes) {
      expect({ action, decision: await simulated(root, admin.arn, `iam:${action}`, aws) }).toEqual({ action, decision: 'implicitDeny' });
      const real = await call(admin.keys, action, params);
      expect({ action, code: real.error?.Code }).toEqual({ action, code: 'AccessDenied' });
    }
    // The same administrator may do all of it to a customer-managed policy, simulated and real.
    const mine = (await iamOk(admin.keys, 'CreatePolicy', { PolicyName: 'mine', PolicyDocument: doc })).Policy.Arn;
    for (const [action, params] of [['TagPolicy', { PolicyArn: mine, 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'v' }], ['DeletePolicy', { PolicyArn: mine }]] as const) {
      expect(await simulated(root, admin.arn, `iam:${action}`, mine)).toBe('allowed');
      expect((await call(admin.keys, action, params)).status).toBe(200);
    }
    // Reading an AWS-managed policy stays a matter of policies.
    expect(await simulated(root, admin.arn, 'iam:GetPolicy', aws)).toBe('allowed');
  });

  it('reports an explicit deny as such on an AWS-managed policy', async () => {
    const { accountId, root } = await newAccount();
    const u = await principal(root, accountId, 'u', policy({ Effect: 'Deny', Action: 'iam:DeletePolicy', Resource: '*' }));
    expect(await simulated(root, u.arn, 'iam:DeletePolicy', 'arn:aws:iam::aws:policy/IAMReadOnlyAccess')).toBe('explicitDeny');
  });

  it('refuses creating or changing a service-linked role to an administrator', async () => {
    const { accountId, root } = await newAccount();
    const admin = await principal(root, accountId, 'admin', ALLOW_ALL);
    const path = '/aws-service-role/ecs.amazonaws.com/';
    const arn = `arn:aws:iam::${accountId}:role${path}AWSServiceRoleForECS`;
    const trust = policy({ Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' });
    for (const action of ['iam:CreateRole', 'iam:DeleteRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:UpdateAssumeRolePolicy']) {
      expect({ action, decision: await simulated(root, admin.arn, action, arn) }).toEqual({ action, decision: 'implicitDeny' });
    }
    const created = await call(admin.keys, 'CreateRole', { RoleName: 'AWSServiceRoleForECS', Path: path, AssumeRolePolicyDocument: trust });
    expect(created.error).toMatchObject({ Code: 'InvalidInput', Message: "Path prefix '/aws-service-role/' can only be used for AWS Service linked Roles" });
    expect((await call(root, 'CreateRole', { RoleName: 'AWSServiceRoleForECS', Path: path, AssumeRolePolicyDocument: trust })).error?.Code).toBe('InvalidInput');
    expect((await call(admin.keys, 'DeleteRole', { RoleName: 'AWSServiceRoleForECS' })).status).not.toBe(200);
    // An ordinary path: allowed, simulated and real.
    expect(await simulated(root, admin.arn, 'iam:CreateRole', `arn:aws:iam::${accountId}:role/service-role/app`)).toBe('allowed');
    expect((await call(admin.keys, 'CreateRole', { RoleName: 'app', Path: '/service-role/', AssumeRolePolicyDocument: trust })).status).toBe(200);
  });
});

describe('NotPrincipal in an Allow statement', () => {
  it('does not apply to the caller it names (issue 7 reproduction through the simulator)', async () => {
    const { accountId, root } = await newAccount();
    const testUser = await principal(root, accountId, 'test-user');
    const resourcePolicy = (aws: string) =>
      policy({ Effect: 'Allow', NotPrincipal: { AWS: aws }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' });
    const object = 'arn:aws:s3:::bucket/key';
    expect(await simulated(root, testUser.arn, 's3:GetObject', object, { ResourcePolicy: resourcePolicy(testUser.arn) })).toBe('implicitDeny');
    expect(await simulated(root, testUser.arn, 's3:GetObject', object, { ResourcePolicy: resourcePolicy(`arn:aws:iam::${accountId}:user/other`) })).toBe('allowed');
  });
});
