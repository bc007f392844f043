/**
 * The account object's invariants under concurrency: every call's checks and writes run in one
 * transaction, so limits and unique names hold however many calls race.
 */
import { describe, expect, it } from 'vitest';
import { call, iamOk, newAccount } from './support';

describe('AccountDO invariants under concurrency', () => {
  it('lets exactly 2 of 100 parallel CreateAccessKey calls for one user succeed', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'racer' });
    const results = await Promise.all(Array.from({ length: 100 }, () => call(root, 'CreateAccessKey', { UserName: 'racer' })));
    const ok = results.filter((r) => r.status === 200);
    const limited = results.filter((r) => r.error?.Code === 'LimitExceeded');
    expect(ok).toHaveLength(2);
    expect(limited).toHaveLength(98);
    expect(limited[0]!.status).toBe(409);
    expect(limited[0]!.error!.Message).toBe('Cannot exceed quota for AccessKeysPerUser: 2');
    const listed = await iamOk(root, 'ListAccessKeys', { UserName: 'racer' });
    expect(listed.AccessKeyMetadata.member).toHaveLength(2);
  });

  it('lets exactly 1 of 50 parallel CreateUser calls of one name in mixed letter case succeed', async () => {
    const { root } = await newAccount();
    const names = Array.from({ length: 50 }, (_, i) =>
      [...'SameName'].map((ch, j) => ((i >> (j % 6)) & 1 ? ch.toUpperCase() : ch.toLowerCase())).join(''),
    );
    const results = await Promise.all(names.map((UserName) => call(root, 'CreateUser', { UserName })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const conflicts = results.filter((r) => r.error?.Code === 'EntityAlreadyExists');
    expect(conflicts).toHaveLength(49);
    expect(conflicts[0]!.status).toBe(409);
    const listed = await iamOk(root, 'ListUsers');
    expect(listed.Users.member).toHaveLength(1);
  });

  it('holds two root access keys at most', async () => {
    const { root } = await newAccount();
    expect((await call(root, 'CreateAccessKey')).status).toBe(200);
    const third = await call(root, 'CreateAccessKey');
    expect(third.error?.Code).toBe('LimitExceeded');
  });
});
