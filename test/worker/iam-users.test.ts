/**
 * IAM user, tag and access-key actions through the Worker: AWS's semantics, errors and pagination.
 * Spec: IAM API Reference for each action.
 */
import { describe, expect, it } from 'vitest';
import { awsDate, call, freezeClock, iamOk, newAccount, type Keys } from './support';

const members = (x: any): any[] => (x === '' || x === undefined ? [] : x.member);

async function userWithKey(root: Keys, name: string): Promise<Keys> {
  await iamOk(root, 'CreateUser', { UserName: name });
  const k = (await iamOk(root, 'CreateAccessKey', { UserName: name })).AccessKey;
  return { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey };
}

describe('users', () => {
  it('creates users with AWS ids and ARNs, paths and tags', async () => {
    const { accountId, root } = await newAccount();
    const now = freezeClock();
    const r = await iamOk(root, 'CreateUser', {
      UserName: 'Bob',
      Path: '/eng/',
      'Tags.member.1.Key': 'team',
      'Tags.member.1.Value': 'core',
    });
    expect(r.User.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(r.User.Arn).toBe(`arn:aws:iam::${accountId}:user/eng/Bob`);
    expect(r.User.Path).toBe('/eng/');
    expect(r.User.CreateDate).toBe(awsDate(now));
    expect(members(r.User.Tags)).toEqual([{ Key: 'team', Value: 'core' }]);
    const got = await iamOk(root, 'GetUser', { UserName: 'bob' });
    expect(got.User.UserName).toBe('Bob');
    expect(members(got.User.Tags)).toEqual([{ Key: 'team', Value: 'core' }]);
  });

  it('refuses a duplicate name regardless of case, an unknown user, and bad names', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'carol' });
    const dup = await call(root, 'CreateUser', { UserName: 'CAROL' });
    expect(dup.status).toBe(409);
    expect(dup.error).toMatchObject({ Code: 'EntityAlreadyExists', Message: 'User with name CAROL already exists.' });
    const missing = await call(root, 'GetUser', { UserName: 'nobody' });
    expect(missing.status).toBe(404);
    expect(missing.error).toMatchObject({ Code: 'NoSuchEntity', Message: 'The user with name nobody cannot be found.' });
    const bad = await call(root, 'CreateUser', { UserName: 'has space' });
    expect(bad.status).toBe(400);
    expect(bad.error?.Code).toBe('ValidationError');
    const none = await call(root, 'CreateUser', {});
    expect(none.error?.Code).toBe('ValidationError');
    expect(members((await iamOk(root, 'ListUsers')).Users)).toHaveLength(1);
  });

  it('describes the root user when GetUser has no name', async () => {
    const { accountId, root } = await newAccount();
    const r = await iamOk(root, 'GetUser');
    expect(r.User.UserId).toBe(accountId);
    expect(r.User.Arn).toBe(`arn:aws:iam::${accountId}:root`);
    expect(r.User.UserName).toBeUndefined();
  });

  it('lists by path prefix with Marker/MaxItems/IsTruncated', async () => {
    const { root } = await newAccount();
    for (const [name, path] of [['u3', '/a/'], ['u1', '/a/'], ['u2', '/b/'], ['u4', '/a/x/'], ['u5', '/']]) {
      await iamOk(root, 'CreateUser', { UserName: name!, Path: path! });
    }
    const seen: string[] = [];
    let marker: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await iamOk(root, 'ListUsers', { PathPrefix: '/a/', MaxItems: '2', ...(marker ? { Marker: marker } : {}) });
      seen.push(...members(page.Users).map((u: any) => u.UserName));
      if (page.IsTruncated !== 'true') {
        expect(page.Marker).toBeUndefined();
        break;
      }
      marker = page.Marker;
    }
    expect(seen).toEqual(['u1', 'u3', 'u4']);
    expect((await call(root, 'ListUsers', { Marker: 'not a marker!' })).error?.Code).toBe('ValidationError');
    expect((await call(root, 'ListUsers', { MaxItems: '0' })).error?.Code).toBe('ValidationError');
  });

  it('renames and moves a user; a clash is refused; the ARN follows', async () => {
    const { accountId, root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'dave' });
    await iamOk(root, 'CreateUser', { UserName: 'erin' });
    expect((await call(root, 'UpdateUser', { UserName: 'dave', NewUserName: 'ERIN' })).error?.Code).toBe('EntityAlreadyExists');
    await iamOk(root, 'UpdateUser', { UserName: 'dave', NewUserName: 'Dave2', NewPath: '/ops/' });
    const got = await iamOk(root, 'GetUser', { UserName: 'dave2' });
    expect(got.User.Arn).toBe(`arn:aws:iam::${accountId}:user/ops/Dave2`);
    expect((await call(root, 'GetUser', { UserName: 'dave' })).error?.Code).toBe('NoSuchEntity');
    // Renaming to a different case of its own name is allowed.
    await iamOk(root, 'UpdateUser', { UserName: 'Dave2', NewUserName: 'DAVE2' });
  });

  it('refuses DeleteUser while access keys remain, then deletes', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'frank' });
    const key = (await iamOk(root, 'CreateAccessKey', { UserName: 'frank' })).AccessKey;
    const conflict = await call(root, 'DeleteUser', { UserName: 'frank' });
    expect(conflict.status).toBe(409);
    expect(conflict.error).toMatchObject({ Code: 'DeleteConflict', Message: 'Cannot delete entity, must delete access keys first.' });
    await iamOk(root, 'DeleteAccessKey', { UserName: 'frank', AccessKeyId: key.AccessKeyId });
    await iamOk(root, 'DeleteUser', { UserName: 'frank' });
    expect((await call(root, 'GetUser', { UserName: 'frank' })).error?.Code).toBe('NoSuchEntity');
  });
});

describe('tags', () => {
  it('merges case-insensitively, untags, lists in order, and enforces 50', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'tagged' });
    await iamOk(root, 'TagUser', { UserName: 'tagged', 'Tags.member.1.Key': 'Env', 'Tags.member.1.Value': 'dev', 'Tags.member.2.Key': 'a', 'Tags.member.2.Value': '1' });
    await iamOk(root, 'TagUser', { UserName: 'tagged', 'Tags.member.1.Key': 'env', 'Tags.member.1.Value': 'prod' });
    expect(members((await iamOk(root, 'ListUserTags', { UserName: 'tagged' })).Tags)).toEqual([
      { Key: 'env', Value: 'prod' },
      { Key: 'a', Value: '1' },
    ]);
    const dup = await call(root, 'TagUser', { UserName: 'tagged', 'Tags.member.1.Key': 'x', 'Tags.member.1.Value': '1', 'Tags.member.2.Key': 'X', 'Tags.member.2.Value': '2' });
    expect(dup.error?.Code).toBe('InvalidInput');
    expect((await call(root, 'TagUser', { UserName: 'tagged', 'Tags.member.1.Key': 'aws:x', 'Tags.member.1.Value': '1' })).error?.Code).toBe('InvalidInput');
    await iamOk(root, 'UntagUser', { UserName: 'tagged', 'TagKeys.member.1': 'ENV', 'TagKeys.member.2': 'missing' });
    expect(members((await iamOk(root, 'ListUserTags', { UserName: 'tagged' })).Tags)).toEqual([{ Key: 'a', Value: '1' }]);
    const many: Record<string, string> = { UserName: 'tagged' };
    for (let i = 1; i <= 50; i++) Object.assign(many, { [`Tags.member.${i}.Key`]: `k${i}`, [`Tags.member.${i}.Value`]: 'v' });
    const over = await call(root, 'TagUser', many);
    expect(over.error?.Code).toBe('LimitExceeded');
    expect(members((await iamOk(root, 'ListUserTags', { UserName: 'tagged' })).Tags)).toHaveLength(1);
    const page = await iamOk(root, 'ListUserTags', { UserName: 'tagged', MaxItems: '1' });
    expect(page.IsTruncated).toBe('false');
  });
});

describe('access keys', () => {
  it('creates AKIA keys with a 40-character secret shown once, lists metadata only', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'kim' });
    const created = await call(root, 'CreateAccessKey', { UserName: 'kim' });
    const key = created.result.AccessKey;
    expect(key.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(key.SecretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
    expect(key.Status).toBe('Active');
    const listed = await call(root, 'ListAccessKeys', { UserName: 'kim' });
    expect(listed.xml).not.toContain(key.SecretAccessKey);
    expect(members(listed.result.AccessKeyMetadata)).toEqual([{ UserName: 'kim', AccessKeyId: key.AccessKeyId, Status: 'Active', CreateDate: key.CreateDate }]);
  });

  it('refuses an Inactive key at once for calls the object serves, and accepts it again when reactivated', async () => {
    const { root } = await newAccount();
    const user = await userWithKey(root, 'lee');
    await iamOk(root, 'UpdateAccessKey', { UserName: 'lee', AccessKeyId: user.accessKeyId, Status: 'Inactive' });
    const refused = await call(user, 'CreateAccessKey');
    expect(refused.status).toBe(403);
    expect(refused.error?.Code).toBe('InvalidClientTokenId');
    await iamOk(root, 'UpdateAccessKey', { UserName: 'lee', AccessKeyId: user.accessKeyId, Status: 'Active' });
    expect((await call(user, 'CreateAccessKey')).error?.Code).toBe('AccessDenied');
  });

  it('answers NoSuchEntity for a key of another user, and reports last use', async () => {
    const { accountId, root } = await newAccount();
    const mia = await userWithKey(root, 'mia');
    await iamOk(root, 'CreateUser', { UserName: 'ned' });
    const wrong = await call(root, 'UpdateAccessKey', { UserName: 'ned', AccessKeyId: mia.accessKeyId, Status: 'Inactive' });
    expect(wrong.status).toBe(404);
    expect(wrong.error?.Message).toBe(`The Access Key with id ${mia.accessKeyId} cannot be found.`);
    const never = await iamOk(root, 'GetAccessKeyLastUsed', { AccessKeyId: mia.accessKeyId });
    expect(never).toMatchObject({ UserName: 'mia', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });
    const usedAt = freezeClock();
    await call(mia, 'ListUsers');
    const used = await iamOk(root, 'GetAccessKeyLastUsed', { AccessKeyId: mia.accessKeyId });
    expect(used.AccessKeyLastUsed).toEqual({ ServiceName: 'iam', Region: 'us-east-1', LastUsedDate: awsDate(usedAt) });
    const unknown = await call(root, 'GetAccessKeyLastUsed', { AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA' });
    expect(unknown.error?.Code).toBe('AccessDenied');
    expect(unknown.error?.Message).toBe(`User: arn:aws:iam::${accountId}:root is not authorized to perform iam:GetAccessKeyLastUsed on resource: access key AKIAAAAAAAAAAAAAAAAA`);
  });
});

describe('authorization before the policy engine', () => {
  it('denies an IAM user everything but GetCallerIdentity, in AWS words', async () => {
    const { accountId, root } = await newAccount();
    const user = await userWithKey(root, 'olga');
    const denied = await call(user, 'ListUsers');
    expect(denied.status).toBe(403);
    expect(denied.error).toMatchObject({
      Code: 'AccessDenied',
      Message: `User: arn:aws:iam::${accountId}:user/olga is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${accountId}:user/ because no identity-based policy allows the iam:ListUsers action`,
    });
    const self = await call(user, 'GetUser');
    expect(self.error?.Code).toBe('AccessDenied');
    expect((await call(user, 'GetAccessKeyInfo', { AccessKeyId: user.accessKeyId }, 'sts')).error?.Code).toBe('AccessDenied');
    const who = await call(user, 'GetCallerIdentity', {}, 'sts');
    expect(who.result.Arn).toBe(`arn:aws:iam::${accountId}:user/olga`);
    expect(who.result.UserId).toMatch(/^AIDA/);
  });

  it('keeps tenants apart: a root key of one account cannot see another', async () => {
    const a = await newAccount();
    const b = await newAccount();
    await iamOk(b.root, 'CreateUser', { UserName: 'secret-user' });
    expect(members((await iamOk(a.root, 'ListUsers')).Users)).toEqual([]);
    expect((await call(a.root, 'GetUser', { UserName: 'secret-user' })).error?.Code).toBe('NoSuchEntity');
    const info = await call(a.root, 'GetAccessKeyInfo', { AccessKeyId: b.root.accessKeyId }, 'sts');
    expect(info.result.Account).toBe(b.accountId);
  });
});

describe('list pagination when the marker item goes away', () => {
  it('neither repeats nor skips tags when the last tag of a page is removed before the next page', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'pager', 'Tags.member.1.Key': 'a', 'Tags.member.1.Value': '1', 'Tags.member.2.Key': 'b', 'Tags.member.2.Value': '2', 'Tags.member.3.Key': 'c', 'Tags.member.3.Value': '3' });
    const first = await iamOk(root, 'ListUserTags', { UserName: 'pager', MaxItems: '2' });
    expect(members(first.Tags).map((t: { Key: string }) => t.Key)).toEqual(['a', 'b']);
    await iamOk(root, 'UntagUser', { UserName: 'pager', 'TagKeys.member.1': 'b' });
    const second = await iamOk(root, 'ListUserTags', { UserName: 'pager', MaxItems: '2', Marker: first.Marker });
    expect(members(second.Tags).map((t: { Key: string }) => t.Key)).toEqual(['c']);
    expect(second.IsTruncated).toBe('false');
    expect((await call(root, 'ListUserTags', { UserName: 'pager', Marker: 'bm90LWEtbWFya2Vy' })).error?.Code).toBe('ValidationError');
  });
});
