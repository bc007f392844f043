/**
 * Service-linked roles (issue 11 §3) through the Worker with real SigV4: CreateServiceLinkedRole for a
 * service of the deployment's catalog (acme → acme.amazonaws.com), AWS's protections of the role (only
 * its description and tags change; every other change answers UnmodifiableEntity), deletion through
 * DeleteServiceLinkedRole and its task's status, and the authorization of the three actions.
 * Spec: IAM API Reference, CreateServiceLinkedRole, DeleteServiceLinkedRole,
 * GetServiceLinkedRoleDeletionStatus, UnmodifiableEntityException; IAM User Guide, "Update a
 * service-linked role".
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, iamOk, newAccount, operator, policy, userWithKey, type Keys } from './support';

const ACME_TEXT = Object.values(import.meta.glob('/examples/acme/acme.service.json', { query: '?raw', import: 'default', eager: true }))[0] as string;
const ACME = 'acme.amazonaws.com';
const SLR = 'AWSServiceRoleForAcme';
const PATH = `/aws-service-role/${ACME}/`;
const PROTECTED = `Cannot perform the operation on the protected role '${SLR}' - this role is only modifiable by AWS`;
const TASK_ID = new RegExp(`^task/aws-service-role/acme\\.amazonaws\\.com/${SLR}_gone/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`);

let accountId: string;
let root: Keys;
let bookmark: string;

/** An IAM call that reads the catalog, at least as fresh as its write. */
const slrCall = (keys: Keys, params: Record<string, string>) => call(keys, 'CreateServiceLinkedRole', params, 'iam', { 'x-iam-bookmark': bookmark });

beforeAll(async () => {
  const put = await operator('PUT', '/services/acme', JSON.parse(ACME_TEXT));
  expect(put.status).toBe(200);
  bookmark = put.headers.get('x-iam-bookmark')!;
  ({ accountId, root } = await newAccount());
  const created = await slrCall(root, { AWSServiceName: ACME, Description: 'acme manages projects' });
  expect(created.status).toBe(200);
});

describe('CreateServiceLinkedRole', () => {
  it('creates AWSServiceRoleFor<Service> at /aws-service-role/<principal>/, trusting only the service', async () => {
    const { Role } = await iamOk(root, 'GetRole', { RoleName: SLR });
    expect(Role).toMatchObject({ Path: PATH, RoleName: SLR, Arn: `arn:aws:iam::${accountId}:role${PATH}${SLR}`, Description: 'acme manages projects', MaxSessionDuration: '3600' });
    expect(JSON.parse(decodeURIComponent(Role.AssumeRolePolicyDocument))).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: ACME }, Action: 'sts:AssumeRole' }],
    });
    const listed = await iamOk(root, 'ListRoles', { PathPrefix: '/aws-service-role/' });
    expect(listed.Roles.member.map((r: any) => r.RoleName)).toEqual([SLR]);
  });

  it('appends a custom suffix, and refuses a taken name and services this deployment does not know', async () => {
    const suffixed = await slrCall(root, { AWSServiceName: ACME, CustomSuffix: 'blue' });
    expect(suffixed.result.Role).toMatchObject({ RoleName: `${SLR}_blue`, Path: PATH });
    const again = await slrCall(root, { AWSServiceName: ACME });
    expect(again.error).toMatchObject({ Code: 'InvalidInput', Message: `Service role name ${SLR} has been taken in this account, please try a different suffix.` });
    expect(again.status).toBe(400);
    for (const name of ['ecs.amazonaws.com', 'iam.amazonaws.com', 'acme.example.com', 'acme']) {
      const r = await slrCall(root, { AWSServiceName: name });
      expect({ name, code: r.error?.Code }).toEqual({ name, code: 'InvalidInput' });
    }
    const tooLong = await slrCall(root, { AWSServiceName: ACME, CustomSuffix: 'x'.repeat(64) });
    expect(tooLong.error?.Code).toBe('InvalidInput');
    expect((await iamOk(root, 'ListRoles', { PathPrefix: '/aws-service-role/' })).Roles.member).toHaveLength(2);
  });
});

describe('a service-linked role is changed only by its service', () => {
  it('refuses every change but its description and tags with UnmodifiableEntity', async () => {
    await iamOk(root, 'CreateInstanceProfile', { InstanceProfileName: 'ip' });
    const doc = policy({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' });
    const trust = policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
    const refused: Record<string, Record<string, string>> = {
      DeleteRole: {},
      UpdateAssumeRolePolicy: { PolicyDocument: trust },
      PutRolePolicy: { PolicyName: 'p', PolicyDocument: doc },
      DeleteRolePolicy: { PolicyName: 'p' },
      AttachRolePolicy: { PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      DetachRolePolicy: { PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      PutRolePermissionsBoundary: { PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      DeleteRolePermissionsBoundary: {},
      AddRoleToInstanceProfile: { InstanceProfileName: 'ip' },
      RemoveRoleFromInstanceProfile: { InstanceProfileName: 'ip' },
      UpdateRole: { MaxSessionDuration: '7200' },
    };
    for (const [action, params] of Object.entries(refused)) {
      const r = await call(root, action, { RoleName: SLR, ...params });
      expect({ action, status: r.status, error: r.error }).toMatchObject({ action, status: 400, error: { Code: 'UnmodifiableEntity', Message: PROTECTED } });
    }
    await iamOk(root, 'UpdateRole', { RoleName: SLR, Description: 'edited' });
    await iamOk(root, 'UpdateRoleDescription', { RoleName: SLR, Description: 'edited again' });
    await iamOk(root, 'TagRole', { RoleName: SLR, 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'blue' });
    const { Role } = await iamOk(root, 'GetRole', { RoleName: SLR });
    expect(Role).toMatchObject({ Description: 'edited again', MaxSessionDuration: '3600', Tags: { member: [{ Key: 'team', Value: 'blue' }] } });
    expect((await iamOk(root, 'ListRolePolicies', { RoleName: SLR })).PolicyNames).toBe('');
    expect((await iamOk(root, 'ListAttachedRolePolicies', { RoleName: SLR })).AttachedPolicies).toBe('');
  });
});

describe('DeleteServiceLinkedRole and GetServiceLinkedRoleDeletionStatus', () => {
  it('deletes the role at once and reports the task SUCCEEDED', async () => {
    await slrCall(root, { AWSServiceName: ACME, CustomSuffix: 'gone' });
    const { DeletionTaskId } = await iamOk(root, 'DeleteServiceLinkedRole', { RoleName: `${SLR}_gone` });
    expect(DeletionTaskId).toMatch(TASK_ID);
    expect((await call(root, 'GetRole', { RoleName: `${SLR}_gone` })).error?.Code).toBe('NoSuchEntity');
    expect(await iamOk(root, 'GetServiceLinkedRoleDeletionStatus', { DeletionTaskId })).toEqual({ Status: 'SUCCEEDED' });
    // The name is free again.
    expect((await slrCall(root, { AWSServiceName: ACME, CustomSuffix: 'gone' })).status).toBe(200);
  });

  it('refuses an ordinary role, a missing role, a malformed task id and an unknown one', async () => {
    const trust = policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
    await iamOk(root, 'CreateRole', { RoleName: 'ordinary', AssumeRolePolicyDocument: trust });
    expect((await call(root, 'DeleteServiceLinkedRole', { RoleName: 'ordinary' })).error?.Code).toBe('NoSuchEntity');
    await iamOk(root, 'GetRole', { RoleName: 'ordinary' });
    expect((await call(root, 'DeleteServiceLinkedRole', { RoleName: 'missing' })).error).toMatchObject({ Code: 'NoSuchEntity', Message: 'The role with name missing cannot be found.' });
    for (const bad of ['garbage', `task/aws-service-role/${ACME}/${SLR}/not-a-uuid`, `task/service-role/${ACME}/${SLR}/00000000-0000-4000-8000-000000000000`]) {
      const r = await call(root, 'GetServiceLinkedRoleDeletionStatus', { DeletionTaskId: bad });
      expect({ bad, code: r.error?.Code, status: r.status }).toEqual({ bad, code: 'InvalidInput', status: 400 });
    }
    const unknown = await call(root, 'GetServiceLinkedRoleDeletionStatus', { DeletionTaskId: `task/aws-service-role/${ACME}/${SLR}/00000000-0000-4000-8000-000000000000` });
    expect(unknown.error?.Code).toBe('NoSuchEntity');
    expect(unknown.status).toBe(404);
  });
});

describe('authorization of the service-linked-role actions', () => {
  it('denies a caller without the permission, and honours iam:AWSServiceName', async () => {
    const reader = await userWithKey(root, 'reader');
    await iamOk(root, 'PutUserPolicy', { UserName: 'reader', PolicyName: 'read', PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }) });
    expect((await slrCall(reader, { AWSServiceName: ACME, CustomSuffix: 'r' })).error?.Code).toBe('AccessDenied');
    expect((await call(reader, 'DeleteServiceLinkedRole', { RoleName: SLR })).error?.Code).toBe('AccessDenied');
    await iamOk(root, 'GetRole', { RoleName: SLR });

    const ops = await userWithKey(root, 'ops');
    const onlyOtherServices = policy(
      { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
      { Effect: 'Deny', Action: 'iam:CreateServiceLinkedRole', Resource: '*', Condition: { StringEquals: { 'iam:AWSServiceName': ACME } } },
      { Effect: 'Deny', Action: 'iam:GetServiceLinkedRoleDeletionStatus', Resource: `arn:aws:iam::${accountId}:role/aws-service-role/*` },
    );
    await iamOk(root, 'PutUserPolicy', { UserName: 'ops', PolicyName: 'ops', PolicyDocument: onlyOtherServices });
    expect((await slrCall(ops, { AWSServiceName: ACME, CustomSuffix: 'o' })).error?.Code).toBe('AccessDenied');
    const task = `task/aws-service-role/${ACME}/${SLR}_gone/00000000-0000-4000-8000-000000000000`;
    expect((await call(ops, 'GetServiceLinkedRoleDeletionStatus', { DeletionTaskId: task })).error?.Code).toBe('AccessDenied');
  });
});
