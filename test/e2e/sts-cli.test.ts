/**
 * STS temporary credentials through the AWS CLI (v1, botocore) against the local server: `aws sts
 * assume-role` and `aws sts get-session-token` (with a virtual MFA device's TOTP code), and the returned
 * credentials used by the CLI again, both as AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN in
 * the environment and as a profile with aws_session_token in the credentials file.
 * Set-up (users, policies, roles, the MFA device) goes through the SDK before any STS call of the principal,
 * so the data plane's short policy cache never holds a stale set.
 */
import { GetUserCommand } from '@aws-sdk/client-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { sdkError, expectSdkError, userWithKey } from './support/aws';
import { createAccountWithRootKeys, iamClient, runAwsCli, type CliResult, type Credentials } from './support/clients';
import { createRole, credentialEnv, enableVirtualMfa, policy, putUserPolicy, totp, totpStepNow, trustAccount } from './support/sts';

let accountId: string;
let root: Credentials;
let operator: Awaited<ReturnType<typeof userWithKey>>;
let mfaUser: Awaited<ReturnType<typeof userWithKey>>;
let device: Awaited<ReturnType<typeof enableVirtualMfa>>;
let roleArn: string;

beforeAll(async () => {
  ({ accountId, credentials: root } = await createAccountWithRootKeys());
  const iam = iamClient(root);
  roleArn = await createRole(iam, 'cli-reader', trustAccount(accountId), policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }));
  operator = await userWithKey(iam, 'cli-operator');
  await putUserPolicy(iam, 'cli-operator', policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }));
  mfaUser = await userWithKey(iam, 'cli-mfa');
  // GetUser on itself only with MFA: the long-term key alone is denied, an MFA session is allowed.
  await putUserPolicy(
    iam,
    'cli-mfa',
    policy({
      Effect: 'Allow',
      Action: 'iam:GetUser',
      Resource: `arn:aws:iam::${accountId}:user/cli-mfa`,
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    }),
  );
  device = await enableVirtualMfa(iam, 'cli-mfa', 'cli-mfa-phone');
});

/** Runs the CLI and expects exit 0; returns its parsed JSON. */
async function cliOk(args: string[], creds: Credentials | null, env?: Record<string, string>): Promise<any> {
  const r = await runAwsCli(args, creds, env ? { env } : {});
  expect(r.code, `aws ${args.join(' ')}\n${r.stderr}`).toBe(0);
  expect(r.json, r.stdout).toBeDefined();
  return r.json;
}

/** Expects the CLI to fail with the given AWS error code (and message) on stderr. */
function expectCliError(r: CliResult, code: string, message?: string): void {
  expect(r.code, r.stdout).not.toBe(0);
  expect(r.stderr).toContain(`An error occurred (${code})`);
  if (message) expect(r.stderr).toContain(message);
}

describe('aws sts assume-role', () => {
  let assumed: any;
  let session: Credentials;

  beforeAll(async () => {
    assumed = await cliOk(['sts', 'assume-role', '--role-arn', roleArn, '--role-session-name', 'cli-session'], operator.credentials);
    const c = assumed.Credentials;
    session = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  });

  it('prints ASIA credentials for one hour and the assumed-role user', () => {
    expect(assumed.Credentials.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(assumed.Credentials.SecretAccessKey).toMatch(/^[A-Za-z0-9/+]{40}$/);
    expect(assumed.Credentials.SessionToken.length).toBeGreaterThan(100);
    const left = Date.parse(assumed.Credentials.Expiration) - Date.now();
    expect(left).toBeGreaterThan(3_500_000);
    expect(left).toBeLessThanOrEqual(3_600_000);
    expect(assumed.AssumedRoleUser.Arn).toBe(`arn:aws:sts::${accountId}:assumed-role/cli-reader/cli-session`);
    expect(assumed.AssumedRoleUser.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:cli-session$/);
  });

  it('gives credentials (from the environment) that may list users, as the role policy allows', async () => {
    const out = await cliOk(['iam', 'list-users'], null, credentialEnv(session));
    expect(out.Users.map((u: { UserName: string }) => u.UserName).sort()).toEqual(['cli-mfa', 'cli-operator']);
  });

  it('gives credentials that may not create a user: AccessDenied naming the assumed role, and nothing is created', async () => {
    const r = await runAwsCli(['iam', 'create-user', '--user-name', 'intruder'], null, { env: credentialEnv(session) });
    expectCliError(
      r,
      'AccessDenied',
      `User: arn:aws:sts::${accountId}:assumed-role/cli-reader/cli-session is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${accountId}:user/intruder because no identity-based policy allows the iam:CreateUser action`,
    );
    const missing = await sdkError(iamClient(root).send(new GetUserCommand({ UserName: 'intruder' })));
    expectSdkError(missing, { name: 'NoSuchEntityException', code: 'NoSuchEntity', status: 404 });
  });

  it('shows the assumed-role ARN in get-caller-identity (credentials from a profile with aws_session_token)', async () => {
    const who = await cliOk(['sts', 'get-caller-identity'], session);
    expect(who).toEqual({ UserId: assumed.AssumedRoleUser.AssumedRoleId, Account: accountId, Arn: assumed.AssumedRoleUser.Arn });
  });

  it('is refused for a user whose account does not allow sts:AssumeRole', async () => {
    // cli-mfa has no sts:AssumeRole allow; the trust policy names only the account.
    const r = await runAwsCli(['sts', 'assume-role', '--role-arn', roleArn, '--role-session-name', 'nope'], mfaUser.credentials);
    expectCliError(r, 'AccessDenied', `User: arn:aws:iam::${accountId}:user/cli-mfa is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
  });
});

describe('aws sts get-session-token', () => {
  it('without MFA gives credentials that IAM refuses with InvalidClientTokenId', async () => {
    const out = await cliOk(['sts', 'get-session-token', '--duration-seconds', '900'], mfaUser.credentials);
    const c = out.Credentials;
    expect(c.AccessKeyId).toMatch(/^ASIA/);
    const r = await runAwsCli(['iam', 'get-user'], { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken });
    expectCliError(r, 'InvalidClientTokenId', 'The security token included in the request is invalid');
  });

  it('with --serial-number and a TOTP --token-code gives MFA credentials for IAM; the same code again is refused', async () => {
    // The long-term key alone does not satisfy the user's MFA condition.
    const plain = await runAwsCli(['iam', 'get-user'], mfaUser.credentials);
    expectCliError(plain, 'AccessDenied', 'iam:GetUser');

    // The device accepted the codes of steps up to enabledAtStep; the next step's code is good (±1 step).
    const step = Math.max(totpStepNow(), device.enabledAtStep) + 1;
    const code = totp(device.seed, step);
    const args = ['sts', 'get-session-token', '--serial-number', device.serialNumber, '--token-code', code, '--duration-seconds', '900'];
    const out = await cliOk(args, mfaUser.credentials);
    const c = out.Credentials;
    expect(c.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    const left = Date.parse(c.Expiration) - Date.now();
    expect(left).toBeGreaterThan(850_000);
    expect(left).toBeLessThanOrEqual(900_000);

    const me = await cliOk(['iam', 'get-user'], null, credentialEnv({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken }));
    expect(me.User).toMatchObject({ UserName: 'cli-mfa', Arn: `arn:aws:iam::${accountId}:user/cli-mfa`, UserId: mfaUser.userId });

    const replay = await runAwsCli(args, mfaUser.credentials);
    expectCliError(replay, 'AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.');
  });
});
