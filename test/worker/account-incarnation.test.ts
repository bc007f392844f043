/**
 * Sessions are bound to the incarnation of their account: an account closed and created again under the
 * same id is another tenant, and nothing the old one held (role sessions, GetSessionToken sessions,
 * workload credentials, encoded authorization messages, cached key records) works in the new one.
 * Found by an attack on the running service (issue 7, §7 "High").
 */
import { describe, expect, it } from 'vitest';
import { KEY_CACHE_TTL_MS } from '../../src/http/authenticate';
import { call, dispatch, iamOk, keysOf, newAccount, operator, policy, type Keys } from './support';

/** These tests wait out the isolate's caches once, and make tens of signed calls. */
const TIMEOUT = 30_000;

const sts = (keys: Keys, action: string, params: Record<string, string> = {}, headers: Record<string, string> = {}) =>
  call(keys, action, params, 'sts', headers);
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
      expect((await sts(roleSession, 'GetCallerIdentity')).status).toBe(200);
      expect((await sts(userSession, 'GetCallerIdentity')).status).toBe(200);

      // The id is closed and given to a new tenant, whose roles trust principals named by ARN.
      const { root: newRoot } = await recreate(accountId);
      for (const [name, principal] of [
        ['trusts-role', `arn:aws:iam::${accountId}:role/ops`],
        ['trusts-user', `arn:aws:iam::${accountId}:user/alice`],
      ] as const) {
        await iamOk(newRoot, 'CreateRole', { RoleName: name, AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }) });
        await iamOk(newRoot, 'PutRolePolicy', { RoleName: name, PolicyName: 'p', PolicyDocument: policy({ Effect: 'Allow', Action: '*', Resource: '*' }) });
      }
      // As an attacker would, long after the closing: no bookmark, and the isolate's caches have expired.
      await wait(KEY_CACHE_TTL_MS + 200);
      for (const session of [roleSession, userSession]) {
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
      // The new tenant's own sessions work.
      const mine = await sts(newRoot, 'GetSessionToken');
      expect((await sts(keysOf(mine.result.Credentials), 'GetCallerIdentity')).status).toBe(200);
    },
    TIMEOUT,
  );
});

async function userWithKey(root: Keys, name: string): Promise<Keys> {
  await iamOk(root, 'CreateUser', { UserName: name });
  const k = (await iamOk(root, 'CreateAccessKey', { UserName: name })).AccessKey;
  return { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey };
}

void dispatch;
