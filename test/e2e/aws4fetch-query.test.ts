/**
 * The Query API through aws4fetch (an independent SigV4 implementation): presigned GET URLs (signature
 * in the query string), header-signed GET with the parameters in the query string, and what happens
 * when a presigned URL is tampered with or has expired.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { awsFetch, createAccountWithRootKeys, endpoint, queryAction, type Credentials } from './support/clients';
import { amzDate, awsErrorOf, parseXml } from './support/aws';

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

let accountId: string;
let root: Credentials;

beforeAll(async () => {
  ({ accountId, credentials: root } = await createAccountWithRootKeys());
});

async function presign(query: string, opts: { datetime?: string } = {}): Promise<string> {
  const signed = await awsFetch(root, 'sts').sign(`${endpoint()}/?${query}`, {
    method: 'GET',
    aws: { signQuery: true, ...(opts.datetime ? { datetime: opts.datetime } : {}) },
  });
  return signed.url;
}

describe('presigned URLs (signQuery)', () => {
  it('answers a presigned GET of GetCallerIdentity with the caller, no Authorization header needed', async () => {
    const url = await presign('Action=GetCallerIdentity&Version=2011-06-15');
    const q = new URL(url).searchParams;
    expect(q.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(q.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    const res = await fetch(url);
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const r = parseXml(text).GetCallerIdentityResponse;
    expect(r.GetCallerIdentityResult).toEqual({
      UserId: accountId,
      Account: accountId,
      Arn: `arn:aws:iam::${accountId}:root`,
    });
    expect(r.ResponseMetadata.RequestId).toBe(res.headers.get('x-amzn-requestid'));
  });

  it('refuses the same URL with a signed parameter changed, with SignatureDoesNotMatch', async () => {
    const url = new URL(await presign('Action=GetCallerIdentity&Version=2011-06-15'));
    url.searchParams.set('Action', 'GetAccessKeyInfo');
    url.searchParams.set('AccessKeyId', root.accessKeyId);
    const err = await awsErrorOf(await fetch(url));
    expect({ status: err.status, code: err.code, message: err.message }).toEqual({
      status: 403,
      code: 'SignatureDoesNotMatch',
      message: SIGNATURE_MISMATCH,
    });
  });

  it('refuses the same URL with an extra parameter added, with SignatureDoesNotMatch', async () => {
    const url = new URL(await presign('Action=GetCallerIdentity&Version=2011-06-15'));
    url.searchParams.append('Extra', '1');
    const err = await awsErrorOf(await fetch(url));
    expect([err.status, err.code]).toEqual([403, 'SignatureDoesNotMatch']);
  });

  it('refuses the same URL claiming another account\'s access key, with SignatureDoesNotMatch', async () => {
    const other = await createAccountWithRootKeys();
    const url = new URL(await presign('Action=GetCallerIdentity&Version=2011-06-15'));
    const cred = url.searchParams.get('X-Amz-Credential')!;
    url.searchParams.set('X-Amz-Credential', cred.replace(root.accessKeyId, other.credentials.accessKeyId));
    const err = await awsErrorOf(await fetch(url));
    expect([err.status, err.code]).toEqual([403, 'SignatureDoesNotMatch']);
  });

  it('refuses an expired presigned URL (X-Amz-Expires=1, signed 10 minutes ago)', async () => {
    const when = new Date(Date.now() - 10 * 60_000);
    const url = await presign('Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Expires=1', { datetime: amzDate(when) });
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('1');
    const err = await awsErrorOf(await fetch(url));
    expect(err.status).toBe(403);
    expect(err.code).toBe('SignatureDoesNotMatch');
    expect(err.message).toMatch(new RegExp(`^Signature expired: ${amzDate(when)} is now earlier than `));
  });

  it('accepts a presigned URL signed 10 minutes ago that is still within its X-Amz-Expires (3600 s)', async () => {
    const when = new Date(Date.now() - 10 * 60_000);
    const url = await presign('Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Expires=3600', { datetime: amzDate(when) });
    const res = await fetch(url);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(parseXml(await res.text()).GetCallerIdentityResponse.GetCallerIdentityResult.Account).toBe(accountId);
  });
});

describe('header-signed GET with a query string', () => {
  it('is treated like POST: GetCallerIdentity answers the caller', async () => {
    const res = await awsFetch(root, 'sts').fetch(`${endpoint()}/?Action=GetCallerIdentity&Version=2011-06-15`, { method: 'GET' });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(parseXml(text).GetCallerIdentityResponse.GetCallerIdentityResult.Arn).toBe(`arn:aws:iam::${accountId}:root`);
  });

  it('is treated like POST: an IAM CreateUser by GET creates the user that POST ListUsers then shows', async () => {
    const iam = awsFetch(root, 'iam');
    const q = new URLSearchParams({
      Action: 'CreateUser',
      Version: '2010-05-08',
      UserName: 'via-get',
      Path: '/get/',
      'Tags.member.1.Key': 'how',
      'Tags.member.1.Value': 'GET',
    });
    const res = await iam.fetch(`${endpoint()}/?${q}`, { method: 'GET' });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const user = parseXml(text).CreateUserResponse.CreateUserResult.User;
    expect(user).toMatchObject({
      UserName: 'via-get',
      Path: '/get/',
      Arn: `arn:aws:iam::${accountId}:user/get/via-get`,
      Tags: { member: { Key: 'how', Value: 'GET' } },
    });

    const list = await queryAction(root, 'iam', { Action: 'ListUsers' });
    const listed = parseXml(await list.text()).ListUsersResponse.ListUsersResult.Users.member;
    expect([listed].flat().map((u: { UserName: string }) => u.UserName)).toContain('via-get');
  });

  it('refuses a header-signed GET whose query string was changed after signing', async () => {
    const signed = await awsFetch(root, 'sts').sign(`${endpoint()}/?Action=GetCallerIdentity&Version=2011-06-15`, { method: 'GET' });
    const res = await fetch(`${signed.url}&Extra=1`, { method: 'GET', headers: signed.headers });
    const err = await awsErrorOf(res);
    expect([err.status, err.code, err.message]).toEqual([403, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH]);
  });
});
