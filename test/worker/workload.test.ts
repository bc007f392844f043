/**
 * Workload credentials through the Worker: the operator issues, lists and revokes workload tokens bound
 * to instance profiles; `GET /workload/credentials` exchanges a token for the profile's role's temporary
 * credentials in the container-credentials format, which then act as the role. Tokens are stored only as
 * SHA-256 hashes, expire, are revoked with their profile, and need a role that trusts ec2.amazonaws.com.
 * Spec: IAM User Guide, "Use an IAM role to grant permissions to applications running on Amazon EC2
 * instances" (the role's trust policy must allow ec2.amazonaws.com to sts:AssumeRole); the SDKs'
 * container credential provider (AWS_CONTAINER_CREDENTIALS_FULL_URI, AWS_CONTAINER_AUTHORIZATION_TOKEN).
 */
import { createHash } from 'node:crypto';
import { env } from 'cloudflare:workers';
import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { AccountDO } from '../../src/storage/account-do';
import { awsDate, call, dispatch, freezeClock, iamOk, keysOf, newAccount, operator, policy, type Keys } from './support';

/** Generous: these tests make tens of signed calls, and CI machines are shared. */
const TIMEOUT = 20_000;

const ec2Trust = policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });

interface Issued {
  tokenId: string;
  token: string;
  instanceProfileArn: string;
  expiresAt: string;
  bookmark: string | null;
}

/** A role with `trust` that may iam:ListUsers, in a profile of the same name. */
async function roleInProfile(root: Keys, name: string, trust = ec2Trust): Promise<void> {
  await iamOk(root, 'CreateRole', { RoleName: name, AssumeRolePolicyDocument: trust });
  await iamOk(root, 'PutRolePolicy', { RoleName: name, PolicyName: 'list', PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }) });
  await iamOk(root, 'CreateInstanceProfile', { InstanceProfileName: name });
  await iamOk(root, 'AddRoleToInstanceProfile', { InstanceProfileName: name, RoleName: name });
}

async function issue(accountId: string, instanceProfileName: string, expiresInSeconds?: number): Promise<Issued> {
  const res = await operator('POST', `/accounts/${accountId}/workload-tokens`, { instanceProfileName, ...(expiresInSeconds !== undefined ? { expiresInSeconds } : {}) });
  if (res.status !== 201) throw new Error(`issue failed: ${res.status} ${await res.text()}`);
  return { ...((await res.json()) as Omit<Issued, 'bookmark'>), bookmark: res.headers.get('x-iam-bookmark') };
}

/** GET /workload/credentials as the SDKs send it: the token is the whole Authorization header. */
async function fetchCredentials(authorization: string | null, bookmark?: string | null) {
  const headers: Record<string, string> = {};
  if (authorization !== null) headers.authorization = authorization;
  if (bookmark) headers['x-iam-bookmark'] = bookmark;
  const res = await dispatch('https://iam.test/workload/credentials', { headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, string> };
}

const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');
const stubOf = (accountId: string) => env.ACCOUNT.get(env.ACCOUNT.idFromName(accountId)) as DurableObjectStub<AccountDO>;
const objectRows = (accountId: string) =>
  runInDurableObject(stubOf(accountId) as unknown as DurableObjectStub, (_o, state) =>
    state.storage.sql.exec<Record<string, string>>('SELECT * FROM workload_tokens').toArray(),
  );
const d1Rows = async (accountId: string) =>
  (await env.DB.prepare('SELECT * FROM workload_tokens WHERE account_id = ?').bind(accountId).all<Record<string, unknown>>()).results;

describe('workload credentials', { timeout: TIMEOUT }, () => {
  it('issues a token for a profile and exchanges it for role credentials that act as the role', async () => {
    const { accountId, root } = await newAccount();
    await roleInProfile(root, 'web');
    const now = freezeClock();
    const t = await issue(accountId, 'web');
    expect(t.tokenId).toMatch(/^wt-[0-9a-f]{18}$/);
    expect(t.token).toMatch(/^ewt_[A-Za-z0-9_-]{43}$/);
    expect(t.instanceProfileArn).toBe(`arn:aws:iam::${accountId}:instance-profile/web`);
    // 30 days by default, whole seconds.
    expect(t.expiresAt).toBe(awsDate(now + 30 * 86_400_000));

    const r = await fetchCredentials(t.token, t.bookmark);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(r.body).sort()).toEqual(['AccessKeyId', 'Expiration', 'RoleArn', 'SecretAccessKey', 'Token']);
    expect(r.body.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(r.body.RoleArn).toBe(`arn:aws:iam::${accountId}:role/web`);
    expect(r.body.Expiration).toBe(awsDate(now + 3_600_000));

    const session = keysOf({ AccessKeyId: r.body.AccessKeyId!, SecretAccessKey: r.body.SecretAccessKey!, SessionToken: r.body.Token! });
    const who = await call(session, 'GetCallerIdentity', {}, 'sts');
    expect(who.status).toBe(200);
    expect(who.result.Arn).toBe(`arn:aws:sts::${accountId}:assumed-role/web/${t.tokenId}`);
    expect(who.result.UserId).toMatch(new RegExp(`^AROA[A-Z2-7]{17}:${t.tokenId}$`));
    expect(who.result.Account).toBe(accountId);

    // The role's permissions, no more.
    expect((await call(session, 'ListUsers')).status).toBe(200);
    const denied = await call(session, 'ListRoles');
    expect(denied.status).toBe(403);
    expect(denied.error?.Code).toBe('AccessDenied');

    // Minting is a use of the role (GetRole's RoleLastUsed).
    expect((await iamOk(root, 'GetRole', { RoleName: 'web' })).Role.RoleLastUsed).toEqual({ LastUsedDate: awsDate(now), Region: 'us-east-1' });

    // `Bearer <token>` works too (curl); each request mints fresh credentials.
    const again = await fetchCredentials(`Bearer ${t.token}`, t.bookmark);
    expect(again.status).toBe(200);
    expect(again.body.AccessKeyId).not.toBe(r.body.AccessKeyId);
  });

  it('stores only the hash of a token, in the object and in D1, and lists tokens without secrets', async () => {
    const { accountId, root } = await newAccount();
    await roleInProfile(root, 'batch');
    const now = freezeClock();
    const t = await issue(accountId, 'batch');

    const rows = await objectRows(accountId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ token_id: t.tokenId, token_hash: sha256Hex(t.token), expires_at: t.expiresAt });
    const secret = t.token.slice(4);
    expect(JSON.stringify(rows)).not.toContain(secret);
    const projected = await d1Rows(accountId);
    expect(projected).toHaveLength(1);
    expect(projected[0]).toMatchObject({ token_hash: sha256Hex(t.token), token_id: t.tokenId, expires_at: t.expiresAt });
    expect(JSON.stringify(projected)).not.toContain(secret);

    const listed = await operator('GET', `/accounts/${accountId}/workload-tokens`);
    expect(listed.status).toBe(200);
    const text = await listed.text();
    expect(text).not.toContain(secret);
    expect(text).not.toContain(sha256Hex(t.token));
    expect(JSON.parse(text)).toEqual({
      workloadTokens: [
        { tokenId: t.tokenId, instanceProfileName: 'batch', instanceProfileArn: t.instanceProfileArn, createdAt: new Date(now).toISOString(), expiresAt: t.expiresAt, expired: false },
      ],
    });
  });

  it('refuses a revoked token with 401, and revocation of an unknown token with 404', async () => {
    const { accountId, root } = await newAccount();
    await roleInProfile(root, 'svc');
    const t = await issue(accountId, 'svc');
    expect((await fetchCredentials(t.token, t.bookmark)).status).toBe(200);

    const revoked = await operator('DELETE', `/accounts/${accountId}/workload-tokens/${t.tokenId}`);
    expect(revoked.status).toBe(204);
    const r = await fetchCredentials(t.token, revoked.headers.get('x-iam-bookmark'));
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ code: 'InvalidToken', message: 'The workload token is invalid or has been revoked.' });
    expect(await d1Rows(accountId)).toEqual([]);
    expect(await objectRows(accountId)).toEqual([]);

    const again = await operator('DELETE', `/accounts/${accountId}/workload-tokens/${t.tokenId}`);
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ code: 'NotFound' });
    expect((await operator('DELETE', `/accounts/${accountId}/workload-tokens/not-an-id`)).status).toBe(400);
  });

  it('refuses an expired token with 401, and caps credentials at the token expiry', async () => {
    const { accountId, root } = await newAccount();
    await roleInProfile(root, 'short');
    const t = await issue(accountId, 'short', 120);
    expect(Date.parse(t.expiresAt) - Date.now()).toBeLessThanOrEqual(120_000);
    const r = await fetchCredentials(t.token, t.bookmark);
    expect(r.status).toBe(200);
    expect(r.body.Expiration).toBe(t.expiresAt);

    // Expire it in the read model (the data plane's view), as time passing would.
    await env.DB.prepare("UPDATE workload_tokens SET expires_at = '2001-01-01T00:00:00Z' WHERE token_id = ?").bind(t.tokenId).run();
    const expired = await fetchCredentials(t.token, t.bookmark);
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ code: 'ExpiredToken', message: 'The workload token has expired.' });
  });

  it('answers 403 when the role does not trust ec2.amazonaws.com, or the profile has no role', async () => {
    const { accountId, root } = await newAccount();
    await roleInProfile(root, 'account-trust', policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }));
    await roleInProfile(root, 'other-service', policy({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }));
    await roleInProfile(
      root,
      'denied',
      policy(
        { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
        { Effect: 'Deny', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:*' },
      ),
    );
    await roleInProfile(root, 'tag-only', policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:TagSession' }));
    for (const name of ['account-trust', 'other-service', 'denied', 'tag-only']) {
      const t = await issue(accountId, name);
      const r = await fetchCredentials(t.token, t.bookmark);
      expect(r.status, name).toBe(403);
      expect(r.body, name).toEqual({
        code: 'AccessDenied',
        message: `The trust policy of role arn:aws:iam::${accountId}:role/${name} does not allow ec2.amazonaws.com to perform sts:AssumeRole.`,
      });
    }

    // Fixing the trust policy fixes the token.
    const bookmark = (await call(root, 'UpdateAssumeRolePolicy', { RoleName: 'other-service', PolicyDocument: ec2Trust })).headers.get('x-iam-bookmark');
    const fixed = await issue(accountId, 'other-service');
    expect((await fetchCredentials(fixed.token, bookmark ?? fixed.bookmark)).status).toBe(200);

    await iamOk(root, 'CreateInstanceProfile', { InstanceProfileName: 'empty' });
    const empty = await issue(accountId, 'empty');
    const r = await fetchCredentials(empty.token, empty.bookmark);
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ code: 'AccessDenied', message: `Instance profile arn:aws:iam::${accountId}:instance-profile/empty has no role.` });
  });

  it('refuses missing, malformed and unknown tokens with 401, never a 500', async () => {
    const missing = await fetchCredentials(null);
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ code: 'MissingToken', message: 'The Authorization header must carry a workload token.' });
    for (const header of ['x', 'Bearer', 'ewt_short', `ewt_${'A'.repeat(42)}!`, 'AWS4-HMAC-SHA256 Credential=AKIA/x', `ewt_${'A'.repeat(43)}`]) {
      const r = await fetchCredentials(header);
      expect(r.status, header).toBe(401);
      expect(r.body.code, header).toBe('InvalidToken');
    }
  });

  it('revokes the tokens of a deleted instance profile', async () => {
    const { accountId, root } = await newAccount();
    await roleInProfile(root, 'gone');
    const t = await issue(accountId, 'gone');
    expect((await fetchCredentials(t.token, t.bookmark)).status).toBe(200);
    await iamOk(root, 'RemoveRoleFromInstanceProfile', { InstanceProfileName: 'gone', RoleName: 'gone' });
    const deleted = await call(root, 'DeleteInstanceProfile', { InstanceProfileName: 'gone' });
    expect(deleted.status).toBe(200);
    expect(await objectRows(accountId)).toEqual([]);
    expect(await d1Rows(accountId)).toEqual([]);
    expect((await fetchCredentials(t.token, deleted.headers.get('x-iam-bookmark'))).status).toBe(401);
    // A new profile of the same name is another profile: the old token stays dead.
    await iamOk(root, 'CreateInstanceProfile', { InstanceProfileName: 'gone' });
    expect((await fetchCredentials(t.token)).status).toBe(401);
  });

  it('validates the operator requests', async () => {
    const { accountId, root } = await newAccount();
    await roleInProfile(root, 'ok');
    const post = (body: unknown) => operator('POST', `/accounts/${accountId}/workload-tokens`, body);
    const unknown = await post({ instanceProfileName: 'ghost' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ code: 'NotFound', message: 'Instance Profile ghost cannot be found.' });
    for (const body of [
      {},
      { instanceProfileName: '' },
      { instanceProfileName: 7 },
      { instanceProfileName: 'bad name' },
      { instanceProfileName: 'ok', expiresInSeconds: 59 },
      { instanceProfileName: 'ok', expiresInSeconds: 31_536_001 },
      { instanceProfileName: 'ok', expiresInSeconds: 60.5 },
      { instanceProfileName: 'ok', expiresInSeconds: '3600' },
      [],
    ]) {
      const r = await post(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(await r.json(), JSON.stringify(body)).toMatchObject({ code: 'InvalidRequest' });
    }
    expect((await post({ instanceProfileName: 'OK', expiresInSeconds: 60 })).status).toBe(201);
    expect((await post({ instanceProfileName: 'ok', expiresInSeconds: 31_536_000 })).status).toBe(201);
    expect((await operator('POST', '/accounts/000000000009/workload-tokens', { instanceProfileName: 'ok' })).status).toBe(404);
    const noAuth = await dispatch(`https://iam.test/operator/accounts/${accountId}/workload-tokens`);
    expect(noAuth.status).toBe(401);
  });

  it('purges the tokens of a closed account from D1', async () => {
    const { accountId, root } = await newAccount();
    await roleInProfile(root, 'p');
    const t = await issue(accountId, 'p');
    expect(await d1Rows(accountId)).toHaveLength(1);
    expect((await operator('DELETE', `/accounts/${accountId}`)).status).toBe(200);
    expect(await d1Rows(accountId)).toEqual([]);
    expect((await fetchCredentials(t.token)).status).toBe(401);
  });
});
