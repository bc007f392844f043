/**
 * Sessions are bound to the incarnation of their account: an account closed and created again under the
 * same id is another tenant, and nothing the old one held (role sessions, GetSessionToken sessions,
 * workload credentials, encoded authorization messages, cached key records) works in the new one.
 * Found by an attack on the running service (issue 7, §7 "High").
 */
import { env } from 'cloudflare:workers';
import { runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { KEY_CACHE_TTL_MS } from '../../src/data-plane/authenticate';
import { failD1 } from './faulty-d1';
import { advanceClock, BOOKMARK, call, dispatch, iamOk, keysOf, newAccount, operator, policy, SEALED, type Keys } from './support';

/** These tests make tens of signed calls. */
const TIMEOUT = 30_000;

const sts = (keys: Keys, action: string, params: Record<string, string> = {}, headers: Record<string, string> = {}) =>
  call(keys, action, params, 'sts', headers);

/** A role `web` that EC2 may assume, in an instance profile `web`, and a workload token for it. */
async function workload(accountId: string, root: Keys): Promise<string> {
  await iamOk(root, 'CreateRole', {
    RoleName: 'web',
    AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
  });
  await iamOk(root, 'CreateInstanceProfile', { InstanceProfileName: 'web' });
  await iamOk(root, 'AddRoleToInstanceProfile', { InstanceProfileName: 'web', RoleName: 'web' });
  const res = await operator('POST', `/accounts/${accountId}/workload-tokens`, { instanceProfileName: 'web' });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

/** GET /workload/credentials with a workload token. */
async function workloadCredentials(token: string, headers: Record<string, string> = {}) {
  const res = await dispatch('https://iam.test/workload/credentials', { headers: { authorization: token, ...headers } });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

/** Closes `accountId` and creates it again; returns the new tenant's root keys and the creation's bookmark. */
async function recreate(accountId: string): Promise<{ root: Keys; bookmark: string }> {
  expect((await operator('DELETE', `/accounts/${accountId}`)).status).toBe(200);
  const again = await operator('POST', '/accounts', { accountId, email: `new@${accountId}.example` });
  expect(again.status).toBe(201);
  const keyRes = await operator('POST', `/accounts/${accountId}/root-access-keys`);
  const key = (await keyRes.json()) as { AccessKeyId: string; SecretAccessKey: string };
  return { root: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey }, bookmark: keyRes.headers.get('x-iam-bookmark')! };
}

describe('sessions of a closed account', () => {
  it(
    'are refused by the account created again with its id, and cannot assume its roles',
    async () => {
      const { accountId, root } = await newAccount();
      // The old tenant: a user (with a GetSessionToken session) and a role (with a role session).
      const alice = await userWithKey(root, 'alice');
      await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'p', PolicyDocument: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) });
      await iamOk(root, 'CreateRole', {
        RoleName: 'ops',
        AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:user/alice` }, Action: 'sts:AssumeRole' }),
      });
      await iamOk(root, 'PutRolePolicy', { RoleName: 'ops', PolicyName: 'p', PolicyDocument: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) });
      const roleSession = keysOf((await sts(alice, 'AssumeRole', { RoleArn: `arn:aws:iam::${accountId}:role/ops`, RoleSessionName: 'old' })).result.Credentials);
      const userSession = keysOf((await sts(alice, 'GetSessionToken')).result.Credentials);
      const token = await workload(accountId, root);
      const issued = await workloadCredentials(token);
      expect(issued.status).toBe(200);
      const workloadSession = { accessKeyId: issued.body.AccessKeyId!, secretAccessKey: issued.body.SecretAccessKey!, sessionToken: issued.body.Token! };
      for (const session of [roleSession, userSession, workloadSession]) expect((await sts(session, 'GetCallerIdentity')).status).toBe(200);

      // The id is closed and given to a new tenant, whose roles trust principals named by ARN.
      const { root: newRoot } = await recreate(accountId);
      // The new tenant happens to use the same names (a trust policy can only name principals that exist).
      await userWithKey(newRoot, 'alice');
      await iamOk(newRoot, 'CreateRole', { RoleName: 'ops', AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }) });
      for (const [name, principal] of [
        ['trusts-role', `arn:aws:iam::${accountId}:role/ops`],
        ['trusts-user', `arn:aws:iam::${accountId}:user/alice`],
      ] as const) {
        await iamOk(newRoot, 'CreateRole', { RoleName: name, AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }) });
        await iamOk(newRoot, 'PutRolePolicy', { RoleName: name, PolicyName: 'p', PolicyDocument: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) });
      }
      // As an attacker would, long after the closing: no bookmark, and the isolate's caches have expired.
      advanceClock(KEY_CACHE_TTL_MS);
      for (const session of [roleSession, userSession, workloadSession]) {
        const who = await sts(session, 'GetCallerIdentity');
        expect(who.error?.Code).toBe('InvalidClientTokenId');
        expect(who.status).toBe(403);
      }
      for (const [session, role] of [
        [roleSession, 'trusts-role'],
        [userSession, 'trusts-user'],
      ] as const) {
        const assumed = await sts(session, 'AssumeRole', { RoleArn: `arn:aws:iam::${accountId}:role/${role}`, RoleSessionName: 'pivot' });
        expect(assumed.error?.Code).toBe('InvalidClientTokenId');
      }
      // The old workload token is gone with its account, even if the new tenant builds the same profile.
      await workload(accountId, newRoot);
      expect((await workloadCredentials(token)).status).toBe(401);
      // The new tenant's own sessions work.
      const mine = await sts(newRoot, 'GetSessionToken');
      expect((await sts(keysOf(mine.result.Credentials), 'GetCallerIdentity')).status).toBe(200);
    },
    TIMEOUT,
  );
});

const stubOf = (accountId: string) => env.ACCOUNT.get(env.ACCOUNT.idFromName(accountId)) as unknown as DurableObjectStub;
/** Makes the account's object fail its next D1 writes of a closing (the marker, the purge). */
const failClosing = (accountId: string, markers: number, purges: number) => failD1(accountId, { statements: markers, batches: purges });
const keyRows = async (accountId: string) =>
  (await env.DB.prepare('SELECT count(*) AS n FROM access_keys WHERE account_id = ?').bind(accountId).first<{ n: number }>())!.n;
const accountStatus = async (accountId: string) =>
  (await env.DB.prepare('SELECT status FROM accounts WHERE account_id = ?').bind(accountId).first<{ status: string }>())?.status;
/** A bookmark of D1's current state: a request carrying it bypasses the isolate's caches. */
async function freshBookmark(): Promise<string> {
  const session = env.DB.withSession('first-primary');
  await session.prepare('SELECT 1').first();
  return session.getBookmark()!;
}

describe('the isolate caches', () => {
  it('do not honour a key record cached before its account was closed once the new account is seen', async () => {
    const { accountId, root } = await newAccount();
    // The old root key's record (and the account's state) are now cached in this isolate.
    expect((await sts(root, 'GetCallerIdentity')).status).toBe(200);
    const { root: newRoot } = await recreate(accountId);
    // The new tenant's key names a newer incarnation than the cached state: it is read again at once.
    expect((await sts(newRoot, 'GetCallerIdentity')).status).toBe(200);
    // Within the key cache's TTL, the old key's cached record is of an incarnation that is no longer live.
    const old = await sts(root, 'GetCallerIdentity');
    expect(old.error?.Code).toBe('InvalidClientTokenId');
  });
});

describe('a closing account', () => {
  it(
    'is refused on the data plane at once, before its purge succeeds',
    async () => {
      const { accountId, root } = await newAccount();
      const alice = await userWithKey(root, 'alice');
      await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'p', PolicyDocument: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) });
      const other = await newAccount();
      const bob = await userWithKey(other.root, 'bob');
      await iamOk(other.root, 'PutUserPolicy', { UserName: 'bob', PolicyName: 'p', PolicyDocument: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) });
      await iamOk(root, 'CreateRole', {
        RoleName: 'ops',
        AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${accountId}:user/alice`, `arn:aws:iam::${other.accountId}:user/bob`] }, Action: 'sts:AssumeRole' }),
      });
      const roleArn = `arn:aws:iam::${accountId}:role/ops`;
      const token = await workload(accountId, root);
      expect((await workloadCredentials(token)).status).toBe(200);
      const assumed = await sts(alice, 'AssumeRole', { RoleArn: roleArn, RoleSessionName: 'ss' });
      expect(assumed.xml).toContain('Credentials');
      const roleSession = keysOf(assumed.result.Credentials);
      expect((await sts(bob, 'AssumeRole', { RoleArn: roleArn, RoleSessionName: 'xx' })).status).toBe(200);

      await failClosing(accountId, 0, 1);
      const closing = await operator('DELETE', `/accounts/${accountId}`);
      expect(closing.status).toBe(202);
      expect(await closing.json()).toEqual({ accountId, status: 'closing', dataPlaneRefused: true });
      // The purge failed: the keys are still in the read model, but the account is marked closing.
      expect(await keyRows(accountId)).toBe(2); // the root user's and alice's
      expect(await accountStatus(accountId)).toBe('closing');
      const bookmark = closing.headers.get('x-iam-bookmark');
      expect(bookmark).toMatch(BOOKMARK);
      const refusedNow = async (headers: Record<string, string>) => {
        for (const keys of [root, alice, roleSession]) expect((await sts(keys, 'GetCallerIdentity', {}, headers)).error?.Code).toBe('InvalidClientTokenId');
        // Its roles can no longer be assumed, from its own users or from another account.
        expect((await sts(bob, 'AssumeRole', { RoleArn: roleArn, RoleSessionName: 'xx' }, headers)).error?.Code).toBe('AccessDenied');
        // Its workload tokens yield nothing.
        const refused = await workloadCredentials(token, headers);
        expect(refused.status).toBe(401);
        expect(refused.body.code).toBe('InvalidToken');
      };
      await refusedNow({ 'x-iam-bookmark': bookmark! });
      // Without a bookmark, once the isolate's caches expired (the documented propagation bound).
      advanceClock(KEY_CACHE_TTL_MS);
      await refusedNow({});

      // The alarm retries the purge (it may have run on its own meanwhile); then the id is free.
      await runDurableObjectAlarm(stubOf(accountId));
      expect(await keyRows(accountId)).toBe(0);
      expect(await accountStatus(accountId)).toBeUndefined();
      expect((await operator('GET', `/accounts/${accountId}`)).status).toBe(404);
    },
    TIMEOUT,
  );

  it('says so when not even the marker could be written, and the alarm writes it', async () => {
    const { accountId, root } = await newAccount();
    await failClosing(accountId, 1, 2);
    const closing = await operator('DELETE', `/accounts/${accountId}`);
    expect(closing.status).toBe(202);
    expect(await closing.json()).toEqual({ accountId, status: 'closing', dataPlaneRefused: false });
    // Until the marker is written, the data plane still honours the account's keys.
    expect(await accountStatus(accountId)).toBe('active');
    expect((await sts(root, 'GetCallerIdentity', {}, { 'x-iam-bookmark': await freshBookmark() })).status).toBe(200);
    // The IAM API (the account's object) refuses it at once.
    expect((await call(root, 'ListUsers')).error?.Code).toBe('InvalidClientTokenId');

    // First retry: the marker is written, the purge fails again; the data plane refuses the account.
    await runDurableObjectAlarm(stubOf(accountId));
    expect(await accountStatus(accountId)).toBe('closing');
    expect(await keyRows(accountId)).toBe(1);
    expect((await sts(root, 'GetCallerIdentity', {}, { 'x-iam-bookmark': await freshBookmark() })).error?.Code).toBe('InvalidClientTokenId');
    // A DELETE while closing retries at once, and answers what it achieved.
    const again = await operator('DELETE', `/accounts/${accountId}`);
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ accountId, status: 'closing', dataPlaneRefused: true });
    await runDurableObjectAlarm(stubOf(accountId));
    expect(await keyRows(accountId)).toBe(0);
    expect((await operator('GET', `/accounts/${accountId}`)).status).toBe(404);
  });
});

describe('an encoded authorization message of a closed account', () => {
  it('cannot be decoded by the account created again with its id', async () => {
    const { accountId, root } = await newAccount();
    const nobody = await userWithKey(root, 'nobody');
    const denied = await call(nobody, 'ListUsers');
    expect(denied.error?.Code).toBe('AccessDenied');
    const message = denied.headers.get('x-iam-authorization-message')!;
    expect(message).toMatch(SEALED);
    const deniedOnSts = await sts(nobody, 'GetFederationToken', { Name: 'fed' });
    const stsMessage = deniedOnSts.headers.get('x-iam-authorization-message')!;
    expect(stsMessage).toMatch(SEALED);
    expect((await sts(root, 'DecodeAuthorizationMessage', { EncodedMessage: message })).status).toBe(200);
    expect((await sts(root, 'DecodeAuthorizationMessage', { EncodedMessage: stsMessage })).status).toBe(200);

    const { root: newRoot, bookmark } = await recreate(accountId);
    for (const encoded of [message, stsMessage]) {
      const decoded = await sts(newRoot, 'DecodeAuthorizationMessage', { EncodedMessage: encoded }, { 'x-iam-bookmark': bookmark });
      expect(decoded.error?.Code).toBe('InvalidAuthorizationMessageException');
    }
    // The new tenant's own messages decode.
    const newcomer = await userWithKey(newRoot, 'newcomer');
    const own = (await call(newcomer, 'ListUsers')).headers.get('x-iam-authorization-message')!;
    expect((await sts(newRoot, 'DecodeAuthorizationMessage', { EncodedMessage: own }, { 'x-iam-bookmark': bookmark })).status).toBe(200);
  });
});

async function userWithKey(root: Keys, name: string): Promise<Keys> {
  await iamOk(root, 'CreateUser', { UserName: name });
  const k = (await iamOk(root, 'CreateAccessKey', { UserName: name })).AccessKey;
  return { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey };
}

