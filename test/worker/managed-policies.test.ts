/**
 * Managed policies through the Worker: CreatePolicy…ListPolicyTags, versions, attachments and
 * ListEntitiesForPolicy with AWS's semantics, errors, limits and pagination.
 * Spec: IAM API Reference for each action; "IAM and AWS STS quotas"; "Versioning IAM policies".
 */
import { describe, expect, it } from 'vitest';
import { call, iamOk, newAccount, type Keys } from './support';

const members = (x: any): any[] => (x === '' || x === undefined ? [] : x.member);

const doc = (action: string | string[], resource = '*') =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });

const AWS_ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const AWS_READONLY = 'arn:aws:iam::aws:policy/IAMReadOnlyAccess';
const AWS_NAMES = [
  'AdministratorAccess',
  'IAMAccessAdvisorReadOnly',
  'IAMFullAccess',
  'IAMReadOnlyAccess',
  'IAMSelfManageServiceSpecificCredentials',
  'IAMUserChangePassword',
  'PowerUserAccess',
];

async function createPolicy(root: Keys, name: string, extra: Record<string, string> = {}): Promise<any> {
  return (await iamOk(root, 'CreatePolicy', { PolicyName: name, PolicyDocument: doc('s3:GetObject'), ...extra })).Policy;
}

/** Every page of a paginated call, following Marker. */
async function allPages(root: Keys, action: string, params: Record<string, string>, pick: (r: any) => any[]): Promise<any[]> {
  const out: any[] = [];
  let marker: string | undefined;
  for (let i = 0; i < 50; i++) {
    const r = await iamOk(root, action, { ...params, ...(marker ? { Marker: marker } : {}) });
    out.push(...pick(r));
    if (r.IsTruncated !== 'true') {
      expect(r.Marker).toBeUndefined();
      return out;
    }
    marker = r.Marker;
  }
  throw new Error('pagination did not end');
}

describe('customer managed policies', () => {
  it('creates with path, description and tags; GetPolicy describes it', async () => {
    const { accountId, root } = await newAccount();
    const p = await createPolicy(root, 'ReadBucket', {
      Path: '/team/',
      Description: 'reads',
      'Tags.member.1.Key': 'env',
      'Tags.member.1.Value': 'dev',
    });
    expect(p).toMatchObject({
      PolicyName: 'ReadBucket',
      Arn: `arn:aws:iam::${accountId}:policy/team/ReadBucket`,
      Path: '/team/',
      DefaultVersionId: 'v1',
      AttachmentCount: '0',
      PermissionsBoundaryUsageCount: '0',
      IsAttachable: 'true',
    });
    expect(p.PolicyId).toMatch(/^ANPA[A-Z2-7]{17}$/);
    expect(members(p.Tags)).toEqual([{ Key: 'env', Value: 'dev' }]);
    const got = (await iamOk(root, 'GetPolicy', { PolicyArn: p.Arn })).Policy;
    expect(got).toMatchObject({ PolicyName: 'ReadBucket', Description: 'reads', DefaultVersionId: 'v1', CreateDate: p.CreateDate, UpdateDate: p.CreateDate });
    expect(members(got.Tags)).toEqual([{ Key: 'env', Value: 'dev' }]);
    const missing = await call(root, 'GetPolicy', { PolicyArn: `arn:aws:iam::${accountId}:policy/Nope` });
    expect(missing.status).toBe(404);
    expect(missing.error).toMatchObject({ Code: 'NoSuchEntity', Message: `Policy arn:aws:iam::${accountId}:policy/Nope was not found.` });
  });

  it('refuses a duplicate name in another case, malformed and oversized documents', async () => {
    const { root } = await newAccount();
    await createPolicy(root, 'Dup');
    const dup = await call(root, 'CreatePolicy', { PolicyName: 'DUP', Path: '/other/', PolicyDocument: doc('s3:*') });
    expect(dup.status).toBe(409);
    expect(dup.error).toMatchObject({ Code: 'EntityAlreadyExists', Message: 'A policy called DUP already exists. Duplicate names are not allowed.' });
    const noAction = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Resource: '*' }] });
    const bad = await call(root, 'CreatePolicy', { PolicyName: 'Bad', PolicyDocument: noAction });
    expect(bad.status).toBe(400);
    expect(bad.error).toMatchObject({ Code: 'MalformedPolicyDocument', Message: 'Policy statement must contain actions.' });
    const principal = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] });
    expect((await call(root, 'CreatePolicy', { PolicyName: 'Bad', PolicyDocument: principal })).error).toMatchObject({
      Code: 'MalformedPolicyDocument',
      Message: 'Policy document should not specify a principal.',
    });
    expect((await call(root, 'CreatePolicy', { PolicyName: 'Bad', PolicyDocument: '{not json' })).error?.Code).toBe('MalformedPolicyDocument');
    // 6,144 characters without white space: padding with spaces does not count, characters do.
    const actions = Array.from({ length: 300 }, (_, i) => `s3:GetObjectVersionTagging${i}`);
    const big = await call(root, 'CreatePolicy', { PolicyName: 'Big', PolicyDocument: doc(actions) });
    expect(big.status).toBe(409);
    expect(big.error).toMatchObject({ Code: 'LimitExceeded', Message: 'Cannot exceed quota for PolicySize: 6144' });
    const padded = doc('s3:GetObject').replace('{', `{${' '.repeat(7000)}`);
    await iamOk(root, 'CreatePolicy', { PolicyName: 'Padded', PolicyDocument: padded });
    expect(members((await iamOk(root, 'ListPolicies', { Scope: 'Local' })).Policies).map((p: any) => p.PolicyName)).toEqual(['Dup', 'Padded']);
  });

  it('versions: v<n> never reused, 5 at most, default handling, URL-encoded documents', async () => {
    const { root } = await newAccount();
    const arn = (await createPolicy(root, 'Versioned')).Arn;
    const fancy = JSON.stringify(
      { Version: '2012-10-17', Statement: [{ Sid: 'It1', Effect: 'Allow', Action: ['s3:GetObject'], Resource: "arn:aws:s3:::b/it's (x)*!~ é+&=?" }] },
      null,
      2,
    );
    const v2 = (await iamOk(root, 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: fancy, SetAsDefault: 'true' })).PolicyVersion;
    expect(v2).toMatchObject({ VersionId: 'v2', IsDefaultVersion: 'true' });
    expect(v2.Document).toBeUndefined();
    const got = (await iamOk(root, 'GetPolicyVersion', { PolicyArn: arn, VersionId: 'v2' })).PolicyVersion;
    expect(got.Document).toMatch(/^%7B%0A/);
    expect(got.Document).not.toMatch(/[!'()* ]/);
    expect(decodeURIComponent(got.Document)).toBe(fancy);
    expect((await iamOk(root, 'GetPolicy', { PolicyArn: arn })).Policy.DefaultVersionId).toBe('v2');
    for (const n of [3, 4, 5]) await iamOk(root, 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: doc(`s3:Get${n}`) });
    const sixth = await call(root, 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: doc('s3:Get6') });
    expect(sixth.status).toBe(409);
    expect(sixth.error).toMatchObject({
      Code: 'LimitExceeded',
      Message: 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    });
    const versions = members((await iamOk(root, 'ListPolicyVersions', { PolicyArn: arn })).Versions);
    expect(versions.map((v: any) => [v.VersionId, v.IsDefaultVersion])).toEqual([
      ['v5', 'false'], ['v4', 'false'], ['v3', 'false'], ['v2', 'true'], ['v1', 'false'],
    ]);
    expect(versions[0].Document).toBeUndefined();
    const paged = await allPages(root, 'ListPolicyVersions', { PolicyArn: arn, MaxItems: '2' }, (r) => members(r.Versions).map((v: any) => v.VersionId));
    expect(paged).toEqual(['v5', 'v4', 'v3', 'v2', 'v1']);
    const delDefault = await call(root, 'DeletePolicyVersion', { PolicyArn: arn, VersionId: 'v2' });
    expect(delDefault.status).toBe(409);
    expect(delDefault.error).toMatchObject({ Code: 'DeleteConflict', Message: 'Cannot delete the default version of a policy.' });
    await iamOk(root, 'DeletePolicyVersion', { PolicyArn: arn, VersionId: 'v5' });
    const v6 = (await iamOk(root, 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: doc('s3:Get6') })).PolicyVersion;
    expect(v6).toMatchObject({ VersionId: 'v6', IsDefaultVersion: 'false' });
    const gone = await call(root, 'GetPolicyVersion', { PolicyArn: arn, VersionId: 'v5' });
    expect(gone.status).toBe(404);
    expect(gone.error).toMatchObject({ Code: 'NoSuchEntity', Message: `Policy ${arn} version v5 does not exist or is not attachable.` });
    expect((await call(root, 'SetDefaultPolicyVersion', { PolicyArn: arn, VersionId: 'v9' })).error?.Code).toBe('NoSuchEntity');
    expect((await call(root, 'DeletePolicyVersion', { PolicyArn: arn, VersionId: 'v9' })).error?.Code).toBe('NoSuchEntity');
    await iamOk(root, 'SetDefaultPolicyVersion', { PolicyArn: arn, VersionId: 'v6' });
    expect((await iamOk(root, 'GetPolicy', { PolicyArn: arn })).Policy.DefaultVersionId).toBe('v6');
    expect((await iamOk(root, 'GetPolicyVersion', { PolicyArn: arn, VersionId: 'v6' })).PolicyVersion.IsDefaultVersion).toBe('true');
    expect((await call(root, 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: '[]' })).error?.Code).toBe('MalformedPolicyDocument');
  });

  it('DeletePolicy: conflicts while attached or versions remain; then deletes', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'u' });
    const arn = (await createPolicy(root, 'Del')).Arn;
    await iamOk(root, 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: doc('s3:*') });
    await iamOk(root, 'AttachUserPolicy', { UserName: 'u', PolicyArn: arn });
    const attached = await call(root, 'DeletePolicy', { PolicyArn: arn });
    expect(attached.status).toBe(409);
    expect(attached.error).toMatchObject({ Code: 'DeleteConflict', Message: 'Cannot delete a policy attached to entities.' });
    await iamOk(root, 'DetachUserPolicy', { UserName: 'u', PolicyArn: arn });
    expect((await call(root, 'DeletePolicy', { PolicyArn: arn })).error).toMatchObject({
      Code: 'DeleteConflict',
      Message: "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
    });
    await iamOk(root, 'DeletePolicyVersion', { PolicyArn: arn, VersionId: 'v2' });
    await iamOk(root, 'DeletePolicy', { PolicyArn: arn });
    expect((await call(root, 'GetPolicy', { PolicyArn: arn })).error?.Code).toBe('NoSuchEntity');
    expect((await call(root, 'DeletePolicy', { PolicyArn: arn })).error).toMatchObject({ Code: 'NoSuchEntity', Message: `Policy ${arn} was not found.` });
    // The name is free again.
    await createPolicy(root, 'Del');
    // A policy in use as a permissions boundary cannot be deleted either.
    await iamOk(root, 'PutUserPermissionsBoundary', { UserName: 'u', PermissionsBoundary: arn });
    expect((await iamOk(root, 'GetPolicy', { PolicyArn: arn })).Policy).toMatchObject({ AttachmentCount: '0', PermissionsBoundaryUsageCount: '1' });
    expect((await call(root, 'DeletePolicy', { PolicyArn: arn })).error).toMatchObject({ Code: 'DeleteConflict', Message: 'Cannot delete a policy attached to entities.' });
    const asBoundary = await iamOk(root, 'ListEntitiesForPolicy', { PolicyArn: arn, PolicyUsageFilter: 'PermissionsBoundary' });
    expect(members(asBoundary.PolicyUsers).map((x: any) => x.UserName)).toEqual(['u']);
    expect(members((await iamOk(root, 'ListEntitiesForPolicy', { PolicyArn: arn, PolicyUsageFilter: 'PermissionsPolicy' })).PolicyUsers)).toEqual([]);
    const boundaryOnly = await iamOk(root, 'ListPolicies', { OnlyAttached: 'true', PolicyUsageFilter: 'PermissionsBoundary' });
    expect(members(boundaryOnly.Policies).map((x: any) => x.PolicyName)).toEqual(['Del']);
    await iamOk(root, 'DeleteUserPermissionsBoundary', { UserName: 'u' });
    await iamOk(root, 'DeletePolicy', { PolicyArn: arn });
    const aws = await call(root, 'DeletePolicy', { PolicyArn: AWS_ADMIN });
    expect(aws.status).toBe(403);
    expect(aws.error?.Code).toBe('AccessDenied');
  });

  it('tags: merge, untag, list with pagination; AWS-managed policies cannot be tagged', async () => {
    const { root } = await newAccount();
    const arn = (await createPolicy(root, 'Tagged')).Arn;
    await iamOk(root, 'TagPolicy', { PolicyArn: arn, 'Tags.member.1.Key': 'Env', 'Tags.member.1.Value': 'dev', 'Tags.member.2.Key': 'team', 'Tags.member.2.Value': 'a' });
    await iamOk(root, 'TagPolicy', { PolicyArn: arn, 'Tags.member.1.Key': 'env', 'Tags.member.1.Value': 'prod' });
    expect(members((await iamOk(root, 'ListPolicyTags', { PolicyArn: arn })).Tags)).toEqual([
      { Key: 'env', Value: 'prod' },
      { Key: 'team', Value: 'a' },
    ]);
    const keys = await allPages(root, 'ListPolicyTags', { PolicyArn: arn, MaxItems: '1' }, (r) => members(r.Tags).map((t: any) => t.Key));
    expect(keys).toEqual(['env', 'team']);
    await iamOk(root, 'UntagPolicy', { PolicyArn: arn, 'TagKeys.member.1': 'ENV', 'TagKeys.member.2': 'missing' });
    expect(members((await iamOk(root, 'GetPolicy', { PolicyArn: arn })).Policy.Tags)).toEqual([{ Key: 'team', Value: 'a' }]);
    const dup = await call(root, 'TagPolicy', { PolicyArn: arn, 'Tags.member.1.Key': 'x', 'Tags.member.1.Value': '1', 'Tags.member.2.Key': 'X', 'Tags.member.2.Value': '2' });
    expect(dup.error).toMatchObject({ Code: 'InvalidInput', Message: 'Duplicate tag keys found. Please note that Tag keys are case insensitive.' });
    const many: Record<string, string> = { PolicyArn: arn };
    for (let i = 1; i <= 50; i++) Object.assign(many, { [`Tags.member.${i}.Key`]: `k${i}`, [`Tags.member.${i}.Value`]: 'v' });
    expect((await call(root, 'TagPolicy', many)).error).toMatchObject({ Code: 'LimitExceeded', Message: 'Cannot exceed quota for TagsPerPolicy: 50' });
    expect((await call(root, 'TagPolicy', { PolicyArn: AWS_ADMIN, 'Tags.member.1.Key': 'a', 'Tags.member.1.Value': 'b' })).error?.Code).toBe('AccessDenied');
    expect(members((await iamOk(root, 'ListPolicyTags', { PolicyArn: AWS_ADMIN })).Tags)).toEqual([]);
    expect((await call(root, 'TagPolicy', { PolicyArn: `${arn}x`, 'Tags.member.1.Key': 'a', 'Tags.member.1.Value': 'b' })).error?.Code).toBe('NoSuchEntity');
  });
});

describe('AWS-managed policies and ListPolicies', () => {
  it('GetPolicy and GetPolicyVersion on the catalog; Scope AWS/Local/All; pagination; OnlyAttached', async () => {
    const { root } = await newAccount();
    const admin = (await iamOk(root, 'GetPolicy', { PolicyArn: AWS_ADMIN })).Policy;
    expect(admin).toMatchObject({ PolicyName: 'AdministratorAccess', Arn: AWS_ADMIN, Path: '/', AttachmentCount: '0', IsAttachable: 'true', DefaultVersionId: 'v1' });
    expect(admin.Tags).toBeUndefined();
    const v = (await iamOk(root, 'GetPolicyVersion', { PolicyArn: AWS_ADMIN, VersionId: 'v1' })).PolicyVersion;
    expect(JSON.parse(decodeURIComponent(v.Document))).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    expect((await call(root, 'GetPolicy', { PolicyArn: 'arn:aws:iam::aws:policy/NoSuchThing' })).error?.Code).toBe('NoSuchEntity');

    await createPolicy(root, 'Zeta');
    await createPolicy(root, 'alpha', { Path: '/x/' });
    const names = async (params: Record<string, string>) => members((await iamOk(root, 'ListPolicies', params)).Policies).map((p: any) => p.PolicyName);
    expect(await names({ Scope: 'AWS' })).toEqual(AWS_NAMES);
    expect(await names({ Scope: 'Local' })).toEqual(['alpha', 'Zeta']);
    const all = [...AWS_NAMES, 'alpha', 'Zeta'].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    expect(await names({})).toEqual(all);
    expect(await names({ Scope: 'All', PathPrefix: '/x/' })).toEqual(['alpha']);
    const paged = await allPages(root, 'ListPolicies', { MaxItems: '3' }, (r) => members(r.Policies).map((p: any) => p.PolicyName));
    expect(paged).toEqual(all);
    expect((await call(root, 'ListPolicies', { Marker: '!!' })).error?.Code).toBe('ValidationError');

    expect(await names({ OnlyAttached: 'true' })).toEqual([]);
    await iamOk(root, 'CreateUser', { UserName: 'u' });
    await iamOk(root, 'AttachUserPolicy', { UserName: 'u', PolicyArn: AWS_READONLY });
    await iamOk(root, 'AttachUserPolicy', { UserName: 'u', PolicyArn: (await iamOk(root, 'ListPolicies', { Scope: 'Local', PathPrefix: '/x/' })).Policies.member[0].Arn });
    expect(await names({ OnlyAttached: 'true' })).toEqual(['alpha', 'IAMReadOnlyAccess']);
    expect(await names({ OnlyAttached: 'true', Scope: 'AWS' })).toEqual(['IAMReadOnlyAccess']);
    expect(await names({ OnlyAttached: 'true', PolicyUsageFilter: 'PermissionsPolicy' })).toEqual(['alpha', 'IAMReadOnlyAccess']);
    expect(await names({ OnlyAttached: 'true', PolicyUsageFilter: 'PermissionsBoundary' })).toEqual([]);
    const listed = members((await iamOk(root, 'ListPolicies', { Scope: 'AWS', OnlyAttached: 'true' })).Policies)[0];
    expect(listed.AttachmentCount).toBe('1');
    expect(listed.Description).toBeUndefined();
  });
});

describe('attachments', () => {
  it('attach/detach users and groups; idempotent attach; counts follow; errors in AWS words', async () => {
    const { accountId, root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'ann', Path: '/eng/' });
    await iamOk(root, 'CreateGroup', { GroupName: 'devs' });
    const arn = (await createPolicy(root, 'Shared', { Path: '/p/' })).Arn;
    await iamOk(root, 'AttachUserPolicy', { UserName: 'ann', PolicyArn: arn });
    await iamOk(root, 'AttachUserPolicy', { UserName: 'ANN', PolicyArn: arn });
    await iamOk(root, 'AttachGroupPolicy', { GroupName: 'devs', PolicyArn: arn });
    await iamOk(root, 'AttachUserPolicy', { UserName: 'ann', PolicyArn: AWS_ADMIN });
    expect((await iamOk(root, 'GetPolicy', { PolicyArn: arn })).Policy.AttachmentCount).toBe('2');
    expect((await iamOk(root, 'GetPolicy', { PolicyArn: AWS_ADMIN })).Policy.AttachmentCount).toBe('1');
    expect(members((await iamOk(root, 'ListAttachedUserPolicies', { UserName: 'ann' })).AttachedPolicies)).toEqual([
      { PolicyName: 'AdministratorAccess', PolicyArn: AWS_ADMIN },
      { PolicyName: 'Shared', PolicyArn: arn },
    ]);
    expect(members((await iamOk(root, 'ListAttachedUserPolicies', { UserName: 'ann', PathPrefix: '/p/' })).AttachedPolicies)).toEqual([
      { PolicyName: 'Shared', PolicyArn: arn },
    ]);
    expect(members((await iamOk(root, 'ListAttachedGroupPolicies', { GroupName: 'devs' })).AttachedPolicies)).toEqual([{ PolicyName: 'Shared', PolicyArn: arn }]);

    const unknown = `arn:aws:iam::${accountId}:policy/Ghost`;
    const noPolicy = await call(root, 'AttachUserPolicy', { UserName: 'ann', PolicyArn: unknown });
    expect(noPolicy.status).toBe(404);
    expect(noPolicy.error).toMatchObject({ Code: 'NoSuchEntity', Message: `Policy ${unknown} does not exist or is not attachable.` });
    const fakeAws = 'arn:aws:iam::aws:policy/NotInCatalog';
    expect((await call(root, 'AttachGroupPolicy', { GroupName: 'devs', PolicyArn: fakeAws })).error?.Message).toBe(`Policy ${fakeAws} does not exist or is not attachable.`);
    expect((await call(root, 'AttachUserPolicy', { UserName: 'nobody', PolicyArn: arn })).error).toMatchObject({
      Code: 'NoSuchEntity',
      Message: 'The user with name nobody cannot be found.',
    });
    expect((await call(root, 'AttachGroupPolicy', { GroupName: 'nogroup', PolicyArn: arn })).error?.Message).toBe('The group with name nogroup cannot be found.');
    const notAttached = await call(root, 'DetachGroupPolicy', { GroupName: 'devs', PolicyArn: AWS_ADMIN });
    expect(notAttached.status).toBe(404);
    expect(notAttached.error).toMatchObject({ Code: 'NoSuchEntity', Message: `Policy ${AWS_ADMIN} was not found.` });

    await iamOk(root, 'DetachUserPolicy', { UserName: 'ann', PolicyArn: arn });
    expect((await iamOk(root, 'GetPolicy', { PolicyArn: arn })).Policy.AttachmentCount).toBe('1');
    await iamOk(root, 'DetachGroupPolicy', { GroupName: 'devs', PolicyArn: arn });
    expect((await iamOk(root, 'GetPolicy', { PolicyArn: arn })).Policy.AttachmentCount).toBe('0');
    expect((await call(root, 'DetachUserPolicy', { UserName: 'ann', PolicyArn: arn })).error?.Code).toBe('NoSuchEntity');
  });

  it('enforces 10 managed policies per user and per group; paginates attached policies', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'full' });
    await iamOk(root, 'CreateGroup', { GroupName: 'fullg' });
    const arns: string[] = [];
    for (let i = 0; i < 11; i++) arns.push((await createPolicy(root, `P${String(i).padStart(2, '0')}`)).Arn);
    for (const a of arns.slice(0, 10)) {
      await iamOk(root, 'AttachUserPolicy', { UserName: 'full', PolicyArn: a });
      await iamOk(root, 'AttachGroupPolicy', { GroupName: 'fullg', PolicyArn: a });
    }
    const over = await call(root, 'AttachUserPolicy', { UserName: 'full', PolicyArn: arns[10]! });
    expect(over.status).toBe(409);
    expect(over.error).toMatchObject({ Code: 'LimitExceeded', Message: 'Cannot exceed quota for PoliciesPerUser: 10' });
    expect((await call(root, 'AttachGroupPolicy', { GroupName: 'fullg', PolicyArn: arns[10]! })).error?.Message).toBe('Cannot exceed quota for PoliciesPerGroup: 10');
    // Re-attaching an attached policy at the limit is still a no-op success.
    await iamOk(root, 'AttachUserPolicy', { UserName: 'full', PolicyArn: arns[0]! });
    const names = await allPages(root, 'ListAttachedUserPolicies', { UserName: 'full', MaxItems: '4' }, (r) => members(r.AttachedPolicies).map((p: any) => p.PolicyName));
    expect(names).toEqual(Array.from({ length: 10 }, (_, i) => `P${String(i).padStart(2, '0')}`));
  });

  it('ListEntitiesForPolicy: filters, path prefix, usage filter, pagination', async () => {
    const { root } = await newAccount();
    const arn = (await createPolicy(root, 'Ent')).Arn;
    const ids: Record<string, string> = {};
    for (const [name, path] of [['u1', '/a/'], ['u2', '/b/'], ['u3', '/a/']] as const) {
      ids[name] = (await iamOk(root, 'CreateUser', { UserName: name, Path: path })).User.UserId;
      await iamOk(root, 'AttachUserPolicy', { UserName: name, PolicyArn: arn });
    }
    ids.g1 = (await iamOk(root, 'CreateGroup', { GroupName: 'g1', Path: '/a/' })).Group.GroupId;
    await iamOk(root, 'AttachGroupPolicy', { GroupName: 'g1', PolicyArn: arn });
    const all = await iamOk(root, 'ListEntitiesForPolicy', { PolicyArn: arn });
    expect(members(all.PolicyGroups)).toEqual([{ GroupName: 'g1', GroupId: ids.g1 }]);
    expect(members(all.PolicyUsers)).toEqual(['u1', 'u2', 'u3'].map((n) => ({ UserName: n, UserId: ids[n] })));
    expect(members(all.PolicyRoles)).toEqual([]);
    const users = await iamOk(root, 'ListEntitiesForPolicy', { PolicyArn: arn, EntityFilter: 'User', PathPrefix: '/a/' });
    expect(members(users.PolicyUsers).map((u: any) => u.UserName)).toEqual(['u1', 'u3']);
    expect(members(users.PolicyGroups)).toEqual([]);
    const groups = await iamOk(root, 'ListEntitiesForPolicy', { PolicyArn: arn, EntityFilter: 'Group' });
    expect(members(groups.PolicyGroups).map((g: any) => g.GroupName)).toEqual(['g1']);
    expect(members(groups.PolicyUsers)).toEqual([]);
    const local = await iamOk(root, 'ListEntitiesForPolicy', { PolicyArn: arn, EntityFilter: 'LocalManagedPolicy' });
    expect([...members(local.PolicyUsers), ...members(local.PolicyGroups)]).toEqual([]);
    const boundary = await iamOk(root, 'ListEntitiesForPolicy', { PolicyArn: arn, PolicyUsageFilter: 'PermissionsBoundary' });
    expect(members(boundary.PolicyUsers)).toEqual([]);
    const perms = await iamOk(root, 'ListEntitiesForPolicy', { PolicyArn: arn, PolicyUsageFilter: 'PermissionsPolicy' });
    expect(members(perms.PolicyUsers)).toHaveLength(3);
    const paged = await allPages(root, 'ListEntitiesForPolicy', { PolicyArn: arn, MaxItems: '1' }, (r) => [
      ...members(r.PolicyGroups).map((g: any) => g.GroupName),
      ...members(r.PolicyUsers).map((u: any) => u.UserName),
    ]);
    expect(paged).toEqual(['g1', 'u1', 'u2', 'u3']);
    const aws = await iamOk(root, 'ListEntitiesForPolicy', { PolicyArn: AWS_ADMIN });
    expect(members(aws.PolicyUsers)).toEqual([]);
    expect((await call(root, 'ListEntitiesForPolicy', { PolicyArn: `${arn}Nope` })).error?.Code).toBe('NoSuchEntity');
  });
});

describe('authorization', () => {
  it('attached managed policies grant access; iam:PolicyARN reaches conditions', async () => {
    const { accountId, root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'op' });
    const k = (await iamOk(root, 'CreateAccessKey', { UserName: 'op' })).AccessKey;
    const op: Keys = { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey };
    const denied = await call(op, 'CreatePolicy', { PolicyName: 'Mine', PolicyDocument: doc('s3:*') });
    expect(denied.status).toBe(403);
    expect(denied.error?.Message).toContain(`iam:CreatePolicy on resource: arn:aws:iam::${accountId}:policy/Mine`);
    const allowed = `arn:aws:iam::${accountId}:policy/Allowed`;
    await createPolicy(root, 'Allowed');
    const other = (await createPolicy(root, 'Other')).Arn;
    const grant = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: '*', Condition: { ArnEquals: { 'iam:PolicyARN': allowed } } }],
    });
    const grantArn = (await iamOk(root, 'CreatePolicy', { PolicyName: 'Grant', PolicyDocument: grant })).Policy.Arn;
    await iamOk(root, 'AttachUserPolicy', { UserName: 'op', PolicyArn: grantArn });
    await iamOk(op, 'AttachUserPolicy', { UserName: 'op', PolicyArn: allowed });
    const refused = await call(op, 'AttachUserPolicy', { UserName: 'op', PolicyArn: other });
    expect(refused.status).toBe(403);
    expect(refused.error?.Message).toContain(`iam:AttachUserPolicy on resource: arn:aws:iam::${accountId}:user/op`);
  });
});
