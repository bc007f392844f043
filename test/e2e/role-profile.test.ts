/**
 * The README's role profile works as written: an IAM user's keys as the source profile (the root user
 * cannot assume roles), a `role_arn` profile on top, `endpoint_url` in both, read by the AWS CLI and by
 * the JS SDK's `fromIni` (which needs the endpoint for its own STS call too).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-providers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountWithRootKeys, endpoint, REGION } from './support/clients';

const dir = mkdtempSync(path.join(tmpdir(), 'edge-iam-profile-'));
const config = path.join(dir, 'config');
const credentials = path.join(dir, 'credentials');
let accountId = '';
const saved = { ...process.env };

beforeAll(async () => {
  const account = await createAccountWithRootKeys();
  accountId = account.accountId;
  const iam = new IAMClient({ region: REGION, endpoint: endpoint(), credentials: account.credentials });
  await iam.send(new CreateUserCommand({ UserName: 'admin' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'admin',
      PolicyName: 'assume',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }),
    }),
  );
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }] };
  await iam.send(new CreateRoleCommand({ RoleName: 'dev', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'admin' }))).AccessKey!;
  writeFileSync(credentials, `[edge-iam-admin]\naws_access_key_id = ${key.AccessKeyId}\naws_secret_access_key = ${key.SecretAccessKey}\n`, { mode: 0o600 });
  writeFileSync(
    config,
    `[profile edge-iam-admin]\nregion = us-east-1\nendpoint_url = ${endpoint()}\n\n` +
      `[profile edge-iam-dev]\nrole_arn = arn:aws:iam::${accountId}:role/dev\nsource_profile = edge-iam-admin\nregion = us-east-1\nendpoint_url = ${endpoint()}\n`,
  );
  for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL', 'AWS_PROFILE']) delete process.env[k];
  Object.assign(process.env, { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials });
  // No wait for the read model: the profile's first call is AssumeRole, which issues credentials and so
  // reads the key and policies from the D1 primary, past the isolate's caches (http/query-endpoint.ts).
}, 60_000);

afterAll(() => {
  process.env = saved;
  rmSync(dir, { recursive: true, force: true });
});

describe('a role_arn profile', () => {
  it('the AWS CLI assumes the role from the profile, endpoint_url included', async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile('aws', ['sts', 'get-caller-identity', '--profile', 'edge-iam-dev', '--output', 'json'], { env: { ...process.env, AWS_PAGER: '' } }, (e, stdout, stderr) =>
        e ? reject(new Error(`${e.message}\n${stderr}`)) : resolve(stdout),
      ),
    );
    expect(JSON.parse(out).Arn).toMatch(new RegExp(`^arn:aws:sts::${accountId}:assumed-role/dev/`));
  });

  it('the JS SDK: fromIni with clientConfig.endpoint, and the client with the endpoint', async () => {
    const sts = new STSClient({
      region: REGION,
      endpoint: endpoint(),
      credentials: fromIni({ profile: 'edge-iam-dev', clientConfig: { region: REGION, endpoint: endpoint() } }),
    });
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me.Arn).toMatch(new RegExp(`^arn:aws:sts::${accountId}:assumed-role/dev/`));
  });

  it('the JS SDK with AWS_PROFILE and no client configuration reads endpoint_url for the client and its AssumeRole', async () => {
    process.env['AWS_PROFILE'] = 'edge-iam-dev';
    try {
      const me = await new STSClient({}).send(new GetCallerIdentityCommand({}));
      expect(me.Arn).toMatch(new RegExp(`^arn:aws:sts::${accountId}:assumed-role/dev/`));
    } finally {
      delete process.env['AWS_PROFILE'];
    }
  });

  it("the JS SDK's `profile` option alone does not: its AssumeRole call goes to AWS's STS (the README warns)", async () => {
    const sts = new STSClient({ profile: 'edge-iam-dev', endpoint: endpoint(), maxAttempts: 1 });
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toThrow();
  });
});
