/**
 * Authentication, authorization and quotas as real clients see them: @aws-sdk/client-iam and
 * @aws-sdk/client-sts for the modelled errors, aws4fetch and @smithy/signature-v4 for requests that are
 * signed and then altered (body, date) before being sent with plain fetch().
 */
import { CreateAccessKeyCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  awsFetch,
  createAccountWithRootKeys,
  endpoint,
  iamClient,
  operatorFetch,
  stsClient,
  type Credentials,
} from './support/clients';
import {
  amzDate,
  awsErrorOf,
  expectSdkError,
  parseXml,
  sdkError,
  sleep,
  smithySigned,
  unissuedKeyIdLike,
  userWithKey,
} from './support/aws';

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const INVALID_TOKEN = 'The security token included in the request is invalid.';
const GCI_BODY = 'Action=GetCallerIdentity&Version=2011-06-15';
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

let accountId: string;
let root: Credentials;
let alice: Awaited<ReturnType<typeof userWithKey>>;

beforeAll(async () => {
  ({ accountId, credentials: root } = await createAccountWithRootKeys());
  alice = await userWithKey(iamClient(root), 'alice');
});

describe('quotas', () => {
  it('refuses a third access key with LimitExceeded', async () => {
    const iam = iamClient(root);
    // alice already holds one key (beforeAll); the second is allowed.
    const second = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    expect(second.AccessKey?.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    const e = await sdkError(iam.send(new CreateAccessKeyCommand({ UserName: 'alice' })));
    expectSdkError(e, {
      name: 'LimitExceededException',
      code: 'LimitExceeded',
      status: 409,
      message: 'Cannot exceed quota for AccessKeysPerUser: 2',
    });
    expect(e.Type).toBe('Sender');
    expect(e.$fault).toBe('client');
  });
});

describe('a user without policies', () => {
  it('is denied ListUsers with AWS\'s implicit-deny AccessDenied message', async () => {
    const e = await sdkError(iamClient(alice.credentials).send(new ListUsersCommand({})));
    expectSdkError(e, {
      name: 'AccessDenied',
      code: 'AccessDenied',
      status: 403,
      message:
        `User: arn:aws:iam::${accountId}:user/alice is not authorized to perform: iam:ListUsers on resource: ` +
        `arn:aws:iam::${accountId}:user/ because no identity-based policy allows the iam:ListUsers action`,
    });
  });

  it('gets its own identity from GetCallerIdentity', async () => {
    const out = await stsClient(alice.credentials).send(new GetCallerIdentityCommand({}));
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect({ Arn: out.Arn, UserId: out.UserId, Account: out.Account }).toEqual({
      Arn: `arn:aws:iam::${accountId}:user/alice`,
      UserId: alice.userId,
      Account: accountId,
    });
    expect(out.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
  });
});

describe('bad credentials', () => {
  const wrongSecret = (c: Credentials): Credentials => ({
    accessKeyId: c.accessKeyId,
    secretAccessKey: (c.secretAccessKey[0] === 'A' ? 'B' : 'A') + c.secretAccessKey.slice(1),
  });

  it('refuses a wrong secret with SignatureDoesNotMatch on IAM and STS', async () => {
    const want = { name: 'SignatureDoesNotMatch', code: 'SignatureDoesNotMatch', status: 403, message: SIGNATURE_MISMATCH };
    expectSdkError(await sdkError(iamClient(wrongSecret(root)).send(new ListUsersCommand({}))), want);
    expectSdkError(await sdkError(stsClient(wrongSecret(alice.credentials)).send(new GetCallerIdentityCommand({}))), want);
  });

  it('refuses an unknown, well-formed AKIA key with InvalidClientTokenId', async () => {
    const want = { name: 'InvalidClientTokenId', code: 'InvalidClientTokenId', status: 403, message: INVALID_TOKEN };
    // A key id of this very account that was never issued, and one of AWS's documentation examples.
    for (const accessKeyId of [unissuedKeyIdLike(root.accessKeyId), 'AKIAIOSFODNN7EXAMPLE']) {
      const creds = { accessKeyId, secretAccessKey: root.secretAccessKey };
      expectSdkError(await sdkError(iamClient(creds).send(new ListUsersCommand({}))), want);
      expectSdkError(await sdkError(stsClient(creds).send(new GetCallerIdentityCommand({}))), want);
    }
  });
});

/** src/data-plane/authenticate.ts KEY_CACHE_TTL_MS (and ACCOUNT_STATE_TTL_MS, the same): the isolate's trust in a key record. */
const KEY_CACHE_TTL_MS = 5_000;

describe('a deleted account', () => {
  it('refuses its root key on IAM at once with InvalidClientTokenId, and on STS once the key cache expires', async () => {
    const doomed = await createAccountWithRootKeys();
    const iam = iamClient(doomed.credentials);
    const sts = stsClient(doomed.credentials);
    // Both work before the deletion (and STS now has the key in the isolate's cache).
    expect((await iam.send(new ListUsersCommand({}))).Users).toEqual([]);
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(doomed.accountId);
    // The server read its clock for that call (and dated its cache entries) before it answered.
    const cachedBy = Date.now();

    const del = await operatorFetch(`/operator/accounts/${doomed.accountId}`, { method: 'DELETE' });
    expect([200, 202]).toContain(del.status);
    expect(await del.json()).toMatchObject({ accountId: doomed.accountId });

    const want = { name: 'InvalidClientTokenId', code: 'InvalidClientTokenId', status: 403, message: INVALID_TOKEN };
    expectSdkError(await sdkError(iam.send(new ListUsersCommand({}))), want);

    // GetCallerIdentity is answered in the isolate, which trusts a key record (and the account's state) for
    // KEY_CACHE_TTL_MS. The server is another process on the platform clock, so the rest of that TTL is
    // really waited out, and no more (the worker project drives the same bound with an injected clock:
    // test/worker/account-incarnation.test.ts).
    await sleep(cachedBy + KEY_CACHE_TTL_MS - Date.now());
    // A new client, so a new connection: the server closes a keep-alive connection idle for 5 s (Node's
    // keepAliveTimeout), the same moment this wait ends, and a request sent on it then dies unanswered.
    expectSdkError(await sdkError(stsClient(doomed.credentials).send(new GetCallerIdentityCommand({}))), want);
  });
});

describe('requests altered after signing', () => {
  it('accepts an aws4fetch-signed request sent unaltered (control)', async () => {
    const signed = await awsFetch(root, 'sts').sign(`${endpoint()}/`, { method: 'POST', headers: FORM, body: GCI_BODY });
    const res = await fetch(signed.url, { method: 'POST', headers: signed.headers, body: GCI_BODY });
    expect(res.status).toBe(200);
    expect(parseXml(await res.text()).GetCallerIdentityResponse.GetCallerIdentityResult.Account).toBe(accountId);
  });

  it('refuses a body changed after signing with aws4fetch (no payload-hash header) with SignatureDoesNotMatch', async () => {
    const signed = await awsFetch(root, 'sts').sign(`${endpoint()}/`, { method: 'POST', headers: FORM, body: GCI_BODY });
    expect(signed.headers.has('x-amz-content-sha256')).toBe(false);
    // The signed body with a parameter appended (still a valid GetCallerIdentity).
    const tampered = new TextEncoder().encode(`${GCI_BODY}&Extra=1`);
    const res = await fetch(signed.url, { method: 'POST', headers: signed.headers, body: tampered });
    const err = await awsErrorOf(res);
    expect({ status: err.status, code: err.code, message: err.message }).toEqual({
      status: 403,
      code: 'SignatureDoesNotMatch',
      message: SIGNATURE_MISMATCH,
    });
  });

  it('refuses a body changed after signing with @smithy/signature-v4 (signed x-amz-content-sha256) with SignatureDoesNotMatch', async () => {
    const body = 'Action=ListUsers&Version=2010-05-08&MaxItems=1';
    const signed = await smithySigned(root, 'iam', body);
    expect(signed.headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
    // Control: the request as signed is accepted.
    const ok = await fetch(signed.url, { method: 'POST', headers: signed.headers, body });
    expect(ok.status).toBe(200);
    await ok.body?.cancel();
    // One byte changed (MaxItems=1 → MaxItems=2), the signed payload hash header left as it was.
    const altered = new TextEncoder().encode(body);
    altered[altered.length - 1] = '2'.charCodeAt(0);
    const res = await fetch(signed.url, { method: 'POST', headers: signed.headers, body: altered });
    const err = await awsErrorOf(res);
    expect({ status: err.status, code: err.code, message: err.message }).toEqual({
      status: 403,
      code: 'SignatureDoesNotMatch',
      message: SIGNATURE_MISMATCH,
    });
  });
});

describe('request dates', () => {
  const signAt = async (when: Date) => {
    const r = await awsFetch(root, 'sts').sign(`${endpoint()}/`, {
      method: 'POST',
      headers: FORM,
      body: GCI_BODY,
      aws: { datetime: amzDate(when) },
    });
    return fetch(r.url, { method: 'POST', headers: r.headers, body: GCI_BODY });
  };

  it('accepts an X-Amz-Date within the 5-minute skew (2 minutes old)', async () => {
    const res = await signAt(new Date(Date.now() - 2 * 60_000));
    expect(res.status).toBe(200);
    await res.body?.cancel();
  });

  it('refuses an X-Amz-Date 10 minutes old with SignatureDoesNotMatch "Signature expired"', async () => {
    const when = new Date(Date.now() - 10 * 60_000);
    const err = await awsErrorOf(await signAt(when));
    expect(err.status).toBe(403);
    expect(err.code).toBe('SignatureDoesNotMatch');
    expect(err.message).toMatch(
      new RegExp(`^Signature expired: ${amzDate(when)} is now earlier than \\d{8}T\\d{6}Z \\(\\d{8}T\\d{6}Z - 5 min\\.\\)$`),
    );
  });

  it('refuses an old date signed by @smithy/signature-v4 (signingDate) through the SDK signer too', async () => {
    const signed = await smithySigned(root, 'iam', 'Action=ListUsers&Version=2010-05-08', {
      signingDate: new Date(Date.now() - 10 * 60_000),
    });
    const err = await awsErrorOf(await fetch(signed.url, { method: 'POST', headers: signed.headers, body: signed.body }));
    expect([err.status, err.code]).toEqual([403, 'SignatureDoesNotMatch']);
    expect(err.message.startsWith('Signature expired:')).toBe(true);
  });

  it('refuses an X-Amz-Date 10 minutes in the future', async () => {
    const when = new Date(Date.now() + 10 * 60_000);
    const err = await awsErrorOf(await signAt(when));
    expect(err.status).toBe(403);
    expect(err.code).toBe('SignatureDoesNotMatch');
    expect(err.message).toMatch(new RegExp(`^Signature not yet current: ${amzDate(when)} is still later than `));
  });
});
