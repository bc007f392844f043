import { describe, expect, it } from 'vitest';
import { call, iamOk, newAccount, dispatch } from './support';

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

describe('request order and error documents', () => {
  it('authenticates before resolving the action, as AWS does', async () => {
    const res = await dispatch('https://iam.test/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=NoSuchAction&Version=2010-05-08',
    });
    expect(res.status).toBe(403);
    const xml = await res.text();
    expect(xml).toContain('<Code>MissingAuthenticationToken</Code>');
    expect(xml).toContain('<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">');
  });

  it('answers InvalidAction for an unknown action of a signed request, in the service namespace', async () => {
    const { root } = await newAccount();
    const r = await call(root, 'GetCallerIdentityX', {}, 'sts');
    expect(r.status).toBe(400);
    expect(r.error?.Code).toBe('InvalidAction');
    expect(r.xml).toContain('<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">');
    const sts = await call(root, 'GetCallerIdentity', { Version: '2011-06-15', MaxItems: 'x' }, 'sts');
    expect(sts.status).toBe(200);
  });
});
