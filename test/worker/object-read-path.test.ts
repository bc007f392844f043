/**
 * The account object's read path inside workerd (storage/account/context.ts): a call that should only read
 * runs outside a transaction (`tryRead`), and any write it tries is refused before it runs, so the call runs
 * again in a transaction; reads are remembered across calls until the object's next write.
 */
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { AccountContext } from '../../src/storage/account/context';
import { iamOk, newAccount } from './support';

const stubOf = (accountId: string) => env.ACCOUNT.get(env.ACCOUNT.idFromName(accountId)) as unknown as DurableObjectStub;
const user = (accountId: string, userId: string, userName: string) => ({
  userId,
  userName,
  path: '/',
  arn: `arn:aws:iam::${accountId}:user/${userName}`,
  createDate: new Date().toISOString(),
  permissionsBoundaryArn: null,
});
const userCount = (state: DurableObjectState) => state.storage.sql.exec<{ n: number }>('SELECT count(*) AS n FROM users').one().n;

describe("the object's reads outside a transaction", () => {
  it('answers a read, and refuses a write before it runs, leaving nothing written', async () => {
    const { accountId, root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'ann' });
    await runInDurableObject(stubOf(accountId), async (_o, state) => {
      const obj = new AccountContext(state, env as never, Date.now);
      expect(obj.tryRead(accountId, (store) => store.findUserByName('ann')?.userName)).toEqual({ value: 'ann', queued: false });
      const before = obj.generation();
      const tried = obj.tryRead(accountId, (store) => {
        store.insertUser(user(accountId, 'AIDAREADPATHTEST00001', 'bob'));
        return 'written';
      });
      expect(tried).toBeUndefined();
      expect(userCount(state)).toBe(1);
      expect(obj.generation()).toBe(before);
    });
  });

  it('runs again a call that caught the refusal and went on, or that queued a read-model op', async () => {
    const { accountId } = await newAccount();
    await runInDurableObject(stubOf(accountId), async (_o, state) => {
      const obj = new AccountContext(state, env as never, Date.now);
      const swallowed = obj.tryRead(accountId, (store) => {
        try {
          store.insertUser(user(accountId, 'AIDAREADPATHTEST00002', 'cy'));
        } catch {
          // an action that turns every error into its own answer
        }
        return 'answered';
      });
      expect(swallowed).toBeUndefined();
      expect(obj.tryRead(accountId, (store) => void store.emit({ kind: 'noop' } as never))).toBeUndefined();
      // Outside tryRead, writes go through as before.
      obj.transact(accountId, (store) => store.insertUser(user(accountId, 'AIDAREADPATHTEST00003', 'dee')));
      expect(userCount(state)).toBe(1);
    });
  });

  it('remembers a read across calls until a write, and no longer after it', async () => {
    const { accountId, root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'eve', Path: '/a/' });
    await runInDurableObject(stubOf(accountId), async (_o, state) => {
      const obj = new AccountContext(state, env as never, Date.now);
      expect(obj.tryRead(accountId, (store) => store.findUserByName('eve')?.path)?.value).toBe('/a/');
      // A statement past the object (no generation bump) is not seen: the read is remembered…
      state.storage.sql.exec("UPDATE users SET path = '/b/' WHERE name_lc = 'eve'");
      expect(obj.tryRead(accountId, (store) => store.findUserByName('eve')?.path)?.value).toBe('/a/');
      // …until the object itself writes anything.
      obj.transact(accountId, (store) => store.updateUser(store.findUserByName('eve')!.userId, { userName: 'eve', path: '/c/', arn: `arn:aws:iam::${accountId}:user/c/eve` }));
      expect(obj.tryRead(accountId, (store) => store.findUserByName('eve')?.path)?.value).toBe('/c/');
      // A caller cannot change what the memory hands the next one.
      obj.tryRead(accountId, (store) => void (store.findUserByName('eve')!.path = '/mutated/'));
      expect(obj.tryRead(accountId, (store) => store.findUserByName('eve')?.path)?.value).toBe('/c/');
    });
  });
});
