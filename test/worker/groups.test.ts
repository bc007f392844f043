/**
 * IAM group and membership actions through the Worker: AWS's semantics, errors, quotas and pagination.
 * Spec: IAM API Reference for each action; "IAM and AWS STS quotas".
 */
import { describe, expect, it } from 'vitest';
import { awsDate, call, freezeClock, iamOk, newAccount, type Keys } from './support';

/** Generous: these tests make tens of signed calls, and CI machines are shared. */
const TIMEOUT = 20_000;

const members = (x: any): any[] => (x === '' || x === undefined ? [] : x.member);

/** Runs `n` calls made by `make(i)` in parallel batches (the account's object serializes them anyway). */
async function inBatches(n: number, make: (i: number) => Promise<unknown>, batch = 50): Promise<void> {
  for (let start = 0; start < n; start += batch) {
    await Promise.all(Array.from({ length: Math.min(batch, n - start) }, (_, k) => make(start + k)));
  }
}

/** Follows Marker pages of `action` and returns every item of `list`, checking each page's size. */
async function allPages(root: Keys, action: string, params: Record<string, string>, list: string, maxItems: number): Promise<any[]> {
  const seen: any[] = [];
  let marker: string | undefined;
  for (let i = 0; i < 50; i++) {
    const page = await iamOk(root, action, { ...params, MaxItems: String(maxItems), ...(marker ? { Marker: marker } : {}) });
    const items = members(page[list]);
    expect(items.length).toBeLessThanOrEqual(maxItems);
    seen.push(...items);
    if (page.IsTruncated !== 'true') {
      expect(page.Marker).toBeUndefined();
      return seen;
    }
    expect(items.length).toBe(maxItems);
    marker = page.Marker;
  }
  throw new Error('too many pages');
}

describe('groups', { timeout: TIMEOUT }, () => {
  it('creates groups with AGPA ids and ARNs with their path, and gets them by any case', async () => {
    const { accountId, root } = await newAccount();
    const now = freezeClock();
    const r = await iamOk(root, 'CreateGroup', { GroupName: 'Admins', Path: '/eng/ops/' });
    expect(r.Group.GroupId).toMatch(/^AGPA[A-Z2-7]{17}$/);
    expect(r.Group.Arn).toBe(`arn:aws:iam::${accountId}:group/eng/ops/Admins`);
    expect(r.Group.Path).toBe('/eng/ops/');
    expect(r.Group.GroupName).toBe('Admins');
    expect(r.Group.CreateDate).toBe(awsDate(now));
    const dflt = await iamOk(root, 'CreateGroup', { GroupName: 'plain' });
    expect(dflt.Group.Arn).toBe(`arn:aws:iam::${accountId}:group/plain`);
    expect(dflt.Group.Path).toBe('/');
    const got = await iamOk(root, 'GetGroup', { GroupName: 'ADMINS' });
    expect(got.Group).toEqual(r.Group);
    expect(members(got.Users)).toEqual([]);
    expect(got.IsTruncated).toBe('false');
  });

  it('refuses a duplicate name regardless of case, an unknown group and bad names', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateGroup', { GroupName: 'devs' });
    const dup = await call(root, 'CreateGroup', { GroupName: 'DEVS' });
    expect(dup.status).toBe(409);
    expect(dup.error).toMatchObject({ Code: 'EntityAlreadyExists', Message: 'Group with name DEVS already exists.' });
    for (const action of ['GetGroup', 'DeleteGroup', 'UpdateGroup']) {
      const missing = await call(root, action, { GroupName: 'nope' });
      expect(missing.status).toBe(404);
      expect(missing.error).toMatchObject({ Code: 'NoSuchEntity', Message: 'The group with name nope cannot be found.' });
    }
    expect((await call(root, 'CreateGroup', { GroupName: 'has space' })).error?.Code).toBe('ValidationError');
    expect((await call(root, 'CreateGroup', { GroupName: 'x', Path: 'no-slashes' })).error?.Code).toBe('ValidationError');
    expect((await call(root, 'CreateGroup', {})).error?.Code).toBe('ValidationError');
  });

  it('lists by path prefix with Marker/MaxItems/IsTruncated', async () => {
    const { root } = await newAccount();
    for (const [name, path] of [['g3', '/a/'], ['G1', '/a/'], ['g2', '/b/'], ['g4', '/a/x/'], ['g5', '/']]) {
      await iamOk(root, 'CreateGroup', { GroupName: name!, Path: path! });
    }
    const under = await allPages(root, 'ListGroups', { PathPrefix: '/a/' }, 'Groups', 2);
    expect(under.map((g) => g.GroupName)).toEqual(['G1', 'g3', 'g4']);
    const all = await allPages(root, 'ListGroups', {}, 'Groups', 1);
    expect(all.map((g) => g.GroupName)).toEqual(['G1', 'g2', 'g3', 'g4', 'g5']);
    const first = await iamOk(root, 'ListGroups');
    expect(members(first.Groups)).toHaveLength(5);
    expect(first.IsTruncated).toBe('false');
    expect((await call(root, 'ListGroups', { Marker: 'not a marker!' })).error?.Code).toBe('ValidationError');
    expect((await call(root, 'ListGroups', { MaxItems: '0' })).error?.Code).toBe('ValidationError');
    expect((await call(root, 'ListGroups', { MaxItems: '1001' })).error?.Code).toBe('ValidationError');
  });

  it('renames and moves a group; a clash is refused regardless of case; members and ARN follow', async () => {
    const { accountId, root } = await newAccount();
    await iamOk(root, 'CreateGroup', { GroupName: 'red' });
    await iamOk(root, 'CreateGroup', { GroupName: 'blue' });
    await iamOk(root, 'CreateUser', { UserName: 'ann' });
    await iamOk(root, 'AddUserToGroup', { GroupName: 'red', UserName: 'ann' });
    const clash = await call(root, 'UpdateGroup', { GroupName: 'red', NewGroupName: 'BLUE' });
    expect(clash.status).toBe(409);
    expect(clash.error).toMatchObject({ Code: 'EntityAlreadyExists', Message: 'Group with name BLUE already exists.' });
    await iamOk(root, 'UpdateGroup', { GroupName: 'RED', NewGroupName: 'Crimson', NewPath: '/colors/' });
    const got = await iamOk(root, 'GetGroup', { GroupName: 'crimson' });
    expect(got.Group.Arn).toBe(`arn:aws:iam::${accountId}:group/colors/Crimson`);
    expect(got.Group.Path).toBe('/colors/');
    expect(members(got.Users).map((u) => u.UserName)).toEqual(['ann']);
    expect((await call(root, 'GetGroup', { GroupName: 'red' })).error?.Code).toBe('NoSuchEntity');
    // Path alone, then a different case of its own name.
    await iamOk(root, 'UpdateGroup', { GroupName: 'Crimson', NewPath: '/' });
    await iamOk(root, 'UpdateGroup', { GroupName: 'Crimson', NewGroupName: 'CRIMSON' });
    const last = await iamOk(root, 'GetGroup', { GroupName: 'crimson' });
    expect(last.Group).toMatchObject({ GroupName: 'CRIMSON', Path: '/', Arn: `arn:aws:iam::${accountId}:group/CRIMSON` });
    expect(members((await iamOk(root, 'ListGroupsForUser', { UserName: 'ann' })).Groups).map((g) => g.GroupName)).toEqual(['CRIMSON']);
  });

  it('deletes an empty group; the id is not reused by a new group of the same name', async () => {
    const { root } = await newAccount();
    const first = (await iamOk(root, 'CreateGroup', { GroupName: 'temp' })).Group;
    await iamOk(root, 'DeleteGroup', { GroupName: 'TEMP' });
    expect((await call(root, 'GetGroup', { GroupName: 'temp' })).error?.Code).toBe('NoSuchEntity');
    const second = (await iamOk(root, 'CreateGroup', { GroupName: 'temp' })).Group;
    expect(second.GroupId).not.toBe(first.GroupId);
  });
});

describe('DeleteGroup conflicts', { timeout: TIMEOUT }, () => {
  it('refuses while the group has members, then inline policies, in AWS words', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateGroup', { GroupName: 'busy' });
    await iamOk(root, 'CreateUser', { UserName: 'bo' });
    await iamOk(root, 'AddUserToGroup', { GroupName: 'busy', UserName: 'bo' });
    await iamOk(root, 'PutGroupPolicy', {
      GroupName: 'busy',
      PolicyName: 'p',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }),
    });
    const withMembers = await call(root, 'DeleteGroup', { GroupName: 'busy' });
    expect(withMembers.status).toBe(409);
    expect(withMembers.error).toMatchObject({ Code: 'DeleteConflict', Message: 'Cannot delete entity, must remove users from group first.' });
    await iamOk(root, 'RemoveUserFromGroup', { GroupName: 'busy', UserName: 'bo' });
    const withPolicy = await call(root, 'DeleteGroup', { GroupName: 'busy' });
    expect(withPolicy.status).toBe(409);
    expect(withPolicy.error).toMatchObject({ Code: 'DeleteConflict', Message: 'Cannot delete entity, must delete policies first.' });
    await iamOk(root, 'DeleteGroupPolicy', { GroupName: 'busy', PolicyName: 'p' });
    await iamOk(root, 'DeleteGroup', { GroupName: 'busy' });
    expect((await call(root, 'GetGroup', { GroupName: 'busy' })).error?.Code).toBe('NoSuchEntity');
  });

  it('refuses while a managed policy is attached', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateGroup', { GroupName: 'attached' });
    const arn = 'arn:aws:iam::aws:policy/IAMReadOnlyAccess';
    const attach = await call(root, 'AttachGroupPolicy', { GroupName: 'attached', PolicyArn: arn });
    expect(attach.status).toBe(200);
    const conflict = await call(root, 'DeleteGroup', { GroupName: 'attached' });
    expect(conflict.status).toBe(409);
    expect(conflict.error).toMatchObject({ Code: 'DeleteConflict', Message: 'Cannot delete entity, must detach all policies first.' });
    await iamOk(root, 'DetachGroupPolicy', { GroupName: 'attached', PolicyArn: arn });
    await iamOk(root, 'DeleteGroup', { GroupName: 'attached' });
  });
});

describe('membership', { timeout: TIMEOUT }, () => {
  it('adds users (again is a no-op), lists members and groups with pagination, removes them', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateGroup', { GroupName: 'team' });
    for (const u of ['u3', 'U1', 'u2', 'u5', 'u4']) {
      await iamOk(root, 'CreateUser', { UserName: u, Path: '/p/' });
      await iamOk(root, 'AddUserToGroup', { GroupName: 'TEAM', UserName: u.toLowerCase() });
    }
    await iamOk(root, 'AddUserToGroup', { GroupName: 'team', UserName: 'u2' });
    const users = await allPages(root, 'GetGroup', { GroupName: 'team' }, 'Users', 2);
    expect(users.map((u) => u.UserName)).toEqual(['U1', 'u2', 'u3', 'u4', 'u5']);
    expect(users[0]).toMatchObject({ Path: '/p/', UserId: expect.stringMatching(/^AIDA/) });
    const firstPage = await iamOk(root, 'GetGroup', { GroupName: 'team', MaxItems: '3' });
    expect(firstPage.Group.GroupName).toBe('team');
    expect(firstPage.IsTruncated).toBe('true');

    for (const g of ['z', 'B', 'a', 'c']) {
      await iamOk(root, 'CreateGroup', { GroupName: g });
      await iamOk(root, 'AddUserToGroup', { GroupName: g, UserName: 'u2' });
    }
    const groups = await allPages(root, 'ListGroupsForUser', { UserName: 'U2' }, 'Groups', 2);
    expect(groups.map((g) => g.GroupName)).toEqual(['a', 'B', 'c', 'team', 'z']);
    expect(groups[0].GroupId).toMatch(/^AGPA/);
    expect(members((await iamOk(root, 'ListGroupsForUser', { UserName: 'u1' })).Groups).map((g) => g.GroupName)).toEqual(['team']);

    await iamOk(root, 'RemoveUserFromGroup', { GroupName: 'team', UserName: 'U2' });
    const after = members((await iamOk(root, 'GetGroup', { GroupName: 'team' })).Users).map((u) => u.UserName);
    expect(after).toEqual(['U1', 'u3', 'u4', 'u5']);
    // Removing a user that is not a member succeeds without change, as AWS answers it.
    await iamOk(root, 'RemoveUserFromGroup', { GroupName: 'team', UserName: 'u2' });
    expect(members((await iamOk(root, 'ListGroupsForUser', { UserName: 'u2' })).Groups)).toHaveLength(4);
    expect((await call(root, 'ListGroupsForUser', { UserName: 'u2', Marker: '%%%' })).error?.Code).toBe('ValidationError');
  });

  it('answers NoSuchEntity for an unknown group or user', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateGroup', { GroupName: 'real' });
    await iamOk(root, 'CreateUser', { UserName: 'someone' });
    for (const action of ['AddUserToGroup', 'RemoveUserFromGroup']) {
      const noGroup = await call(root, action, { GroupName: 'ghost', UserName: 'someone' });
      expect(noGroup.status).toBe(404);
      expect(noGroup.error).toMatchObject({ Code: 'NoSuchEntity', Message: 'The group with name ghost cannot be found.' });
      const noUser = await call(root, action, { GroupName: 'real', UserName: 'nobody' });
      expect(noUser.status).toBe(404);
      expect(noUser.error).toMatchObject({ Code: 'NoSuchEntity', Message: 'The user with name nobody cannot be found.' });
    }
    const list = await call(root, 'ListGroupsForUser', { UserName: 'nobody' });
    expect(list.error).toMatchObject({ Code: 'NoSuchEntity', Message: 'The user with name nobody cannot be found.' });
  });

  it('enforces 10 groups per user; re-adding a member at the quota still succeeds', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'joiner' });
    await inBatches(11, (i) => iamOk(root, 'CreateGroup', { GroupName: `g${i}` }));
    for (let i = 0; i < 10; i++) await iamOk(root, 'AddUserToGroup', { GroupName: `g${i}`, UserName: 'joiner' });
    const over = await call(root, 'AddUserToGroup', { GroupName: 'g10', UserName: 'joiner' });
    expect(over.status).toBe(409);
    expect(over.error).toMatchObject({ Code: 'LimitExceeded', Message: 'Cannot exceed quota for GroupsPerUser: 10' });
    await iamOk(root, 'AddUserToGroup', { GroupName: 'g3', UserName: 'joiner' });
    await iamOk(root, 'RemoveUserFromGroup', { GroupName: 'g0', UserName: 'joiner' });
    await iamOk(root, 'AddUserToGroup', { GroupName: 'g10', UserName: 'joiner' });
    expect(members((await iamOk(root, 'ListGroupsForUser', { UserName: 'joiner' })).Groups)).toHaveLength(10);
  });
});

describe('authorization targets', { timeout: TIMEOUT }, () => {
  it('authorizes group actions on the group ARN with its path, through a group policy of the caller', async () => {
    const { accountId, root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'alice' });
    const k = (await iamOk(root, 'CreateAccessKey', { UserName: 'alice' })).AccessKey;
    const alice = { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey };
    await iamOk(root, 'CreateGroup', { GroupName: 'readers' });
    await iamOk(root, 'PutGroupPolicy', {
      GroupName: 'readers',
      PolicyName: 'team-read',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['iam:GetGroup', 'iam:ListGroupsForUser'], Resource: [`arn:aws:iam::${accountId}:group/team/*`, `arn:aws:iam::${accountId}:user/alice`] }],
      }),
    });
    await iamOk(root, 'AddUserToGroup', { GroupName: 'readers', UserName: 'alice' });
    await iamOk(root, 'CreateGroup', { GroupName: 'inside', Path: '/team/' });
    await iamOk(root, 'CreateGroup', { GroupName: 'outside' });
    expect((await iamOk(alice, 'GetGroup', { GroupName: 'inside' })).Group.GroupName).toBe('inside');
    expect(members((await iamOk(alice, 'ListGroupsForUser', { UserName: 'alice' })).Groups).map((g) => g.GroupName)).toEqual(['readers']);
    const denied = await call(alice, 'GetGroup', { GroupName: 'outside' });
    expect(denied.status).toBe(403);
    expect(denied.error?.Message).toBe(
      `User: arn:aws:iam::${accountId}:user/alice is not authorized to perform: iam:GetGroup on resource: arn:aws:iam::${accountId}:group/outside because no identity-based policy allows the iam:GetGroup action`,
    );
    // An unknown group is authorized as `group/<name>` before it is looked up.
    expect((await call(alice, 'GetGroup', { GroupName: 'ghost' })).error?.Message).toContain(`on resource: arn:aws:iam::${accountId}:group/ghost `);
    expect((await call(alice, 'DeleteGroup', { GroupName: 'inside' })).error?.Message).toContain(
      `iam:DeleteGroup on resource: arn:aws:iam::${accountId}:group/team/inside `,
    );
    expect((await call(alice, 'ListGroups')).error?.Message).toContain(`iam:ListGroups on resource: arn:aws:iam::${accountId}:group/ `);
  });
});

// Last: the quota test makes 300 calls, the bulk of this file's time.
describe('quota', { timeout: 60_000 }, () => {
  it('enforces 300 groups per account', async () => {
    const { root } = await newAccount();
    await inBatches(300, (i) => iamOk(root, 'CreateGroup', { GroupName: `q${String(i).padStart(3, '0')}` }));
    const over = await call(root, 'CreateGroup', { GroupName: 'one-too-many' });
    expect(over.status).toBe(409);
    expect(over.error).toMatchObject({ Code: 'LimitExceeded', Message: 'Cannot exceed quota for GroupsPerAccount: 300' });
    // An existing name is still reported as such at the quota.
    expect((await call(root, 'CreateGroup', { GroupName: 'Q000' })).error?.Code).toBe('EntityAlreadyExists');
    const page = await iamOk(root, 'ListGroups', { MaxItems: '1000' });
    expect(members(page.Groups)).toHaveLength(300);
    const defaultPage = await iamOk(root, 'ListGroups');
    expect(members(defaultPage.Groups)).toHaveLength(100);
    expect(defaultPage.IsTruncated).toBe('true');
    await iamOk(root, 'DeleteGroup', { GroupName: 'q000' });
    await iamOk(root, 'CreateGroup', { GroupName: 'one-too-many' });
  });
});
