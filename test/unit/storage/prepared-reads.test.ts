/**
 * The account store's hot reads are prepared once per database (src/storage/account-store/context.ts
 * `prepared`): a statement prepared on one database must never answer for another, one table's find-by-id
 * must not answer for another table's, and a prepared read sees what was written after it was prepared,
 * inside and after a transaction. On sql.js (test/support/memory-store.ts); the worker and e2e suites run
 * the same reads on workerd's durable-sqlite.
 */
import { describe, expect, it } from 'vitest';
import type { RoleRecord, UserRecord } from '../../../src/core/records';
import { memoryAccount } from '../../support/memory-store';

const user = (userId: string, userName: string): UserRecord => ({
  userId,
  userName,
  path: '/',
  arn: `arn:aws:iam::123456789012:user/${userName}`,
  createDate: '2026-01-01T00:00:00.000Z',
  permissionsBoundaryArn: null,
});

const role = (roleId: string, roleName: string): RoleRecord => ({
  roleId,
  roleName,
  path: '/',
  arn: `arn:aws:iam::123456789012:role/${roleName}`,
  trustPolicy: '{"Version":"2012-10-17","Statement":[]}',
  trustBindings: null,
  description: null,
  maxSessionDuration: 3600,
  createDate: '2026-01-01T00:00:00.000Z',
  permissionsBoundaryArn: null,
  lastUsedDate: null,
  lastUsedRegion: null,
});

describe('prepared hot reads', () => {
  it('answer from their own database, alternating between two', async () => {
    const a = await memoryAccount('111111111111');
    const b = await memoryAccount('222222222222');
    a.transact((s) => s.insertUser(user('AIDAAAAA', 'Alice')));
    b.transact((s) => s.insertUser(user('AIDABBBB', 'alice')));
    a.transact((s) => s.replaceTags('user', 'AIDAAAAA', [{ key: 'team', value: 'a' }]));
    b.transact((s) => s.replaceTags('user', 'AIDABBBB', [{ key: 'team', value: 'b' }]));
    a.transact((s) => s.putInlinePolicy({ entityType: 'user', entityId: 'AIDAAAAA', policyName: 'p', document: '{"a":1}' }));

    for (let i = 0; i < 2; i++) {
      expect(a.store().findUserByName('ALICE')?.userId).toBe('AIDAAAAA');
      expect(b.store().findUserByName('ALICE')?.userId).toBe('AIDABBBB');
      expect(a.store().findUserById('AIDABBBB')).toBeUndefined();
      expect(b.store().findUserById('AIDABBBB')?.userName).toBe('alice');
      expect(a.store().listTags('user', 'AIDAAAAA')).toEqual([{ key: 'team', value: 'a' }]);
      expect(b.store().listTags('user', 'AIDABBBB')).toEqual([{ key: 'team', value: 'b' }]);
      expect(a.store().listInlinePolicies('user', 'AIDAAAAA')).toEqual([{ entityType: 'user', entityId: 'AIDAAAAA', policyName: 'p', document: '{"a":1}' }]);
      expect(b.store().listInlinePolicies('user', 'AIDAAAAA')).toEqual([]);
      expect(a.store().getAccount()?.accountId).toBe('111111111111');
      expect(b.store().getAccount()?.accountId).toBe('222222222222');
    }
  });

  it('keep the tables of the named kinds apart (a user id is no role id)', async () => {
    const a = await memoryAccount();
    a.transact((s) => s.insertUser(user('AIDASAME', 'Same')));
    expect(a.store().findUserById('AIDASAME')?.userName).toBe('Same');
    expect(a.store().findRoleById('AIDASAME')).toBeUndefined();
    expect(a.store().findGroupById('AIDASAME')).toBeUndefined();
    a.transact((s) => s.insertRole(role('AROASAME', 'Same')));
    expect(a.store().findRoleByName('same')?.roleId).toBe('AROASAME');
    expect(a.store().findUserByName('same')?.userId).toBe('AIDASAME');
  });

  it('see writes made after they were prepared, and not those rolled back', async () => {
    const a = await memoryAccount();
    expect(a.store().findUserByName('Bob')).toBeUndefined();
    expect(a.store().listTags('role', 'AROABOB')).toEqual([]);
    expect(() =>
      a.transact((s) => {
        s.insertUser(user('AIDABOB', 'Bob'));
        expect(s.findUserByName('bob')?.userId).toBe('AIDABOB');
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect(a.store().findUserByName('Bob')).toBeUndefined();
    a.transact((s) => s.insertUser(user('AIDABOB', 'Bob')));
    expect(a.store().findUserByName('bob')).toEqual(user('AIDABOB', 'Bob'));
    a.transact((s) => s.insertRole(role('AROABOB', 'Bob')));
    a.transact((s) => s.replaceTags('role', 'AROABOB', [{ key: 'k2', value: 'v2' }, { key: 'k1', value: 'v1' }]));
    expect(a.store().listTags('role', 'AROABOB')).toEqual([{ key: 'k2', value: 'v2' }, { key: 'k1', value: 'v1' }]);
    expect(a.store().listTags('user', 'AROABOB')).toEqual([]);
  });
});
