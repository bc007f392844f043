/**
 * Defences found in review: compiled policies keyed by their text (a re-created policy is not its
 * predecessor), MFA guessing throttled, AssumeRole refusals that reveal nothing of another account, old
 * sessions refused by an account re-created under the same id, and malformed bookmarks ignored.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { ID_PREFIX, newAccessKeyId, newSecretAccessKey } from '../../src/core/ids';
import { SecretBox } from '../../src/core/secret-box';
import { sealSessionToken } from '../../src/core/session-token';
import { decodeSeed, totpAt, totpStep } from '../../src/core/totp';
import { call, iamOk, newAccount, operator, policy, userWithKey } from './support';

const sts = (keys: Parameters<typeof call>[0], action: string, params: Record<string, string> = {}) => call(keys, action, params, 'sts');

describe('hardening', () => {
  it('does not reuse a deleted policy’s compiled rules for a new policy of the same name', async () => {
    const { accountId, root } = await newAccount();
    const alice = await userWithKey(root, 'alice');
    const arn = `arn:aws:iam::${accountId}:policy/P`;
    await iamOk(root, 'CreatePolicy', { PolicyName: 'P', PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }) });
    await iamOk(root, 'AttachUserPolicy', { UserName: 'alice', PolicyArn: arn });
    expect((await call(alice, 'ListUsers')).status).toBe(200);
    await iamOk(root, 'DetachUserPolicy', { UserName: 'alice', PolicyArn: arn });
    await iamOk(root, 'DeletePolicy', { PolicyArn: arn });
    await iamOk(root, 'CreatePolicy', { PolicyName: 'P', PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }) });
    await iamOk(root, 'AttachUserPolicy', { UserName: 'alice', PolicyArn: arn });
    expect((await call(alice, 'ListUsers')).error?.Code).toBe('AccessDenied');
    expect((await call(alice, 'GetUser', { UserName: 'alice' })).status).toBe(200);
  });

  it('creates a user with a permissions boundary', async () => {
    const { accountId, root } = await newAccount();
    await iamOk(root, 'CreatePolicy', { PolicyName: 'B', PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }) });
    const r = await iamOk(root, 'CreateUser', { UserName: 'bounded', PermissionsBoundary: `arn:aws:iam::${accountId}:policy/B` });
    expect(r.User.PermissionsBoundary.PermissionsBoundaryArn).toBe(`arn:aws:iam::${accountId}:policy/B`);
    const missing = await call(root, 'CreateUser', { UserName: 'x', PermissionsBoundary: `arn:aws:iam::${accountId}:policy/none` });
    expect(missing.error?.Message).toBe(`Scope ARN: arn:aws:iam::${accountId}:policy/none does not exist or is not attachable.`);
  });

  it('locks an MFA device after five wrong codes, refusing even a right one', async () => {
    const { root } = await newAccount();
    const user = await userWithKey(root, 'guesser');
    const device = (await iamOk(root, 'CreateVirtualMFADevice', { VirtualMFADeviceName: 'g' })).VirtualMFADevice;
    const seed = decodeSeed(new TextDecoder().decode(Uint8Array.from(atob(device.Base32StringSeed), (c) => c.charCodeAt(0))))!;
    const step = totpStep(Date.now());
    await iamOk(root, 'EnableMFADevice', { UserName: 'guesser', SerialNumber: device.SerialNumber, AuthenticationCode1: totpAt(seed, step - 1), AuthenticationCode2: totpAt(seed, step) });
    for (let i = 0; i < 5; i++) {
      const wrong = await sts(user, 'GetSessionToken', { SerialNumber: device.SerialNumber, TokenCode: totpAt(seed, step + 20 + i) });
      expect(wrong.error?.Code).toBe('AccessDenied');
    }
    const right = await sts(user, 'GetSessionToken', { SerialNumber: device.SerialNumber, TokenCode: totpAt(seed, step + 1) });
    expect(right.error?.Code).toBe('AccessDenied');
  });

  it('answers an untrusted role of another account exactly like a missing one', async () => {
    const a = await newAccount();
    const b = await newAccount();
    const user = await userWithKey(a.root, 'prober');
    await iamOk(a.root, 'PutUserPolicy', { UserName: 'prober', PolicyName: 'p', PolicyDocument: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) });
    await iamOk(b.root, 'CreateRole', {
      RoleName: 'private',
      AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${b.accountId}:root` }, Action: 'sts:AssumeRole' }),
    });
    const existing = await sts(user, 'AssumeRole', { RoleArn: `arn:aws:iam::${b.accountId}:role/private`, RoleSessionName: 'pp', DurationSeconds: '43200' });
    const missing = await sts(user, 'AssumeRole', { RoleArn: `arn:aws:iam::${b.accountId}:role/absent`, RoleSessionName: 'pp', DurationSeconds: '43200' });
    expect(existing.error?.Code).toBe('AccessDenied');
    expect(missing.error?.Code).toBe('AccessDenied');
    expect(existing.error?.Message.replace('private', 'absent')).toBe(missing.error?.Message);
    expect(existing.headers.get('x-iam-authorization-message')).toBeNull();
    expect(missing.headers.get('x-iam-authorization-message')).toBeNull();
  });

  it('refuses a root session of a closed account in the account created again with its id', async () => {
    const { accountId } = await newAccount();
    const created = async () => ((await (await operator('GET', `/accounts/${accountId}`)).json()) as { createdAt: string }).createdAt;
    // Root MFA sessions (GetSessionToken with MFA) are minted here with the Worker's own master key, since the
    // API cannot enable a root MFA device (EnableMFADevice requires a UserName, as in AWS).
    const box = await SecretBox.create(env.IAM_MASTER_KEY);
    const rootSession = async (acctAt: string) => {
      const accessKeyId = newAccessKeyId(accountId, ID_PREFIX.temporaryKey);
      const secret = newSecretAccessKey();
      const now = Math.floor(Date.now() / 1000);
      const token = await sealSessionToken(box, accessKeyId, {
        v: 1, kind: 'session-token', acct: accountId, arn: `arn:aws:iam::${accountId}:root`, uid: accountId, acctAt, mfa: true, mfaAt: now, iat: now, exp: now + 900, secret,
      });
      return { accessKeyId, secretAccessKey: secret, sessionToken: token };
    };
    const first = await created();
    const before = await rootSession(first);
    expect((await call(before, 'ListUsers')).status).toBe(200);
    expect((await operator('DELETE', `/accounts/${accountId}`)).status).toBe(200);
    expect((await operator('POST', '/accounts', { accountId, email: 'new@example.com' })).status).toBe(201);
    expect(await created()).not.toBe(first);
    expect((await call(before, 'ListUsers')).error?.Code).toBe('InvalidClientTokenId');
    expect((await call(await rootSession(await created()), 'ListUsers')).status).toBe(200);
  });

  it('ignores a malformed bookmark instead of failing', async () => {
    const { root } = await newAccount();
    const r = await call(root, 'GetCallerIdentity', {}, 'sts', { 'x-iam-bookmark': '<script>' });
    expect(r.status).toBe(200);
  });
});
