/**
 * The reads a transaction remembers (src/storage/account-store/context.ts `remembered`): a user found twice
 * or its tags listed twice cost one statement, and any write in between is seen by the next read; each read
 * hands out its own copy. On sql.js with the object's way of counting writes (test/support/memory-store.ts).
 */
import { describe, expect, it } from 'vitest';
import type { UserRecord } from '../../../src/core/records';
import { memoryAccount } from '../../support/memory-store';

const user = (name: string): UserRecord => ({
  userId: `AIDA${name.toUpperCase().padEnd(17, 'X')}`,
  userName: name,
  path: '/',
  arn: `arn:aws:iam::123456789012:user/${name}`,
  createDate: '2026-01-01T00:00:00Z',
  permissionsBoundaryArn: null,
});

describe('reads remembered within a transaction', () => {
  it('run once while nothing is written, and again after any write', async () => {
    const account = await memoryAccount();
    const selects: string[] = [];
    const prepare = account.raw.prepare.bind(account.raw);
    account.raw.prepare = ((sql: string, params?: never) => {
      if (sql.startsWith('select ')) selects.push(sql);
      return prepare(sql, params);
    }) as typeof account.raw.prepare;
    const alice = user('alice');
    account.transact((store) => {
      expect(store.findUserByName('Alice')).toBeUndefined();
      expect(store.findUserByName('alice')).toBeUndefined();
      expect(selects).toHaveLength(1);
      store.insertUser(alice);
      expect(store.findUserByName('ALICE')).toEqual(alice);
      expect(store.findUserById(alice.userId)).toEqual(alice);
      expect(store.listTags('user', alice.userId)).toEqual([]);
      store.replaceTags('user', alice.userId, [{ key: 'team', value: 'ops' }]);
      expect(store.listTags('user', alice.userId)).toEqual([{ key: 'team', value: 'ops' }]);
      store.updateUser(alice.userId, { userName: 'bob', path: '/', arn: 'arn:aws:iam::123456789012:user/bob' });
      expect(store.findUserById(alice.userId)?.userName).toBe('bob');
      expect(store.findUserByName('alice')).toBeUndefined();
      expect(store.listTags('user', alice.userId)).toEqual([{ key: 'team', value: 'ops' }]);
      const before = selects.length;
      expect(store.findUserById(alice.userId)?.userName).toBe('bob');
      expect(store.listTags('user', alice.userId)).toEqual([{ key: 'team', value: 'ops' }]);
      expect(selects).toHaveLength(before);
    });
  });

  it('hand each caller its own copy', async () => {
    const account = await memoryAccount();
    const alice = user('alice');
    account.transact((store) => {
      store.insertUser(alice);
      store.replaceTags('user', alice.userId, [{ key: 'team', value: 'ops' }]);
      const found = store.findUserByName('alice')!;
      found.userName = 'mallory';
      const tags = store.listTags('user', alice.userId);
      tags[0]!.value = 'dev';
      tags.push({ key: 'x', value: 'y' });
      expect(store.findUserByName('alice')).toEqual(alice);
      expect(store.listTags('user', alice.userId)).toEqual([{ key: 'team', value: 'ops' }]);
    });
  });
});
