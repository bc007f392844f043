/**
 * Closing an account purges it from its object and from D1; its keys stop working and the id can be
 * created again.
 */
import { env } from 'cloudflare:workers';
import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { AccountDO } from '../../src/storage/account-do';
import { call, iamOk, newAccount, operator } from './support';

const countRows = async (accountId: string) => {
  const tables = ['accounts', 'principals', 'access_keys', 'projection_cursor', 'account_aliases'];
  let n = 0;
  for (const table of tables) {
    const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE account_id = ?`).bind(accountId).first<{ n: number }>();
    n += row!.n;
  }
  return n;
};

describe('DELETE /operator/accounts/{id}', () => {
  it('purges the object and the read model, refuses the keys, and frees the id', async () => {
    const { accountId, root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'u1', 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'v' });
    const userKey = (await iamOk(root, 'CreateAccessKey', { UserName: 'u1' })).AccessKey;
    expect(await countRows(accountId)).toBeGreaterThan(0);

    const closed = await operator('DELETE', `/accounts/${accountId}`);
    expect(closed.status).toBe(200);
    expect(await closed.json()).toEqual({ accountId, status: 'closed' });

    expect(await countRows(accountId)).toBe(0);
    const stub = env.ACCOUNT.get(env.ACCOUNT.idFromName(accountId)) as DurableObjectStub<AccountDO>;
    const tables = await runInDurableObject(stub, (_o, state) =>
      ['users', 'access_keys', 'tags', 'outbox', 'account'].map(
        (t) => state.storage.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM ${t}`).one().n,
      ),
    );
    expect(tables).toEqual([0, 0, 0, 0, 0]);

    for (const keys of [root, { accessKeyId: userKey.AccessKeyId, secretAccessKey: userKey.SecretAccessKey }]) {
      const r = await call(keys, 'ListUsers');
      expect(r.status).toBe(403);
      expect(r.error?.Code).toBe('InvalidClientTokenId');
    }
    expect((await operator('GET', `/accounts/${accountId}`)).status).toBe(404);

    const again = await operator('POST', '/accounts', { accountId, email: 'again@example.com' });
    expect(again.status).toBe(201);
    const fresh = await newAccountKeys(accountId);
    expect((await iamOk(fresh, 'ListUsers')).Users).toBe('');
  });

  it('answers 404 for an unknown account and 409 for an existing id', async () => {
    expect((await operator('DELETE', '/accounts/000000000001')).status).toBe(404);
    const { accountId } = await newAccount();
    const dup = await operator('POST', '/accounts', { accountId, email: 'x@example.com' });
    expect(dup.status).toBe(409);
    expect(await dup.json()).toMatchObject({ code: 'Conflict' });
  });
});

async function newAccountKeys(accountId: string) {
  const res = await operator('POST', `/accounts/${accountId}/root-access-keys`);
  const key = (await res.json()) as { AccessKeyId: string; SecretAccessKey: string };
  return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
}
