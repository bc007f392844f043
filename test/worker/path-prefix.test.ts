/**
 * PathPrefix filters of every List* that takes one, at IAM's full length: a path of 512 characters is
 * listed by a prefix of 512 characters, and `_`, `%` and `\` in a prefix match only themselves.
 * Regression: the account store matched with SQLite LIKE, whose pattern is capped at 50 bytes in a
 * Durable Object, so a prefix of 50 bytes or more answered 500 and a long path could never be listed.
 * Spec: IAM API Reference, ListUsers/ListGroups/ListRoles/ListInstanceProfiles/ListPolicies/
 * ListAttachedUserPolicies/ListEntitiesForPolicy (`PathPrefix`, up to 512 characters); IAM quotas ("Path": 512).
 */
import { describe, expect, it } from 'vitest';
import { call, iamOk, newAccount, type Keys } from './support';

const members = (x: any): any[] => (x === '' || x === undefined ? [] : x.member);

/** `/` + `body` repeated to fill `size` characters in all + `/`. */
const pathOf = (body: string, size = 512) => `/${body.repeat(Math.ceil(size / body.length)).slice(0, size - 2)}/`;

/** A 512-character path full of LIKE's special characters, and a decoy that LIKE's wildcards would match. */
const LONG = pathOf('a_b%c\\d');
const DECOY = LONG.replace(/[_%\\]/g, 'z');
const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** The names a List* answers for each prefix: the whole long path, all but its last character, and the wildcard-looking start. */
async function namesFor(root: Keys, action: string, listKey: string, nameKey: string, extra: Record<string, string> = {}) {
  const names = async (PathPrefix: string) =>
    members((await iamOk(root, action, { PathPrefix, ...extra }))[listKey]).map((e: any) => e[nameKey]);
  return { whole: await names(LONG), short: await names(LONG.slice(0, -1)), wild: await names('/a_b%'), decoy: await names(DECOY) };
}

describe('PathPrefix at full length, with _ % \\ taken literally', () => {
  it('ListUsers, ListGroups, ListRoles, ListInstanceProfiles', async () => {
    const { root } = await newAccount();
    expect(LONG).toHaveLength(512);
    for (const [name, path] of [['long', LONG], ['decoy', DECOY]] as const) {
      await iamOk(root, 'CreateUser', { UserName: name, Path: path });
      await iamOk(root, 'CreateGroup', { GroupName: name, Path: path });
      await iamOk(root, 'CreateRole', { RoleName: name, Path: path, AssumeRolePolicyDocument: trust });
      await iamOk(root, 'CreateInstanceProfile', { InstanceProfileName: name, Path: path });
    }
    const expected = { whole: ['long'], short: ['long'], wild: ['long'], decoy: ['decoy'] };
    expect(await namesFor(root, 'ListUsers', 'Users', 'UserName')).toEqual(expected);
    expect(await namesFor(root, 'ListGroups', 'Groups', 'GroupName')).toEqual(expected);
    expect(await namesFor(root, 'ListRoles', 'Roles', 'RoleName')).toEqual(expected);
    expect(await namesFor(root, 'ListInstanceProfiles', 'InstanceProfiles', 'InstanceProfileName')).toEqual(expected);
  });

  it('ListPolicies, ListAttachedUserPolicies, ListEntitiesForPolicy', async () => {
    const { accountId, root } = await newAccount();
    // Policy paths allow `_` but not `%` or `\` (policyPathType); a `_` is LIKE's one-character wildcard.
    // A policy path prefix must end with `/`: the shorter prefix stops at the last inner `/`.
    const policyPath = pathOf('p_q/');
    const policyDecoy = policyPath.replace(/_/g, 'z');
    const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
    await iamOk(root, 'CreatePolicy', { PolicyName: 'long', Path: policyPath, PolicyDocument: doc });
    await iamOk(root, 'CreatePolicy', { PolicyName: 'decoy', Path: policyDecoy, PolicyDocument: doc });
    const listed = async (PathPrefix: string) =>
      members((await iamOk(root, 'ListPolicies', { Scope: 'Local', PathPrefix })).Policies).map((p: any) => p.PolicyName);
    expect(await listed(policyPath)).toEqual(['long']);
    expect(await listed(policyPath.slice(0, policyPath.lastIndexOf('/', policyPath.length - 2) + 1))).toEqual(['long']);
    expect(await listed(policyDecoy)).toEqual(['decoy']);

    await iamOk(root, 'CreateUser', { UserName: 'long', Path: LONG });
    await iamOk(root, 'CreateUser', { UserName: 'decoy', Path: DECOY });
    const arn = `arn:aws:iam::${accountId}:policy${policyPath}long`;
    for (const user of ['long', 'decoy']) await iamOk(root, 'AttachUserPolicy', { UserName: user, PolicyArn: arn });
    const attached = members((await iamOk(root, 'ListAttachedUserPolicies', { UserName: 'long', PathPrefix: policyPath })).AttachedPolicies);
    expect(attached.map((p: any) => p.PolicyName)).toEqual(['long']);
    const entities = async (PathPrefix: string) =>
      members((await iamOk(root, 'ListEntitiesForPolicy', { PolicyArn: arn, PathPrefix })).PolicyUsers).map((u: any) => u.UserName);
    expect(await entities(LONG)).toEqual(['long']);
    expect(await entities(DECOY)).toEqual(['decoy']);
  });

  it("an invalid Path or PathPrefix gets IAM's own message and changes nothing", async () => {
    const { root } = await newAccount();
    const bad = await call(root, 'CreateUser', { UserName: 'u', Path: 'team' });
    expect(bad.status).toBe(400);
    expect(bad.error).toMatchObject({
      Code: 'ValidationError',
      Message: 'The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.',
    });
    const prefix = await call(root, 'ListRoles', { PathPrefix: 'team' });
    expect(prefix.error).toMatchObject({
      Code: 'ValidationError',
      Message: 'The specified value for pathPrefix is invalid. It must begin with the / character and contain only alphanumeric characters and/or / characters.',
    });
    expect(members((await iamOk(root, 'ListUsers')).Users)).toEqual([]);
  });
});
