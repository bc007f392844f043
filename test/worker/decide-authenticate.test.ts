/**
 * Authentication on the decision path: the tenant's SigV4 signature as the SaaS received it (header and
 * presigned forms, scope, clock skew, expiry, session tokens, tampering), keys deactivated (within the
 * caches' bound, at once with a bookmark), and principal tokens (reuse, tampering, another service's,
 * expiry, never outliving their key, session or account).
 * Spec: IAM User Guide, "Signing AWS API requests" and "Troubleshoot signing errors".
 */
import { describe, expect, it } from 'vitest';
import { SIGNATURE_MISMATCH_MESSAGE } from '../../src/core/sigv4/index';
import { authenticate, authorize, by, projectArn, REGION, signed, write } from './decide-support';
import { advanceClock, call, clockNow, iamOk, keysOf, newAccount, operator, policy, userWithKey, type Keys } from './support';

const scope = (request: unknown, extra: object = {}) => ({ service: 'acme', region: REGION, caller: { request }, ...extra });
const mismatch = { ok: false, error: { code: 'SignatureDoesNotMatch', status: 403 } };

async function userWithAcme(): Promise<{ accountId: string; root: Keys; user: Keys }> {
  const { accountId, root } = await newAccount();
  const user = await userWithKey(root, 'tenant-user');
  await iamOk(root, 'PutUserPolicy', { UserName: 'tenant-user', PolicyName: 'acme', PolicyDocument: policy({ Effect: 'Allow', Action: 'acme:*', Resource: '*' }) });
  return { accountId, root, user };
}

describe('authenticate: the signature', () => {
  it('verifies header-signed requests with a body hash, and presigned URLs', async () => {
    const { accountId, user } = await userWithAcme();
    const body = JSON.stringify({ name: 'p1' });
    expect(await authenticate(scope(await signed(user, { method: 'PUT', body })))).toMatchObject({ ok: true, principal: { accountId, type: 'User' } });
    expect(await authenticate(scope(await signed(user, { presign: true })))).toMatchObject({ ok: true, principal: { accountId } });
    expect(await authenticate(scope(await signed(user, { path: '/projects/p%201/documents?limit=10&after=a%2Fb' })))).toMatchObject({ ok: true });
  });

  it('refuses a request signed for another service (iam sent to acme) or another region', async () => {
    const { user } = await userWithAcme();
    expect(await authenticate(scope(await signed(user, { service: 'iam' })))).toEqual({
      ok: false,
      version: 1,
      error: { code: 'SignatureDoesNotMatch', message: "Credential should be scoped to correct service: 'acme'.", status: 403 },
    });
    expect(await authenticate(scope(await signed(user, { region: 'eu-west-1' })))).toEqual({
      ok: false,
      version: 1,
      error: { code: 'SignatureDoesNotMatch', message: "Credential should be scoped to a valid region, not 'eu-west-1'.", status: 403 },
    });
    // The SaaS's own region setting decides: the same request is refused to a SaaS serving another region.
    expect(await authenticate(scope(await signed(user), { region: 'eu-west-1' }))).toMatchObject(mismatch);
  });

  it('refuses tampered requests: path, query, method, headers, body hash', async () => {
    const { user } = await userWithAcme();
    const body = '{"name":"p1"}';
    const good = await signed(user, { method: 'POST', body, path: '/projects?x=1' });
    const tampered = [
      { ...good, url: good.url.replace('/projects', '/projectz') },
      { ...good, url: good.url.replace('x=1', 'x=2') },
      { ...good, method: 'PUT' },
      { ...good, headers: { ...good.headers, 'x-amz-date': good.headers['x-amz-date']!.replace(/(\d)Z$/, (_, d) => `${(Number(d) + 1) % 10}Z`) } },
      { ...good, headers: { ...good.headers, host: 'evil.test' } },
      { ...good, bodySha256: good.bodySha256.replace(/^./, (c) => (c === '0' ? '1' : '0')) },
    ];
    for (const t of tampered) {
      const out = await authenticate(scope(t));
      expect(out, JSON.stringify(t)).toMatchObject(mismatch);
      if (!out.ok) expect(out.error.message).toBe(SIGNATURE_MISMATCH_MESSAGE);
    }
    expect(await authenticate(scope(good))).toMatchObject({ ok: true });
  });

  it('refuses expired signatures (beyond 5 minutes of skew) and expired presigned URLs', async () => {
    const { user } = await userWithAcme();
    const old = await signed(user, { at: clockNow() - 6 * 60_000 });
    const out = await authenticate(scope(old));
    expect(out, JSON.stringify(old)).toMatchObject(mismatch);
    if (!out.ok) expect(out.error.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than/);
    expect(await authenticate(scope(await signed(user, { at: clockNow() + 6 * 60_000 })))).toMatchObject(mismatch);
    // A presigned URL lives X-Amz-Expires seconds from its X-Amz-Date.
    const presigned = await signed(user, { presign: true, at: clockNow() - 60_000, path: '/projects/p1?X-Amz-Expires=3600' });
    const short = await signed(user, { presign: true, at: clockNow() - 60_000, path: '/projects/p1?X-Amz-Expires=30' });
    expect(presigned.url).toContain('X-Amz-Signature=');
    expect(await authenticate(scope(presigned))).toMatchObject({ ok: true });
    const expired = await authenticate(scope(short));
    expect(expired).toMatchObject(mismatch);
    if (!expired.ok) expect(expired.error.message).toMatch(/^Signature expired: /);
    // Its expiry is signed: changed, the signature no longer matches.
    expect(await authenticate(scope({ ...short, url: short.url.replace('X-Amz-Expires=30', 'X-Amz-Expires=3600') }))).toMatchObject(mismatch);
  });

  it('refuses unsigned requests, unknown keys and wrong secrets', async () => {
    const { user } = await userWithAcme();
    const unsigned = { method: 'GET', url: 'https://api.acme.test/projects', headers: { host: 'api.acme.test' }, bodySha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' };
    expect(await authenticate(scope(unsigned))).toMatchObject({ ok: false, error: { code: 'MissingAuthenticationToken', status: 403 } });
    expect(await authenticate(scope(await signed({ ...user, accessKeyId: user.accessKeyId.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) })))).toMatchObject({ ok: false, error: { code: 'InvalidClientTokenId' } });
    expect(await authenticate(scope(await signed({ ...user, secretAccessKey: 'x'.repeat(40) })))).toMatchObject(mismatch);
    // An authorize call with a bad signature decides nothing.
    const out = await authorize({ ...scope(await signed({ ...user, secretAccessKey: 'x'.repeat(40) })), action: 'acme:GetProject', resource: '*' });
    expect(out).toMatchObject(mismatch);
    expect(out).not.toHaveProperty('decision');
  });

  it('temporary credentials: session tokens verified, expired sessions refused', async () => {
    const { accountId, root, user } = await userWithAcme();
    await iamOk(root, 'CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }) });
    await iamOk(root, 'PutUserPolicy', { UserName: 'tenant-user', PolicyName: 'assume', PolicyDocument: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) });
    const assumed = await call(user, 'AssumeRole', { RoleArn: `arn:aws:iam::${accountId}:role/r`, RoleSessionName: 'sess', DurationSeconds: '900' }, 'sts');
    expect(assumed.status, assumed.xml).toBe(200);
    const session = keysOf(assumed.result.Credentials);
    expect(await authenticate(scope(await signed(session)))).toMatchObject({ ok: true, principal: { type: 'AssumedRole', session: { kind: 'assumed-role' } } });
    expect(await authenticate(scope(await signed(session, { presign: true })))).toMatchObject({ ok: true });
    // A session key without its token, or with another session's token, is refused.
    expect(await authenticate(scope(await signed({ accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey })))).toMatchObject({ ok: false, error: { code: 'InvalidClientTokenId' } });
    expect(await authenticate(scope(await signed({ ...session, sessionToken: session.sessionToken!.slice(0, -4) + 'AAAA' })))).toMatchObject({ ok: false, error: { code: 'InvalidClientTokenId' } });
    // A long-term key with a session token is refused, as AWS refuses it.
    expect(await authenticate(scope(await signed({ ...user, sessionToken: session.sessionToken! })))).toMatchObject({ ok: false, error: { code: 'InvalidClientTokenId' } });
    advanceClock(901_000);
    expect(await authenticate(scope(await signed(session)))).toMatchObject({ ok: false, error: { code: 'ExpiredToken', message: 'The security token included in the request is expired', status: 403 } });
  });
});

describe('authenticate: keys deactivated', () => {
  it('a deactivated key is refused at once with the bookmark of the write, and within the caches bound without it', async () => {
    const { root, user } = await userWithAcme();
    const item = { action: 'acme:ListProjects', resource: '*' };
    expect(await authorize(await by(user, item))).toMatchObject({ ok: true, decision: 'Allow' });
    const bookmark = await write(root, 'UpdateAccessKey', { UserName: 'tenant-user', AccessKeyId: user.accessKeyId, Status: 'Inactive' });
    expect(await authorize(await by(user, { ...item, bookmark }))).toMatchObject({ ok: false, error: { code: 'InvalidClientTokenId', status: 403 } });
    // Past the key cache's 5 s TTL, every call sees it.
    advanceClock(5_001);
    expect(await authorize(await by(user, item))).toMatchObject({ ok: false, error: { code: 'InvalidClientTokenId' } });
  });

  it('a deleted user and a closed account are refused', async () => {
    const { accountId, root, user } = await userWithAcme();
    const other = await userWithKey(root, 'other');
    await write(root, 'DeleteAccessKey', { UserName: 'other', AccessKeyId: other.accessKeyId });
    advanceClock(5_001);
    const deleted = await authenticate(scope(await signed(other)));
    expect(deleted, JSON.stringify(deleted)).toMatchObject({ ok: false, error: { code: 'InvalidClientTokenId' } });
    expect(await authenticate(scope(await signed(user)))).toMatchObject({ ok: true });
    expect((await operator('DELETE', `/accounts/${accountId}`)).status).toBe(200);
    advanceClock(5_001);
    expect(await authenticate(scope(await signed(user)))).toMatchObject({ ok: false, error: { code: 'InvalidClientTokenId' } });
  });
});

describe('principal tokens', () => {
  const tokenScope = (principalToken: string, extra: object = {}) => ({ service: 'acme', region: REGION, caller: { principalToken }, ...extra });

  it('stand for the caller in later calls, are handed back unchanged, and hold no secret', async () => {
    const { accountId, user } = await userWithAcme();
    const first = await authenticate(scope(await signed(user)));
    if (!first.ok) throw new Error(JSON.stringify(first));
    const token = first.principal.principalToken;
    expect(token).not.toContain(user.secretAccessKey);
    const again = await authorize(tokenScope(token, { action: 'acme:DeleteProject', resource: projectArn(accountId) }));
    expect(again).toMatchObject({ ok: true, decision: 'Allow', principal: { arn: first.principal.arn, accessKeyId: user.accessKeyId, principalToken: token } });
  });

  it('tampered, foreign, truncated and other-service tokens are refused', async () => {
    const { user } = await userWithAcme();
    const first = await authenticate(scope(await signed(user)));
    if (!first.ok) throw new Error(JSON.stringify(first));
    const token = first.principal.principalToken;
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const bad = [flip(token, token.length - 5), flip(token, 30), token.slice(0, -10), token.replace('EIPT1.', 'EIPT2.'), 'EIPT1.v1.x.y.z', 'garbage'];
    for (const t of bad) expect(await authenticate(tokenScope(t)), t).toMatchObject({ ok: false, error: { code: 'InvalidClientTokenId', status: 403 } });
    // Bound to the service and region it was issued for.
    expect(await authenticate(tokenScope(token, { region: 'eu-west-1' }))).toMatchObject({ ok: false, error: { code: 'InvalidClientTokenId' } });
    expect(await authenticate(tokenScope(token))).toMatchObject({ ok: true });
  });

  it('expire after 5 minutes, and never outlive their key or account', async () => {
    const { accountId, root, user } = await userWithAcme();
    const issue = async () => {
      const out = await authenticate(scope(await signed(user)));
      if (!out.ok) throw new Error(JSON.stringify(out));
      return out.principal.principalToken;
    };
    const token = await issue();
    advanceClock(300_001);
    expect(await authenticate(tokenScope(token))).toMatchObject({ ok: false, error: { code: 'ExpiredToken', status: 403 } });

    const live = await issue();
    const bookmark = await write(root, 'UpdateAccessKey', { UserName: 'tenant-user', AccessKeyId: user.accessKeyId, Status: 'Inactive' });
    expect(await authenticate(tokenScope(live, { bookmark }))).toMatchObject({ ok: false, error: { code: 'InvalidClientTokenId' } });
    advanceClock(5_001);
    expect(await authenticate(tokenScope(live))).toMatchObject({ ok: false, error: { code: 'InvalidClientTokenId' } });
    // Active again: the token (still within its 5 minutes) is honoured again, as the key is.
    const reactivated = await write(root, 'UpdateAccessKey', { UserName: 'tenant-user', AccessKeyId: user.accessKeyId, Status: 'Active' });
    expect(await authenticate(tokenScope(live, { bookmark: reactivated }))).toMatchObject({ ok: true });

    const closing = await operator('DELETE', `/accounts/${accountId}`);
    const closed = closing.headers.get('x-iam-bookmark');
    advanceClock(5_001);
    expect(await authenticate(tokenScope(live, closed ? { bookmark: closed } : {}))).toMatchObject({ ok: false, error: { code: 'InvalidClientTokenId' } });
  });

  it("a session's token expires with the session when that comes first", async () => {
    const { accountId, root, user } = await userWithAcme();
    await iamOk(root, 'CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }) });
    await iamOk(root, 'PutUserPolicy', { UserName: 'tenant-user', PolicyName: 'assume', PolicyDocument: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) });
    const assumed = await call(user, 'AssumeRole', { RoleArn: `arn:aws:iam::${accountId}:role/r`, RoleSessionName: 'sess', DurationSeconds: '900' }, 'sts');
    const session = keysOf(assumed.result.Credentials);
    advanceClock(800_000);
    const out = await authenticate(scope(await signed(session)));
    if (!out.ok) throw new Error(JSON.stringify(out));
    const token = out.principal.principalToken;
    expect(await authenticate(tokenScope(token))).toMatchObject({ ok: true, principal: { type: 'AssumedRole' } });
    advanceClock(101_000);
    expect(await authenticate(tokenScope(token))).toMatchObject({ ok: false, error: { code: 'ExpiredToken' } });
  });
});
