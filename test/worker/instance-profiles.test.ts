/**
 * Instance profiles through the Worker: CreateInstanceProfile … ListInstanceProfileTags, with AWS's
 * semantics, errors, the one-role quota and pagination.
 * Spec: IAM API Reference for each action (API_AddRoleToInstanceProfile.html: "An instance profile can contain
 * only one role, and this quota cannot be increased"); "IAM and AWS STS quotas".
 */
import { describe, expect, it } from 'vitest';
import { awsDate, call, freezeClock, iamOk, newAccount, policy, userWithKey, type Keys } from './support';

/** Generous: these tests make tens of signed calls, and CI machines are shared. */
const TIMEOUT = 20_000;

const members = (x: any): any[] => (x === '' || x === undefined ? [] : x.member);

const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

const createRole = (root: Keys, name: string) => iamOk(root, 'CreateRole', { RoleName: name, AssumeRolePolicyDocument: trust });

/** Every page of a paginated call, following Marker and checking page sizes. */
async function allPages(root: Keys, action: string, params: Record<string, string>, list: string, maxItems: number): Promise<any[]> {
  const out: any[] = [];
  let marker: string | undefined;
  for (let i = 0; i < 50; i++) {
    const r = await iamOk(root, action, { ...params, MaxItems: String(maxItems), ...(marker ? { Marker: marker } : {}) });
    const items = members(r[list]);
    expect(items.length).toBeLessThanOrEqual(maxItems);
    out.push(...items);
    if (r.IsTruncated !== 'true') {
      expect(r.Marker).toBeUndefined();
      return out;
    }
    marker = r.Marker;
  }
  throw new Error('pagination did not end');
}

describe('instance profiles', { timeout: TIMEOUT }, () => {
  it('creates a profile with AIPA id, path ARN, no roles and tags; gets it by any case', async () => {
    const { accountId, root } = await newAccount();
    const now = freezeClock();
    const r = await iamOk(root, 'CreateInstanceProfile', {
      InstanceProfileName: 'WebServer',
      Path: '/web/',
      'Tags.member.1.Key': 'team',
      'Tags.member.1.Value': 'core',
    });
    const p = r.InstanceProfile;
    expect(p.InstanceProfileId).toMatch(/^AIPA[A-Z2-7]{17}$/);
    expect(p.Arn).toBe(`arn:aws:iam::${accountId}:instance-profile/web/WebServer`);
    expect(p.Path).toBe('/web/');
    expect(p.InstanceProfileName).toBe('WebServer');
    expect(p.CreateDate).toBe(awsDate(now));
    expect(members(p.Roles)).toEqual([]);
    expect(members(p.Tags)).toEqual([{ Key: 'team', Value: 'core' }]);
    const got = (await iamOk(root, 'GetInstanceProfile', { InstanceProfileName: 'webserver' })).InstanceProfile;
    expect(got).toEqual(p);
    const plain = (await iamOk(root, 'CreateInstanceProfile', { InstanceProfileName: 'plain' })).InstanceProfile;
    expect(plain.Arn).toBe(`arn:aws:iam::${accountId}:instance-profile/plain`);
    expect(plain.Tags).toBeUndefined();
  });

  it('refuses a duplicate name in another case, unknown profiles and roles, bad names', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateInstanceProfile', { InstanceProfileName: 'Batch' });
    const dup = await call(root, 'CreateInstanceProfile', { InstanceProfileName: 'BATCH' });
    expect(dup.status).toBe(409);
    expect(dup.error).toMatchObject({ Code: 'EntityAlreadyExists', Message: 'Instance Profile BATCH already exists.' });
    for (const [action, extra] of [
      ['GetInstanceProfile', {}],
      ['DeleteInstanceProfile', {}],
      ['AddRoleToInstanceProfile', { RoleName: 'r' }],
      ['RemoveRoleFromInstanceProfile', { RoleName: 'r' }],
      ['TagInstanceProfile', { 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'v' }],
      ['UntagInstanceProfile', { 'TagKeys.member.1': 'k' }],
      ['ListInstanceProfileTags', {}],
    ] as const) {
      const res = await call(root, action, { InstanceProfileName: 'ghost', ...extra });
      expect(res.status, action).toBe(404);
      expect(res.error, action).toMatchObject({ Code: 'NoSuchEntity', Message: 'Instance Profile ghost cannot be found.' });
    }
    const noRole = await call(root, 'AddRoleToInstanceProfile', { InstanceProfileName: 'Batch', RoleName: 'ghost' });
    expect(noRole.error).toMatchObject({ Code: 'NoSuchEntity', Message: 'The role with name ghost cannot be found.' });
    expect((await call(root, 'ListInstanceProfilesForRole', { RoleName: 'ghost' })).error?.Code).toBe('NoSuchEntity');
    expect((await call(root, 'CreateInstanceProfile', { InstanceProfileName: 'no/slash' })).error?.Code).toBe('ValidationError');
    expect((await call(root, 'ListInstanceProfiles', { Marker: '!!' })).error?.Code).toBe('ValidationError');
  });

  it('holds one role: GetInstanceProfile shows it; a second role, or the same again, is LimitExceeded', async () => {
    const { root } = await newAccount();
    const role = (await createRole(root, 'AppRole')).Role;
    await createRole(root, 'OtherRole');
    await iamOk(root, 'CreateInstanceProfile', { InstanceProfileName: 'app' });
    await iamOk(root, 'AddRoleToInstanceProfile', { InstanceProfileName: 'APP', RoleName: 'approle' });
    const roles = members((await iamOk(root, 'GetInstanceProfile', { InstanceProfileName: 'app' })).InstanceProfile.Roles);
    expect(roles).toHaveLength(1);
    expect(roles[0]).toMatchObject({ RoleName: 'AppRole', RoleId: role.RoleId, Arn: role.Arn, Path: '/' });
    expect(decodeURIComponent(roles[0].AssumeRolePolicyDocument)).toBe(trust);
    for (const name of ['OtherRole', 'AppRole']) {
      const over = await call(root, 'AddRoleToInstanceProfile', { InstanceProfileName: 'app', RoleName: name });
      expect(over.status, name).toBe(409);
      expect(over.error).toMatchObject({ Code: 'LimitExceeded', Message: 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1' });
    }
    // A role may be in several profiles.
    await iamOk(root, 'CreateInstanceProfile', { InstanceProfileName: 'Another' });
    await iamOk(root, 'AddRoleToInstanceProfile', { InstanceProfileName: 'Another', RoleName: 'AppRole' });
    const forRole = members((await iamOk(root, 'ListInstanceProfilesForRole', { RoleName: 'approle' })).InstanceProfiles);
    expect(forRole.map((p) => p.InstanceProfileName)).toEqual(['Another', 'app']);
    expect(members(forRole[1].Roles).map((x) => x.RoleName)).toEqual(['AppRole']);
    expect((await allPages(root, 'ListInstanceProfilesForRole', { RoleName: 'AppRole' }, 'InstanceProfiles', 1)).map((p) => p.InstanceProfileName)).toEqual([
      'Another',
      'app',
    ]);
    expect(members((await iamOk(root, 'ListInstanceProfilesForRole', { RoleName: 'OtherRole' })).InstanceProfiles)).toEqual([]);

    const notIn = await call(root, 'RemoveRoleFromInstanceProfile', { InstanceProfileName: 'app', RoleName: 'OtherRole' });
    expect(notIn.status).toBe(404);
    expect(notIn.error).toMatchObject({ Code: 'NoSuchEntity', Message: 'The role with name OtherRole cannot be found.' });
    await iamOk(root, 'RemoveRoleFromInstanceProfile', { InstanceProfileName: 'app', RoleName: 'AppRole' });
    await iamOk(root, 'AddRoleToInstanceProfile', { InstanceProfileName: 'app', RoleName: 'OtherRole' });
    expect(members((await iamOk(root, 'GetInstanceProfile', { InstanceProfileName: 'app' })).InstanceProfile.Roles).map((x) => x.RoleName)).toEqual([
      'OtherRole',
    ]);
  });

  it('DeleteInstanceProfile: DeleteConflict while it holds a role; the role cannot be deleted either', async () => {
    const { root } = await newAccount();
    await createRole(root, 'held');
    await iamOk(root, 'CreateInstanceProfile', { InstanceProfileName: 'holder', 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'v' });
    await iamOk(root, 'AddRoleToInstanceProfile', { InstanceProfileName: 'holder', RoleName: 'held' });
    const conflict = await call(root, 'DeleteInstanceProfile', { InstanceProfileName: 'holder' });
    expect(conflict.status).toBe(409);
    expect(conflict.error).toMatchObject({ Code: 'DeleteConflict', Message: 'Cannot delete entity, must remove roles from instance profile first.' });
    expect((await call(root, 'DeleteRole', { RoleName: 'held' })).error?.Code).toBe('DeleteConflict');
    await iamOk(root, 'RemoveRoleFromInstanceProfile', { InstanceProfileName: 'holder', RoleName: 'held' });
    await iamOk(root, 'DeleteInstanceProfile', { InstanceProfileName: 'HOLDER' });
    expect((await call(root, 'GetInstanceProfile', { InstanceProfileName: 'holder' })).error?.Code).toBe('NoSuchEntity');
    expect(members((await iamOk(root, 'ListInstanceProfilesForRole', { RoleName: 'held' })).InstanceProfiles)).toEqual([]);
    await iamOk(root, 'DeleteRole', { RoleName: 'held' });
    // The name is free again, without the old profile's tags.
    expect((await iamOk(root, 'CreateInstanceProfile', { InstanceProfileName: 'holder' })).InstanceProfile.Tags).toBeUndefined();
    expect(members((await iamOk(root, 'ListInstanceProfileTags', { InstanceProfileName: 'holder' })).Tags)).toEqual([]);
  });

  it('ListInstanceProfiles: name order, PathPrefix, pagination; listings omit tags', async () => {
    const { root } = await newAccount();
    for (const n of ['delta', 'Alpha', 'charlie', 'Bravo', 'echo']) {
      await iamOk(root, 'CreateInstanceProfile', { InstanceProfileName: n, Path: n < 'a' ? '/upper/' : '/', 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'v' });
    }
    const all = members((await iamOk(root, 'ListInstanceProfiles')).InstanceProfiles);
    expect(all.map((p) => p.InstanceProfileName)).toEqual(['Alpha', 'Bravo', 'charlie', 'delta', 'echo']);
    for (const p of all) {
      expect(p.Tags).toBeUndefined();
      expect(members(p.Roles)).toEqual([]);
    }
    expect((await allPages(root, 'ListInstanceProfiles', {}, 'InstanceProfiles', 2)).map((p) => p.InstanceProfileName)).toEqual([
      'Alpha',
      'Bravo',
      'charlie',
      'delta',
      'echo',
    ]);
    const upper = members((await iamOk(root, 'ListInstanceProfiles', { PathPrefix: '/upper/' })).InstanceProfiles);
    expect(upper.map((p) => p.InstanceProfileName)).toEqual(['Alpha', 'Bravo']);
  });

  it('TagInstanceProfile, UntagInstanceProfile, ListInstanceProfileTags: merge, untag, paginate, 50 at most', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateInstanceProfile', { InstanceProfileName: 'tagged', 'Tags.member.1.Key': 'Team', 'Tags.member.1.Value': 'core' });
    await iamOk(root, 'TagInstanceProfile', {
      InstanceProfileName: 'TAGGED',
      'Tags.member.1.Key': 'team',
      'Tags.member.1.Value': 'edge',
      'Tags.member.2.Key': 'env',
      'Tags.member.2.Value': 'prod',
    });
    expect(members((await iamOk(root, 'ListInstanceProfileTags', { InstanceProfileName: 'tagged' })).Tags)).toEqual([
      { Key: 'team', Value: 'edge' },
      { Key: 'env', Value: 'prod' },
    ]);
    expect(members((await iamOk(root, 'GetInstanceProfile', { InstanceProfileName: 'tagged' })).InstanceProfile.Tags)).toHaveLength(2);
    const dupKeys = await call(root, 'TagInstanceProfile', {
      InstanceProfileName: 'tagged',
      'Tags.member.1.Key': 'a',
      'Tags.member.1.Value': '1',
      'Tags.member.2.Key': 'A',
      'Tags.member.2.Value': '2',
    });
    expect(dupKeys.error?.Code).toBe('InvalidInput');
    await iamOk(root, 'UntagInstanceProfile', { InstanceProfileName: 'tagged', 'TagKeys.member.1': 'TEAM', 'TagKeys.member.2': 'absent' });
    expect(members((await iamOk(root, 'ListInstanceProfileTags', { InstanceProfileName: 'tagged' })).Tags)).toEqual([{ Key: 'env', Value: 'prod' }]);
    const many: Record<string, string> = {};
    for (let i = 1; i <= 49; i++) {
      many[`Tags.member.${i}.Key`] = `k${String(i).padStart(2, '0')}`;
      many[`Tags.member.${i}.Value`] = 'v';
    }
    await iamOk(root, 'TagInstanceProfile', { InstanceProfileName: 'tagged', ...many });
    expect((await allPages(root, 'ListInstanceProfileTags', { InstanceProfileName: 'tagged' }, 'Tags', 15)).length).toBe(50);
    const over = await call(root, 'TagInstanceProfile', { InstanceProfileName: 'tagged', 'Tags.member.1.Key': 'more', 'Tags.member.1.Value': 'v' });
    expect(over.status).toBe(409);
    expect(over.error).toMatchObject({ Code: 'LimitExceeded', Message: 'Cannot exceed quota for TagsPerInstanceProfile: 50' });
  });

  it('GetAccountSummary counts instance profiles against a quota of 1,000', async () => {
    const { root } = await newAccount();
    const value = async (key: string) =>
      ((await iamOk(root, 'GetAccountSummary')).SummaryMap.entry as { key: string; value: string }[]).find((e) => e.key === key)?.value;
    expect(await value('InstanceProfiles')).toBe('0');
    expect(await value('InstanceProfilesQuota')).toBe('1000');
    await iamOk(root, 'CreateInstanceProfile', { InstanceProfileName: 'one' });
    expect(await value('InstanceProfiles')).toBe('1');
  });

  it('authorizes on the instance-profile ARN, with request tags and the profile\'s tags as condition keys', async () => {
    const { accountId, root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'ops' });
    const k = (await iamOk(root, 'CreateAccessKey', { UserName: 'ops' })).AccessKey;
    const ops: Keys = { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey };
    await iamOk(root, 'PutUserPolicy', {
      UserName: 'ops',
      PolicyName: 'profiles',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'iam:CreateInstanceProfile',
            Resource: `arn:aws:iam::${accountId}:instance-profile/web/*`,
            Condition: { StringEquals: { 'aws:RequestTag/team': 'web' } },
          },
          { Effect: 'Allow', Action: 'iam:DeleteInstanceProfile', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'web' } } },
        ],
      }),
    });
    const tagged = { 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'web' };
    await iamOk(ops, 'CreateInstanceProfile', { InstanceProfileName: 'front', Path: '/web/', ...tagged });
    const elsewhere = await call(ops, 'CreateInstanceProfile', { InstanceProfileName: 'back', ...tagged });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.error?.Message).toContain(`iam:CreateInstanceProfile on resource: arn:aws:iam::${accountId}:instance-profile/back`);
    expect((await call(ops, 'CreateInstanceProfile', { InstanceProfileName: 'untagged', Path: '/web/' })).status).toBe(403);
    await iamOk(root, 'CreateInstanceProfile', { InstanceProfileName: 'theirs' });
    expect((await call(ops, 'DeleteInstanceProfile', { InstanceProfileName: 'theirs' })).status).toBe(403);
    await iamOk(ops, 'DeleteInstanceProfile', { InstanceProfileName: 'front' });
  });
});

/**
 * AddRoleToInstanceProfile also needs iam:PassRole on the role (IAM API Reference,
 * API_AddRoleToInstanceProfile.html: "The caller of this operation must be granted the PassRole permission
 * on the IAM role by a permissions policy"). Without it, a user allowed only to manage instance profiles
 * could put any role, an administrator's included, behind a profile whose workload token it holds.
 */
describe('AddRoleToInstanceProfile and iam:PassRole', { timeout: TIMEOUT }, () => {
  async function setUp(statements: object[]) {
    const { accountId, root } = await newAccount();
    await createRole(root, 'Admin');
    await iamOk(root, 'TagRole', { RoleName: 'Admin', 'Tags.member.1.Key': 'tier', 'Tags.member.1.Value': 'admin' });
    await iamOk(root, 'CreateInstanceProfile', { InstanceProfileName: 'web' });
    const bob = await userWithKey(root, 'bob');
    await iamOk(root, 'PutUserPolicy', { UserName: 'bob', PolicyName: 'p', PolicyDocument: policy(...statements) });
    return { accountId, root, bob };
  }
  const manageProfiles = { Effect: 'Allow', Action: ['iam:AddRoleToInstanceProfile', 'iam:GetInstanceProfile'], Resource: '*' };
  const roles = async (root: Keys) => members((await iamOk(root, 'GetInstanceProfile', { InstanceProfileName: 'web' })).InstanceProfile.Roles);

  it('refuses a caller without iam:PassRole on the role, naming PassRole and the role, and changes nothing', async () => {
    const { accountId, root, bob } = await setUp([manageProfiles]);
    const r = await call(bob, 'AddRoleToInstanceProfile', { InstanceProfileName: 'web', RoleName: 'Admin' });
    expect(r.status).toBe(403);
    expect(r.error?.Code).toBe('AccessDenied');
    expect(r.error?.Message).toBe(
      `User: arn:aws:iam::${accountId}:user/bob is not authorized to perform: iam:PassRole on resource: arn:aws:iam::${accountId}:role/Admin because no identity-based policy allows the iam:PassRole action`,
    );
    expect(await roles(root)).toEqual([]);
  });

  it('allows it with iam:PassRole on the role, with the role\'s tags and the passed-to service in the context', async () => {
    const { root, bob } = await setUp([
      manageProfiles,
      {
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: 'arn:aws:iam::*:role/Admin',
        Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com', 'iam:ResourceTag/tier': 'admin' } },
      },
    ]);
    expect((await call(bob, 'AddRoleToInstanceProfile', { InstanceProfileName: 'web', RoleName: 'Admin' })).status).toBe(200);
    expect((await roles(root)).map((r: any) => r.RoleName)).toEqual(['Admin']);
  });

  it('refuses it when a Deny on iam:PassRole matches the role\'s tags', async () => {
    const { root, bob } = await setUp([
      manageProfiles,
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' },
      { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/tier': 'admin' } } },
    ]);
    const r = await call(bob, 'AddRoleToInstanceProfile', { InstanceProfileName: 'web', RoleName: 'Admin' });
    expect(r.status).toBe(403);
    expect(r.error?.Message).toMatch(/is not authorized to perform: iam:PassRole on resource: arn:aws:iam::\d{12}:role\/Admin with an explicit deny in an identity-based policy$/);
    expect(await roles(root)).toEqual([]);
  });
});
