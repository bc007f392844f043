/**
 * Workload credentials end to end: a role that trusts ec2.amazonaws.com in an instance profile (made with
 * the SDK), a workload token from the operator API, then real AWS clients with NO keys, only
 * AWS_CONTAINER_CREDENTIALS_FULL_URI=<server>/workload/credentials and AWS_CONTAINER_AUTHORIZATION_TOKEN:
 * the AWS CLI (botocore's ContainerProvider), @smithy/credential-provider-imds `fromContainerMetadata`, and
 * the JS SDK's default credential chain (`fromHttp`). The JS SDK accepts an http:// container URI only on
 * loopback hosts, which 127.0.0.1 is. A revoked token stops every one of them.
 */
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  ListRolesCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromContainerMetadata } from '@smithy/credential-provider-imds';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectDateDuring, sdkError, SESSION_TOKEN } from './support/aws';
import { createAccountWithRootKeys, endpoint, iamClient, operatorFetch, REGION, runAwsCli } from './support/clients';

let accountId: string;
let token: string;
let tokenId: string;

const ROLE = 'edge-worker';
const sessionArn = () => `arn:aws:sts::${accountId}:assumed-role/${ROLE}/${tokenId}`;
const containerEnv = (t = token) => ({
  AWS_CONTAINER_CREDENTIALS_FULL_URI: `${endpoint()}/workload/credentials`,
  AWS_CONTAINER_AUTHORIZATION_TOKEN: t,
});

/** Runs `fn` with the container variables set in this process (and no other credential source), then restores it. */
async function withContainerEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
  Object.assign(process.env, vars, {
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/edge-iam/credentials',
    AWS_CONFIG_FILE: '/nonexistent/edge-iam/config',
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  try {
    return await fn();
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

async function issueToken(instanceProfileName: string): Promise<{ tokenId: string; token: string; instanceProfileArn: string; expiresAt: string }> {
  const res = await operatorFetch(`/operator/accounts/${accountId}/workload-tokens`, { method: 'POST', body: { instanceProfileName } });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { tokenId: string; token: string; instanceProfileArn: string; expiresAt: string };
}

beforeAll(async () => {
  const created = await createAccountWithRootKeys();
  accountId = created.accountId;
  const iam = iamClient(created.credentials);
  await iam.send(
    new CreateRoleCommand({
      RoleName: ROLE,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: ROLE,
      PolicyName: 'list-users',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }] }),
    }),
  );
  await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: ROLE }));
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: ROLE, RoleName: ROLE }));
  ({ token, tokenId } = await issueToken(ROLE));
});

describe('workload credentials', () => {
  it('the AWS CLI gets the role session from the container variables alone', async () => {
    const r = await runAwsCli(['sts', 'get-caller-identity'], null, { env: containerEnv() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ Account: accountId, Arn: sessionArn() });
    const users = await runAwsCli(['iam', 'list-users'], null, { env: containerEnv() });
    expect(users.code, users.stderr).toBe(0);
    expect(users.json).toEqual({ Users: [] });
    const roles = await runAwsCli(['iam', 'list-roles'], null, { env: containerEnv() });
    expect(roles.code).not.toBe(0);
    expect(roles.stderr).toContain('AccessDenied');
  });

  it('the JS SDK reads them with fromContainerMetadata and with its default chain', async () => {
    await withContainerEnv(containerEnv(), async () => {
      const provider = fromContainerMetadata({ timeout: 10_000 });
      const before = Date.now();
      const creds = await provider();
      expect(creds.accessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
      expect(creds.sessionToken).toMatch(SESSION_TOKEN);
      // Role credentials for one hour from the request (the token itself lasts longer).
      expectDateDuring(creds.expiration, before, Date.now(), 3_600_000);

      const sts = new STSClient({ endpoint: endpoint(), region: REGION, credentials: provider, maxAttempts: 1 });
      expect(await sts.send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: accountId, Arn: sessionArn() });
      const iam = new IAMClient({ endpoint: endpoint(), region: REGION, credentials: provider, maxAttempts: 1 });
      expect((await iam.send(new ListUsersCommand({}))).Users).toEqual([]);
      const denied = await sdkError(iam.send(new ListRolesCommand({})));
      expect({ name: denied.name, status: denied.$metadata.httpStatusCode }).toEqual({ name: 'AccessDenied', status: 403 });

      // No credentials configured at all: the default chain finds the container variables (fromHttp).
      const plain = new STSClient({ endpoint: endpoint(), region: REGION, maxAttempts: 1 });
      expect((await plain.send(new GetCallerIdentityCommand({}))).Arn).toBe(sessionArn());
    });
  });

  it('a revoked token gets no more credentials, from the CLI or the SDK', async () => {
    const other = await issueToken(ROLE);
    const ok = await runAwsCli(['sts', 'get-caller-identity'], null, { env: containerEnv(other.token) });
    expect(ok.code, ok.stderr).toBe(0);
    expect((ok.json as { Arn: string }).Arn).toBe(`arn:aws:sts::${accountId}:assumed-role/${ROLE}/${other.tokenId}`);

    const revoked = await operatorFetch(`/operator/accounts/${accountId}/workload-tokens/${other.tokenId}`, { method: 'DELETE' });
    expect(revoked.status).toBe(204);
    const raw = await fetch(`${endpoint()}/workload/credentials`, { headers: { authorization: other.token } });
    expect(raw.status).toBe(401);
    expect(await raw.json()).toEqual({ code: 'InvalidToken', message: 'The workload token is invalid or has been revoked.' });
    const cli = await runAwsCli(['sts', 'get-caller-identity'], null, { env: containerEnv(other.token) });
    expect(cli.code).not.toBe(0);
    await withContainerEnv(containerEnv(other.token), async () => {
      await expect(fromContainerMetadata({ timeout: 10_000 })()).rejects.toThrow();
    });
    // The first token is untouched.
    const still = await runAwsCli(['sts', 'get-caller-identity'], null, { env: containerEnv() });
    expect(still.code, still.stderr).toBe(0);
  });
});
