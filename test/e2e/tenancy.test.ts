/**
 * Tenant isolation over real HTTP: two accounts on the one server, each with its own root key. Nothing
 * account A's key does may read or change account B's users or keys, even when A names them exactly.
 */
import {
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  GetAccessKeyLastUsedCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  TagUserCommand,
  UpdateAccessKeyCommand,
  UpdateUserCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccountWithRootKeys, iamClient, stsClient, type Credentials } from './support/clients';
import { expectSdkError, sdkError, userWithKey } from './support/aws';

interface Tenant {
  accountId: string;
  root: Credentials;
  iam: IAMClient;
}

let a: Tenant;
let b: Tenant;
let bUser: Awaited<ReturnType<typeof userWithKey>>;

async function tenant(): Promise<Tenant> {
  const { accountId, credentials } = await createAccountWithRootKeys();
  return { accountId, root: credentials, iam: iamClient(credentials) };
}

beforeAll(async () => {
  [a, b] = await Promise.all([tenant(), tenant()]);
  await a.iam.send(new CreateUserCommand({ UserName: 'only-in-a' }));
  await a.iam.send(new CreateUserCommand({ UserName: 'same-name' }));
  await b.iam.send(new CreateUserCommand({ UserName: 'only-in-b', Tags: [{ Key: 'owner', Value: 'b' }] }));
  bUser = await userWithKey(b.iam, 'same-name');
});

const noSuchUser = (name: string) => ({
  name: 'NoSuchEntityException',
  code: 'NoSuchEntity',
  status: 404,
  message: `The user with name ${name} cannot be found.`,
});

describe('tenancy', () => {
  it('lists only the caller\'s own account\'s users', async () => {
    const inA = (await a.iam.send(new ListUsersCommand({}))).Users!;
    const inB = (await b.iam.send(new ListUsersCommand({}))).Users!;
    expect(inA.map((u) => u.UserName).sort()).toEqual(['only-in-a', 'same-name']);
    expect(inB.map((u) => u.UserName).sort()).toEqual(['only-in-b', 'same-name']);
    for (const u of inA) expect(u.Arn).toContain(`::${a.accountId}:`);
    for (const u of inB) expect(u.Arn).toContain(`::${b.accountId}:`);
  });

  it('gives a same-named user in two accounts distinct ids and ARNs', async () => {
    const ua = (await a.iam.send(new GetUserCommand({ UserName: 'same-name' }))).User!;
    const ub = (await b.iam.send(new GetUserCommand({ UserName: 'same-name' }))).User!;
    expect(ua.UserId).not.toBe(ub.UserId);
    expect(ua.Arn).toBe(`arn:aws:iam::${a.accountId}:user/same-name`);
    expect(ub.Arn).toBe(`arn:aws:iam::${b.accountId}:user/same-name`);
    expect(ub.UserId).toBe(bUser.userId);
  });

  it('cannot read, tag, rename or delete account B\'s user with A\'s root key', async () => {
    expectSdkError(await sdkError(a.iam.send(new GetUserCommand({ UserName: 'only-in-b' }))), noSuchUser('only-in-b'));
    expectSdkError(
      await sdkError(a.iam.send(new TagUserCommand({ UserName: 'only-in-b', Tags: [{ Key: 'owner', Value: 'a' }] }))),
      noSuchUser('only-in-b'),
    );
    expectSdkError(await sdkError(a.iam.send(new ListUserTagsCommand({ UserName: 'only-in-b' }))), noSuchUser('only-in-b'));
    expectSdkError(
      await sdkError(a.iam.send(new UpdateUserCommand({ UserName: 'only-in-b', NewUserName: 'stolen' }))),
      noSuchUser('only-in-b'),
    );
    expectSdkError(await sdkError(a.iam.send(new DeleteUserCommand({ UserName: 'only-in-b' }))), noSuchUser('only-in-b'));

    // B's user is untouched.
    const still = (await b.iam.send(new GetUserCommand({ UserName: 'only-in-b' }))).User!;
    expect(still.UserName).toBe('only-in-b');
    expect(still.Tags).toEqual([{ Key: 'owner', Value: 'b' }]);
  });

  it('cannot see, deactivate or delete account B\'s access keys with A\'s root key', async () => {
    const bKey = bUser.credentials.accessKeyId;
    // A's same-name user has no keys: A's view of "same-name" is its own user.
    expect((await a.iam.send(new ListAccessKeysCommand({ UserName: 'same-name' }))).AccessKeyMetadata).toEqual([]);
    // Without UserName the key is looked up among A's root keys; with it, among A's user's keys.
    const notFound = {
      name: 'NoSuchEntityException',
      code: 'NoSuchEntity',
      status: 404,
      message: `The Access Key with id ${bKey} cannot be found.`,
    };
    expectSdkError(await sdkError(a.iam.send(new UpdateAccessKeyCommand({ AccessKeyId: bKey, Status: 'Inactive' }))), notFound);
    expectSdkError(
      await sdkError(a.iam.send(new UpdateAccessKeyCommand({ UserName: 'same-name', AccessKeyId: bKey, Status: 'Inactive' }))),
      notFound,
    );
    expectSdkError(await sdkError(a.iam.send(new DeleteAccessKeyCommand({ AccessKeyId: bKey }))), notFound);
    expectSdkError(await sdkError(a.iam.send(new DeleteAccessKeyCommand({ UserName: 'same-name', AccessKeyId: bKey }))), notFound);
    // GetAccessKeyLastUsed does not disclose another account's key.
    const lastUsed = await sdkError(a.iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: bKey })));
    expectSdkError(lastUsed, { name: 'AccessDenied', code: 'AccessDenied', status: 403 });
    expect(lastUsed.message).not.toContain(b.accountId);

    // B's key is still Active and still B's user's.
    const keys = (await b.iam.send(new ListAccessKeysCommand({ UserName: 'same-name' }))).AccessKeyMetadata!;
    expect(keys.map((k) => [k.AccessKeyId, k.Status])).toEqual([[bKey, 'Active']]);
    const who = await stsClient(bUser.credentials).send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe(`arn:aws:iam::${b.accountId}:user/same-name`);
  });

  it('acts in B\'s account with B\'s user key, never in A\'s (same user name in both)', async () => {
    // B's user is denied (no policy) — on B's resource, and the message names B's account, not A's.
    const e = await sdkError(iamClient(bUser.credentials).send(new GetUserCommand({ UserName: 'same-name' })));
    expectSdkError(e, {
      name: 'AccessDenied',
      code: 'AccessDenied',
      status: 403,
      message:
        `User: arn:aws:iam::${b.accountId}:user/same-name is not authorized to perform: iam:GetUser on resource: ` +
        `arn:aws:iam::${b.accountId}:user/same-name because no identity-based policy allows the iam:GetUser action`,
    });
  });
});
