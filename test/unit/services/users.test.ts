/**
 * IAM users and their access keys, run as real actions on the in-memory store (test/support/iam-harness.ts).
 * Spec: IAM API Reference, CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser, CreateAccessKey.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { iamHarness, type IamHarness } from '../../support/iam-harness';

let iam: IamHarness;
beforeEach(async () => {
  iam = await iamHarness();
});

describe('users on the in-memory store', () => {
  it('creates, reads, renames and deletes a user, and projects each change', async () => {
    const created = await iam.call('CreateUser', { UserName: 'Alice', Path: '/eng/' });
    expect(created.User).toMatchObject({ UserName: 'Alice', Path: '/eng/', Arn: `arn:aws:iam::${iam.accountId}:user/eng/Alice` });
    expect((await iam.call('GetUser', { UserName: 'alice' })).User.UserName).toBe('Alice');

    await iam.call('UpdateUser', { UserName: 'Alice', NewUserName: 'Alicia', NewPath: '/ops/' });
    await expect(iam.call('GetUser', { UserName: 'Alice' })).rejects.toMatchObject({ code: 'NoSuchEntity' });
    expect((await iam.call('GetUser', { UserName: 'Alicia' })).User.Arn).toBe(`arn:aws:iam::${iam.accountId}:user/ops/Alicia`);

    await iam.call('DeleteUser', { UserName: 'Alicia' });
    await expect(iam.call('GetUser', { UserName: 'Alicia' })).rejects.toMatchObject({ code: 'NoSuchEntity' });
    const principalOps = iam.memory.outbox.filter((op) => op.table === 'principals').map((op) => op.op);
    expect(principalOps.at(-1)).toBe('del');
    expect(principalOps.slice(0, -1).every((op) => op === 'put')).toBe(true);
  });

  it('refuses a second user of the same name in another case, and changes nothing', async () => {
    await iam.call('CreateUser', { UserName: 'bob' });
    const before = iam.memory.outbox.length;
    await expect(iam.call('CreateUser', { UserName: 'BOB', Tags: [{ Key: 'k', Value: 'v' }] })).rejects.toMatchObject({ code: 'EntityAlreadyExists' });
    expect(iam.memory.outbox.length).toBe(before);
    expect(iam.memory.store().listTags('user', iam.memory.store().findUserByName('bob')!.userId)).toEqual([]);
  });

  it('lists users by path prefix, in name order, a page at a time', async () => {
    for (const [name, path] of [['carol', '/a/'], ['Bob', '/a/b/'], ['dave', '/c/'], ['alice', '/a/']] as const) {
      await iam.call('CreateUser', { UserName: name, Path: path });
    }
    const first = await iam.call('ListUsers', { PathPrefix: '/a/', MaxItems: 2 });
    expect(first.Users.map((u: { UserName: string }) => u.UserName)).toEqual(['alice', 'Bob']);
    expect(first.IsTruncated).toBe(true);
    const rest = await iam.call('ListUsers', { PathPrefix: '/a/', Marker: first.Marker });
    expect(rest.Users.map((u: { UserName: string }) => u.UserName)).toEqual(['carol']);
    expect(rest.IsTruncated).toBe(false);
  });

  it('creates an access key whose secret is sealed at rest, and lists it', async () => {
    await iam.call('CreateUser', { UserName: 'erin' });
    const { AccessKey } = await iam.call('CreateAccessKey', { UserName: 'erin' });
    expect(AccessKey).toMatchObject({ UserName: 'erin', Status: 'Active' });
    const stored = iam.memory.store().findAccessKey(AccessKey.AccessKeyId)!;
    expect(stored.secretSealed).not.toContain(AccessKey.SecretAccessKey);
    const listed = await iam.call('ListAccessKeys', { UserName: 'erin' });
    expect(listed.AccessKeyMetadata.map((k: { AccessKeyId: string }) => k.AccessKeyId)).toEqual([AccessKey.AccessKeyId]);
    await expect(iam.call('DeleteUser', { UserName: 'erin' })).rejects.toMatchObject({ code: 'DeleteConflict' });
  });
});
