/**
 * The outbox projection into D1: in order, idempotent, and lossless when D1 fails mid-write.
 */
import { env } from 'cloudflare:workers';
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { AccountDO } from '../../src/storage/account-do';
import { projectEntries, projectedSeq, type OutboxEntry } from '../../src/storage/read-model';
import { failD1 } from './faulty-d1';
import { BOOKMARK, call, iamOk, newAccount } from './support';

const stubOf = (accountId: string): DurableObjectStub<AccountDO> => env.ACCOUNT.get(env.ACCOUNT.idFromName(accountId));
/** The object's outbox, in order, read from its SQLite (the pool's typing expects objects typed on Cloudflare.Env). */
const outboxOf = (stub: DurableObjectStub<AccountDO>): Promise<OutboxEntry[]> =>
  runInDurableObject(stub as unknown as DurableObjectStub, (_o, state) =>
    state.storage.sql
      .exec<{ seq: number; ops: string }>('SELECT seq, ops FROM outbox ORDER BY seq')
      .toArray()
      .map((r) => ({ seq: r.seq, ops: JSON.parse(r.ops) })),
  );
const principal = (accountId: string, name: string) =>
  env.DB.prepare('SELECT * FROM principals WHERE account_id = ? AND name = ?').bind(accountId, name).first<Record<string, unknown>>();

describe('projection into D1', () => {
  it('answers a write with the bookmark of its projection, and the row is readable with it', async () => {
    const { accountId, root } = await newAccount();
    const created = await call(root, 'CreateUser', { UserName: 'bookmarked' });
    const bookmark = created.headers.get('x-iam-bookmark');
    expect(bookmark).toMatch(BOOKMARK);
    const session = env.DB.withSession(bookmark!);
    const row = await session.prepare('SELECT name FROM principals WHERE account_id = ?').bind(accountId).first();
    expect(row).toEqual({ name: 'bookmarked' });
  });

  it('loses nothing when D1 fails mid-write and converges in order after the retry', async () => {
    const { accountId, root } = await newAccount();
    const stub = stubOf(accountId);
    const before = await projectedSeq(env.DB, accountId);
    await failD1(accountId, { batches: 3 });
    // Three writes while D1 is "down": each commits and answers anyway, without a bookmark.
    const created = await call(root, 'CreateUser', { UserName: 'drifter', Path: '/a/' });
    expect(created.status).toBe(200);
    expect(created.headers.get('x-iam-bookmark')).toBeNull();
    await iamOk(root, 'TagUser', { UserName: 'drifter', 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'blue' });
    await iamOk(root, 'UpdateUser', { UserName: 'drifter', NewUserName: 'wanderer', NewPath: '/b/' });
    expect(await principal(accountId, 'drifter')).toBeNull();
    const pending = await outboxOf(stub);
    expect(pending.map((e) => e.seq)).toEqual([...pending.map((e) => e.seq)].sort((a, b) => a - b));
    expect(pending).toHaveLength(3);
    // The object kept the writes: reads served by it see them at once.
    expect((await iamOk(root, 'GetUser', { UserName: 'wanderer' })).User.Path).toBe('/b/');
    // The alarm retries; the outbox drains in order and the read model reaches the final state.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await outboxOf(stub)).toEqual([]);
    const row = await principal(accountId, 'wanderer');
    expect(row).toMatchObject({ path: '/b/', arn: `arn:aws:iam::${accountId}:user/b/wanderer`, tags: '[{"Key":"team","Value":"blue"}]' });
    expect(await projectedSeq(env.DB, accountId)).toBe(pending[pending.length - 1]!.seq);
    expect(await projectedSeq(env.DB, accountId)).toBeGreaterThan(before);
  });

  it('is idempotent: replaying old entries never moves a row backwards', async () => {
    const { accountId, root } = await newAccount();
    const stub = stubOf(accountId);
    await failD1(accountId, { batches: 2 });
    await iamOk(root, 'CreateUser', { UserName: 'replay' });
    await iamOk(root, 'UpdateUser', { UserName: 'replay', NewPath: '/new/' });
    const entries = await outboxOf(stub);
    await runDurableObjectAlarm(stub);
    // Apply everything again, then the first entry alone: the row keeps the newest state.
    await projectEntries(env.DB.withSession('first-primary'), accountId, entries);
    await projectEntries(env.DB.withSession('first-primary'), accountId, entries.slice(0, 1));
    expect(await principal(accountId, 'replay')).toMatchObject({ path: '/new/' });
    expect(await projectedSeq(env.DB, accountId)).toBe(entries[entries.length - 1]!.seq);
  });

  it('removes deleted rows and keeps the key lookup in step', async () => {
    const { accountId, root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'brief' });
    const key = (await iamOk(root, 'CreateAccessKey', { UserName: 'brief' })).AccessKey;
    const keyRow = () => env.DB.prepare('SELECT status FROM access_keys WHERE access_key_id = ?').bind(key.AccessKeyId).first();
    expect(await keyRow()).toEqual({ status: 'Active' });
    await iamOk(root, 'UpdateAccessKey', { UserName: 'brief', AccessKeyId: key.AccessKeyId, Status: 'Inactive' });
    expect(await keyRow()).toEqual({ status: 'Inactive' });
    await iamOk(root, 'DeleteAccessKey', { UserName: 'brief', AccessKeyId: key.AccessKeyId });
    await iamOk(root, 'DeleteUser', { UserName: 'brief' });
    expect(await keyRow()).toBeNull();
    expect(await principal(accountId, 'brief')).toBeNull();
  });
});
