/**
 * Roles and instance profiles, run as real actions on the in-memory store (test/support/iam-harness.ts).
 * Spec: IAM API Reference, CreateRole, GetRole, UpdateAssumeRolePolicy, DeleteRole, CreateInstanceProfile,
 * AddRoleToInstanceProfile, DeleteInstanceProfile.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { iamHarness, type IamHarness } from '../../support/iam-harness';

let iam: IamHarness;
beforeEach(async () => {
  iam = await iamHarness();
});

const trust = (service: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

describe('roles on the in-memory store', () => {
  it('creates a role with its trust policy, changes it, and projects the principal row each time', async () => {
    const { Role } = await iam.call('CreateRole', { RoleName: 'app', Path: '/svc/', AssumeRolePolicyDocument: trust('ec2.amazonaws.com'), MaxSessionDuration: 7200 });
    expect(Role).toMatchObject({ RoleName: 'app', Path: '/svc/', Arn: `arn:aws:iam::${iam.accountId}:role/svc/app` });

    await iam.call('UpdateAssumeRolePolicy', { RoleName: 'APP', PolicyDocument: trust('lambda.amazonaws.com') });
    const got = (await iam.call('GetRole', { RoleName: 'app' })).Role;
    expect(got.MaxSessionDuration).toBe(7200);
    expect(JSON.parse(decodeURIComponent(got.AssumeRolePolicyDocument))).toEqual(JSON.parse(trust('lambda.amazonaws.com')));

    const rows = iam.memory.outbox.filter((op) => op.op === 'put' && op.table === 'principals');
    expect(rows).toHaveLength(2);
    expect(rows.at(-1)).toMatchObject({ row: { type: 'Role', principalId: Role.RoleId, trustPolicy: trust('lambda.amazonaws.com'), maxSessionDuration: 7200 } });
  });

  it('puts a role into one instance profile at most, and refuses to delete either while linked', async () => {
    await iam.call('CreateRole', { RoleName: 'r1', AssumeRolePolicyDocument: trust('ec2.amazonaws.com') });
    await iam.call('CreateRole', { RoleName: 'r2', AssumeRolePolicyDocument: trust('ec2.amazonaws.com') });
    const { InstanceProfile } = await iam.call('CreateInstanceProfile', { InstanceProfileName: 'web' });
    await iam.call('AddRoleToInstanceProfile', { InstanceProfileName: 'web', RoleName: 'r1' });
    await expect(iam.call('AddRoleToInstanceProfile', { InstanceProfileName: 'web', RoleName: 'r2' })).rejects.toMatchObject({ code: 'LimitExceeded' });

    const forRole = await iam.call('ListInstanceProfilesForRole', { RoleName: 'r1' });
    expect(forRole.InstanceProfiles.map((p: { InstanceProfileName: string }) => p.InstanceProfileName)).toEqual(['web']);
    await expect(iam.call('DeleteRole', { RoleName: 'r1' })).rejects.toMatchObject({ code: 'DeleteConflict' });
    await expect(iam.call('DeleteInstanceProfile', { InstanceProfileName: 'web' })).rejects.toMatchObject({ code: 'DeleteConflict' });

    await iam.call('RemoveRoleFromInstanceProfile', { InstanceProfileName: 'web', RoleName: 'r1' });
    await iam.call('DeleteInstanceProfile', { InstanceProfileName: 'web' });
    await iam.call('DeleteRole', { RoleName: 'r1' });
    const profileRows = iam.memory.outbox.filter((op) => op.table === 'instance_profiles');
    expect(profileRows.map((op) => [op.op, op.op === 'put' ? op.row.roleId : null])).toEqual([
      ['put', null],
      ['put', expect.stringMatching(/^AROA/)],
      ['put', null],
      ['del', null],
    ]);
    expect(profileRows.at(-1)).toMatchObject({ key: { instanceProfileId: InstanceProfile.InstanceProfileId } });
  });

  it('deletes a role with its tags: a new role of the same name starts without them', async () => {
    await iam.call('CreateRole', { RoleName: 'temp', AssumeRolePolicyDocument: trust('ec2.amazonaws.com'), Tags: [{ Key: 'team', Value: 'a' }] });
    await iam.call('DeleteRole', { RoleName: 'temp' });
    await iam.call('CreateRole', { RoleName: 'temp', AssumeRolePolicyDocument: trust('ec2.amazonaws.com') });
    expect((await iam.call('ListRoleTags', { RoleName: 'temp' })).Tags).toEqual([]);
    expect(iam.memory.raw.exec("SELECT count(*) FROM tags WHERE kind = 'role'")[0]!.values[0]![0]).toBe(0);
  });
});
