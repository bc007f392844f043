/**
 * Service and action last accessed (issue 11 §2) through the Query API: attempts recorded where decisions
 * are made (IAM calls in the object, STS and SaaS decisions in the isolate), reports for users, groups,
 * roles and policies at service and action level, the entities of a report, pagination, AWS's errors,
 * the report owner rule, authorization, and GenerateOrganizationsAccessReport's refusal.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { authorize, by, installAcme, projectArn } from './decide-support';
import { advanceClock, awsDate, call, freezeClock, iamOk, keysOf, newAccount, policy, runClock, userWithKey, type Keys } from './support';

const allow = (Action: string | string[], extra: object = {}) => ({ Effect: 'Allow', Action, Resource: '*', ...extra });
const members = (list: any): any[] => list?.member ?? [];

describe('service and action last accessed', () => {
  let accountId: string;
  let root: Keys;
  let alice: Keys;
  let bob: Keys;
  let roleSession: Keys;
  let readersArn: string;
  let t0: number;
  const arn = (kind: string, name: string) => `arn:aws:iam::${accountId}:${kind}/${name}`;

  /** Generates a report as `keys` and reads its first page. */
  const report = async (keys: Keys, subject: string, extra: Record<string, string> = {}) => {
    const { JobId } = await iamOk(keys, 'GenerateServiceLastAccessedDetails', { Arn: subject, ...extra });
    return { JobId, ...(await iamOk(keys, 'GetServiceLastAccessedDetails', { JobId })) };
  };

  beforeAll(async () => {
    await installAcme();
    ({ accountId, root } = await newAccount());
    alice = await userWithKey(root, 'alice');
    bob = await userWithKey(root, 'bob');
    // alice may read users and herself, see STS, and use acme; ListUsers only from an address she never has (a refused attempt).
    await iamOk(root, 'PutUserPolicy', {
      UserName: 'alice',
      PolicyName: 'p',
      PolicyDocument: policy(allow(['iam:GetUser', 'sts:GetCallerIdentity', 'acme:GetProject']), allow('iam:ListUsers', { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })),
    });
    await iamOk(root, 'CreateGroup', { GroupName: 'devs' });
    await iamOk(root, 'PutGroupPolicy', { GroupName: 'devs', PolicyName: 'g', PolicyDocument: policy(allow('iam:GetUser')) });
    for (const u of ['alice', 'bob']) await iamOk(root, 'AddUserToGroup', { GroupName: 'devs', UserName: u });
    readersArn = (await iamOk(root, 'CreatePolicy', { PolicyName: 'readers', PolicyDocument: policy(allow('iam:ListRoles')) })).Policy.Arn;
    await iamOk(root, 'CreateRole', {
      RoleName: 'ops',
      AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:user/bob` }, Action: 'sts:AssumeRole' }),
    });
    await iamOk(root, 'AttachRolePolicy', { RoleName: 'ops', PolicyArn: readersArn });
    await iamOk(root, 'AttachUserPolicy', { UserName: 'bob', PolicyArn: readersArn });
    await iamOk(root, 'PutUserPolicy', { UserName: 'bob', PolicyName: 'assume', PolicyDocument: policy(allow('sts:AssumeRole')) });
  });

  // The later tests read the attempts this one makes (one clock instant, t0).
  it("lists the services a user's policies allow, with the latest attempt at each (IAM, STS and the catalog's)", async () => {
    t0 = freezeClock();
    expect((await call(alice, 'GetUser')).status).toBe(200);
    expect((await call(alice, 'ListUsers')).status).toBe(403);
    expect((await call(alice, 'GetCallerIdentity', {}, 'sts')).status).toBe(200);
    expect(await authorize(await by(alice, { action: 'acme:GetProject', resource: projectArn(accountId) }))).toMatchObject({ decision: 'Allow' });
    const assumed = await call(bob, 'AssumeRole', { RoleArn: arn('role', 'ops'), RoleSessionName: 's1' }, 'sts');
    roleSession = keysOf(assumed.result.Credentials);
    expect((await call(roleSession, 'ListRoles')).status).toBe(200);
    runClock();
    const r = await report(root, arn('user', 'alice'));
    expect(r).toMatchObject({ JobStatus: 'COMPLETED', JobType: 'SERVICE_LEVEL', IsTruncated: 'false' });
    expect(r.JobCompletionDate).toBe(r.JobCreationDate);
    const at = { LastAuthenticated: awsDate(t0), LastAuthenticatedEntity: arn('user', 'alice'), LastAuthenticatedRegion: 'us-east-1', TotalAuthenticatedEntities: '1' };
    expect(members(r.ServicesLastAccessed)).toEqual([
      { ServiceName: 'acme', ServiceNamespace: 'acme', ...at },
      { ServiceName: 'AWS Identity and Access Management', ServiceNamespace: 'iam', ...at },
      { ServiceName: 'AWS Security Token Service', ServiceNamespace: 'sts', ...at },
    ]);
  });

  it('at action level: every allowed action, the attempted ones with entity, time and region, refused attempts included', async () => {
    const r = await report(root, arn('user', 'alice'), { Granularity: 'ACTION_LEVEL' });
    expect(r.JobType).toBe('ACTION_LEVEL');
    const iam = members(r.ServicesLastAccessed).find((s) => s.ServiceNamespace === 'iam');
    const used = { LastAccessedEntity: arn('user', 'alice'), LastAccessedTime: awsDate(t0), LastAccessedRegion: 'us-east-1' };
    // ListUsers was refused (its only Allow has a condition the request failed): AWS counts attempts, not successes.
    expect(members(iam.TrackedActionsLastAccessed)).toEqual([{ ActionName: 'GetUser', ...used }, { ActionName: 'ListUsers', ...used }]);
  });

  it('a service allowed but never used is listed without a last attempt', async () => {
    const r = await report(root, arn('user', 'bob'));
    // bob: his AssumeRole (sts) and readers (iam:ListRoles, never called by bob himself).
    expect(members(r.ServicesLastAccessed)).toEqual([
      { ServiceName: 'AWS Identity and Access Management', ServiceNamespace: 'iam', TotalAuthenticatedEntities: '0' },
      { ServiceName: 'AWS Security Token Service', ServiceNamespace: 'sts', LastAuthenticated: awsDate(t0), LastAuthenticatedEntity: arn('user', 'bob'), LastAuthenticatedRegion: 'us-east-1', TotalAuthenticatedEntities: '1' },
    ]);
  });

  it("a group's report: its members' attempts at what its policies allow, and its entities latest first", async () => {
    const r = await report(root, arn('group', 'devs'));
    expect(members(r.ServicesLastAccessed)).toEqual([
      { ServiceName: 'AWS Identity and Access Management', ServiceNamespace: 'iam', LastAuthenticated: awsDate(t0), LastAuthenticatedEntity: arn('user', 'alice'), LastAuthenticatedRegion: 'us-east-1', TotalAuthenticatedEntities: '1' },
    ]);
    const withEntities = await iamOk(root, 'GetServiceLastAccessedDetailsWithEntities', { JobId: r.JobId, ServiceNamespace: 'iam' });
    expect(withEntities.JobStatus).toBe('COMPLETED');
    const entity = (name: string) => ({ Arn: arn('user', name), Name: name, Type: 'USER', Id: expect.stringMatching(/^AIDA/), Path: '/' });
    expect(members(withEntities.EntityDetailsList)).toEqual([{ EntityInfo: entity('alice'), LastAuthenticated: awsDate(t0) }, { EntityInfo: entity('bob') }]);
    // A service the report does not list has no entities.
    expect(members((await iamOk(root, 'GetServiceLastAccessedDetailsWithEntities', { JobId: r.JobId, ServiceNamespace: 'sts' })).EntityDetailsList)).toEqual([]);
  });

  it("a role session's attempts count for the role; a policy's report covers the entities it is attached to", async () => {
    const role = await report(root, arn('role', 'ops'));
    expect(members(role.ServicesLastAccessed)).toEqual([
      { ServiceName: 'AWS Identity and Access Management', ServiceNamespace: 'iam', LastAuthenticated: awsDate(t0), LastAuthenticatedEntity: arn('role', 'ops'), LastAuthenticatedRegion: 'us-east-1', TotalAuthenticatedEntities: '1' },
    ]);
    const p = await report(root, readersArn, { Granularity: 'ACTION_LEVEL' });
    const iam = members(p.ServicesLastAccessed)[0];
    expect(iam).toMatchObject({ ServiceNamespace: 'iam', LastAuthenticatedEntity: arn('role', 'ops'), TotalAuthenticatedEntities: '1' });
    expect(members(iam.TrackedActionsLastAccessed)).toEqual([{ ActionName: 'ListRoles', LastAccessedEntity: arn('role', 'ops'), LastAccessedTime: awsDate(t0), LastAccessedRegion: 'us-east-1' }]);
    const entities = members((await iamOk(root, 'GetServiceLastAccessedDetailsWithEntities', { JobId: p.JobId, ServiceNamespace: 'iam' })).EntityDetailsList);
    expect(entities.map((e) => [e.EntityInfo.Type, e.EntityInfo.Name, e.LastAuthenticated])).toEqual([['ROLE', 'ops', awsDate(t0)], ['USER', 'bob', undefined]]);
  });

  it('pages with MaxItems and Marker', async () => {
    const { JobId } = await iamOk(root, 'GenerateServiceLastAccessedDetails', { Arn: arn('user', 'alice') });
    const first = await iamOk(root, 'GetServiceLastAccessedDetails', { JobId, MaxItems: '2' });
    expect([first.IsTruncated, members(first.ServicesLastAccessed).map((s) => s.ServiceNamespace)]).toEqual(['true', ['acme', 'iam']]);
    const second = await iamOk(root, 'GetServiceLastAccessedDetails', { JobId, MaxItems: '2', Marker: first.Marker });
    expect([second.IsTruncated, second.Marker, members(second.ServicesLastAccessed).map((s) => s.ServiceNamespace)]).toEqual(['false', undefined, ['sts']]);
  });

  it("answers AWS's errors, and only the report's owner may read it", async () => {
    const code = async (keys: Keys, action: string, params: Record<string, string>) => {
      const r = await call(keys, action, params);
      return [r.status, r.error?.Code, r.error?.Message];
    };
    expect(await code(root, 'GenerateServiceLastAccessedDetails', { Arn: arn('user', 'nobody') })).toEqual([404, 'NoSuchEntity', 'The user with name nobody cannot be found.']);
    expect(await code(root, 'GenerateServiceLastAccessedDetails', { Arn: `arn:aws:iam::${accountId}:policy/gone` })).toEqual([404, 'NoSuchEntity', `Policy arn:aws:iam::${accountId}:policy/gone was not found.`]);
    for (const bad of ['arn:aws:iam::999999999999:user/alice', `arn:aws:s3:::bucket-name-here`, `arn:aws:iam::${accountId}:mfa/dev`]) {
      expect(await code(root, 'GenerateServiceLastAccessedDetails', { Arn: bad })).toEqual([400, 'InvalidInput', `ARN ${bad} is not valid.`]);
    }
    expect((await code(root, 'GenerateServiceLastAccessedDetails', { Arn: arn('user', 'alice'), Granularity: 'DAILY' }))[1]).toBe('ValidationError');
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await code(root, 'GetServiceLastAccessedDetails', { JobId: unknown })).toEqual([404, 'NoSuchEntity', `No job with ID ${unknown} was found.`]);
    // A report made by the root user is unknown to anyone else, even a caller allowed every IAM action.
    const { JobId } = await iamOk(root, 'GenerateServiceLastAccessedDetails', { Arn: arn('user', 'alice') });
    await iamOk(root, 'PutUserPolicy', { UserName: 'bob', PolicyName: 'all', PolicyDocument: policy(allow('iam:*')) });
    expect((await code(bob, 'GetServiceLastAccessedDetailsWithEntities', { JobId, ServiceNamespace: 'iam' }))[1]).toBe('NoSuchEntity');
    expect((await iamOk(bob, 'GetServiceLastAccessedDetails', { JobId: (await iamOk(bob, 'GenerateServiceLastAccessedDetails', { Arn: arn('group', 'devs') })).JobId })).JobStatus).toBe('COMPLETED');
    await iamOk(root, 'DeleteUserPolicy', { UserName: 'bob', PolicyName: 'all' });
  });

  it('authorizes each action: Generate on the subject ARN, the Gets on *, the Organizations report refused cleanly', async () => {
    const carol = await userWithKey(root, 'carol');
    const denied = await call(carol, 'GenerateServiceLastAccessedDetails', { Arn: arn('user', 'alice') });
    expect([denied.status, denied.error?.Message]).toEqual([
      403,
      `User: arn:aws:iam::${accountId}:user/carol is not authorized to perform: iam:GenerateServiceLastAccessedDetails on resource: ${arn('user', 'alice')} because no identity-based policy allows the iam:GenerateServiceLastAccessedDetails action`,
    ]);
    await iamOk(root, 'PutUserPolicy', { UserName: 'carol', PolicyName: 'p', PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:GenerateServiceLastAccessedDetails', Resource: arn('user', 'alice') }) });
    const { JobId } = await iamOk(carol, 'GenerateServiceLastAccessedDetails', { Arn: arn('user', 'alice') });
    expect((await call(carol, 'GenerateServiceLastAccessedDetails', { Arn: arn('user', 'bob') })).error?.Code).toBe('AccessDenied');
    expect((await call(carol, 'GetServiceLastAccessedDetails', { JobId })).error?.Message).toContain('iam:GetServiceLastAccessedDetails on resource: *');
    expect((await call(carol, 'GetServiceLastAccessedDetailsWithEntities', { JobId, ServiceNamespace: 'iam' })).error?.Code).toBe('AccessDenied');

    const path = { EntityPath: 'o-a1b2c3d4e5/r-f6g7h8i9j0example' };
    expect((await call(carol, 'GenerateOrganizationsAccessReport', path)).error?.Message).toContain(
      `iam:GenerateOrganizationsAccessReport on resource: arn:aws:iam::${accountId}:access-report/o-a1b2c3d4e5/r-f6g7h8i9j0example`,
    );
    const refused = await call(root, 'GenerateOrganizationsAccessReport', path);
    expect([refused.status, refused.error?.Code, refused.error?.Message]).toEqual([400, 'AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.']);
  });

  it('rewrites an attempt at most once a minute (the same action and region)', async () => {
    const iamOf = async () => members((await report(root, arn('user', 'alice'))).ServicesLastAccessed).find((x) => x.ServiceNamespace === 'iam').LastAuthenticated;
    const at = freezeClock() + 61_000;
    for (const [step, expected] of [[61_000, at], [30_000, at], [31_000, at + 61_000]] as const) {
      advanceClock(step);
      await iamOk(alice, 'GetUser');
      expect(await iamOf()).toBe(awsDate(expected));
    }
  });
});
