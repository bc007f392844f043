/**
 * Managed policies, their versions and attachments, and inline policies, run as real actions on the
 * in-memory store (test/support/iam-harness.ts); the read-model ops they commit are what the data plane
 * assembles a principal's policies from.
 * Spec: IAM API Reference, CreatePolicy, CreatePolicyVersion, AttachUserPolicy, ListEntitiesForPolicy,
 * DeletePolicy, PutRolePolicy.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { iamHarness, type IamHarness } from '../../support/iam-harness';

let iam: IamHarness;
beforeEach(async () => {
  iam = await iamHarness();
});

const doc = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

describe('policies on the in-memory store', () => {
  it('keeps versions in creation order and projects the default version', async () => {
    const { Policy } = await iam.call('CreatePolicy', { PolicyName: 'read', PolicyDocument: doc('s3:GetObject') });
    await iam.call('CreatePolicyVersion', { PolicyArn: Policy.Arn, PolicyDocument: doc('s3:ListBucket'), SetAsDefault: true });
    await iam.call('CreatePolicyVersion', { PolicyArn: Policy.Arn, PolicyDocument: doc('s3:PutObject') });

    const versions = (await iam.call('ListPolicyVersions', { PolicyArn: Policy.Arn })).Versions;
    expect(versions.map((v: { VersionId: string; IsDefaultVersion: boolean }) => [v.VersionId, v.IsDefaultVersion])).toEqual(
      expect.arrayContaining([['v1', false], ['v2', true], ['v3', false]]),
    );
    const projected = iam.memory.outbox.filter((op) => op.op === 'put' && op.table === 'managed_policies');
    expect(projected.at(-1)).toMatchObject({ row: { policyArn: Policy.Arn, defaultVersionId: 'v2', document: doc('s3:ListBucket') } });
  });

  it('attaches a policy to a user, group and role, lists the entities, and refuses to delete it while attached', async () => {
    const { Policy } = await iam.call('CreatePolicy', { PolicyName: 'shared', PolicyDocument: doc('sqs:SendMessage') });
    await iam.call('CreateUser', { UserName: 'u' });
    await iam.call('CreateGroup', { GroupName: 'g' });
    await iam.call('CreateRole', {
      RoleName: 'r',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    });
    await iam.call('AttachUserPolicy', { UserName: 'u', PolicyArn: Policy.Arn });
    await iam.call('AttachGroupPolicy', { GroupName: 'g', PolicyArn: Policy.Arn });
    await iam.call('AttachRolePolicy', { RoleName: 'r', PolicyArn: Policy.Arn });

    const entities = await iam.call('ListEntitiesForPolicy', { PolicyArn: Policy.Arn });
    expect(entities.PolicyUsers.map((e: { UserName: string }) => e.UserName)).toEqual(['u']);
    expect(entities.PolicyGroups.map((e: { GroupName: string }) => e.GroupName)).toEqual(['g']);
    expect(entities.PolicyRoles.map((e: { RoleName: string }) => e.RoleName)).toEqual(['r']);
    await expect(iam.call('DeletePolicy', { PolicyArn: Policy.Arn })).rejects.toMatchObject({ code: 'DeleteConflict' });

    await iam.call('DetachUserPolicy', { UserName: 'u', PolicyArn: Policy.Arn });
    await iam.call('DetachGroupPolicy', { GroupName: 'g', PolicyArn: Policy.Arn });
    await iam.call('DetachRolePolicy', { RoleName: 'r', PolicyArn: Policy.Arn });
    await iam.call('DeletePolicy', { PolicyArn: Policy.Arn });
    await expect(iam.call('GetPolicy', { PolicyArn: Policy.Arn })).rejects.toMatchObject({ code: 'NoSuchEntity' });
    expect(iam.memory.outbox.filter((op) => op.table === 'policy_attachments').map((op) => op.op)).toEqual(['put', 'put', 'put', 'del', 'del', 'del']);
  });

  it('an attached policy grants what it allows, and a detached one no longer does', async () => {
    await iam.call('CreateUser', { UserName: 'worker' });
    const { Policy } = await iam.call('CreatePolicy', { PolicyName: 'list-users', PolicyDocument: doc('iam:ListUsers') });
    await expect(iam.call('ListUsers', {}, iam.user('worker'))).rejects.toMatchObject({ code: 'AccessDenied' });
    await iam.call('AttachUserPolicy', { UserName: 'worker', PolicyArn: Policy.Arn });
    expect((await iam.call('ListUsers', {}, iam.user('worker'))).Users).toHaveLength(1);
    await iam.call('DetachUserPolicy', { UserName: 'worker', PolicyArn: Policy.Arn });
    await expect(iam.call('ListUsers', {}, iam.user('worker'))).rejects.toMatchObject({ code: 'AccessDenied' });
  });

  it('puts, replaces and deletes inline policies, listed by name', async () => {
    await iam.call('CreateGroup', { GroupName: 'g' });
    await iam.call('PutGroupPolicy', { GroupName: 'g', PolicyName: 'b', PolicyDocument: doc('s3:GetObject') });
    await iam.call('PutGroupPolicy', { GroupName: 'g', PolicyName: 'a', PolicyDocument: doc('s3:GetObject') });
    await iam.call('PutGroupPolicy', { GroupName: 'g', PolicyName: 'b', PolicyDocument: doc('s3:PutObject') });
    expect((await iam.call('ListGroupPolicies', { GroupName: 'g' })).PolicyNames).toEqual(['a', 'b']);
    const b = await iam.call('GetGroupPolicy', { GroupName: 'g', PolicyName: 'b' });
    expect(JSON.parse(decodeURIComponent(b.PolicyDocument))).toEqual(JSON.parse(doc('s3:PutObject')));
    await iam.call('DeleteGroupPolicy', { GroupName: 'g', PolicyName: 'a' });
    expect((await iam.call('ListGroupPolicies', { GroupName: 'g' })).PolicyNames).toEqual(['b']);
  });
});
