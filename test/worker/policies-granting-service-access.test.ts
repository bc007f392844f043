/**
 * ListPoliciesGrantingServiceAccess (IAM API Reference, API_ListPoliciesGrantingServiceAccess.html): for
 * a user its own policies and its groups', for a group or a role only their own; inline entries name
 * their entity, managed ones their ARN (once, however held); Action and NotAction read per service; Deny
 * statements grant nothing; errors and authorization.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, iamOk, newAccount, policy, userWithKey, type Keys } from './support';

const list = (x: any): any[] => (x === '' || x === undefined ? [] : Array.isArray(x.member) ? x.member : [x.member]);
const members = (name: string, values: readonly string[]) => Object.fromEntries(values.map((v, i) => [`${name}.member.${i + 1}`, v]));

let accountId: string;
let root: Keys;
let managedArn: string;

/** The answer as { namespace: [policy names] }. */
async function granting(keys: Keys, arn: string, namespaces: string[]): Promise<Record<string, any[]>> {
  const r = await iamOk(keys, 'ListPoliciesGrantingServiceAccess', { Arn: arn, ...members('ServiceNamespaces', namespaces) });
  expect(r.IsTruncated).toBe('false');
  return Object.fromEntries(list(r.PoliciesGrantingServiceAccess).map((e: any) => [e.ServiceNamespace, list(e.Policies)]));
}

beforeAll(async () => {
  ({ accountId, root } = await newAccount());
  await iamOk(root, 'CreateUser', { UserName: 'alice' });
  await iamOk(root, 'CreateGroup', { GroupName: 'devs' });
  await iamOk(root, 'AddUserToGroup', { GroupName: 'devs', UserName: 'alice' });
  await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'own-iam', PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }) });
  await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'deny-sts', PolicyDocument: policy({ Effect: 'Deny', Action: 'sts:*', Resource: '*' }) });
  await iamOk(root, 'PutGroupPolicy', { GroupName: 'devs', PolicyName: 'all-but-iam', PolicyDocument: policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) });
  managedArn = (await iamOk(root, 'CreatePolicy', { PolicyName: 'acme-any', PolicyDocument: policy({ Effect: 'Allow', Action: ['acme:*', 's?s:Get*'], Resource: '*' }) })).Policy.Arn;
  await iamOk(root, 'AttachUserPolicy', { UserName: 'alice', PolicyArn: managedArn });
  await iamOk(root, 'AttachGroupPolicy', { GroupName: 'devs', PolicyArn: managedArn });
  await iamOk(root, 'AttachGroupPolicy', { GroupName: 'devs', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' });
});

describe('ListPoliciesGrantingServiceAccess', () => {
  it('lists a user\'s own and its groups\' policies per service, managed ones once', async () => {
    const ownIam = { PolicyName: 'own-iam', PolicyType: 'INLINE', EntityType: 'USER', EntityName: 'alice' };
    const groupAll = { PolicyName: 'all-but-iam', PolicyType: 'INLINE', EntityType: 'GROUP', EntityName: 'devs' };
    const acme = { PolicyName: 'acme-any', PolicyType: 'MANAGED', PolicyArn: managedArn };
    const readOnly = { PolicyName: 'IAMReadOnlyAccess', PolicyType: 'MANAGED', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' };
    const answer = await granting(root, `arn:aws:iam::${accountId}:user/alice`, ['iam', 'sts', 'acme', 'ec2']);
    expect(answer.iam).toEqual([ownIam, readOnly]);
    expect(answer.sts).toEqual([acme, groupAll]);
    expect(answer.acme).toEqual([acme, groupAll]);
    expect(answer.ec2).toEqual([groupAll]);
  });

  it('lists only a group\'s own policies, and a role\'s; an empty list for a service nothing grants', async () => {
    const group = await granting(root, `arn:aws:iam::${accountId}:group/devs`, ['iam']);
    expect(group.iam!.map((p) => p.PolicyName)).toEqual(['IAMReadOnlyAccess']);
    const trust = policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
    await iamOk(root, 'CreateRole', { RoleName: 'app', Path: '/svc/', AssumeRolePolicyDocument: trust });
    await iamOk(root, 'PutRolePolicy', { RoleName: 'app', PolicyName: 'star', PolicyDocument: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) });
    const role = await granting(root, `arn:aws:iam::${accountId}:role/svc/app`, ['acme', 'iam']);
    expect(role.acme).toEqual([{ PolicyName: 'star', PolicyType: 'INLINE', EntityType: 'ROLE', EntityName: 'app' }]);
    await iamOk(root, 'DeleteRolePolicy', { RoleName: 'app', PolicyName: 'star' });
    expect(await granting(root, `arn:aws:iam::${accountId}:role/svc/app`, ['acme'])).toEqual({ acme: [] });
  });

  it('refuses an entity that does not exist, another account\'s and a non-entity ARN; authorizes first', async () => {
    const ask = (keys: Keys, arn: string) => call(keys, 'ListPoliciesGrantingServiceAccess', { Arn: arn, 'ServiceNamespaces.member.1': 'iam' });
    expect((await ask(root, `arn:aws:iam::${accountId}:user/nobody`)).error).toMatchObject({ Code: 'NoSuchEntity', Message: 'The user with name nobody cannot be found.' });
    expect((await ask(root, 'arn:aws:iam::111122223333:user/alice')).error?.Code).toBe('InvalidInput');
    expect((await ask(root, `arn:aws:iam::${accountId}:policy/acme-any`)).error?.Code).toBe('InvalidInput');
    const reader = await userWithKey(root, 'reader');
    expect((await ask(reader, `arn:aws:iam::${accountId}:user/alice`)).error?.Code).toBe('AccessDenied');
    await iamOk(root, 'PutUserPolicy', {
      UserName: 'reader',
      PolicyName: 'alice-only',
      PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:ListPoliciesGrantingServiceAccess', Resource: `arn:aws:iam::${accountId}:user/alice` }),
    });
    expect((await ask(reader, `arn:aws:iam::${accountId}:user/alice`)).status).toBe(200);
    expect((await ask(reader, `arn:aws:iam::${accountId}:group/devs`)).error?.Code).toBe('AccessDenied');
  });
});
