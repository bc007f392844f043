/**
 * Passwords through real AWS clients against the local server: @aws-sdk/client-iam (its own model parses
 * every answer: LoginProfile dates become Date objects, the PasswordPolicy's numbers and booleans are
 * typed) and the AWS CLI (botocore) creating a login profile and a password policy, ChangePassword as the
 * user, the policy's refusals as AWS's errors, and an account alias.
 * Spec: IAM API Reference, CreateLoginProfile, ChangePassword, UpdateAccountPasswordPolicy,
 * GetAccountPasswordPolicy, CreateAccountAlias, ListAccountAliases.
 */
import {
  ChangePasswordCommand,
  CreateLoginProfileCommand,
  DeleteAccountPasswordPolicyCommand,
  DeleteLoginProfileCommand,
  GetAccountPasswordPolicyCommand,
  GetLoginProfileCommand,
  ListAccountAliasesCommand,
  UpdateAccountPasswordPolicyCommand,
  UpdateLoginProfileCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAccountWithRootKeys, iamClient, runAwsCli, type Credentials } from './support/clients';
import { expectSdkError, sdkError, userWithKey } from './support/aws';

let accountId: string;
let root: Credentials;
let iam: IAMClient;

beforeAll(async () => {
  ({ accountId, credentials: root } = await createAccountWithRootKeys());
  iam = iamClient(root);
});

const VIOLATION = { name: 'PasswordPolicyViolationException', code: 'PasswordPolicyViolation', status: 400, message: 'Password does not conform to the account password policy.' };

describe('passwords with @aws-sdk/client-iam', () => {
  it('sets a password policy, creates a login profile under it, and the user changes its own password', async () => {
    await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 10, RequireNumbers: true, AllowUsersToChangePassword: true, PasswordReusePrevention: 3, MaxPasswordAge: 90 }));
    const { PasswordPolicy } = await iam.send(new GetAccountPasswordPolicyCommand({}));
    expect(PasswordPolicy).toEqual({
      MinimumPasswordLength: 10,
      RequireSymbols: false,
      RequireNumbers: true,
      RequireUppercaseCharacters: false,
      RequireLowercaseCharacters: false,
      AllowUsersToChangePassword: true,
      ExpirePasswords: true,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 3,
    });

    const user = await userWithKey(iam, 'sdk-pw');
    expectSdkError(await sdkError(iam.send(new CreateLoginProfileCommand({ UserName: 'sdk-pw', Password: 'no-digits-here' }))), VIOLATION);
    const created = await iam.send(new CreateLoginProfileCommand({ UserName: 'sdk-pw', Password: 'first-pass-1', PasswordResetRequired: true }));
    expect(created.LoginProfile?.UserName).toBe('sdk-pw');
    expect(created.LoginProfile?.PasswordResetRequired).toBe(true);
    expect(created.LoginProfile?.CreateDate).toBeInstanceOf(Date);
    expect(Math.abs(Date.now() - created.LoginProfile!.CreateDate!.getTime())).toBeLessThan(120_000);

    const asUser = iamClient(user.credentials);
    expectSdkError(await sdkError(asUser.send(new ChangePasswordCommand({ OldPassword: 'first-pass-1', NewPassword: 'first-pass-1' }))), VIOLATION);
    await asUser.send(new ChangePasswordCommand({ OldPassword: 'first-pass-1', NewPassword: 'second-pass-2' }));
    expect((await iam.send(new GetLoginProfileCommand({ UserName: 'sdk-pw' }))).LoginProfile?.PasswordResetRequired).toBe(false);

    await iam.send(new UpdateLoginProfileCommand({ UserName: 'sdk-pw', PasswordResetRequired: true }));
    await iam.send(new DeleteLoginProfileCommand({ UserName: 'sdk-pw' }));
    expectSdkError(await sdkError(iam.send(new GetLoginProfileCommand({ UserName: 'sdk-pw' }))), {
      name: 'NoSuchEntityException',
      code: 'NoSuchEntity',
      status: 404,
      message: 'Login Profile for User sdk-pw cannot be found.',
    });
    await iam.send(new DeleteAccountPasswordPolicyCommand({}));
    expectSdkError(await sdkError(iam.send(new GetAccountPasswordPolicyCommand({}))), {
      name: 'NoSuchEntityException',
      code: 'NoSuchEntity',
      status: 404,
      message: `The Password Policy with domain name ${accountId} cannot be found.`,
    });
  });
});

describe('passwords with the AWS CLI', () => {
  it('`aws iam update-account-password-policy`, `create-login-profile`, `get-login-profile`, `create-account-alias`', async () => {
    const ok = async (args: string[]) => {
      const r = await runAwsCli(args, root);
      expect(r.code, `aws ${args.join(' ')}\n${r.stderr}`).toBe(0);
      return r;
    };
    await ok(['iam', 'update-account-password-policy', '--minimum-password-length', '12', '--require-symbols', '--require-uppercase-characters', '--password-reuse-prevention', '5', '--hard-expiry']);
    const policy = (await ok(['iam', 'get-account-password-policy'])).json as { PasswordPolicy: Record<string, unknown> };
    expect(policy.PasswordPolicy).toMatchObject({ MinimumPasswordLength: 12, RequireSymbols: true, RequireUppercaseCharacters: true, PasswordReusePrevention: 5, HardExpiry: true, ExpirePasswords: false });

    await ok(['iam', 'create-user', '--user-name', 'cli-pw']);
    const weak = await runAwsCli(['iam', 'create-login-profile', '--user-name', 'cli-pw', '--password', 'Short!'], root);
    expect(weak.code).not.toBe(0);
    expect(weak.stderr).toContain('An error occurred (PasswordPolicyViolation) when calling the CreateLoginProfile operation: Password does not conform to the account password policy.');
    const created = (await ok(['iam', 'create-login-profile', '--user-name', 'cli-pw', '--password', 'Long-Enough-Pass!', '--password-reset-required'])).json as { LoginProfile: Record<string, unknown> };
    expect(created.LoginProfile).toMatchObject({ UserName: 'cli-pw', PasswordResetRequired: true });
    expect(created.LoginProfile.CreateDate).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(JSON.stringify(created)).not.toContain('Long-Enough');
    const got = (await ok(['iam', 'get-login-profile', '--user-name', 'cli-pw'])).json as { LoginProfile: Record<string, unknown> };
    expect(got.LoginProfile).toMatchObject({ UserName: 'cli-pw', PasswordResetRequired: true });

    const alias = `cli-${accountId}`;
    await ok(['iam', 'create-account-alias', '--account-alias', alias]);
    expect((await ok(['iam', 'list-account-aliases'])).json).toEqual({ AccountAliases: [alias] });
    expect((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual([alias]);
    await ok(['iam', 'delete-account-alias', '--account-alias', alias]);
  });
});
