/**
 * Groups and membership, run as real actions on the in-memory store (test/support/iam-harness.ts).
 * Spec: IAM API Reference, CreateGroup, GetGroup, AddUserToGroup, ListGroupsForUser, DeleteGroup.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { iamHarness, type IamHarness } from '../../support/iam-harness';

let iam: IamHarness;
beforeEach(async () => {
  iam = await iamHarness();
});

const names = (list: { UserName?: string; GroupName?: string }[]) => list.map((e) => e.UserName ?? e.GroupName);

describe('groups on the in-memory store', () => {
  it('adds users to groups and lists both sides in name order', async () => {
    await iam.call('CreateGroup', { GroupName: 'devs' });
    await iam.call('CreateGroup', { GroupName: 'Admins' });
    for (const user of ['zoe', 'Adam']) await iam.call('CreateUser', { UserName: user });
    await iam.call('AddUserToGroup', { GroupName: 'devs', UserName: 'zoe' });
    await iam.call('AddUserToGroup', { GroupName: 'devs', UserName: 'Adam' });
    await iam.call('AddUserToGroup', { GroupName: 'admins', UserName: 'zoe' });

    expect(names((await iam.call('GetGroup', { GroupName: 'devs' })).Users)).toEqual(['Adam', 'zoe']);
    expect(names((await iam.call('ListGroupsForUser', { UserName: 'zoe' })).Groups)).toEqual(['Admins', 'devs']);
    expect(iam.memory.outbox.filter((op) => op.table === 'group_members' && op.op === 'put')).toHaveLength(3);
  });

  it('refuses to delete a group with members, then deletes it once empty', async () => {
    await iam.call('CreateGroup', { GroupName: 'ops' });
    await iam.call('CreateUser', { UserName: 'sam' });
    await iam.call('AddUserToGroup', { GroupName: 'ops', UserName: 'sam' });
    await expect(iam.call('DeleteGroup', { GroupName: 'ops' })).rejects.toMatchObject({ code: 'DeleteConflict' });

    await iam.call('RemoveUserFromGroup', { GroupName: 'ops', UserName: 'sam' });
    await iam.call('DeleteGroup', { GroupName: 'ops' });
    await expect(iam.call('GetGroup', { GroupName: 'ops' })).rejects.toMatchObject({ code: 'NoSuchEntity' });
    expect(names((await iam.call('ListGroupsForUser', { UserName: 'sam' })).Groups)).toEqual([]);
  });

  it('renames a group and keeps its members', async () => {
    await iam.call('CreateGroup', { GroupName: 'old', Path: '/teams/' });
    await iam.call('CreateUser', { UserName: 'kim' });
    await iam.call('AddUserToGroup', { GroupName: 'old', UserName: 'kim' });
    await iam.call('UpdateGroup', { GroupName: 'old', NewGroupName: 'New' });
    const { Group, Users } = await iam.call('GetGroup', { GroupName: 'new' });
    expect(Group).toMatchObject({ GroupName: 'New', Path: '/teams/', Arn: `arn:aws:iam::${iam.accountId}:group/teams/New` });
    expect(names(Users)).toEqual(['kim']);
  });
});
