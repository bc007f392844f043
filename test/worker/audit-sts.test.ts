/**
 * STS calls and refused authentications in the account's audit trail, through the audit queue: the records'
 * fields exact, secrets absent, and the recipients (caller's account; a cross-account role's account for a
 * successful AssumeRole, sharing one sharedEventID; the role's account for the unsigned federation calls).
 * Spec: IAM User Guide, "Logging IAM and AWS STS API calls with AWS CloudTrail" (its STS examples).
 */
import { describe, expect, it } from 'vitest';
import { HIDDEN } from '../../src/core/audit/event';
import { cloudTrailDate } from '../../src/services/audit/parameters';
import { fromSource, settledTrail, trailOf } from './audit-support';
import { advanceClock, call, dispatch, freezeClock, iamOk, keysOf, newAccount, policy, runClock, userWithKey, type Keys } from './support';

const STS = fromSource('sts.amazonaws.com');
const FROM = { 'cf-connecting-ip': '198.51.100.7', 'user-agent': 'audit-test/1.0' };
const sts = (keys: Keys, action: string, params: Record<string, string> = {}, headers: Record<string, string> = {}) => call(keys, action, params, 'sts', { ...FROM, ...headers });
const ts = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Alice of a new account, allowed to assume any role; her policy is read past the isolate's cache. */
async function aliceAccount() {
  const { accountId, root } = await newAccount();
  const alice = await userWithKey(root, 'alice');
  const put = await call(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'assume', PolicyDocument: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) });
  const user = await iamOk(root, 'GetUser', { UserName: 'alice' });
  return { accountId, root, alice, aliceId: user.User.UserId as string, bookmark: put.headers.get('x-iam-bookmark')! };
}

describe('STS calls in the trail', () => {
  it('GetCallerIdentity: one read-only event in the caller account, fields as CloudTrail writes them', async () => {
    const { accountId, alice, aliceId } = await aliceAccount();
    const at = freezeClock();
    const r = await sts(alice, 'GetCallerIdentity');
    runClock();
    expect(r.status).toBe(200);
    const [record, ...more] = await trailOf(accountId, 1, STS);
    expect(more).toEqual([]);
    expect(record).toEqual({
      eventVersion: '1.11',
      userIdentity: { type: 'IAMUser', principalId: aliceId, arn: `arn:aws:iam::${accountId}:user/alice`, accountId, accessKeyId: alice.accessKeyId, userName: 'alice' },
      eventTime: ts(at),
      eventSource: 'sts.amazonaws.com',
      eventName: 'GetCallerIdentity',
      awsRegion: 'us-east-1',
      sourceIPAddress: '198.51.100.7',
      userAgent: 'audit-test/1.0',
      requestParameters: null,
      responseElements: null,
      requestID: r.headers.get('x-amzn-RequestId'),
      eventID: expect.stringMatching(/^[0-9a-f-]{36}$/),
      readOnly: true,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: accountId,
      eventCategory: 'Management',
    });
  });

  it('cross-account AssumeRole: an event in each account sharing one id, credentials without their secret; a refusal only in the caller account', async () => {
    const a = await aliceAccount();
    const b = await newAccount();
    await iamOk(b.root, 'CreateRole', { RoleName: 'shared', AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:root` }, Action: 'sts:AssumeRole' }) });
    await iamOk(b.root, 'CreateRole', { RoleName: 'closed', AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${b.accountId}:root` }, Action: 'sts:AssumeRole' }) });
    const roleArn = `arn:aws:iam::${b.accountId}:role/shared`;
    const ok = await sts(a.alice, 'AssumeRole', { RoleArn: roleArn, RoleSessionName: 'audit', DurationSeconds: '900' }, { 'x-iam-bookmark': a.bookmark });
    expect(ok.status).toBe(200);
    const creds = ok.result.Credentials;
    const denied = await sts(a.alice, 'AssumeRole', { RoleArn: `arn:aws:iam::${b.accountId}:role/closed`, RoleSessionName: 'audit' });
    expect(denied.error?.Code).toBe('AccessDenied');

    const [inA, deniedInA] = await trailOf(a.accountId, 2, STS);
    const inB = await settledTrail(b.accountId, STS);
    expect(inB).toHaveLength(1);
    for (const [record, recipient] of [[inA, a.accountId], [inB[0], b.accountId]] as const) {
      expect(record.eventName).toBe('AssumeRole');
      expect(record.recipientAccountId).toBe(recipient);
      expect(record.userIdentity.arn).toBe(`arn:aws:iam::${a.accountId}:user/alice`);
      expect(record.requestParameters).toEqual({ roleArn, roleSessionName: 'audit', durationSeconds: 900 });
      expect(record.responseElements).toEqual({
        credentials: { accessKeyId: creds.AccessKeyId, sessionToken: HIDDEN, expiration: cloudTrailDate(new Date(creds.Expiration)) },
        assumedRoleUser: { assumedRoleId: ok.result.AssumedRoleUser.AssumedRoleId, arn: `arn:aws:sts::${b.accountId}:assumed-role/shared/audit` },
        packedPolicySize: expect.any(Number),
      });
      const text = JSON.stringify(record);
      expect(text).not.toContain(creds.SecretAccessKey);
      expect(text).not.toContain(creds.SessionToken);
    }
    expect(inA.sharedEventID).toMatch(/^[0-9a-f-]{36}$/);
    expect(inB[0].sharedEventID).toBe(inA.sharedEventID);
    expect(inB[0].eventID).not.toBe(inA.eventID);
    expect(deniedInA).toMatchObject({ eventName: 'AssumeRole', errorCode: 'AccessDenied', errorMessage: denied.error!.Message, responseElements: null, recipientAccountId: a.accountId });
    expect(deniedInA.sharedEventID).toBeUndefined();
  });

  it('GetSessionToken: the token code hidden on a refusal, the credentials without their secret on success', async () => {
    const { accountId, alice } = await aliceAccount();
    const serial = `arn:aws:iam::${accountId}:mfa/none`;
    const refused = await sts(alice, 'GetSessionToken', { SerialNumber: serial, TokenCode: '123456' });
    expect(refused.status).toBe(403);
    const ok = await sts(alice, 'GetSessionToken', { DurationSeconds: '900' });
    expect(ok.status).toBe(200);
    const [fail, success] = await trailOf(accountId, 2, STS);
    expect(fail).toMatchObject({ eventName: 'GetSessionToken', errorCode: refused.error!.Code, requestParameters: { serialNumber: serial, tokenCode: HIDDEN }, responseElements: null });
    expect(JSON.stringify(fail)).not.toContain('123456');
    const creds = ok.result.Credentials;
    expect(success.responseElements).toEqual({ credentials: { accessKeyId: creds.AccessKeyId, sessionToken: HIDDEN, expiration: cloudTrailDate(new Date(creds.Expiration)) } });
    expect(JSON.stringify(success)).not.toContain(creds.SecretAccessKey);
  });

  it('the unsigned federation calls: recorded in the role account, token and assertion hidden', async () => {
    const { accountId } = await newAccount();
    const roleArn = `arn:aws:iam::${accountId}:role/fed`;
    const unsigned = (params: Record<string, string>) =>
      dispatch('https://iam.test/', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...FROM },
        body: new URLSearchParams({ Version: '2011-06-15', RoleArn: roleArn, ...params }).toString(),
      });
    const web = await unsigned({ Action: 'AssumeRoleWithWebIdentity', RoleSessionName: 'web', WebIdentityToken: 'eyJhbGciOiJub25lIn0.e30.secret-token' });
    expect(web.status).toBe(400);
    const saml = await unsigned({ Action: 'AssumeRoleWithSAML', PrincipalArn: `arn:aws:iam::${accountId}:saml-provider/IdP`, SAMLAssertion: 'PHNhbWw+c2VjcmV0PC9zYW1sPg==' });
    expect(saml.status).toBe(400);
    const [w, s] = await trailOf(accountId, 2, STS);
    expect(w).toMatchObject({
      userIdentity: { type: 'WebIdentityUser' },
      eventName: 'AssumeRoleWithWebIdentity',
      errorCode: 'InvalidIdentityToken',
      requestParameters: { roleArn, roleSessionName: 'web', webIdentityToken: HIDDEN },
      recipientAccountId: accountId,
      readOnly: true,
    });
    expect(s).toMatchObject({ userIdentity: { type: 'SAMLUser' }, eventName: 'AssumeRoleWithSAML', requestParameters: { roleArn, sAMLAssertion: HIDDEN }, recipientAccountId: accountId });
    expect(JSON.stringify([w, s])).not.toMatch(/secret-token|PHNhbWw/);
  });
});

describe('refused authentications in the trail', () => {
  it('a wrong signature, an inactive key and an expired session are recorded in the key account; an unknown key nowhere', async () => {
    const { accountId, root, alice, aliceId } = await aliceAccount();
    const session = keysOf((await sts(alice, 'GetSessionToken', { DurationSeconds: '900' })).result.Credentials);

    const forged = await call({ ...alice, secretAccessKey: 'x'.repeat(40) }, 'ListUsers', {}, 'iam', FROM);
    expect(forged.error?.Code).toBe('SignatureDoesNotMatch');
    freezeClock();
    advanceClock(901_000);
    const expired = await call(session, 'GetCallerIdentity', {}, 'sts', FROM);
    runClock();
    expect(expired.error?.Code).toBe('ExpiredToken');
    const off = await call(root, 'UpdateAccessKey', { UserName: 'alice', AccessKeyId: alice.accessKeyId, Status: 'Inactive' });
    const inactive = await call(alice, 'GetUser', {}, 'iam', { ...FROM, 'x-iam-bookmark': off.headers.get('x-iam-bookmark')! });
    expect(inactive.error?.Code).toBe('InvalidClientTokenId');
    const unknown = await call({ accessKeyId: `AKIA${alice.accessKeyId.slice(4, 12)}ZZZZZZZZ`, secretAccessKey: 'x'.repeat(40) }, 'ListRoles', {}, 'iam', FROM);
    expect(unknown.error?.Code).toBe('InvalidClientTokenId');

    const refused = (await settledTrail(accountId)).filter((r) => r.errorCode && r.eventSource !== 'sts.amazonaws.com' || r.errorCode === 'ExpiredToken');
    const alicesIdentity = { type: 'IAMUser', principalId: aliceId, arn: `arn:aws:iam::${accountId}:user/alice`, accountId, accessKeyId: alice.accessKeyId, userName: 'alice' };
    expect(refused.map((r) => [r.eventName, r.errorCode])).toEqual([
      ['ListUsers', 'SignatureDoesNotMatch'],
      ['GetCallerIdentity', 'ExpiredToken'],
      ['GetUser', 'InvalidClientTokenId'],
    ]);
    expect(refused[0]).toMatchObject({
      userIdentity: alicesIdentity,
      eventSource: 'iam.amazonaws.com',
      errorMessage: forged.error!.Message,
      requestParameters: null,
      responseElements: null,
      readOnly: true,
      sourceIPAddress: '198.51.100.7',
    });
    expect(refused[1]).toMatchObject({
      eventSource: 'sts.amazonaws.com',
      userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${accountId}:user/alice`, accessKeyId: session.accessKeyId, sessionContext: { attributes: { mfaAuthenticated: 'false' } } },
    });
    expect(refused[2]).toMatchObject({ userIdentity: alicesIdentity, eventSource: 'iam.amazonaws.com' });
    expect(JSON.stringify(refused)).not.toContain('ListRoles');
  });
});
