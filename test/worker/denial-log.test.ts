/**
 * Every denied call is logged with its decision (issue 7 §6): one `access-denied` JSON line naming the
 * principal, the action, the resource and the statements that decided, so a developer sees why without
 * decoding `x-iam-authorization-message`; and never a credential (secret key, session token).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { call, dispatch, iamOk, keysOf, newAccount, operator, policy, userWithKey, type Keys } from './support';

const TIMEOUT = 20_000;
let lines: string[] = [];
beforeEach(() => {
  lines = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
});
afterEach(() => vi.restoreAllMocks());

/** The `access-denied` lines logged since the test began, parsed. */
const denials = () => lines.filter((l) => l.includes('"access-denied"')).map((l) => JSON.parse(l) as Record<string, any>);

function expectNoSecret(keys: Keys) {
  const all = lines.join('\n');
  expect(all).not.toContain(keys.secretAccessKey);
  if (keys.sessionToken) expect(all).not.toContain(keys.sessionToken);
}

describe('the denial log', { timeout: TIMEOUT }, () => {
  it('an explicit Deny in the object: principal, action, resource and the statement that decided', async () => {
    const { accountId, root } = await newAccount();
    const alice = await userWithKey(root, 'alice');
    await iamOk(root, 'PutUserPolicy', {
      UserName: 'alice',
      PolicyName: 'guard',
      PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }, { Sid: 'NoUserDeletes', Effect: 'Deny', Action: 'iam:DeleteUser', Resource: '*' }),
    });
    await iamOk(root, 'CreateUser', { UserName: 'bob' });
    lines = [];

    const r = await call(alice, 'DeleteUser', { UserName: 'bob' });
    expect(r.status).toBe(403);
    const [line, ...more] = denials();
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      event: 'access-denied',
      accountId,
      principal: `arn:aws:iam::${accountId}:user/alice`,
      action: 'iam:DeleteUser',
      resource: `arn:aws:iam::${accountId}:user/bob`,
      decision: 'ExplicitDeny',
      statements: [{ policy: 'guard', sid: 'NoUserDeletes', effect: 'Deny', index: 1 }],
      message: r.error!.Message,
    });
    expect(typeof line!['requestId']).toBe('string');
    expectNoSecret(alice);
  });

  it('an implicit deny of a role session, on IAM (object) and STS (isolate): no secret, no session token', async () => {
    const { accountId, root } = await newAccount();
    const roleArn = `arn:aws:iam::${accountId}:role/empty`;
    await iamOk(root, 'CreateRole', {
      RoleName: 'empty',
      AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }),
    });
    // The root user cannot assume roles: a user allowed to does.
    const carol = await userWithKey(root, 'carol');
    const put = await call(root, 'PutUserPolicy', { UserName: 'carol', PolicyName: 'assume', PolicyDocument: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }) });
    const bookmark = put.headers.get('x-iam-bookmark');
    const assumed = await call(carol, 'AssumeRole', { RoleArn: roleArn, RoleSessionName: 'dev' }, 'sts', bookmark ? { 'x-iam-bookmark': bookmark } : {});
    expect(assumed.status).toBe(200);
    const session = keysOf(assumed.result.Credentials);
    lines = [];

    expect((await call(session, 'ListUsers')).status).toBe(403);
    expect((await call(session, 'GetAccessKeyInfo', { AccessKeyId: session.accessKeyId }, 'sts')).status).toBe(403);
    const logged = denials();
    expect(logged.map((l) => [l['principal'], l['action'], l['decision'], l['statements']])).toEqual([
      [`arn:aws:sts::${accountId}:assumed-role/empty/dev`, 'iam:ListUsers', 'ImplicitDeny', []],
      [`arn:aws:sts::${accountId}:assumed-role/empty/dev`, 'sts:GetAccessKeyInfo', 'ImplicitDeny', []],
    ]);
    expect(logged[0]!['message']).toContain('because no identity-based policy allows the iam:ListUsers action');
    expectNoSecret(session);
  });

  it('a denial no policy decides (federated-user credentials calling IAM) names the caller and the action', async () => {
    const { accountId, root } = await newAccount();
    const dan = await userWithKey(root, 'dan');
    await iamOk(root, 'PutUserPolicy', { UserName: 'dan', PolicyName: 'fed', PolicyDocument: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) });
    const fed = await call(dan, 'GetFederationToken', { Name: 'visitor', Policy: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) }, 'sts');
    expect(fed.status).toBe(200);
    const session = keysOf(fed.result.Credentials);
    lines = [];

    const r = await call(session, 'GetAccessKeyInfo', { AccessKeyId: dan.accessKeyId }, 'sts');
    expect(r.status).toBe(403);
    expect(denials()).toEqual([
      expect.objectContaining({ event: 'access-denied', principal: `arn:aws:sts::${accountId}:federated-user/visitor`, action: 'sts:GetAccessKeyInfo', message: r.error!.Message }),
    ]);
    expectNoSecret(session);
    expectNoSecret(dan);
  });

  it('a workload token whose role does not trust EC2: the role and the action, never the token', async () => {
    const { accountId, root } = await newAccount();
    await iamOk(root, 'CreateRole', { RoleName: 'web', AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }) });
    await iamOk(root, 'CreateInstanceProfile', { InstanceProfileName: 'web' });
    await iamOk(root, 'AddRoleToInstanceProfile', { InstanceProfileName: 'web', RoleName: 'web' });
    const issued = await operator('POST', `/accounts/${accountId}/workload-tokens`, { instanceProfileName: 'web' });
    expect(issued.status).toBe(201);
    const { token } = (await issued.json()) as { token: string };
    const bookmark = issued.headers.get('x-iam-bookmark');
    lines = [];

    const res = await dispatch('https://iam.test/workload/credentials', { headers: { authorization: token, ...(bookmark ? { 'x-iam-bookmark': bookmark } : {}) } });
    expect(res.status).toBe(403);
    expect(denials()).toEqual([
      expect.objectContaining({ principal: 'ec2.amazonaws.com', action: 'sts:AssumeRole', message: expect.stringContaining(`role arn:aws:iam::${accountId}:role/web`) }),
    ]);
    expect(lines.join('\n')).not.toContain(token);
  });

  it('allowed calls log no denial', async () => {
    const { root } = await newAccount();
    lines = [];
    await iamOk(root, 'ListUsers');
    expect(denials()).toEqual([]);
  });
});
