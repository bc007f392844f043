/**
 * Security tests of the caller's policy set cached inside the account's object
 * (src/storage/account/caller-policy-cache.ts): every kind of write that changes what a caller may do takes
 * effect on its very next call, after calls that warmed the cache with the old permissions. Each test runs
 * both ways where the write has an inverse (a grant appears, a grant disappears).
 * Spec: IAM User Guide, "Policy evaluation logic"; a change to a policy applies to the next request.
 */
import { describe, expect, it } from 'vitest';
import { call, iamOk, keysOf, newAccount, policy, userWithKey, type Keys } from './support';

/** These tests make tens of signed calls, and the machine is shared. */
const TIMEOUT = 30_000;

const LIST_USERS = policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' });
const DENY_LIST_USERS = policy({ Effect: 'Deny', Action: 'iam:ListUsers', Resource: '*' });
const ALLOW_ALL = policy({ Effect: 'Allow', Action: '*', Resource: '*' });
const ALLOW_GET_ONLY = policy({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' });

/** Calls ListUsers three times (the first fills the cache, the others are served from it): all answer `status`. */
async function listUsers(keys: Keys, status: 200 | 403): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const r = await call(keys, 'ListUsers');
    expect(r.status, r.xml).toBe(status);
    if (status === 403) expect(r.error?.Code).toBe('AccessDenied');
  }
}

async function managedPolicy(root: Keys, name: string, document: string): Promise<string> {
  return (await iamOk(root, 'CreatePolicy', { PolicyName: name, PolicyDocument: document })).Policy.Arn;
}

describe('the caller policy cache never outlives a write that changes permissions', { timeout: TIMEOUT }, () => {
  it('attach and detach of a managed policy on the user', async () => {
    const { root } = await newAccount();
    const alice = await userWithKey(root, 'alice');
    const arn = await managedPolicy(root, 'lister', LIST_USERS);
    await listUsers(alice, 403);
    await iamOk(root, 'AttachUserPolicy', { UserName: 'alice', PolicyArn: arn });
    await listUsers(alice, 200);
    await iamOk(root, 'DetachUserPolicy', { UserName: 'alice', PolicyArn: arn });
    await listUsers(alice, 403);
  });

  it('put and delete of an inline policy of the user, and its replacement by another document', async () => {
    const { root } = await newAccount();
    const alice = await userWithKey(root, 'alice');
    await listUsers(alice, 403);
    await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'p', PolicyDocument: LIST_USERS });
    await listUsers(alice, 200);
    await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'p', PolicyDocument: ALLOW_GET_ONLY });
    await listUsers(alice, 403);
    await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'p', PolicyDocument: LIST_USERS });
    await listUsers(alice, 200);
    await iamOk(root, 'DeleteUserPolicy', { UserName: 'alice', PolicyName: 'p' });
    await listUsers(alice, 403);
  });

  it('group membership, and the group’s own inline and attached policies', async () => {
    const { root } = await newAccount();
    const alice = await userWithKey(root, 'alice');
    await iamOk(root, 'CreateGroup', { GroupName: 'readers' });
    await iamOk(root, 'PutGroupPolicy', { GroupName: 'readers', PolicyName: 'p', PolicyDocument: LIST_USERS });
    await listUsers(alice, 403);
    await iamOk(root, 'AddUserToGroup', { GroupName: 'readers', UserName: 'alice' });
    await listUsers(alice, 200);
    await iamOk(root, 'RemoveUserFromGroup', { GroupName: 'readers', UserName: 'alice' });
    await listUsers(alice, 403);
    await iamOk(root, 'AddUserToGroup', { GroupName: 'readers', UserName: 'alice' });
    await listUsers(alice, 200);
    await iamOk(root, 'DeleteGroupPolicy', { GroupName: 'readers', PolicyName: 'p' });
    await listUsers(alice, 403);
    const arn = await managedPolicy(root, 'lister', LIST_USERS);
    await iamOk(root, 'AttachGroupPolicy', { GroupName: 'readers', PolicyArn: arn });
    await listUsers(alice, 200);
    await iamOk(root, 'DetachGroupPolicy', { GroupName: 'readers', PolicyArn: arn });
    await listUsers(alice, 403);
  });

  it('a permissions boundary put, replaced and deleted', async () => {
    const { root } = await newAccount();
    const alice = await userWithKey(root, 'alice');
    await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'all', PolicyDocument: ALLOW_ALL });
    const narrow = await managedPolicy(root, 'narrow', ALLOW_GET_ONLY);
    const wide = await managedPolicy(root, 'wide', LIST_USERS);
    await listUsers(alice, 200);
    await iamOk(root, 'PutUserPermissionsBoundary', { UserName: 'alice', PermissionsBoundary: narrow });
    await listUsers(alice, 403);
    await iamOk(root, 'PutUserPermissionsBoundary', { UserName: 'alice', PermissionsBoundary: wide });
    await listUsers(alice, 200);
    await iamOk(root, 'PutUserPermissionsBoundary', { UserName: 'alice', PermissionsBoundary: narrow });
    await listUsers(alice, 403);
    await iamOk(root, 'DeleteUserPermissionsBoundary', { UserName: 'alice' });
    await listUsers(alice, 200);
  });

  it('a managed policy’s default version changed, both by a new default version and by SetDefaultPolicyVersion', async () => {
    const { root } = await newAccount();
    const alice = await userWithKey(root, 'alice');
    const arn = await managedPolicy(root, 'lister', LIST_USERS);
    await iamOk(root, 'AttachUserPolicy', { UserName: 'alice', PolicyArn: arn });
    await listUsers(alice, 200);
    await iamOk(root, 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: ALLOW_GET_ONLY, SetAsDefault: 'true' });
    await listUsers(alice, 403);
    await iamOk(root, 'SetDefaultPolicyVersion', { PolicyArn: arn, VersionId: 'v1' });
    await listUsers(alice, 200);
    await iamOk(root, 'SetDefaultPolicyVersion', { PolicyArn: arn, VersionId: 'v2' });
    await listUsers(alice, 403);
  });

  it('an explicit deny added in another policy', async () => {
    const { root } = await newAccount();
    const alice = await userWithKey(root, 'alice');
    await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'allow', PolicyDocument: LIST_USERS });
    await listUsers(alice, 200);
    await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'deny', PolicyDocument: DENY_LIST_USERS });
    await listUsers(alice, 403);
  });

  it('the user deleted and created again under its name: the new user has none of the old permissions', async () => {
    const { root } = await newAccount();
    const alice = await userWithKey(root, 'alice');
    await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'p', PolicyDocument: LIST_USERS });
    await listUsers(alice, 200);
    await iamOk(root, 'DeleteAccessKey', { UserName: 'alice', AccessKeyId: alice.accessKeyId });
    await iamOk(root, 'DeleteUserPolicy', { UserName: 'alice', PolicyName: 'p' });
    await iamOk(root, 'DeleteUser', { UserName: 'alice' });
    const old = await call(alice, 'ListUsers');
    expect(old.status).toBe(403);
    expect(old.error?.Code).toBe('InvalidClientTokenId');
    const again = await userWithKey(root, 'alice');
    await listUsers(again, 403);
  });

  it('a principal tag a policy condition reads, changed and removed', async () => {
    const { root } = await newAccount();
    const alice = await userWithKey(root, 'alice');
    const byTag = policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ops' } } });
    await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'p', PolicyDocument: byTag });
    await listUsers(alice, 403);
    await iamOk(root, 'TagUser', { UserName: 'alice', 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'ops' });
    await listUsers(alice, 200);
    await iamOk(root, 'TagUser', { UserName: 'alice', 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'dev' });
    await listUsers(alice, 403);
    await iamOk(root, 'TagUser', { UserName: 'alice', 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'ops' });
    await listUsers(alice, 200);
    await iamOk(root, 'UntagUser', { UserName: 'alice', 'TagKeys.member.1': 'team' });
    await listUsers(alice, 403);
  });

  it('the account password policy’s AllowUsersToChangePassword grant, set and removed', async () => {
    const { root } = await newAccount();
    const alice = await userWithKey(root, 'alice');
    const expectPolicyRead = async (status: number) => {
      for (let i = 0; i < 3; i++) expect((await call(alice, 'GetAccountPasswordPolicy')).status).toBe(status);
    };
    await iamOk(root, 'UpdateAccountPasswordPolicy', { MinimumPasswordLength: '12' });
    await expectPolicyRead(403);
    await iamOk(root, 'UpdateAccountPasswordPolicy', { MinimumPasswordLength: '12', AllowUsersToChangePassword: 'true' });
    await expectPolicyRead(200);
    await iamOk(root, 'UpdateAccountPasswordPolicy', { MinimumPasswordLength: '12', AllowUsersToChangePassword: 'false' });
    await expectPolicyRead(403);
  });

  it('a role session: the role’s policy detached, its boundary put, and the role deleted', async () => {
    const { accountId, root } = await newAccount();
    const alice = await userWithKey(root, 'alice');
    await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'assume', PolicyDocument: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) });
    await iamOk(root, 'CreateRole', {
      RoleName: 'lister',
      AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:user/alice` }, Action: 'sts:AssumeRole' }),
    });
    const arn = await managedPolicy(root, 'lister', LIST_USERS);
    const narrow = await managedPolicy(root, 'narrow', ALLOW_GET_ONLY);
    await iamOk(root, 'AttachRolePolicy', { RoleName: 'lister', PolicyArn: arn });
    const assumed = await call(alice, 'AssumeRole', { RoleArn: `arn:aws:iam::${accountId}:role/lister`, RoleSessionName: 'session' }, 'sts');
    expect(assumed.status, assumed.xml).toBe(200);
    const session = keysOf(assumed.result.Credentials);
    await listUsers(session, 200);
    await iamOk(root, 'DetachRolePolicy', { RoleName: 'lister', PolicyArn: arn });
    await listUsers(session, 403);
    await iamOk(root, 'AttachRolePolicy', { RoleName: 'lister', PolicyArn: arn });
    await listUsers(session, 200);
    await iamOk(root, 'PutRolePermissionsBoundary', { RoleName: 'lister', PermissionsBoundary: narrow });
    await listUsers(session, 403);
    await iamOk(root, 'DeleteRolePermissionsBoundary', { RoleName: 'lister' });
    await listUsers(session, 200);
    await iamOk(root, 'DetachRolePolicy', { RoleName: 'lister', PolicyArn: arn });
    await iamOk(root, 'DeleteRole', { RoleName: 'lister' });
    const gone = await call(session, 'ListUsers');
    expect(gone.status).toBe(403);
    expect(gone.error?.Code).toBe('InvalidClientTokenId');
  });
});
