/**
 * The tag condition keys reach the policy engine for every taggable kind: a Deny conditioned on
 * `aws:TagKeys`, `aws:RequestTag/*` or `aws:ResourceTag/*` stops TagUser as it stops TagRole (issue 7 §2:
 * TagUser used to be authorized without them, a permissions bypass).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, dispatch, iamOk, newAccount, operator, policy, userWithKey, type Keys } from './support';

describe('tag actions authorize with the tag condition keys', () => {
  let root: Keys;
  let alice: Keys;

  beforeAll(async () => {
    ({ root } = await newAccount());
    alice = await userWithKey(root, 'alice');
    await iamOk(root, 'CreateUser', { UserName: 'target', 'Tags.member.1.Key': 'env', 'Tags.member.1.Value': 'prod' });
    await iamOk(root, 'PutUserPolicy', {
      UserName: 'alice',
      PolicyName: 'p',
      PolicyDocument: policy(
        { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
        { Effect: 'Deny', Action: 'iam:TagUser', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['owner'] } } },
        { Effect: 'Deny', Action: 'iam:TagUser', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/team': 'red' } } },
        { Effect: 'Deny', Action: 'iam:UntagUser', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } },
      ),
    });
  });

  it('a Deny on aws:TagKeys stops TagUser', async () => {
    const r = await call(alice, 'TagUser', { UserName: 'target', 'Tags.member.1.Key': 'owner', 'Tags.member.1.Value': 'me' });
    expect(r.error?.Code).toBe('AccessDenied');
    expect((await iamOk(root, 'ListUserTags', { UserName: 'target' })).Tags.member.map((t: { Key: string }) => t.Key)).toEqual(['env']);
  });

  it('a Deny on aws:RequestTag/<key> stops TagUser', async () => {
    const r = await call(alice, 'TagUser', { UserName: 'target', 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'red' });
    expect(r.error?.Code).toBe('AccessDenied');
  });

  it('a Deny on aws:ResourceTag/<key> stops UntagUser', async () => {
    const r = await call(alice, 'UntagUser', { UserName: 'target', 'TagKeys.member.1': 'env' });
    expect(r.error?.Code).toBe('AccessDenied');
  });

  it('the same calls without a matching key are allowed', async () => {
    expect((await call(alice, 'TagUser', { UserName: 'target', 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'blue' })).status).toBe(200);
  });
});

describe('AssumeRole authorizes with the role tags', () => {
  it('a Deny on aws:ResourceTag/<key> or iam:ResourceTag/<key> of the role stops AssumeRole', async () => {
    const { accountId, root } = await newAccount();
    const bob = await userWithKey(root, 'bob');
    const trust = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' });
    await iamOk(root, 'CreateRole', { RoleName: 'prod-role', AssumeRolePolicyDocument: trust, 'Tags.member.1.Key': 'env', 'Tags.member.1.Value': 'prod' });
    const roleArn = `arn:aws:iam::${accountId}:role/prod-role`;
    const assume = (bookmark: string | null) =>
      call(bob, 'AssumeRole', { RoleArn: roleArn, RoleSessionName: 'sess' }, 'sts', bookmark ? { 'x-iam-bookmark': bookmark } : {});
    const put = async (statements: object[]) => {
      const r = await call(root, 'PutUserPolicy', { UserName: 'bob', PolicyName: 'p', PolicyDocument: policy(...statements) });
      expect(r.status).toBe(200);
      return r.headers.get('x-iam-bookmark');
    };
    const allow = { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' };
    expect((await assume(await put([allow]))).status).toBe(200);
    for (const key of ['aws:ResourceTag/env', 'iam:ResourceTag/env']) {
      const r = await assume(await put([allow, { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringEquals: { [key]: 'prod' } } }]));
      expect(r.error?.Code, key).toBe('AccessDenied');
    }
  });
});

describe('workload credentials authorize the role trust with the role tags', () => {
  it('a trust policy Deny on aws:ResourceTag/<key> refuses the role whose tag matches, not the other', async () => {
    const { accountId, root } = await newAccount();
    const trust = policy(
      { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
      { Effect: 'Deny', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } },
    );
    const statusFor = async (name: string, env: string) => {
      await iamOk(root, 'CreateRole', { RoleName: name, AssumeRolePolicyDocument: trust, 'Tags.member.1.Key': 'env', 'Tags.member.1.Value': env });
      await iamOk(root, 'CreateInstanceProfile', { InstanceProfileName: name });
      await iamOk(root, 'AddRoleToInstanceProfile', { InstanceProfileName: name, RoleName: name });
      const issued = await operator('POST', `/accounts/${accountId}/workload-tokens`, { instanceProfileName: name });
      expect(issued.status).toBe(201);
      const { token } = (await issued.json()) as { token: string };
      const bookmark = issued.headers.get('x-iam-bookmark');
      const res = await dispatch('https://iam.test/workload/credentials', { headers: { authorization: token, ...(bookmark ? { 'x-iam-bookmark': bookmark } : {}) } });
      return res.status;
    };
    expect(await statusFor('dev-web', 'dev')).toBe(200);
    expect(await statusFor('prod-web', 'prod')).toBe(403);
  });
});
