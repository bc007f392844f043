/**
 * GetAccountAuthorizationDetails and GetAccountSummary through the Worker, against an account built with
 * the IAM API itself: users (tags, keys, boundary), groups with members, inline policies, customer-managed
 * policies with several versions, an AWS-managed policy attached.
 * Spec: IAM API Reference, API_GetAccountAuthorizationDetails.html and API_GetAccountSummary.html;
 * IAM User Guide, "IAM and AWS STS quotas".
 */
import { describe, expect, it } from 'vitest';
import { awsDate, call, freezeClock, iamOk, newAccount, operator, type Keys } from './support';

const members = (x: any): any[] => (x === '' || x === undefined ? [] : x.member);

/** An identity policy whose text needs URL-encoding (space, `+`, `%`, `/`, a Latin-1 letter). */
const doc = (action: string, resource = 'arn:aws:s3:::bucket/space + percent%/é') =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });

/** RFC 3986 encoding, as IAM returns documents. */
const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const AWS_ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const AWS_READONLY = 'arn:aws:iam::aws:policy/IAMReadOnlyAccess';
const AWS_POWER = 'arn:aws:iam::aws:policy/PowerUserAccess';

/** `Filter.member.N` parameters. */
const filterParams = (filter: string[] | undefined): Record<string, string> =>
  Object.fromEntries((filter ?? []).map((f, i) => [`Filter.member.${i + 1}`, f]));

/** One GetAccountAuthorizationDetails page, with its lists as arrays. */
async function details(keys: Keys, filter?: string[], extra: Record<string, string> = {}) {
  const r = await iamOk(keys, 'GetAccountAuthorizationDetails', { ...filterParams(filter), ...extra });
  return {
    users: members(r.UserDetailList),
    groups: members(r.GroupDetailList),
    roles: members(r.RoleDetailList),
    policies: members(r.Policies),
    truncated: r.IsTruncated,
    marker: r.Marker as string | undefined,
    raw: r,
  };
}

/** Every entity of a filter, page by page with MaxItems, as `family:name` in the order returned. */
async function walk(keys: Keys, filter: string[] | undefined, maxItems: number): Promise<string[]> {
  const seen: string[] = [];
  let marker: string | undefined;
  for (let i = 0; i < 100; i++) {
    const page = await details(keys, filter, { MaxItems: String(maxItems), ...(marker ? { Marker: marker } : {}) });
    const names = [
      ...page.users.map((u) => `user:${u.UserName}`),
      ...page.roles.map((r) => `role:${r.RoleName}`),
      ...page.groups.map((g) => `group:${g.GroupName}`),
      ...page.policies.map((p) => `policy:${p.PolicyName}`),
    ];
    seen.push(...names);
    if (page.truncated !== 'true') {
      expect(page.marker).toBeUndefined();
      expect(names.length).toBeLessThanOrEqual(maxItems);
      return seen;
    }
    expect(names).toHaveLength(maxItems);
    // Opaque to clients; here the base64url of the last item's sort key (services/iam/pagination.ts).
    expect(page.marker).toMatch(/^[A-Za-z0-9_-]+$/);
    marker = page.marker;
  }
  throw new Error('pagination did not end');
}

/** The SummaryMap as numbers. */
async function summary(keys: Keys): Promise<Record<string, number>> {
  const r = await iamOk(keys, 'GetAccountSummary');
  const entries: any[] = Array.isArray(r.SummaryMap.entry) ? r.SummaryMap.entry : [r.SummaryMap.entry];
  return Object.fromEntries(entries.map((e) => [e.key, Number(e.value)]));
}

/** A user with its own access key and AdministratorAccess. */
async function adminUser(root: Keys, name: string): Promise<Keys> {
  await iamOk(root, 'CreateUser', { UserName: name });
  await iamOk(root, 'AttachUserPolicy', { UserName: name, PolicyArn: AWS_ADMIN });
  const k = (await iamOk(root, 'CreateAccessKey', { UserName: name })).AccessKey;
  return { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey };
}

/**
 * The account of the details tests:
 * - alice (path /eng/, tagged, 2 keys, inline policy, member of Devs and ops, Shared + AWS read-only
 *   attached, boundary Boundary);
 * - Bob (no tags, no policies, member of Devs);
 * - carol (nothing);
 * - groups Devs (/eng/, inline policy, Shared attached) and ops (nothing);
 * - policies Shared (/team/, 2 versions, v2 default, attached to alice and Devs), Boundary (boundary of
 *   alice only), Unused; AWS-managed IAMReadOnlyAccess attached to alice, PowerUserAccess boundary of carol.
 */
async function buildAccount() {
  const { accountId, root } = await newAccount();
  await iamOk(root, 'CreateUser', { UserName: 'alice', Path: '/eng/', 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'core', 'Tags.member.2.Key': 'Env', 'Tags.member.2.Value': 'prod' });
  await iamOk(root, 'CreateUser', { UserName: 'Bob' });
  await iamOk(root, 'CreateUser', { UserName: 'carol' });
  await iamOk(root, 'CreateAccessKey', { UserName: 'alice' });
  await iamOk(root, 'CreateAccessKey', { UserName: 'alice' });
  await iamOk(root, 'CreateGroup', { GroupName: 'Devs', Path: '/eng/' });
  await iamOk(root, 'CreateGroup', { GroupName: 'ops' });
  await iamOk(root, 'AddUserToGroup', { GroupName: 'Devs', UserName: 'alice' });
  await iamOk(root, 'AddUserToGroup', { GroupName: 'ops', UserName: 'alice' });
  await iamOk(root, 'AddUserToGroup', { GroupName: 'Devs', UserName: 'Bob' });
  await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'read-bucket', PolicyDocument: doc('s3:GetObject') });
  await iamOk(root, 'PutGroupPolicy', { GroupName: 'Devs', PolicyName: 'list-bucket', PolicyDocument: doc('s3:ListBucket') });
  const shared = (await iamOk(root, 'CreatePolicy', { PolicyName: 'Shared', Path: '/team/', Description: 'shared access', PolicyDocument: doc('s3:GetObject') })).Policy;
  await iamOk(root, 'CreatePolicyVersion', { PolicyArn: shared.Arn, PolicyDocument: doc('s3:PutObject'), SetAsDefault: 'true' });
  const boundary = (await iamOk(root, 'CreatePolicy', { PolicyName: 'Boundary', PolicyDocument: doc('s3:*') })).Policy;
  const unused = (await iamOk(root, 'CreatePolicy', { PolicyName: 'Unused', PolicyDocument: doc('s3:DeleteObject') })).Policy;
  await iamOk(root, 'AttachUserPolicy', { UserName: 'alice', PolicyArn: shared.Arn });
  await iamOk(root, 'AttachUserPolicy', { UserName: 'alice', PolicyArn: AWS_READONLY });
  await iamOk(root, 'AttachGroupPolicy', { GroupName: 'Devs', PolicyArn: shared.Arn });
  await iamOk(root, 'PutUserPermissionsBoundary', { UserName: 'alice', PermissionsBoundary: boundary.Arn });
  await iamOk(root, 'PutUserPermissionsBoundary', { UserName: 'carol', PermissionsBoundary: AWS_POWER });
  return { accountId, root, shared, boundary, unused };
}

describe('GetAccountAuthorizationDetails', { timeout: 30_000 }, () => {
  it('describes every user with inline policies, groups, attached policies, boundary and tags', async () => {
    const now = freezeClock();
    const { accountId, root, shared, boundary } = await buildAccount();
    const d = await details(root, ['User']);
    expect(d.users.map((u) => u.UserName)).toEqual(['alice', 'Bob', 'carol']);
    const [alice, bob, carol] = d.users;
    expect(alice).toMatchObject({
      Path: '/eng/',
      UserName: 'alice',
      Arn: `arn:aws:iam::${accountId}:user/eng/alice`,
      PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: boundary.Arn },
    });
    expect(alice.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(alice.CreateDate).toBe(awsDate(now));
    expect(members(alice.UserPolicyList)).toEqual([{ PolicyName: 'read-bucket', PolicyDocument: rfc3986(doc('s3:GetObject')) }]);
    expect(decodeURIComponent(members(alice.UserPolicyList)[0].PolicyDocument)).toBe(doc('s3:GetObject'));
    expect(members(alice.GroupList)).toEqual(['Devs', 'ops']);
    expect(members(alice.AttachedManagedPolicies)).toEqual([
      { PolicyName: 'Shared', PolicyArn: shared.Arn },
      { PolicyName: 'IAMReadOnlyAccess', PolicyArn: AWS_READONLY },
    ]);
    expect(members(alice.Tags)).toEqual([
      { Key: 'team', Value: 'core' },
      { Key: 'Env', Value: 'prod' },
    ]);
    // As the live service answers: no UserPolicyList or Tags when there are none; GroupList and
    // AttachedManagedPolicies always.
    expect(bob.UserPolicyList).toBeUndefined();
    expect(bob.Tags).toBeUndefined();
    expect(bob.PermissionsBoundary).toBeUndefined();
    expect(members(bob.GroupList)).toEqual(['Devs']);
    expect(bob.AttachedManagedPolicies).toBe('');
    expect(carol.GroupList).toBe('');
    expect(carol.PermissionsBoundary).toEqual({ PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: AWS_POWER });
    // The four lists are always there; only users are listed.
    expect(d.raw.GroupDetailList).toBe('');
    expect(d.raw.RoleDetailList).toBe('');
    expect(d.raw.Policies).toBe('');
    expect(d.truncated).toBe('false');
    expect(d.marker).toBeUndefined();
  });

  it('describes groups with their inline and attached policies, and no roles', async () => {
    const { accountId, root, shared } = await buildAccount();
    const d = await details(root, ['Group']);
    expect(d.users).toEqual([]);
    expect(d.groups.map((g) => g.GroupName)).toEqual(['Devs', 'ops']);
    const [devs, ops] = d.groups;
    expect(devs).toMatchObject({ Path: '/eng/', GroupName: 'Devs', Arn: `arn:aws:iam::${accountId}:group/eng/Devs` });
    expect(devs.GroupId).toMatch(/^AGPA[A-Z2-7]{17}$/);
    expect(members(devs.GroupPolicyList)).toEqual([{ PolicyName: 'list-bucket', PolicyDocument: rfc3986(doc('s3:ListBucket')) }]);
    expect(members(devs.AttachedManagedPolicies)).toEqual([{ PolicyName: 'Shared', PolicyArn: shared.Arn }]);
    expect(ops.GroupPolicyList).toBe('');
    expect(ops.AttachedManagedPolicies).toBe('');
    expect((await details(root, ['Role'])).roles).toEqual([]);
  });

  it('LocalManagedPolicy lists every customer policy with all its versions, newest first, URL-encoded', async () => {
    const { root, shared, boundary, unused } = await buildAccount();
    const d = await details(root, ['LocalManagedPolicy']);
    expect(d.policies.map((p) => p.PolicyName)).toEqual(['Boundary', 'Shared', 'Unused']);
    const byName = Object.fromEntries(d.policies.map((p) => [p.PolicyName, p]));
    expect(byName.Shared).toMatchObject({
      PolicyId: shared.PolicyId,
      Arn: shared.Arn,
      Path: '/team/',
      DefaultVersionId: 'v2',
      AttachmentCount: '2',
      PermissionsBoundaryUsageCount: '0',
      IsAttachable: 'true',
      CreateDate: shared.CreateDate,
    });
    expect(byName.Shared.Description).toBeUndefined();
    const versions = members(byName.Shared.PolicyVersionList);
    expect(versions.map((v) => [v.VersionId, v.IsDefaultVersion])).toEqual([
      ['v2', 'true'],
      ['v1', 'false'],
    ]);
    expect(versions[0].Document).toBe(rfc3986(doc('s3:PutObject')));
    expect(versions[1].Document).toBe(rfc3986(doc('s3:GetObject')));
    expect(decodeURIComponent(versions[1].Document)).toBe(doc('s3:GetObject'));
    expect(versions[1].CreateDate).toBe(shared.CreateDate);
    expect(byName.Boundary).toMatchObject({ Arn: boundary.Arn, AttachmentCount: '0', PermissionsBoundaryUsageCount: '1', DefaultVersionId: 'v1' });
    expect(members(byName.Boundary.PolicyVersionList)).toHaveLength(1);
    expect(byName.Unused).toMatchObject({ Arn: unused.Arn, AttachmentCount: '0', PermissionsBoundaryUsageCount: '0' });
  });

  it('AWSManagedPolicy lists only the AWS-managed policies the account attaches or uses as a boundary', async () => {
    const { root } = await buildAccount();
    const d = await details(root, ['AWSManagedPolicy']);
    expect(d.policies.map((p) => p.Arn)).toEqual([AWS_READONLY, AWS_POWER]);
    const [readOnly, power] = d.policies;
    expect(readOnly).toMatchObject({ PolicyName: 'IAMReadOnlyAccess', Path: '/', AttachmentCount: '1', PermissionsBoundaryUsageCount: '0', IsAttachable: 'true' });
    expect(readOnly.PolicyId).toMatch(/^ANPA[A-Z2-7]{17}$/);
    const v = members(readOnly.PolicyVersionList);
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ VersionId: readOnly.DefaultVersionId, IsDefaultVersion: 'true' });
    expect(JSON.parse(decodeURIComponent(v[0].Document)).Statement).toBeDefined();
    expect(power).toMatchObject({ PolicyName: 'PowerUserAccess', AttachmentCount: '0', PermissionsBoundaryUsageCount: '1' });

    // Detaching and clearing the boundary takes them out; a fresh account lists none.
    await iamOk(root, 'DetachUserPolicy', { UserName: 'alice', PolicyArn: AWS_READONLY });
    await iamOk(root, 'DeleteUserPermissionsBoundary', { UserName: 'carol' });
    expect((await details(root, ['AWSManagedPolicy'])).policies).toEqual([]);
    const fresh = await newAccount();
    expect((await details(fresh.root, ['AWSManagedPolicy'])).policies).toEqual([]);
  });

  it('without a Filter (or with all five, in any order, repeated) lists every family', async () => {
    const { root } = await buildAccount();
    const all = await details(root);
    expect(all.users.map((u) => u.UserName)).toEqual(['alice', 'Bob', 'carol']);
    expect(all.groups.map((g) => g.GroupName)).toEqual(['Devs', 'ops']);
    expect(all.roles).toEqual([]);
    expect(all.policies.map((p) => p.PolicyName)).toEqual(['Boundary', 'IAMReadOnlyAccess', 'PowerUserAccess', 'Shared', 'Unused']);
    const explicit = await details(root, ['Group', 'AWSManagedPolicy', 'User', 'LocalManagedPolicy', 'Role', 'User']);
    expect(explicit.raw).toEqual(all.raw);
    const mixed = await details(root, ['Group', 'User', 'Group']);
    expect(mixed.users).toHaveLength(3);
    expect(mixed.groups).toHaveLength(2);
    expect(mixed.policies).toEqual([]);
  });

  it('paginates across families (users, roles, groups, policies) with MaxItems and Marker', async () => {
    const { root } = await buildAccount();
    const expected = [
      'user:alice',
      'user:Bob',
      'user:carol',
      'group:Devs',
      'group:ops',
      'policy:Boundary',
      'policy:IAMReadOnlyAccess',
      'policy:PowerUserAccess',
      'policy:Shared',
      'policy:Unused',
    ];
    for (const maxItems of [1, 2, 3, 4, 9, 10, 100]) expect(await walk(root, undefined, maxItems)).toEqual(expected);
    expect(await walk(root, ['LocalManagedPolicy', 'Group'], 2)).toEqual([
      'group:Devs',
      'group:ops',
      'policy:Boundary',
      'policy:Shared',
      'policy:Unused',
    ]);
    // A page of exactly the remaining entities is not truncated.
    const first = await details(root, ['User'], { MaxItems: '2' });
    expect(first.users.map((u) => u.UserName)).toEqual(['alice', 'Bob']);
    expect(first.truncated).toBe('true');
    const rest = await details(root, ['User'], { MaxItems: '1', Marker: first.marker! });
    expect(rest.users.map((u) => u.UserName)).toEqual(['carol']);
    expect(rest.truncated).toBe('false');
    // A Marker may be reused with another MaxItems and with the same filter set in another order.
    const again = await details(root, ['User', 'User'], { MaxItems: '5', Marker: first.marker! });
    expect(again.users.map((u) => u.UserName)).toEqual(['carol']);
  });

  it('keeps paging correctly while entities are added and removed between pages', async () => {
    const { root } = await buildAccount();
    const first = await details(root, ['User', 'Group'], { MaxItems: '2' });
    expect(first.users.map((u) => u.UserName)).toEqual(['alice', 'Bob']);
    await iamOk(root, 'CreateUser', { UserName: 'aaron' });
    await iamOk(root, 'CreateUser', { UserName: 'dave' });
    await iamOk(root, 'DeleteUser', { UserName: 'carol' });
    const next = await details(root, ['User', 'Group'], { MaxItems: '2', Marker: first.marker! });
    expect(next.users.map((u) => u.UserName)).toEqual(['dave']);
    expect(next.groups.map((g) => g.GroupName)).toEqual(['Devs']);
    await iamOk(root, 'CreateGroup', { GroupName: 'Admins' });
    const last = await details(root, ['Group', 'User'], { MaxItems: '2', Marker: next.marker! });
    expect(last.users).toEqual([]);
    expect(last.groups.map((g) => g.GroupName)).toEqual(['ops']);
    expect(last.truncated).toBe('false');
  });

  it('refuses a Marker of another filter set, an invalid Marker, Filter or MaxItems', async () => {
    const { root } = await buildAccount();
    const page = await details(root, ['User', 'Group'], { MaxItems: '1' });
    const other = await call(root, 'GetAccountAuthorizationDetails', { ...filterParams(['Group']), Marker: page.marker! });
    expect(other.status).toBe(400);
    expect(other.error).toMatchObject({ Code: 'ValidationError', Message: 'Marker and Filter do not match' });
    const omitted = await call(root, 'GetAccountAuthorizationDetails', { Marker: page.marker! });
    expect(omitted.error).toMatchObject({ Code: 'ValidationError', Message: 'Invalid Marker.' });
    const dflt = await details(root, undefined, { MaxItems: '1' });
    const narrowed = await call(root, 'GetAccountAuthorizationDetails', { ...filterParams(['User', 'Group', 'Role', 'LocalManagedPolicy']), Marker: dflt.marker! });
    expect(narrowed.error).toMatchObject({ Code: 'ValidationError', Message: 'Invalid Marker.' });
    const explicitAll = await details(root, ['AWSManagedPolicy', 'LocalManagedPolicy', 'Role', 'Group', 'User'], { MaxItems: '1', Marker: dflt.marker! });
    expect(explicitAll.users.map((u) => u.UserName)).toEqual(['Bob']);
    const garbage = await call(root, 'GetAccountAuthorizationDetails', { ...filterParams(['User']), Marker: 'not-an-aws-marker' });
    expect(garbage.error).toMatchObject({ Code: 'ValidationError', Message: 'Marker and Filter do not match' });
    const garbageAll = await call(root, 'GetAccountAuthorizationDetails', { Marker: '!!' });
    expect(garbageAll.error).toMatchObject({ Code: 'ValidationError', Message: 'Invalid Marker.' });
    const bads: Record<string, string>[] = [{ 'Filter.member.1': 'user' }, { 'Filter.member.1': 'Unknown' }, { MaxItems: '0' }, { MaxItems: '1001' }];
    for (const bad of bads) {
      const r = await call(root, 'GetAccountAuthorizationDetails', bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(r.error?.Code).toBe('ValidationError');
    }
  });

  it('is authorized as iam:GetAccountAuthorizationDetails on *', async () => {
    const { accountId, root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'auditor' });
    const k = (await iamOk(root, 'CreateAccessKey', { UserName: 'auditor' })).AccessKey;
    const auditor = { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey };
    const denied = await call(auditor, 'GetAccountAuthorizationDetails');
    expect(denied.status).toBe(403);
    expect(denied.error?.Code).toBe('AccessDenied');
    expect(denied.error?.Message).toContain(`arn:aws:iam::${accountId}:user/auditor is not authorized to perform: iam:GetAccountAuthorizationDetails`);
    await iamOk(root, 'PutUserPolicy', {
      UserName: 'auditor',
      PolicyName: 'audit',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetAccountAuthorizationDetails', Resource: '*' }] }),
    });
    const allowed = await details(auditor);
    expect(allowed.users.map((u) => u.UserName)).toEqual(['auditor']);
    expect(members(allowed.users[0].UserPolicyList).map((p) => p.PolicyName)).toEqual(['audit']);
    expect((await call(auditor, 'GetAccountSummary')).error?.Code).toBe('AccessDenied');
  });
});

describe('GetAccountSummary', { timeout: 30_000 }, () => {
  it('answers every documented key with the default quotas', async () => {
    const { root } = await newAccount();
    const s = await summary(root);
    expect(s).toEqual({
      Users: 0,
      UsersQuota: 5000,
      Groups: 0,
      GroupsQuota: 300,
      GroupsPerUserQuota: 10,
      Policies: 0,
      PoliciesQuota: 1500,
      PolicySizeQuota: 6144,
      PolicyVersionsInUse: 0,
      PolicyVersionsInUseQuota: 10000,
      VersionsPerPolicyQuota: 5,
      AttachedPoliciesPerUserQuota: 10,
      AttachedPoliciesPerGroupQuota: 10,
      AttachedPoliciesPerRoleQuota: 10,
      UserPolicySizeQuota: 2048,
      GroupPolicySizeQuota: 5120,
      RolePolicySizeQuota: 10240,
      AssumeRolePolicySizeQuota: 2048,
      AccessKeysPerUserQuota: 2,
      SigningCertificatesPerUserQuota: 2,
      ServerCertificates: 0,
      ServerCertificatesQuota: 20,
      MFADevices: 0,
      MFADevicesInUse: 0,
      AccountMFAEnabled: 0,
      AccountAccessKeysPresent: 1,
      AccountPasswordPresent: 0,
      AccountSigningCertificatesPresent: 0,
      Roles: 0,
      RolesQuota: 1000,
      InstanceProfiles: 0,
      InstanceProfilesQuota: 1000,
      Providers: 0,
      GlobalEndpointTokenVersion: 1,
    });
    // The wire form is SummaryMap/entry/key+value.
    const r = await call(root, 'GetAccountSummary');
    expect(r.xml).toMatch(/<SummaryMap><entry><key>Users<\/key><value>0<\/value><\/entry>/);
  });

  it('counts users, groups and customer policies as the account changes', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'u1' });
    await iamOk(root, 'CreateUser', { UserName: 'u2' });
    await iamOk(root, 'CreateGroup', { GroupName: 'g1' });
    const p = (await iamOk(root, 'CreatePolicy', { PolicyName: 'p1', PolicyDocument: doc('s3:GetObject') })).Policy;
    expect(await summary(root)).toMatchObject({ Users: 2, Groups: 1, Policies: 1, PolicyVersionsInUse: 0 });
    // A new version is not a new policy.
    await iamOk(root, 'CreatePolicyVersion', { PolicyArn: p.Arn, PolicyDocument: doc('s3:PutObject') });
    expect(await summary(root)).toMatchObject({ Policies: 1, PolicyVersionsInUse: 0 });
    await iamOk(root, 'DeleteUser', { UserName: 'u2' });
    await iamOk(root, 'DeleteGroup', { GroupName: 'g1' });
    await iamOk(root, 'DeletePolicyVersion', { PolicyArn: p.Arn, VersionId: 'v2' });
    await iamOk(root, 'DeletePolicy', { PolicyArn: p.Arn });
    expect(await summary(root)).toMatchObject({ Users: 1, Groups: 0, Policies: 0, PolicyVersionsInUse: 0 });
  });

  it('PolicyVersionsInUse counts each managed policy in use once, attached or as a boundary', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'u1' });
    await iamOk(root, 'CreateUser', { UserName: 'u2' });
    await iamOk(root, 'CreateGroup', { GroupName: 'g1' });
    const a = (await iamOk(root, 'CreatePolicy', { PolicyName: 'a', PolicyDocument: doc('s3:GetObject') })).Policy;
    const b = (await iamOk(root, 'CreatePolicy', { PolicyName: 'b', PolicyDocument: doc('s3:GetObject') })).Policy;
    const inUse = async () => (await summary(root)).PolicyVersionsInUse;
    await iamOk(root, 'AttachUserPolicy', { UserName: 'u1', PolicyArn: a.Arn });
    expect(await inUse()).toBe(1);
    await iamOk(root, 'AttachUserPolicy', { UserName: 'u2', PolicyArn: a.Arn });
    await iamOk(root, 'AttachGroupPolicy', { GroupName: 'g1', PolicyArn: a.Arn });
    expect(await inUse()).toBe(1);
    await iamOk(root, 'PutUserPermissionsBoundary', { UserName: 'u1', PermissionsBoundary: b.Arn });
    expect(await inUse()).toBe(2);
    await iamOk(root, 'AttachGroupPolicy', { GroupName: 'g1', PolicyArn: AWS_READONLY });
    await iamOk(root, 'PutUserPermissionsBoundary', { UserName: 'u2', PermissionsBoundary: AWS_POWER });
    expect(await inUse()).toBe(4);
    // Inline policies are not managed policies.
    await iamOk(root, 'PutUserPolicy', { UserName: 'u1', PolicyName: 'inline', PolicyDocument: doc('s3:GetObject') });
    expect(await inUse()).toBe(4);
    await iamOk(root, 'DetachUserPolicy', { UserName: 'u1', PolicyArn: a.Arn });
    await iamOk(root, 'DetachUserPolicy', { UserName: 'u2', PolicyArn: a.Arn });
    expect(await inUse()).toBe(4);
    await iamOk(root, 'DetachGroupPolicy', { GroupName: 'g1', PolicyArn: a.Arn });
    await iamOk(root, 'DeleteUserPermissionsBoundary', { UserName: 'u2' });
    expect(await inUse()).toBe(2);
  });

  it('AccountAccessKeysPresent follows the root user’s access keys, not the users’', async () => {
    const { root, accountId } = await newAccount();
    const admin = await adminUser(root, 'admin');
    expect((await summary(admin)).AccountAccessKeysPresent).toBe(1);
    // An inactive root key is still present.
    await iamOk(root, 'UpdateAccessKey', { AccessKeyId: root.accessKeyId, Status: 'Inactive' });
    expect((await summary(admin)).AccountAccessKeysPresent).toBe(1);
    const second = (await (await operator('POST', `/accounts/${accountId}/root-access-keys`)).json()) as { AccessKeyId: string; SecretAccessKey: string };
    const root2 = { accessKeyId: second.AccessKeyId, secretAccessKey: second.SecretAccessKey };
    await iamOk(root2, 'DeleteAccessKey', { AccessKeyId: root.accessKeyId });
    expect((await summary(admin)).AccountAccessKeysPresent).toBe(1);
    // The last root key gone: the admin user's own key does not count.
    await iamOk(root2, 'DeleteAccessKey', { AccessKeyId: root2.accessKeyId });
    expect((await summary(admin)).AccountAccessKeysPresent).toBe(0);
    expect(members((await iamOk(admin, 'ListAccessKeys')).AccessKeyMetadata)).toHaveLength(1);
    expect((await operator('POST', `/accounts/${accountId}/root-access-keys`)).status).toBe(201);
    expect((await summary(admin)).AccountAccessKeysPresent).toBe(1);
  });
});
