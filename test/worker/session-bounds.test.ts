/**
 * What a session is bound to when it is issued, and for how long a change can be missed: a long-term key
 * with a session token is refused (AWS: InvalidClientTokenId); STS calls that issue credentials read the
 * caller's key, account and policies from the read model's primary, past the isolate's caches, so a key
 * deleted or a session revoked ("revoke older sessions") cannot obtain new credentials once its change was
 * projected; while D1 fails, a session obtained in that window keeps its full duration (the documented
 * bound, issue 7 §7).
 */
import { env } from 'cloudflare:workers';
import { runDurableObjectAlarm } from 'cloudflare:test';
import { AwsClient } from 'aws4fetch';
import { describe, expect, it } from 'vitest';
import { failD1 } from './faulty-d1';
import { advanceClock, awsDate, call, clockNow, dispatch, freezeClock, iamOk, keysOf, newAccount, policy, runClock, userWithKey, type Keys } from './support';

const sts = (keys: Keys, action: string, params: Record<string, string> = {}) => call(keys, action, params, 'sts');
const stubOf = (accountId: string) => env.ACCOUNT.get(env.ACCOUNT.idFromName(accountId)) as unknown as DurableObjectStub;

/** A presigned GET (query-string SigV4) of an STS action. */
async function presigned(keys: Keys, action: string): Promise<{ status: number; body: string }> {
  const client = new AwsClient({ ...keys, service: 'sts', region: 'us-east-1' });
  const req = await client.sign(`https://iam.test/?Action=${action}&Version=2011-06-15`, { method: 'GET', aws: { signQuery: true } });
  const res = await dispatch(req);
  return { status: res.status, body: await res.text() };
}

describe('a long-term key with a session token', () => {
  it('is refused, in the header and in the query string', async () => {
    const { root } = await newAccount();
    const user = await userWithKey(root, 'plain');
    const session = keysOf((await sts(user, 'GetSessionToken')).result.Credentials);
    expect((await sts(user, 'GetCallerIdentity')).status).toBe(200);
    expect((await presigned(user, 'GetCallerIdentity')).status).toBe(200);
    for (const token of ['anything', session.sessionToken!]) {
      const withToken = { ...user, sessionToken: token };
      const header = await sts(withToken, 'GetCallerIdentity');
      expect(header.status).toBe(403);
      expect(header.error?.Code).toBe('InvalidClientTokenId');
      expect((await call(withToken, 'ListUsers')).error?.Code).toBe('InvalidClientTokenId');
      const query = await presigned(withToken, 'GetCallerIdentity');
      expect(query.status).toBe(403);
      expect(query.body).toContain('<Code>InvalidClientTokenId</Code>');
    }
  });
});

describe('issuing credentials', () => {
  it('refuses a key deleted a moment ago, though its cached record still answers GetCallerIdentity', async () => {
    const { root } = await newAccount();
    const user = await userWithKey(root, 'leaver');
    expect((await sts(user, 'GetCallerIdentity')).status).toBe(200);
    await iamOk(root, 'DeleteAccessKey', { UserName: 'leaver', AccessKeyId: user.accessKeyId });
    // Within KEY_CACHE_TTL_MS the isolate's cached record still verifies calls that issue nothing.
    expect((await sts(user, 'GetCallerIdentity')).status).toBe(200);
    for (const action of ['GetSessionToken', 'GetFederationToken']) {
      const issued = await sts(user, action, action === 'GetFederationToken' ? { Name: 'fed' } : {});
      expect(issued.error?.Code).toBe('InvalidClientTokenId');
    }
  });

  it('refuses to chain a session revoked a moment ago ("revoke older sessions")', async () => {
    const { accountId, root } = await newAccount();
    const user = await userWithKey(root, 'chainer');
    const trustUser = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:user/chainer` }, Action: 'sts:AssumeRole' });
    await iamOk(root, 'CreateRole', { RoleName: 'first', AssumeRolePolicyDocument: trustUser });
    await iamOk(root, 'PutRolePolicy', { RoleName: 'first', PolicyName: 'p', PolicyDocument: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) });
    await iamOk(root, 'CreateRole', {
      RoleName: 'second',
      AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:role/first` }, Action: 'sts:AssumeRole' }),
    });
    const stolen = keysOf((await sts(user, 'AssumeRole', { RoleArn: `arn:aws:iam::${accountId}:role/first`, RoleSessionName: 'stolen' })).result.Credentials);
    const chain = () => sts(stolen, 'AssumeRole', { RoleArn: `arn:aws:iam::${accountId}:role/second`, RoleSessionName: 'pivot' });
    expect((await chain()).status).toBe(200);
    advanceClock(1_100);
    await iamOk(root, 'PutRolePolicy', {
      RoleName: 'first',
      PolicyName: 'AWSRevokeOlderSessions',
      PolicyDocument: policy({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': new Date(clockNow()).toISOString() } } }),
    });
    // At once, though the isolate cached the role's policy set a moment ago.
    expect((await chain()).error?.Code).toBe('AccessDenied');
  });

  it('keeps a session issued while D1 had not yet seen the key’s deletion for its full duration (the bound)', async () => {
    const { accountId, root } = await newAccount();
    const user = await userWithKey(root, 'window');
    await failD1(accountId, { batches: 1 });
    // The deletion commits in the account's object, but D1 (even its primary) still has the key.
    await iamOk(root, 'DeleteAccessKey', { UserName: 'window', AccessKeyId: user.accessKeyId });
    expect((await call(user, 'ListUsers')).error?.Code).toBe('InvalidClientTokenId');
    const issuedAt = freezeClock();
    const issued = await sts(user, 'GetSessionToken', { DurationSeconds: '3600' });
    runClock();
    expect(issued.status).toBe(200);
    expect(issued.result.Credentials.Expiration).toBe(awsDate(issuedAt + 3_600_000));
    // Once the projection catches up, the key can issue nothing; the session obtained meanwhile still works.
    await runDurableObjectAlarm(stubOf(accountId));
    expect((await sts(user, 'GetSessionToken')).error?.Code).toBe('InvalidClientTokenId');
    expect((await sts(keysOf(issued.result.Credentials), 'GetCallerIdentity')).status).toBe(200);
  });
});
