/**
 * IAM roles through the Worker: CreateRole … DeleteRole, role tags, boundaries, inline and attached
 * policies, with AWS's semantics, errors, quotas and pagination, and the role side of
 * ListEntitiesForPolicy, GetAccountAuthorizationDetails and GetAccountSummary.
 * Spec: IAM API Reference for each action; "IAM and AWS STS quotas"; "IAM roles".
 */
import { describe, expect, it } from 'vitest';
import { awsDate, call, freezeClock, iamOk, newAccount, type Keys } from './support';

/** Generous: these tests make tens of signed calls, and CI machines are shared. */
const TIMEOUT = 20_000;

const members = (x: any): any[] => (x === '' || x === undefined ? [] : x.member);

/** A trust policy letting `principal` assume the role (compact JSON). */
const trust = (principal: unknown = { Service: 'ec2.amazonaws.com' }, effect = 'Allow', extra: Record<string, unknown> = {}) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Principal: principal, Action: 'sts:AssumeRole', ...extra }] });

/** A compact trust policy of exactly `size` characters (an ExternalId condition pads it). */
function trustOfSize(size: number): string {
  const make = (pad: string) => trust({ Service: 'ec2.amazonaws.com' }, 'Allow', { Condition: { StringEquals: { 'sts:ExternalId': pad } } });
  const base = make('').length;
  const doc = make('x'.repeat(size - base));
  expect(doc.length).toBe(size);
  return doc;
}

const allow = (action = 's3:GetObject', resource = '*') =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });

/** A compact identity policy of exactly `size` characters. */
function docOfSize(size: number): string {
  const base = allow('s3:GetObject', 'arn:aws:s3:::').length;
  const doc = allow('s3:GetObject', `arn:aws:s3:::${'b'.repeat(size - base)}`);
  expect(doc.length).toBe(size);
  return doc;
}

const createRole = (root: Keys, name: string, extra: Record<string, string> = {}) =>
  iamOk(root, 'CreateRole', { RoleName: name, AssumeRolePolicyDocument: trust(), ...extra });

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

const POWER = 'arn:aws:iam::aws:policy/PowerUserAccess';
const READONLY = 'arn:aws:iam::aws:policy/IAMReadOnlyAccess';

describe('roles', { timeout: TIMEOUT }, () => {
  it('creates a role with AROA id, path ARN, description, tags; GetRole shows everything, the trust policy URL-encoded', async () => {
    const { accountId, root } = await newAccount();
    const document = `{ "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" }] }`;
    const now = freezeClock();
    const r = await iamOk(root, 'CreateRole', {
      RoleName: 'AppRole',
      Path: '/svc/app/',
      AssumeRolePolicyDocument: document,
      Description: 'runs the app',
      'Tags.member.1.Key': 'team',
      'Tags.member.1.Value': 'core',
    });
    expect(r.Role.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    expect(r.Role.Arn).toBe(`arn:aws:iam::${accountId}:role/svc/app/AppRole`);
    expect(r.Role.Path).toBe('/svc/app/');
    expect(r.Role.RoleName).toBe('AppRole');
    expect(r.Role.Description).toBe('runs the app');
    expect(r.Role.CreateDate).toBe(awsDate(now));
    expect(r.Role.AssumeRolePolicyDocument).not.toMatch(/[\s"{}:]/);
    expect(decodeURIComponent(r.Role.AssumeRolePolicyDocument)).toBe(document);
    expect(members(r.Role.Tags)).toEqual([{ Key: 'team', Value: 'core' }]);
    expect(r.Role.PermissionsBoundary).toBeUndefined();

    const got = (await iamOk(root, 'GetRole', { RoleName: 'approle' })).Role;
    expect(got).toMatchObject({ RoleName: 'AppRole', RoleId: r.Role.RoleId, Arn: r.Role.Arn, MaxSessionDuration: '3600', Description: 'runs the app' });
    expect(decodeURIComponent(got.AssumeRolePolicyDocument)).toBe(document);
    expect(members(got.Tags)).toEqual([{ Key: 'team', Value: 'core' }]);
    expect(got.RoleLastUsed).toBe(''); // present and empty until the role is used

    const plain = (await createRole(root, 'plain')).Role;
    expect(plain.Arn).toBe(`arn:aws:iam::${accountId}:role/plain`);
    expect(plain.Path).toBe('/');
    expect(plain.Tags).toBeUndefined();
    expect(plain.Description).toBeUndefined();
  });

  it('refuses a duplicate name in another case, unknown roles, and bad names', async () => {
    const { root } = await newAccount();
    await createRole(root, 'Deployer');
    const dup = await call(root, 'CreateRole', { RoleName: 'DEPLOYER', AssumeRolePolicyDocument: trust() });
    expect(dup.status).toBe(409);
    expect(dup.error).toMatchObject({ Code: 'EntityAlreadyExists', Message: 'Role with name DEPLOYER already exists.' });
    for (const [action, extra] of [
      ['GetRole', {}],
      ['DeleteRole', {}],
      ['UpdateRole', { Description: 'x' }],
      ['UpdateRoleDescription', { Description: 'x' }],
      ['UpdateAssumeRolePolicy', { PolicyDocument: trust() }],
      ['TagRole', { 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'v' }],
      ['UntagRole', { 'TagKeys.member.1': 'k' }],
      ['ListRoleTags', {}],
      ['ListRolePolicies', {}],
      ['ListAttachedRolePolicies', {}],
      ['ListInstanceProfilesForRole', {}],
      ['PutRolePermissionsBoundary', { PermissionsBoundary: POWER }],
      ['DeleteRolePermissionsBoundary', {}],
    ] as const) {
      const res = await call(root, action, { RoleName: 'ghost', ...extra });
      expect(res.status, action).toBe(404);
      expect(res.error, action).toMatchObject({ Code: 'NoSuchEntity', Message: 'The role with name ghost cannot be found.' });
    }
    const badName = await call(root, 'CreateRole', { RoleName: 'no/slash', AssumeRolePolicyDocument: trust() });
    expect(badName.error?.Code).toBe('ValidationError');
    const noTrust = await call(root, 'CreateRole', { RoleName: 'x' });
    expect(noTrust.error?.Code).toBe('ValidationError');
    expect(members((await iamOk(root, 'ListRoles')).Roles).map((x) => x.RoleName)).toEqual(['Deployer']);
  });

  it('refuses a * principal in an Allow, malformed trust policies and oversized ones; UpdateAssumeRolePolicy alike', async () => {
    const { accountId, root } = await newAccount();
    const create = (doc: string, name = 'r') => call(root, 'CreateRole', { RoleName: name, AssumeRolePolicyDocument: doc });
    const star = 'Invalid principal in policy: "AWS":"*"';
    for (const principal of ['*', { AWS: '*' }, { AWS: ['*'] }, { AWS: [`arn:aws:iam::${accountId}:root`, '*'] }]) {
      const res = await create(trust(principal));
      expect(res.status, JSON.stringify(principal)).toBe(400);
      expect(res.error).toMatchObject({ Code: 'MalformedPolicyDocument', Message: star });
    }
    // A Deny for everyone only takes access away: accepted.
    const guarded = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' },
        { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ],
    });
    expect((await create(guarded, 'guarded')).status).toBe(200);

    const syntax = await create('{ nope');
    expect(syntax.error).toMatchObject({ Code: 'MalformedPolicyDocument', Message: 'Syntax errors in policy.' });
    const noPrincipal = await create(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] }));
    expect(noPrincipal.error).toMatchObject({ Code: 'MalformedPolicyDocument', Message: 'Missing required field Principal' });
    const withResource = await create(trust({ Service: 'ec2.amazonaws.com' }, 'Allow', { Resource: '*' }));
    expect(withResource.error).toMatchObject({ Code: 'MalformedPolicyDocument', Message: 'Has prohibited field Resource' });
    const badPrincipal = await create(trust({ AWS: 'arn:aws:iam::123456789012:user/*' }));
    expect(badPrincipal.error).toMatchObject({ Code: 'MalformedPolicyDocument', Message: 'Invalid principal in policy: "AWS":"arn:aws:iam::123456789012:user/*"' });

    expect((await create(trustOfSize(2048), 'atQuota')).status).toBe(200);
    const over = await create(trustOfSize(2049), 'overQuota');
    expect(over.status).toBe(409);
    expect(over.error).toMatchObject({ Code: 'LimitExceeded', Message: 'Cannot exceed quota for ACLSizePerRole: 2048' });
    expect(members((await iamOk(root, 'ListRoles')).Roles).map((x) => x.RoleName)).toEqual(['atQuota', 'guarded']);

    const update = (doc: string) => call(root, 'UpdateAssumeRolePolicy', { RoleName: 'guarded', PolicyDocument: doc });
    expect((await update(trust('*'))).error).toMatchObject({ Code: 'MalformedPolicyDocument', Message: star });
    expect((await update(trustOfSize(2049))).error?.Code).toBe('LimitExceeded');
    expect((await update(allow())).error).toMatchObject({ Code: 'MalformedPolicyDocument', Message: 'Missing required field Principal' });
    expect(decodeURIComponent((await iamOk(root, 'GetRole', { RoleName: 'guarded' })).Role.AssumeRolePolicyDocument)).toBe(guarded);
    const lambda = trust({ Service: 'lambda.amazonaws.com' });
    await iamOk(root, 'UpdateAssumeRolePolicy', { RoleName: 'guarded', PolicyDocument: lambda });
    expect(decodeURIComponent((await iamOk(root, 'GetRole', { RoleName: 'guarded' })).Role.AssumeRolePolicyDocument)).toBe(lambda);
  });

  it('bounds MaxSessionDuration to 3,600–43,200 on CreateRole and UpdateRole; updates descriptions', async () => {
    const { root } = await newAccount();
    for (const d of ['3599', '43201', '0']) {
      const res = await call(root, 'CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: trust(), MaxSessionDuration: d });
      expect(res.status, d).toBe(400);
      expect(res.error?.Code).toBe('ValidationError');
      expect(res.error?.Message).toContain('maxSessionDuration');
    }
    expect((await createRole(root, 'long', { MaxSessionDuration: '43200' })).Role.RoleName).toBe('long');
    expect((await iamOk(root, 'GetRole', { RoleName: 'long' })).Role.MaxSessionDuration).toBe('43200');
    await createRole(root, 'edit', { Description: 'first' });
    expect((await call(root, 'UpdateRole', { RoleName: 'edit', MaxSessionDuration: '43201' })).error?.Code).toBe('ValidationError');
    await iamOk(root, 'UpdateRole', { RoleName: 'edit', MaxSessionDuration: '7200' });
    let got = (await iamOk(root, 'GetRole', { RoleName: 'edit' })).Role;
    expect(got).toMatchObject({ MaxSessionDuration: '7200', Description: 'first' });
    await iamOk(root, 'UpdateRole', { RoleName: 'edit', Description: 'second' });
    got = (await iamOk(root, 'GetRole', { RoleName: 'edit' })).Role;
    expect(got).toMatchObject({ MaxSessionDuration: '7200', Description: 'second' });
    const described = await iamOk(root, 'UpdateRoleDescription', { RoleName: 'EDIT', Description: 'third' });
    expect(described.Role).toMatchObject({ RoleName: 'edit', Description: 'third', MaxSessionDuration: '7200' });
    expect((await iamOk(root, 'GetRole', { RoleName: 'edit' })).Role.Description).toBe('third');
    await iamOk(root, 'UpdateRole', { RoleName: 'edit', Description: '' });
    expect((await iamOk(root, 'GetRole', { RoleName: 'edit' })).Role.Description).toBeUndefined();
  });

  it('ListRoles: name order, PathPrefix, pagination; omits boundary, tags and last use', async () => {
    const { root } = await newAccount();
    const names = ['delta', 'Alpha', 'charlie', 'Bravo', 'echo'];
    for (const n of names) await createRole(root, n, { Path: n < 'a' ? '/upper/' : '/', 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'v' });
    await iamOk(root, 'PutRolePermissionsBoundary', { RoleName: 'Alpha', PermissionsBoundary: POWER });
    const all = members((await iamOk(root, 'ListRoles')).Roles);
    expect(all.map((x) => x.RoleName)).toEqual(['Alpha', 'Bravo', 'charlie', 'delta', 'echo']);
    for (const role of all) {
      expect(role.Tags).toBeUndefined();
      expect(role.PermissionsBoundary).toBeUndefined();
      expect(role.RoleLastUsed).toBeUndefined();
      expect(role.MaxSessionDuration).toBe('3600');
      expect(decodeURIComponent(role.AssumeRolePolicyDocument)).toBe(trust());
    }
    expect((await allPages(root, 'ListRoles', {}, 'Roles', 2)).map((x) => x.RoleName)).toEqual(['Alpha', 'Bravo', 'charlie', 'delta', 'echo']);
    expect(members((await iamOk(root, 'ListRoles', { PathPrefix: '/upper/' })).Roles).map((x) => x.RoleName)).toEqual(['Alpha', 'Bravo']);
    const first = await iamOk(root, 'ListRoles', { MaxItems: '3' });
    expect(first.IsTruncated).toBe('true');
    expect(members(first.Roles)).toHaveLength(3);
    expect((await call(root, 'ListRoles', { Marker: '!!' })).error?.Code).toBe('ValidationError');
  });

  it('TagRole, UntagRole, ListRoleTags: merge by key in any case, pagination, 50 at most', async () => {
    const { root } = await newAccount();
    await createRole(root, 'tagged', { 'Tags.member.1.Key': 'Team', 'Tags.member.1.Value': 'core' });
    await iamOk(root, 'TagRole', { RoleName: 'TAGGED', 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'edge', 'Tags.member.2.Key': 'env', 'Tags.member.2.Value': 'prod' });
    expect(members((await iamOk(root, 'ListRoleTags', { RoleName: 'tagged' })).Tags)).toEqual([
      { Key: 'team', Value: 'edge' },
      { Key: 'env', Value: 'prod' },
    ]);
    const reserved = await call(root, 'TagRole', { RoleName: 'tagged', 'Tags.member.1.Key': 'aws:x', 'Tags.member.1.Value': 'v' });
    expect(reserved.error?.Code).toBe('InvalidInput');
    await iamOk(root, 'UntagRole', { RoleName: 'tagged', 'TagKeys.member.1': 'ENV', 'TagKeys.member.2': 'absent' });
    expect(members((await iamOk(root, 'ListRoleTags', { RoleName: 'tagged' })).Tags)).toEqual([{ Key: 'team', Value: 'edge' }]);
    const many: Record<string, string> = {};
    for (let i = 1; i <= 49; i++) {
      many[`Tags.member.${i}.Key`] = `k${String(i).padStart(2, '0')}`;
      many[`Tags.member.${i}.Value`] = 'v';
    }
    await iamOk(root, 'TagRole', { RoleName: 'tagged', ...many });
    expect((await allPages(root, 'ListRoleTags', { RoleName: 'tagged' }, 'Tags', 20)).length).toBe(50);
    const over = await call(root, 'TagRole', { RoleName: 'tagged', 'Tags.member.1.Key': 'one-more', 'Tags.member.1.Value': 'v' });
    expect(over.status).toBe(409);
    expect(over.error).toMatchObject({ Code: 'LimitExceeded', Message: 'Cannot exceed quota for TagsPerRole: 50' });
  });

  it('permissions boundaries: on CreateRole and Put/Delete; unknown policies refused; ListEntitiesForPolicy shows the role', async () => {
    const { accountId, root } = await newAccount();
    const created = await createRole(root, 'bounded', { PermissionsBoundary: POWER });
    expect(created.Role.PermissionsBoundary).toEqual({ PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: POWER });
    expect((await iamOk(root, 'GetRole', { RoleName: 'bounded' })).Role.PermissionsBoundary.PermissionsBoundaryArn).toBe(POWER);
    const missing = `arn:aws:iam::${accountId}:policy/Missing`;
    const bad = await call(root, 'CreateRole', { RoleName: 'other', AssumeRolePolicyDocument: trust(), PermissionsBoundary: missing });
    expect(bad.status).toBe(404);
    expect(bad.error).toMatchObject({ Code: 'NoSuchEntity', Message: `Scope ARN: ${missing} does not exist or is not attachable.` });
    expect((await call(root, 'GetRole', { RoleName: 'other' })).status).toBe(404);

    const boundary = (await iamOk(root, 'CreatePolicy', { PolicyName: 'Boundary', PolicyDocument: allow('s3:*') })).Policy.Arn;
    await iamOk(root, 'PutRolePermissionsBoundary', { RoleName: 'BOUNDED', PermissionsBoundary: boundary });
    expect((await iamOk(root, 'GetRole', { RoleName: 'bounded' })).Role.PermissionsBoundary.PermissionsBoundaryArn).toBe(boundary);
    const used = await iamOk(root, 'ListEntitiesForPolicy', { PolicyArn: boundary, PolicyUsageFilter: 'PermissionsBoundary' });
    expect(members(used.PolicyRoles)).toEqual([{ RoleName: 'bounded', RoleId: created.Role.RoleId }]);
    expect((await iamOk(root, 'GetPolicy', { PolicyArn: boundary })).Policy.PermissionsBoundaryUsageCount).toBe('1');
    const unknown = await call(root, 'PutRolePermissionsBoundary', { RoleName: 'bounded', PermissionsBoundary: missing });
    expect(unknown.error).toMatchObject({ Code: 'NoSuchEntity', Message: `Policy ${missing} does not exist or is not attachable.` });
    const notArn = await call(root, 'PutRolePermissionsBoundary', { RoleName: 'bounded', PermissionsBoundary: 'definitely-not-an-arn-at-all' });
    expect(notArn.error).toMatchObject({ Code: 'InvalidInput', Message: 'ARN definitely-not-an-arn-at-all is not valid.' });
    await iamOk(root, 'DeleteRolePermissionsBoundary', { RoleName: 'bounded' });
    expect((await iamOk(root, 'GetRole', { RoleName: 'bounded' })).Role.PermissionsBoundary).toBeUndefined();
    await iamOk(root, 'DeleteRolePermissionsBoundary', { RoleName: 'bounded' }); // none: nothing to do
    expect((await iamOk(root, 'GetPolicy', { PolicyArn: boundary })).Policy.PermissionsBoundaryUsageCount).toBe('0');
  });

  it('inline role policies: put, get (URL-encoded), list with pagination, delete; 10,240 characters in aggregate', async () => {
    const { root } = await newAccount();
    await createRole(root, 'Worker');
    for (const name of ['b', 'A', 'c']) await iamOk(root, 'PutRolePolicy', { RoleName: 'worker', PolicyName: name, PolicyDocument: allow() });
    const got = await iamOk(root, 'GetRolePolicy', { RoleName: 'WORKER', PolicyName: 'A' });
    expect(got).toMatchObject({ RoleName: 'Worker', PolicyName: 'A' });
    expect(decodeURIComponent(got.PolicyDocument)).toBe(allow());
    expect(await allPages(root, 'ListRolePolicies', { RoleName: 'Worker' }, 'PolicyNames', 2)).toEqual(['A', 'b', 'c']);
    const missing = await call(root, 'GetRolePolicy', { RoleName: 'Worker', PolicyName: 'zzz' });
    expect(missing.error).toMatchObject({ Code: 'NoSuchEntity', Message: 'The role policy with name zzz cannot be found.' });
    const principal = await call(root, 'PutRolePolicy', { RoleName: 'Worker', PolicyName: 'p', PolicyDocument: trust() });
    expect(principal.error?.Code).toBe('MalformedPolicyDocument');
    for (const name of ['A', 'b', 'c']) await iamOk(root, 'DeleteRolePolicy', { RoleName: 'Worker', PolicyName: name });
    expect((await call(root, 'DeleteRolePolicy', { RoleName: 'Worker', PolicyName: 'A' })).error?.Code).toBe('NoSuchEntity');

    expect((await call(root, 'PutRolePolicy', { RoleName: 'Worker', PolicyName: 'one', PolicyDocument: docOfSize(5120) })).status).toBe(200);
    expect((await call(root, 'PutRolePolicy', { RoleName: 'Worker', PolicyName: 'two', PolicyDocument: docOfSize(5120) })).status).toBe(200);
    const over = await call(root, 'PutRolePolicy', { RoleName: 'Worker', PolicyName: 'three', PolicyDocument: docOfSize(200) });
    expect(over.status).toBe(409);
    expect(over.error).toMatchObject({ Code: 'LimitExceeded', Message: 'Maximum policy size of 10240 bytes exceeded for role Worker' });
  });

  it('attached role policies: attach (idempotent), list, detach; 10 per role; ListEntitiesForPolicy PolicyRoles', async () => {
    const { accountId, root } = await newAccount();
    const role = (await createRole(root, 'Attached')).Role;
    await iamOk(root, 'AttachRolePolicy', { RoleName: 'attached', PolicyArn: READONLY });
    await iamOk(root, 'AttachRolePolicy', { RoleName: 'attached', PolicyArn: READONLY });
    expect(members((await iamOk(root, 'ListAttachedRolePolicies', { RoleName: 'Attached' })).AttachedPolicies)).toEqual([
      { PolicyName: 'IAMReadOnlyAccess', PolicyArn: READONLY },
    ]);
    const entities = await iamOk(root, 'ListEntitiesForPolicy', { PolicyArn: READONLY });
    expect(members(entities.PolicyRoles)).toEqual([{ RoleName: 'Attached', RoleId: role.RoleId }]);
    expect(members((await iamOk(root, 'ListEntitiesForPolicy', { PolicyArn: READONLY, EntityFilter: 'User' })).PolicyRoles)).toEqual([]);
    const missing = `arn:aws:iam::${accountId}:policy/Nope`;
    expect((await call(root, 'AttachRolePolicy', { RoleName: 'Attached', PolicyArn: missing })).error).toMatchObject({
      Code: 'NoSuchEntity',
      Message: `Policy ${missing} does not exist or is not attachable.`,
    });
    expect((await call(root, 'DetachRolePolicy', { RoleName: 'Attached', PolicyArn: POWER })).error).toMatchObject({
      Code: 'NoSuchEntity',
      Message: `Policy ${POWER} was not found.`,
    });
    for (let i = 0; i < 9; i++) {
      const arn = (await iamOk(root, 'CreatePolicy', { PolicyName: `p${i}`, PolicyDocument: allow() })).Policy.Arn;
      await iamOk(root, 'AttachRolePolicy', { RoleName: 'Attached', PolicyArn: arn });
    }
    const over = await call(root, 'AttachRolePolicy', { RoleName: 'Attached', PolicyArn: POWER });
    expect(over.status).toBe(409);
    expect(over.error).toMatchObject({ Code: 'LimitExceeded', Message: 'Cannot exceed quota for PoliciesPerRole: 10' });
    expect((await allPages(root, 'ListAttachedRolePolicies', { RoleName: 'Attached' }, 'AttachedPolicies', 4)).length).toBe(10);
    await iamOk(root, 'DetachRolePolicy', { RoleName: 'Attached', PolicyArn: READONLY });
    expect(members((await iamOk(root, 'ListEntitiesForPolicy', { PolicyArn: READONLY })).PolicyRoles)).toEqual([]);
  });

  it('DeleteRole: DeleteConflict while inline policies, attached policies or an instance profile remain', async () => {
    const { root } = await newAccount();
    await createRole(root, 'doomed', { 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'v' });
    await iamOk(root, 'PutRolePolicy', { RoleName: 'doomed', PolicyName: 'p', PolicyDocument: allow() });
    await iamOk(root, 'AttachRolePolicy', { RoleName: 'doomed', PolicyArn: READONLY });
    await iamOk(root, 'CreateInstanceProfile', { InstanceProfileName: 'ip' });
    await iamOk(root, 'AddRoleToInstanceProfile', { InstanceProfileName: 'ip', RoleName: 'doomed' });
    const del = () => call(root, 'DeleteRole', { RoleName: 'doomed' });
    expect((await del()).error).toMatchObject({ Code: 'DeleteConflict', Message: 'Cannot delete entity, must delete policies first.' });
    expect((await del()).status).toBe(409);
    await iamOk(root, 'DeleteRolePolicy', { RoleName: 'doomed', PolicyName: 'p' });
    expect((await del()).error).toMatchObject({ Code: 'DeleteConflict', Message: 'Cannot delete entity, must detach all policies first.' });
    await iamOk(root, 'DetachRolePolicy', { RoleName: 'doomed', PolicyArn: READONLY });
    expect((await del()).error).toMatchObject({ Code: 'DeleteConflict', Message: 'Cannot delete entity, must remove roles from instance profile first.' });
    await iamOk(root, 'RemoveRoleFromInstanceProfile', { InstanceProfileName: 'ip', RoleName: 'doomed' });
    await iamOk(root, 'DeleteRole', { RoleName: 'DOOMED' });
    expect((await call(root, 'GetRole', { RoleName: 'doomed' })).error?.Code).toBe('NoSuchEntity');
    // The name is free again, and the new role starts without the old one's tags.
    const again = await createRole(root, 'doomed');
    expect(again.Role.Tags).toBeUndefined();
    expect((await iamOk(root, 'GetRole', { RoleName: 'doomed' })).Role.Tags).toBeUndefined();
  });
});

describe('roles in account-wide views', { timeout: TIMEOUT }, () => {
  it('GetAccountSummary counts roles against a quota of 1,000', async () => {
    const { root } = await newAccount();
    const before = (await iamOk(root, 'GetAccountSummary')).SummaryMap.entry as { key: string; value: string }[];
    const value = (entries: { key: string; value: string }[], key: string) => entries.find((e) => e.key === key)?.value;
    expect(value(before, 'Roles')).toBe('0');
    expect(value(before, 'RolesQuota')).toBe('1000');
    expect(value(before, 'AssumeRolePolicySizeQuota')).toBe('2048');
    expect(value(before, 'RolePolicySizeQuota')).toBe('10240');
    await createRole(root, 'one');
    await createRole(root, 'two');
    const after = (await iamOk(root, 'GetAccountSummary')).SummaryMap.entry as { key: string; value: string }[];
    expect(value(after, 'Roles')).toBe('2');
  });

  it('GetAccountAuthorizationDetails lists RoleDetails with their policies, profiles, boundary and tags', async () => {
    const { root } = await newAccount();
    const role = (await createRole(root, 'Detailed', { PermissionsBoundary: POWER, 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'v' })).Role;
    await createRole(root, 'bare');
    await iamOk(root, 'PutRolePolicy', { RoleName: 'Detailed', PolicyName: 'inline', PolicyDocument: allow() });
    await iamOk(root, 'AttachRolePolicy', { RoleName: 'Detailed', PolicyArn: READONLY });
    await iamOk(root, 'CreateInstanceProfile', { InstanceProfileName: 'prof' });
    await iamOk(root, 'AddRoleToInstanceProfile', { InstanceProfileName: 'prof', RoleName: 'Detailed' });
    await iamOk(root, 'CreateUser', { UserName: 'someone' });
    const r = await iamOk(root, 'GetAccountAuthorizationDetails', { 'Filter.member.1': 'Role' });
    expect(members(r.UserDetailList)).toEqual([]);
    const details = members(r.RoleDetailList);
    expect(details.map((d) => d.RoleName)).toEqual(['bare', 'Detailed']);
    const d = details[1];
    expect(d).toMatchObject({ RoleId: role.RoleId, Arn: role.Arn, Path: '/' });
    expect(decodeURIComponent(d.AssumeRolePolicyDocument)).toBe(trust());
    expect(members(d.RolePolicyList).map((p) => p.PolicyName)).toEqual(['inline']);
    expect(decodeURIComponent(members(d.RolePolicyList)[0].PolicyDocument)).toBe(allow());
    expect(members(d.AttachedManagedPolicies)).toEqual([{ PolicyName: 'IAMReadOnlyAccess', PolicyArn: READONLY }]);
    const profiles = members(d.InstanceProfileList);
    expect(profiles.map((p) => p.InstanceProfileName)).toEqual(['prof']);
    expect(members(profiles[0].Roles).map((x) => x.RoleName)).toEqual(['Detailed']);
    expect(d.PermissionsBoundary).toEqual({ PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: POWER });
    expect(members(d.Tags)).toEqual([{ Key: 'k', Value: 'v' }]);
    expect(members(details[0].RolePolicyList)).toEqual([]);
    // Pagination walks users, then roles.
    const everything = await iamOk(root, 'GetAccountAuthorizationDetails', { 'Filter.member.1': 'User', 'Filter.member.2': 'Role', MaxItems: '2' });
    expect(members(everything.UserDetailList).map((u) => u.UserName)).toEqual(['someone']);
    expect(members(everything.RoleDetailList).map((x) => x.RoleName)).toEqual(['bare']);
    const rest = await iamOk(root, 'GetAccountAuthorizationDetails', { 'Filter.member.1': 'User', 'Filter.member.2': 'Role', Marker: everything.Marker });
    expect(members(rest.RoleDetailList).map((x) => x.RoleName)).toEqual(['Detailed']);
  });
});

describe('role authorization', { timeout: TIMEOUT }, () => {
  it('authorizes on the role ARN with request tags, boundary and the target role\'s tags as condition keys', async () => {
    const { accountId, root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'admin' });
    const k = (await iamOk(root, 'CreateAccessKey', { UserName: 'admin' })).AccessKey;
    const admin: Keys = { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey };
    await iamOk(root, 'PutUserPolicy', {
      UserName: 'admin',
      PolicyName: 'scoped',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'iam:CreateRole',
            Resource: `arn:aws:iam::${accountId}:role/apps/*`,
            Condition: { StringEquals: { 'aws:RequestTag/team': 'core', 'iam:PermissionsBoundary': POWER } },
          },
          { Effect: 'Allow', Action: 'iam:AttachRolePolicy', Resource: '*', Condition: { ArnEquals: { 'iam:PolicyARN': READONLY } } },
          { Effect: 'Allow', Action: 'iam:DeleteRole', Resource: '*', Condition: { StringEquals: { 'iam:ResourceTag/team': 'core' } } },
        ],
      }),
    });
    const tagged = { 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'core' };
    const create = (name: string, path: string, extra: Record<string, string>) =>
      call(admin, 'CreateRole', { RoleName: name, Path: path, AssumeRolePolicyDocument: trust(), ...extra });
    expect((await create('ok', '/apps/', { ...tagged, PermissionsBoundary: POWER })).status).toBe(200);
    const noBoundary = await create('nb', '/apps/', tagged);
    expect(noBoundary.status).toBe(403);
    expect(noBoundary.error?.Message).toContain(`iam:CreateRole on resource: arn:aws:iam::${accountId}:role/apps/nb`);
    expect((await create('nt', '/apps/', { PermissionsBoundary: POWER })).status).toBe(403);
    expect((await create('wp', '/other/', { ...tagged, PermissionsBoundary: POWER })).status).toBe(403);

    await iamOk(admin, 'AttachRolePolicy', { RoleName: 'ok', PolicyArn: READONLY });
    const otherPolicy = await call(admin, 'AttachRolePolicy', { RoleName: 'ok', PolicyArn: POWER });
    expect(otherPolicy.status).toBe(403);
    expect(otherPolicy.error?.Message).toContain(`iam:AttachRolePolicy on resource: arn:aws:iam::${accountId}:role/apps/ok`);
    expect((await call(admin, 'DetachRolePolicy', { RoleName: 'ok', PolicyArn: READONLY })).status).toBe(403);
    await iamOk(root, 'DetachRolePolicy', { RoleName: 'ok', PolicyArn: READONLY });
    await createRole(root, 'untagged');
    expect((await call(admin, 'DeleteRole', { RoleName: 'untagged' })).status).toBe(403);
    await iamOk(admin, 'DeleteRole', { RoleName: 'ok' });
  });
});
