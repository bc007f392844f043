import { describe, expect, it } from 'vitest';
import { call, iamOk, newAccount } from './support';

describe('query endpoint', () => {
  it('serves CreateUser and GetCallerIdentity for the root user', async () => {
    const { accountId, root } = await newAccount();
    const created = await iamOk(root, 'CreateUser', { UserName: 'alice' });
    expect(created.User.UserName).toBe('alice');
    expect(created.User.Arn).toBe(`arn:aws:iam::${accountId}:user/alice`);
    const who = await call(root, 'GetCallerIdentity', {}, 'sts');
    expect(who.result).toEqual({ UserId: accountId, Account: accountId, Arn: `arn:aws:iam::${accountId}:root` });
  });
});
