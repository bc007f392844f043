/**
 * Response shapes as the IAM API Reference gives them: what listings leave out, what the Create and Get actions carry,
 * and the model's enum values, checked on the wire (the XML the clients parse).
 * Spec: IAM API Reference, API_ListUsers.html and API_ListRoles.html ("IAM resource-listing operations
 * return a subset of the available attributes … does not return … PermissionsBoundary, Tags" and, for
 * roles, "RoleLastUsed"); API_CreatePolicy.html, API_GetPolicy.html, API_AttachedPermissionsBoundary.html.
 */
import { describe, expect, it } from 'vitest';
import { call, iamOk, newAccount } from './support';

const members = (x: any): any[] => (x === '' || x === undefined ? [] : x.member);
const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const BOUNDARY = { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess' };

describe('response shapes', () => {
  it('users: the boundary and tags in CreateUser and GetUser, not in ListUsers or GetGroup', async () => {
    const { root } = await newAccount();
    const tags = { 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'core' };
    const created = await iamOk(root, 'CreateUser', { UserName: 'u', PermissionsBoundary: BOUNDARY.PermissionsBoundaryArn, ...tags });
    expect(created.User.PermissionsBoundary).toEqual(BOUNDARY);
    expect((await iamOk(root, 'GetUser', { UserName: 'u' })).User.PermissionsBoundary).toEqual(BOUNDARY);
    const list = await call(root, 'ListUsers');
    expect(members(list.result.Users).map((u: any) => u.UserName)).toEqual(['u']);
    expect(list.xml).not.toContain('PermissionsBoundary');
    expect(list.xml).not.toContain('<Tags>');
    await iamOk(root, 'CreateGroup', { GroupName: 'g' });
    await iamOk(root, 'AddUserToGroup', { GroupName: 'g', UserName: 'u' });
    const group = await call(root, 'GetGroup', { GroupName: 'g' });
    expect(members(group.result.Users).map((u: any) => u.UserName)).toEqual(['u']);
    expect(group.xml).not.toContain('PermissionsBoundary');
  });

  it('roles: ListRoles leaves out PermissionsBoundary, Tags and RoleLastUsed; GetRole has them', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateRole', {
      RoleName: 'r',
      AssumeRolePolicyDocument: trust,
      PermissionsBoundary: BOUNDARY.PermissionsBoundaryArn,
      'Tags.member.1.Key': 'team',
      'Tags.member.1.Value': 'core',
    });
    const got = (await iamOk(root, 'GetRole', { RoleName: 'r' })).Role;
    expect(got.PermissionsBoundary).toEqual(BOUNDARY);
    expect(members(got.Tags)).toEqual([{ Key: 'team', Value: 'core' }]);
    expect(got.RoleLastUsed).toBe(''); // present and empty: the role was never used (AWS sends <RoleLastUsed/>)
    const list = await call(root, 'ListRoles');
    expect(members(list.result.Roles).map((r: any) => r.RoleName)).toEqual(['r']);
    for (const absent of ['PermissionsBoundary', '<Tags>', 'RoleLastUsed']) expect(list.xml).not.toContain(absent);
  });

  it('policies: CreatePolicy and GetPolicy carry the Description; no Tags element without tags', async () => {
    const { root } = await newAccount();
    const created = await call(root, 'CreatePolicy', { PolicyName: 'p', PolicyDocument: doc, Description: 'reads objects' });
    expect(created.result.Policy.Description).toBe('reads objects');
    expect(created.xml).not.toContain('<Tags');
    const got = await call(root, 'GetPolicy', { PolicyArn: created.result.Policy.Arn });
    expect(got.result.Policy.Description).toBe('reads objects');
    expect(got.xml).not.toContain('<Tags');
    // ListPolicies leaves out Description and Tags (API_ListPolicies.html).
    await iamOk(root, 'TagPolicy', { PolicyArn: created.result.Policy.Arn, 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'v' });
    expect(members((await iamOk(root, 'GetPolicy', { PolicyArn: created.result.Policy.Arn })).Policy.Tags)).toEqual([{ Key: 'k', Value: 'v' }]);
    const list = await call(root, 'ListPolicies', { Scope: 'Local' });
    expect(list.xml).not.toContain('<Description>');
    expect(list.xml).not.toContain('<Tags');
  });

  it('GetAccountAuthorizationDetails gives the boundary type of the model', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'u', PermissionsBoundary: BOUNDARY.PermissionsBoundaryArn });
    await iamOk(root, 'CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: trust, PermissionsBoundary: BOUNDARY.PermissionsBoundaryArn });
    const details = await iamOk(root, 'GetAccountAuthorizationDetails', { 'Filter.member.1': 'User', 'Filter.member.2': 'Role' });
    expect(members(details.UserDetailList)[0].PermissionsBoundary).toEqual(BOUNDARY);
    expect(members(details.RoleDetailList)[0].PermissionsBoundary).toEqual(BOUNDARY);
  });
});
