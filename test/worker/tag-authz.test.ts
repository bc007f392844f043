/**
 * The tag condition keys reach the policy engine for every taggable kind: a Deny conditioned on
 * `aws:TagKeys`, `aws:RequestTag/*` or `aws:ResourceTag/*` stops TagUser as it stops TagRole (issue 7 §2:
 * TagUser used to be authorized without them, a permissions bypass).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, iamOk, newAccount, policy, userWithKey, type Keys } from './support';

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
