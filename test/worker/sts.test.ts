/**
 * STS temporary credentials through the Worker: AssumeRole (same account, cross-account, chaining,
 * session policies, tags, source identity, durations), GetSessionToken, GetFederationToken, sealed tokens
 * (tampered, expired, foreign), and "revoke older sessions".
 * Spec: STS API Reference; IAM User Guide "Policy evaluation logic", "Cross account resource access".
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { ID_PREFIX, newAccessKeyId, newSecretAccessKey } from '../../src/core/ids';
import { SecretBox } from '../../src/core/secret-box';
import { sealSessionToken } from '../../src/core/session-token';
import { decodeSeed, totpAt, totpStep } from '../../src/core/totp';
import { advanceClock, awsDate, call, clockNow, freezeClock, iamOk, keysOf, newAccount, policy, runClock, SEALED, userWithKey, type Keys } from './support';

const sts = (keys: Keys, action: string, params: Record<string, string> = {}, bookmark?: string | null) =>
  call(keys, action, params, 'sts', bookmark ? { 'x-iam-bookmark': bookmark } : {});

/** An IAM write; returns its projection bookmark, which a later data-plane read sends back to see it. */
async function write(keys: Keys, action: string, params: Record<string, string>): Promise<string | null> {
  const r = await call(keys, action, params);
  if (r.status !== 200) throw new Error(`${action} failed: ${r.xml}`);
  return r.headers.get('x-iam-bookmark');
}
const trustAccount = (accountId: string, extra: object = {}) =>
  policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole', ...extra });

async function roleWith(root: Keys, name: string, trust: string, permissions?: string, extra: Record<string, string> = {}) {
  await iamOk(root, 'CreateRole', { RoleName: name, AssumeRolePolicyDocument: trust, ...extra });
  if (permissions) await iamOk(root, 'PutRolePolicy', { RoleName: name, PolicyName: 'perms', PolicyDocument: permissions });
}

async function assume(keys: Keys, roleArn: string, params: Record<string, string> = {}, bookmark?: string | null) {
  return sts(keys, 'AssumeRole', { RoleArn: roleArn, RoleSessionName: 'sess', ...params }, bookmark);
}

describe('AssumeRole in one account', () => {
  it('issues ASIA credentials that act as the role, within the role policy, when both sides allow', async () => {
    const { accountId, root } = await newAccount();
    const alice = await userWithKey(root, 'alice');
    await roleWith(root, 'reader', trustAccount(accountId), policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }));
    const roleArn = `arn:aws:iam::${accountId}:role/reader`;

    // The trust policy names the account, so alice also needs an identity-based allow.
    const denied = await assume(alice, roleArn);
    expect(denied.status).toBe(403);
    expect(denied.error?.Code).toBe('AccessDenied');
    // The data plane caches alice's (empty) policy set briefly; the write's bookmark reads past it.
    const bookmark = await write(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'assume', PolicyDocument: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }) });

    const issuedAt = freezeClock();
    const r = await assume(alice, roleArn, { DurationSeconds: '900' }, bookmark);
    runClock();
    expect(r.status).toBe(200);
    const creds = r.result.Credentials;
    expect(creds.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(creds.Expiration).toBe(awsDate(issuedAt + 900_000));
    expect(r.result.AssumedRoleUser.Arn).toBe(`arn:aws:sts::${accountId}:assumed-role/reader/sess`);
    expect(r.result.AssumedRoleUser.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:sess$/);

    const session = keysOf(creds);
    const who = await sts(session, 'GetCallerIdentity');
    expect(who.result).toMatchObject({ Account: accountId, Arn: `arn:aws:sts::${accountId}:assumed-role/reader/sess` });
    expect(who.result.UserId).toBe(r.result.AssumedRoleUser.AssumedRoleId);
    expect((await call(session, 'ListUsers')).status).toBe(200);
    const create = await call(session, 'CreateUser', { UserName: 'nope' });
    expect(create.error?.Code).toBe('AccessDenied');
    expect(create.error?.Message).toBe(
      `User: arn:aws:sts::${accountId}:assumed-role/reader/sess is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${accountId}:user/nope because no identity-based policy allows the iam:CreateUser action`,
    );
    const info = await sts(root, 'GetAccessKeyInfo', { AccessKeyId: creds.AccessKeyId });
    expect(info.result.Account).toBe(accountId);
    // The role records its use.
    const role = await iamOk(root, 'GetRole', { RoleName: 'reader' });
    expect(role.Role.RoleLastUsed.Region).toBe('us-east-1');
  });

  it('lets a trust policy that names the user allow it without an identity policy, and refuses others', async () => {
    const { accountId, root } = await newAccount();
    const bob = await userWithKey(root, 'bob');
    const carol = await userWithKey(root, 'carol');
    const trust = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:user/bob` }, Action: 'sts:AssumeRole' });
    await roleWith(root, 'bobs', trust);
    const arn = `arn:aws:iam::${accountId}:role/bobs`;
    expect((await assume(bob, arn)).status).toBe(200);
    expect((await assume(carol, arn)).error?.Code).toBe('AccessDenied');
    // A role that does not exist looks like one the caller may not assume.
    const missing = await assume(bob, `arn:aws:iam::${accountId}:role/missing`);
    expect(missing.error?.Code).toBe('AccessDenied');
    expect(missing.error?.Message).toBe(`User: arn:aws:iam::${accountId}:user/bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${accountId}:role/missing`);
    // The root user cannot assume roles.
    expect((await assume(root, arn)).error?.Message).toBe('Roles may not be assumed by root accounts.');
  });

  it('applies trust conditions (sts:ExternalId) and session policies', async () => {
    const { accountId, root } = await newAccount();
    const dan = await userWithKey(root, 'dan');
    const trust = policy({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${accountId}:user/dan` },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'shared-secret' } },
    });
    await roleWith(root, 'ext', trust, policy({ Effect: 'Allow', Action: ['iam:ListUsers', 'iam:GetUser'], Resource: '*' }));
    const arn = `arn:aws:iam::${accountId}:role/ext`;
    expect((await assume(dan, arn)).error?.Code).toBe('AccessDenied');
    expect((await assume(dan, arn, { ExternalId: 'wrong' })).error?.Code).toBe('AccessDenied');
    const scoped = await assume(dan, arn, { ExternalId: 'shared-secret', Policy: policy({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }) });
    expect(scoped.status).toBe(200);
    // 95 characters of session policy against the 4,096 budget (services/sts/issue.ts): 3 %.
    expect(scoped.result.PackedPolicySize).toBe('3');
    const s = keysOf(scoped.result.Credentials);
    expect((await call(s, 'GetUser', { UserName: 'dan' })).status).toBe(200);
    const list = await call(s, 'ListUsers');
    expect(list.error?.Message).toContain('because no session policy allows the iam:ListUsers action');
    expect((await assume(dan, arn, { ExternalId: 'shared-secret', Policy: '{"Statement": 1}' })).error?.Code).toBe('MalformedPolicyDocument');
  });

  it('enforces MaxSessionDuration and the one-hour limit of role chaining; carries source identity and transitive tags', async () => {
    const { accountId, root } = await newAccount();
    const eve = await userWithKey(root, 'eve');
    const trust = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:user/eve` }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] });
    await roleWith(root, 'first', trust, policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }), { MaxSessionDuration: '7200' });
    const chainTrust = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:role/first` }, Action: ['sts:AssumeRole', 'sts:TagSession'] });
    await roleWith(root, 'second', chainTrust, policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }));
    const tooLong = await assume(eve, `arn:aws:iam::${accountId}:role/first`, { DurationSeconds: '7201' });
    expect(tooLong.error).toMatchObject({ Code: 'ValidationError', Message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.' });
    const first = await assume(eve, `arn:aws:iam::${accountId}:role/first`, {
      DurationSeconds: '7200',
      SourceIdentity: 'eve@corp',
      'Tags.member.1.Key': 'team',
      'Tags.member.1.Value': 'blue',
      'TransitiveTagKeys.member.1': 'team',
    });
    expect(first.status).toBe(200);
    expect(first.result.SourceIdentity).toBe('eve@corp');
    const s1 = keysOf(first.result.Credentials);
    const chainedTooLong = await assume(s1, `arn:aws:iam::${accountId}:role/second`, { DurationSeconds: '3601' });
    expect(chainedTooLong.error?.Message).toBe('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    const chainedAt = freezeClock();
    const second = await assume(s1, `arn:aws:iam::${accountId}:role/second`);
    runClock();
    expect(second.status).toBe(200);
    expect(second.result.SourceIdentity).toBe('eve@corp');
    // Role chaining: one hour by default (the source session's two hours do not carry over).
    expect(second.result.Credentials.Expiration).toBe(awsDate(chainedAt + 3_600_000));
    const override = await assume(s1, `arn:aws:iam::${accountId}:role/second`, { 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'red' });
    expect(override.error?.Code).toBe('InvalidParameterValue');
  });
});

describe('cross-account AssumeRole', () => {
  it('needs both the trusting account and the caller’s account to allow it; the session acts in the role’s account', async () => {
    const a = await newAccount();
    const b = await newAccount();
    const user = await userWithKey(a.root, 'traveler');
    const roleArn = `arn:aws:iam::${b.accountId}:role/visitor`;
    await iamOk(b.root, 'CreateUser', { UserName: 'b-only' });
    // B's role trusts A; A has not allowed its user yet.
    await roleWith(b.root, 'visitor', trustAccount(a.accountId), policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }));
    expect((await assume(user, roleArn)).error?.Code).toBe('AccessDenied');
    const allowed = await write(a.root, 'PutUserPolicy', { UserName: 'traveler', PolicyName: 'go', PolicyDocument: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }) });
    const ok = await assume(user, roleArn, {}, allowed);
    expect(ok.status).toBe(200);
    const session = keysOf(ok.result.Credentials);
    expect((await sts(session, 'GetCallerIdentity')).result.Account).toBe(b.accountId);
    const users = await call(session, 'ListUsers');
    expect(users.result.Users.member.map((u: { UserName: string }) => u.UserName)).toEqual(['b-only']);
    expect((await call(session, 'CreateUser', { UserName: 'x' })).error?.Code).toBe('AccessDenied');
    // Without B's trust: A's allow alone is not enough.
    const untrusted = await write(b.root, 'UpdateAssumeRolePolicy', { RoleName: 'visitor', PolicyDocument: trustAccount(b.accountId) });
    expect((await assume(user, roleArn, {}, untrusted)).error?.Code).toBe('AccessDenied');
  });
});

describe('session tokens', () => {
  it('refuses a tampered token, an expired token, and a token used with another key id or account', async () => {
    const { accountId, root } = await newAccount();
    const other = await newAccount();
    const user = await userWithKey(root, 'tok');
    const good = (await sts(user, 'GetSessionToken', { DurationSeconds: '900' })).result.Credentials;
    expect((await sts(keysOf(good), 'GetCallerIdentity')).result.Arn).toBe(`arn:aws:iam::${accountId}:user/tok`);

    const tampered = { ...keysOf(good), sessionToken: good.SessionToken.slice(0, -4) + (good.SessionToken.endsWith('AAAA') ? 'BBBB' : 'AAAA') };
    expect((await sts(tampered, 'GetCallerIdentity')).error?.Code).toBe('InvalidClientTokenId');
    const swapped = { ...keysOf(good), accessKeyId: newAccessKeyId(accountId, ID_PREFIX.temporaryKey) };
    expect((await sts(swapped, 'GetCallerIdentity')).error?.Code).toBe('InvalidClientTokenId');

    const box = await SecretBox.create(env.IAM_MASTER_KEY);
    const past = Math.floor(clockNow() / 1000) - 10;
    const mint = async (acct: string, keyAccount: string, exp: number) => {
      const accessKeyId = newAccessKeyId(keyAccount, ID_PREFIX.temporaryKey);
      const secret = newSecretAccessKey();
      const token = await sealSessionToken(box, accessKeyId, {
        v: 1, kind: 'session-token', acct, arn: `arn:aws:iam::${acct}:root`, uid: acct, mfa: false, iat: past - 900, exp, secret,
      });
      return { accessKeyId, secretAccessKey: secret, sessionToken: token };
    };
    const expired = await sts(await mint(accountId, accountId, past), 'GetCallerIdentity');
    expect(expired.status).toBe(403);
    expect(expired.error?.Code).toBe('ExpiredToken');
    const foreign = await sts(await mint(accountId, other.accountId, past + 3600), 'GetCallerIdentity');
    expect(foreign.error?.Code).toBe('InvalidClientTokenId');
  });

  it('GetSessionToken credentials cannot call IAM without MFA, and cannot request more session tokens', async () => {
    const { root } = await newAccount();
    const user = await userWithKey(root, 'gst');
    const creds = keysOf((await sts(user, 'GetSessionToken')).result.Credentials);
    expect((await call(creds, 'GetUser')).error?.Code).toBe('InvalidClientTokenId');
    expect((await sts(creds, 'GetSessionToken')).error?.Code).toBe('AccessDenied');
    const rootLong = await sts(root, 'GetSessionToken', { DurationSeconds: '3601' });
    expect(rootLong.error?.Code).toBe('ValidationError');
    expect((await sts(root, 'GetSessionToken', { DurationSeconds: '3600' })).status).toBe(200);
  });

  it('GetFederationToken needs sts:GetFederationToken and gives a federated-user identity', async () => {
    const { accountId, root } = await newAccount();
    const user = await userWithKey(root, 'fed');
    expect((await sts(user, 'GetFederationToken', { Name: 'guest' })).error?.Code).toBe('AccessDenied');
    const bookmark = await write(root, 'PutUserPolicy', { UserName: 'fed', PolicyName: 'f', PolicyDocument: policy({ Effect: 'Allow', Action: 'sts:GetFederationToken', Resource: '*' }) });
    const r = await sts(user, 'GetFederationToken', { Name: 'guest', Policy: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) }, bookmark);
    expect(r.status).toBe(200);
    expect(r.result.FederatedUser).toEqual({ FederatedUserId: `${accountId}:guest`, Arn: `arn:aws:sts::${accountId}:federated-user/guest` });
    const fed = keysOf(r.result.Credentials);
    expect((await sts(fed, 'GetCallerIdentity')).result.Arn).toBe(`arn:aws:sts::${accountId}:federated-user/guest`);
    expect((await call(fed, 'ListUsers')).error?.Code).toBe('InvalidClientTokenId');
    expect((await sts(fed, 'AssumeRole', { RoleArn: `arn:aws:iam::${accountId}:role/x`, RoleSessionName: 'sess' })).error?.Code).toBe('AccessDenied');
  });

  it('revokes older sessions through a deny on aws:TokenIssueTime', async () => {
    const { accountId, root } = await newAccount();
    const user = await userWithKey(root, 'rev');
    const trust = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:user/rev` }, Action: 'sts:AssumeRole' });
    await roleWith(root, 'revocable', trust, policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }));
    const arn = `arn:aws:iam::${accountId}:role/revocable`;
    const old = keysOf((await assume(user, arn)).result.Credentials);
    expect((await call(old, 'ListUsers')).status).toBe(200);
    // Issue times are whole seconds: the cutoff falls more than a second after the old session's.
    advanceClock(1_100);
    const cutoff = new Date(clockNow()).toISOString();
    await iamOk(root, 'PutRolePolicy', {
      RoleName: 'revocable',
      PolicyName: 'AWSRevokeOlderSessions',
      PolicyDocument: policy({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': cutoff } } }),
    });
    const revoked = await call(old, 'ListUsers');
    expect(revoked.error?.Message).toContain('with an explicit deny in an identity-based policy');
    advanceClock(1_100);
    const fresh = keysOf((await assume(user, arn)).result.Credentials);
    expect((await call(fresh, 'ListUsers')).status).toBe(200);
  });
});

describe('DecodeAuthorizationMessage', () => {
  it('decodes the message an AccessDenied answer carries, for an allowed principal of the same account only', async () => {
    const { accountId, root } = await newAccount();
    const other = await newAccount();
    const user = await userWithKey(root, 'denied');
    const denied = await call(user, 'ListUsers');
    expect(denied.error?.Code).toBe('AccessDenied');
    const encoded = denied.headers.get('x-iam-authorization-message');
    expect(encoded).toMatch(SEALED);
    // The user itself may not decode it until allowed; the root user may; another account may not.
    expect((await sts(user, 'DecodeAuthorizationMessage', { EncodedMessage: encoded! })).error?.Code).toBe('AccessDenied');
    const decoded = await sts(root, 'DecodeAuthorizationMessage', { EncodedMessage: encoded! });
    const message = JSON.parse(decoded.result.DecodedMessage);
    expect(message).toMatchObject({
      allowed: false,
      explicitDeny: false,
      context: { principal: { arn: `arn:aws:iam::${accountId}:user/denied` }, action: 'iam:ListUsers', resource: `arn:aws:iam::${accountId}:user/` },
    });
    expect(message.context.conditions.items.map((i: { key: string }) => i.key)).toContain('aws:CurrentTime');
    const foreign = await sts(other.root, 'DecodeAuthorizationMessage', { EncodedMessage: encoded! });
    expect(foreign.error?.Code).toBe('InvalidAuthorizationMessageException');
    // An STS denial decided in the isolate carries one too.
    const stsDenied = await sts(user, 'GetAccessKeyInfo', { AccessKeyId: user.accessKeyId });
    const stsEncoded = stsDenied.headers.get('x-iam-authorization-message');
    expect(stsEncoded).toMatch(SEALED);
    const stsDecoded = JSON.parse((await sts(root, 'DecodeAuthorizationMessage', { EncodedMessage: stsEncoded! })).result.DecodedMessage);
    expect(stsDecoded).toMatchObject({
      allowed: false,
      explicitDeny: false,
      context: { principal: { arn: `arn:aws:iam::${accountId}:user/denied` }, action: 'sts:GetAccessKeyInfo' },
    });
  });
});

describe('MFA with STS', () => {
  it('GetSessionToken with a TOTP code gives MFA credentials that can call IAM and satisfy an MFA trust condition; a replayed code is refused', async () => {
    const { accountId, root } = await newAccount();
    const user = await userWithKey(root, 'mfa-user');
    await iamOk(root, 'PutUserPolicy', {
      UserName: 'mfa-user',
      PolicyName: 'p',
      PolicyDocument: policy({ Effect: 'Allow', Action: ['iam:GetUser', 'sts:AssumeRole'], Resource: '*' }),
    });
    const device = (await iamOk(root, 'CreateVirtualMFADevice', { VirtualMFADeviceName: 'phone' })).VirtualMFADevice;
    const seed = decodeSeed(new TextDecoder().decode(Uint8Array.from(atob(device.Base32StringSeed), (c) => c.charCodeAt(0))))!;
    const step = totpStep(clockNow());
    await iamOk(root, 'EnableMFADevice', {
      UserName: 'mfa-user',
      SerialNumber: device.SerialNumber,
      AuthenticationCode1: totpAt(seed, step - 1),
      AuthenticationCode2: totpAt(seed, step),
    });
    const trust = policy({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${accountId}:root` },
      Action: 'sts:AssumeRole',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    });
    await roleWith(root, 'needs-mfa', trust, policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }));
    const roleArn = `arn:aws:iam::${accountId}:role/needs-mfa`;
    expect((await assume(user, roleArn)).error?.Code).toBe('AccessDenied');

    const wrong = await sts(user, 'GetSessionToken', { SerialNumber: device.SerialNumber, TokenCode: totpAt(seed, step + 5) });
    expect(wrong.error?.Message).toBe('MultiFactorAuthentication failed with invalid MFA one time pass code.');
    const code = totpAt(seed, step + 1);
    const ok = await sts(user, 'GetSessionToken', { SerialNumber: device.SerialNumber, TokenCode: code });
    expect(ok.status).toBe(200);
    const replay = await sts(user, 'GetSessionToken', { SerialNumber: device.SerialNumber, TokenCode: code });
    expect(replay.error?.Code).toBe('AccessDenied');

    const mfaSession = keysOf(ok.result.Credentials);
    expect((await call(mfaSession, 'GetUser')).result.User.UserName).toBe('mfa-user');
    const viaMfa = await assume(mfaSession, roleArn);
    expect(viaMfa.status).toBe(200);
    expect((await call(keysOf(viaMfa.result.Credentials), 'ListUsers')).status).toBe(200);
  });
});

describe('MFA serial numbers', () => {
  it('tells an unknown or foreign MFA device apart from a wrong code, as AWS words it', async () => {
    const { accountId, root } = await newAccount();
    const user = await userWithKey(root, 'serials');
    const r = await sts(user, 'GetSessionToken', { SerialNumber: `arn:aws:iam::${accountId}:mfa/none`, TokenCode: '123456' });
    expect(r.error?.Message).toBe(
      'MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.',
    );
  });
});
