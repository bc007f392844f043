/**
 * Every implemented IAM action and STS GetAccessKeyInfo, round-tripped through @aws-sdk/client-iam and
 * @aws-sdk/client-sts: the SDK serializes the request and parses the answer with its own model, so
 * member names, list shapes and timestamps (which must become Date objects) are checked by AWS's code.
 */
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  GetAccessKeyLastUsedCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  paginateListUsers,
  TagUserCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
  UpdateUserCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { GetAccessKeyInfoCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccountWithRootKeys, iamClient, stsClient, type Credentials } from './support/clients';
import { expectDateDuring, expectSdkError, sdkError, userWithKey } from './support/aws';

let accountId: string;
let root: Credentials;
let iam: IAMClient;

beforeAll(async () => {
  ({ accountId, credentials: root } = await createAccountWithRootKeys());
  iam = iamClient(root);
});

/** A Date parsed by the SDK, within a couple of minutes of now. */
function expectRecentDate(d: unknown): void {
  expect(d).toBeInstanceOf(Date);
  const t = (d as Date).getTime();
  expect(Number.isNaN(t)).toBe(false);
  expect(Math.abs(Date.now() - t)).toBeLessThan(120_000);
}

const INVALID_TOKEN = {
  name: 'InvalidClientTokenId',
  code: 'InvalidClientTokenId',
  status: 403,
  message: 'The security token included in the request is invalid.',
};

describe('users', () => {
  it('creates a user with a Path and Tags, answering them with an AIDA id and a Date', async () => {
    const out = await iam.send(
      new CreateUserCommand({
        UserName: 'carol',
        Path: '/engineering/backend/',
        Tags: [
          { Key: 'team', Value: 'payments' },
          { Key: 'cost-center', Value: '1234' },
        ],
      }),
    );
    expect(out.$metadata.httpStatusCode).toBe(200);
    const u = out.User!;
    expect(u).toMatchObject({
      UserName: 'carol',
      Path: '/engineering/backend/',
      Arn: `arn:aws:iam::${accountId}:user/engineering/backend/carol`,
      Tags: [
        { Key: 'team', Value: 'payments' },
        { Key: 'cost-center', Value: '1234' },
      ],
    });
    expect(u.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expectRecentDate(u.CreateDate);

    const got = (await iam.send(new GetUserCommand({ UserName: 'carol' }))).User!;
    expect(got).toEqual(u);
  });

  it('refuses a second user with the same name (any case) with EntityAlreadyExists', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'dup-user' }));
    const e = await sdkError(iam.send(new CreateUserCommand({ UserName: 'DUP-user' })));
    expectSdkError(e, {
      name: 'EntityAlreadyExistsException',
      code: 'EntityAlreadyExists',
      status: 409,
      message: 'User with name DUP-user already exists.',
    });
  });

  it('answers GetUser of an unknown user with NoSuchEntity', async () => {
    const e = await sdkError(iam.send(new GetUserCommand({ UserName: 'nobody-here' })));
    expectSdkError(e, {
      name: 'NoSuchEntityException',
      code: 'NoSuchEntity',
      status: 404,
      message: 'The user with name nobody-here cannot be found.',
    });
  });

  it('describes the root user on GetUser without UserName (UserId = account id, Arn …:root)', async () => {
    const u = (await iam.send(new GetUserCommand({}))).User!;
    expect(u.UserId).toBe(accountId);
    expect(u.Arn).toBe(`arn:aws:iam::${accountId}:root`);
    expect(u.UserName).toBeUndefined();
    expect(u.CreateDate).toBeInstanceOf(Date);
    expect(Number.isNaN(u.CreateDate!.getTime())).toBe(false);
  });

  it('renames a user and moves it to a new path with UpdateUser, keeping its id', async () => {
    const created = (await iam.send(new CreateUserCommand({ UserName: 'dave' }))).User!;
    await iam.send(new UpdateUserCommand({ UserName: 'dave', NewUserName: 'david', NewPath: '/ops/' }));

    const e = await sdkError(iam.send(new GetUserCommand({ UserName: 'dave' })));
    expectSdkError(e, { name: 'NoSuchEntityException', code: 'NoSuchEntity', status: 404 });
    const renamed = (await iam.send(new GetUserCommand({ UserName: 'david' }))).User!;
    expect(renamed).toMatchObject({
      UserName: 'david',
      Path: '/ops/',
      UserId: created.UserId,
      Arn: `arn:aws:iam::${accountId}:user/ops/david`,
    });
    expect(renamed.CreateDate?.getTime()).toBe(created.CreateDate?.getTime());
  });

  it('refuses UpdateUser to a name another user holds with EntityAlreadyExists', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'erin' }));
    await iam.send(new CreateUserCommand({ UserName: 'frank' }));
    const e = await sdkError(iam.send(new UpdateUserCommand({ UserName: 'erin', NewUserName: 'Frank' })));
    expectSdkError(e, { name: 'EntityAlreadyExistsException', code: 'EntityAlreadyExists', status: 409 });
    expect((await iam.send(new GetUserCommand({ UserName: 'erin' }))).User?.UserName).toBe('erin');
  });
});

describe('ListUsers', () => {
  it('pages with MaxItems and Marker through the SDK paginator, each user exactly once', async () => {
    const acct = await createAccountWithRootKeys();
    const client = iamClient(acct.credentials);
    const names = ['Zed', 'alpha', 'Bravo', 'charlie_1', 'a+b=c,d.e@f-g'];
    const before = Date.now();
    for (const n of names) await client.send(new CreateUserCommand({ UserName: n }));
    const after = Date.now();

    const pages: { names: string[]; truncated?: boolean; marker?: string }[] = [];
    for await (const p of paginateListUsers({ client, pageSize: 2 }, {})) {
      for (const u of p.Users ?? []) expectDateDuring(u.CreateDate, before, after);
      pages.push({ names: (p.Users ?? []).map((u) => u.UserName!), truncated: p.IsTruncated, marker: p.Marker });
    }
    expect(pages.map((p) => p.names.length)).toEqual([2, 2, 1]);
    expect(pages.map((p) => p.truncated)).toEqual([true, true, false]);
    // Opaque to the client; this service's marker is the base64url of the page's last sort key (its
    // lowercased name, services/iam/pagination.ts), which the SDK passed back unchanged.
    for (const p of pages.slice(0, 2)) expect(Buffer.from(p.marker!, 'base64url').toString('utf8')).toBe(p.names.at(-1)!.toLowerCase());
    expect(pages[2]!.marker).toBeUndefined();
    const seen = pages.flatMap((p) => p.names);
    expect(seen).toHaveLength(names.length);
    expect([...seen].sort()).toEqual([...names].sort());

    // The same by hand: the Marker of page one starts page two right after it.
    const first = await client.send(new ListUsersCommand({ MaxItems: 2 }));
    expect(first.IsTruncated).toBe(true);
    const second = await client.send(new ListUsersCommand({ MaxItems: 2, Marker: first.Marker }));
    expect(second.Users!.map((u) => u.UserName)).toEqual(pages[1]!.names);
    // Without MaxItems everything fits in one page.
    const all = await client.send(new ListUsersCommand({}));
    expect(all.IsTruncated).toBe(false);
    expect(all.Users!.map((u) => u.UserName)).toEqual(seen);
  });

  it('filters by PathPrefix', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'pp-one', Path: '/prefix-test/a/' }));
    await iam.send(new CreateUserCommand({ UserName: 'pp-two', Path: '/prefix-test/b/' }));
    await iam.send(new CreateUserCommand({ UserName: 'pp-three', Path: '/elsewhere/' }));
    const a = await iam.send(new ListUsersCommand({ PathPrefix: '/prefix-test/' }));
    expect(a.Users!.map((u) => u.UserName).sort()).toEqual(['pp-one', 'pp-two']);
    const b = await iam.send(new ListUsersCommand({ PathPrefix: '/prefix-test/b/' }));
    expect(b.Users!.map((u) => u.Arn)).toEqual([`arn:aws:iam::${accountId}:user/prefix-test/b/pp-two`]);
  });
});

describe('user tags', () => {
  it('adds, replaces (case-insensitively) and removes tags with TagUser, UntagUser and ListUserTags', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'tagged', Tags: [{ Key: 'env', Value: 'dev' }] }));
    await iam.send(
      new TagUserCommand({
        UserName: 'tagged',
        Tags: [
          { Key: 'Ünïcødé key', Value: 'välue with spaces = + / @' },
          { Key: 'empty', Value: '' },
        ],
      }),
    );
    expect((await iam.send(new ListUserTagsCommand({ UserName: 'tagged' }))).Tags).toEqual([
      { Key: 'env', Value: 'dev' },
      { Key: 'Ünïcødé key', Value: 'välue with spaces = + / @' },
      { Key: 'empty', Value: '' },
    ]);

    await iam.send(new TagUserCommand({ UserName: 'tagged', Tags: [{ Key: 'ENV', Value: 'prod' }] }));
    await iam.send(new UntagUserCommand({ UserName: 'tagged', TagKeys: ['empty', 'not-there'] }));
    const out = await iam.send(new ListUserTagsCommand({ UserName: 'tagged' }));
    expect(out.IsTruncated).toBe(false);
    expect(out.Tags).toEqual([
      { Key: 'ENV', Value: 'prod' },
      { Key: 'Ünïcødé key', Value: 'välue with spaces = + / @' },
    ]);
    // GetUser carries the same tags.
    expect((await iam.send(new GetUserCommand({ UserName: 'tagged' }))).User?.Tags).toEqual(out.Tags);
  });

  it('pages ListUserTags with MaxItems', async () => {
    const Tags = ['a', 'b', 'c'].map((k) => ({ Key: k, Value: k.toUpperCase() }));
    await iam.send(new CreateUserCommand({ UserName: 'many-tags', Tags }));
    const p1 = await iam.send(new ListUserTagsCommand({ UserName: 'many-tags', MaxItems: 2 }));
    expect(p1.Tags).toEqual(Tags.slice(0, 2));
    expect(p1.IsTruncated).toBe(true);
    const p2 = await iam.send(new ListUserTagsCommand({ UserName: 'many-tags', MaxItems: 2, Marker: p1.Marker }));
    expect(p2.Tags).toEqual(Tags.slice(2));
    expect(p2.IsTruncated).toBe(false);
  });
});

describe('access keys', () => {
  it('lists a user\'s keys with ListAccessKeys (metadata only, Dates parsed)', async () => {
    const created = (await iam.send(new CreateUserCommand({ UserName: 'keyholder' }))).User!;
    const before = Date.now();
    const k1 = (await iam.send(new CreateAccessKeyCommand({ UserName: 'keyholder' }))).AccessKey!;
    const k2 = (await iam.send(new CreateAccessKeyCommand({ UserName: 'keyholder' }))).AccessKey!;
    const after = Date.now();
    for (const k of [k1, k2]) {
      expect(k).toMatchObject({ UserName: 'keyholder', Status: 'Active' });
      expect(k.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
      expect(k.SecretAccessKey).toMatch(/^[A-Za-z0-9/+]{40}$/);
      expectRecentDate(k.CreateDate);
    }
    const out = await iam.send(new ListAccessKeysCommand({ UserName: 'keyholder' }));
    expect(out.IsTruncated).toBe(false);
    const listed = out.AccessKeyMetadata!;
    expect(listed.map((k) => k.AccessKeyId).sort()).toEqual([k1.AccessKeyId, k2.AccessKeyId].sort());
    for (const k of listed) {
      expect(k.UserName).toBe('keyholder');
      expect(k.Status).toBe('Active');
      expectDateDuring(k.CreateDate, before, after);
      expect(k).not.toHaveProperty('SecretAccessKey');
    }
    expect(created.UserName).toBe('keyholder');
  });

  it('lists the root user\'s own keys on ListAccessKeys without UserName', async () => {
    const out = await iam.send(new ListAccessKeysCommand({}));
    expect(out.AccessKeyMetadata!.map((k) => k.AccessKeyId)).toEqual([root.accessKeyId]);
    expect(out.AccessKeyMetadata![0]!.UserName).toBeUndefined();
  });

  it('makes an Inactive key fail IAM calls with InvalidClientTokenId, and an Active one work again', async () => {
    const u = await userWithKey(iam, 'toggler');
    const own = iamClient(u.credentials);
    // While Active the key authenticates (the call is then denied: the user has no policy).
    expectSdkError(await sdkError(own.send(new ListUsersCommand({}))), { name: 'AccessDenied', code: 'AccessDenied', status: 403 });

    await iam.send(new UpdateAccessKeyCommand({ UserName: 'toggler', AccessKeyId: u.credentials.accessKeyId, Status: 'Inactive' }));
    const listed = await iam.send(new ListAccessKeysCommand({ UserName: 'toggler' }));
    expect(listed.AccessKeyMetadata!.map((k) => k.Status)).toEqual(['Inactive']);
    expectSdkError(await sdkError(own.send(new ListUsersCommand({}))), INVALID_TOKEN);

    await iam.send(new UpdateAccessKeyCommand({ UserName: 'toggler', AccessKeyId: u.credentials.accessKeyId, Status: 'Active' }));
    expectSdkError(await sdkError(own.send(new ListUsersCommand({}))), { name: 'AccessDenied', code: 'AccessDenied', status: 403 });
  });

  it('deletes a key with DeleteAccessKey: it is gone from the list and refused on IAM', async () => {
    const u = await userWithKey(iam, 'deleter');
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'deleter', AccessKeyId: u.credentials.accessKeyId }));
    expect((await iam.send(new ListAccessKeysCommand({ UserName: 'deleter' }))).AccessKeyMetadata).toEqual([]);
    expectSdkError(await sdkError(iamClient(u.credentials).send(new ListUsersCommand({}))), INVALID_TOKEN);
    const again = await sdkError(iam.send(new DeleteAccessKeyCommand({ UserName: 'deleter', AccessKeyId: u.credentials.accessKeyId })));
    expectSdkError(again, {
      name: 'NoSuchEntityException',
      code: 'NoSuchEntity',
      status: 404,
      message: `The Access Key with id ${u.credentials.accessKeyId} cannot be found.`,
    });
  });

  it('reports N/A for an unused key and the service, region and date once used on GetAccessKeyLastUsed', async () => {
    const u = await userWithKey(iam, 'last-used');
    const before = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: u.credentials.accessKeyId }));
    expect(before.UserName).toBe('last-used');
    expect(before.AccessKeyLastUsed).toEqual({ ServiceName: 'N/A', Region: 'N/A' });

    // An authenticated IAM call (denied for lack of policy) is a use of the key.
    await sdkError(iamClient(u.credentials).send(new ListUsersCommand({})));
    const after = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: u.credentials.accessKeyId }));
    expect(after.UserName).toBe('last-used');
    expect(after.AccessKeyLastUsed).toMatchObject({ ServiceName: 'iam', Region: 'us-east-1' });
    expectRecentDate(after.AccessKeyLastUsed!.LastUsedDate);
  });

  it('reports the root key\'s last use (no UserName) on GetAccessKeyLastUsed', async () => {
    await iam.send(new ListUsersCommand({ MaxItems: 1 }));
    const out = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: root.accessKeyId }));
    expect(out.UserName).toBeUndefined();
    expect(out.AccessKeyLastUsed).toMatchObject({ ServiceName: 'iam', Region: 'us-east-1' });
    expectRecentDate(out.AccessKeyLastUsed!.LastUsedDate);
  });
});

describe('DeleteUser', () => {
  it('refuses a user holding an access key with DeleteConflict, then deletes it once the key is gone', async () => {
    const u = await userWithKey(iam, 'leaver');
    const e = await sdkError(iam.send(new DeleteUserCommand({ UserName: 'leaver' })));
    expectSdkError(e, {
      name: 'DeleteConflictException',
      code: 'DeleteConflict',
      status: 409,
      message: 'Cannot delete entity, must delete access keys first.',
    });
    // Still there.
    expect((await iam.send(new GetUserCommand({ UserName: 'leaver' }))).User?.UserId).toBe(u.userId);

    await iam.send(new DeleteAccessKeyCommand({ UserName: 'leaver', AccessKeyId: u.credentials.accessKeyId }));
    const del = await iam.send(new DeleteUserCommand({ UserName: 'leaver' }));
    expect(del.$metadata.httpStatusCode).toBe(200);
    expectSdkError(await sdkError(iam.send(new GetUserCommand({ UserName: 'leaver' }))), {
      name: 'NoSuchEntityException',
      code: 'NoSuchEntity',
      status: 404,
    });
    const names = (await iam.send(new ListUsersCommand({}))).Users!.map((x) => x.UserName);
    expect(names).not.toContain('leaver');
  });
});

describe('STS', () => {
  it('returns the account of a key id on GetAccessKeyInfo, for its own and another account\'s key', async () => {
    const sts = stsClient(root);
    expect((await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: root.accessKeyId }))).Account).toBe(accountId);
    const other = await createAccountWithRootKeys();
    expect(other.accountId).not.toBe(accountId);
    const out = await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: other.credentials.accessKeyId }));
    expect(out.Account).toBe(other.accountId);
  });

  it('answers GetCallerIdentity for the root user with the account id as UserId', async () => {
    const out = await stsClient(root).send(new GetCallerIdentityCommand({}));
    expect({ UserId: out.UserId, Account: out.Account, Arn: out.Arn }).toEqual({
      UserId: accountId,
      Account: accountId,
      Arn: `arn:aws:iam::${accountId}:root`,
    });
  });
});
