/**
 * Security tests of the callers' resolution kept inside the account's object
 * (src/storage/account/caller-resolution.ts): after calls that warmed it, a key deactivated or deleted, a
 * user renamed, the account closed, and the account's id given to a new tenant each take effect on the very
 * next call in the object. The app's clock is frozen, so the isolate's caches of keys and account states
 * (5 s) still hold what they read before the write: the object is the one that must refuse.
 * Spec: IAM API Reference, UpdateAccessKey ("Inactive … calls made with the key fail") and DeleteAccessKey.
 */
import { describe, expect, it } from 'vitest';
import { call, freezeClock, iamOk, newAccount, operator, policy, userWithKey, type Keys } from './support';

/** These tests make tens of signed calls, and the machine is shared. */
const TIMEOUT = 30_000;

/** A user `alice` with a key, allowed iam:GetUser on every user. */
async function alice(root: Keys): Promise<Keys> {
  const keys = await userWithKey(root, 'alice');
  await iamOk(root, 'PutUserPolicy', { UserName: 'alice', PolicyName: 'p', PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }) });
  return keys;
}

/** GetUser of the caller itself, three times (the first fills the object's cache, the others are served from it). */
async function getSelf(keys: Keys, userName: string): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const r = await call(keys, 'GetUser');
    expect(r.status, r.xml).toBe(200);
    expect(r.result.User.UserName).toBe(userName);
  }
}

/** The next call with `keys` is refused by the object as AWS refuses an unknown or inactive key. */
async function refused(keys: Keys): Promise<void> {
  const r = await call(keys, 'GetUser');
  expect(r.status, r.xml).toBe(403);
  expect(r.error?.Code).toBe('InvalidClientTokenId');
}

describe('the object’s resolved callers never outlive a write', { timeout: TIMEOUT }, () => {
  it('a user key deactivated, activated again and deleted', async () => {
    freezeClock();
    const { root } = await newAccount();
    const user = await alice(root);
    await getSelf(user, 'alice');
    await iamOk(root, 'UpdateAccessKey', { UserName: 'alice', AccessKeyId: user.accessKeyId, Status: 'Inactive' });
    await refused(user);
    await iamOk(root, 'UpdateAccessKey', { UserName: 'alice', AccessKeyId: user.accessKeyId, Status: 'Active' });
    await getSelf(user, 'alice');
    await iamOk(root, 'DeleteAccessKey', { UserName: 'alice', AccessKeyId: user.accessKeyId });
    await refused(user);
  });

  it('the root key deactivated by another root key, and the other key unaffected', async () => {
    freezeClock();
    const { accountId, root } = await newAccount();
    const second = (await (await operator('POST', `/accounts/${accountId}/root-access-keys`)).json()) as { AccessKeyId: string; SecretAccessKey: string };
    const other = { accessKeyId: second.AccessKeyId, secretAccessKey: second.SecretAccessKey };
    for (const keys of [root, other, root]) expect((await call(keys, 'GetUser')).status).toBe(200);
    await iamOk(other, 'UpdateAccessKey', { AccessKeyId: root.accessKeyId, Status: 'Inactive' });
    await refused(root);
    expect((await call(other, 'GetUser')).result.User.Arn).toBe(`arn:aws:iam::${accountId}:root`);
  });

  it('a user renamed: the caller acts under its new name and ARN at once', async () => {
    freezeClock();
    const { accountId, root } = await newAccount();
    const user = await alice(root);
    await getSelf(user, 'alice');
    await iamOk(root, 'UpdateUser', { UserName: 'alice', NewUserName: 'bob' });
    await getSelf(user, 'bob');
    // Authorization sees the caller under its new ARN too (a Deny naming it applies at once).
    await iamOk(root, 'PutUserPolicy', { UserName: 'bob', PolicyName: 'd', PolicyDocument: policy({ Effect: 'Deny', Action: 'iam:GetUser', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalArn': `arn:aws:iam::${accountId}:user/bob` } } }) });
    const denied = await call(user, 'GetUser');
    expect(denied.status, denied.xml).toBe(403);
    expect(denied.error?.Message).toContain(`User: arn:aws:iam::${accountId}:user/bob is not authorized`);
  });

  it('the account closed, and its id created again: the old keys are refused by both', async () => {
    freezeClock();
    const { accountId, root } = await newAccount();
    const user = await alice(root);
    await getSelf(user, 'alice');
    expect((await call(root, 'GetUser')).status).toBe(200);
    expect((await operator('DELETE', `/accounts/${accountId}`)).status).toBe(200);
    await refused(user);
    expect((await operator('POST', '/accounts', { accountId, email: `new@${accountId}.example` })).status).toBe(201);
    await refused(user);
    await refused(root);
  });
});
