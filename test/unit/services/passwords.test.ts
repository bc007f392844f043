/**
 * Login profiles, ChangePassword, the account password policy and account aliases, run as real actions on
 * the in-memory store (test/support/iam-harness.ts). Every password is really hashed (Argon2id, about a
 * second each), so each test sets as few as it needs.
 * Spec: IAM API Reference, CreateLoginProfile, GetLoginProfile, UpdateLoginProfile, DeleteLoginProfile,
 * ChangePassword, UpdateAccountPasswordPolicy, GetAccountPasswordPolicy, DeleteAccountPasswordPolicy,
 * CreateAccountAlias, DeleteAccountAlias, ListAccountAliases, DeleteUser, GetAccountSummary.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../src/core/password-hash';
import { ROOT_PASSWORD_OWNER } from '../../../src/core/records';
import { iamHarness, memoryAliasRegistry, type IamHarness } from '../../support/iam-harness';

let iam: IamHarness;
beforeEach(async () => {
  iam = await iamHarness();
});

const VIOLATION = { code: 'PasswordPolicyViolation', message: 'Password does not conform to the account password policy.' };

async function userWithPolicy(name: string, statements: object[]) {
  await iam.call('CreateUser', { UserName: name });
  await iam.call('PutUserPolicy', { UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }) });
  return iam.user(name);
}

describe('login profiles', () => {
  it('creates, reads, updates and deletes a profile; the hash verifies and the password is nowhere in any answer', async () => {
    await iam.call('CreateUser', { UserName: 'alice' });
    const created = await iam.call('CreateLoginProfile', { UserName: 'alice', Password: 'Sup3r-Secret', PasswordResetRequired: true });
    expect(created).toEqual({ LoginProfile: { UserName: 'alice', CreateDate: expect.any(String), PasswordResetRequired: true } });
    expect(JSON.stringify(created)).not.toContain('Sup3r');
    const userId = iam.memory.store().findUserByName('alice')!.userId;
    const stored = iam.memory.store().findLoginProfile(userId)!;
    expect(stored.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(verifyPassword('Sup3r-Secret', stored.passwordHash)).toBe(true);
    // Login profiles are not projected to the read model.
    expect(JSON.stringify(iam.memory.outbox)).not.toContain('argon2');

    expect(await iam.call('GetLoginProfile', { UserName: 'alice' })).toEqual({ LoginProfile: { UserName: 'alice', CreateDate: stored.createDate, PasswordResetRequired: true } });
    await iam.call('UpdateLoginProfile', { UserName: 'alice', PasswordResetRequired: false });
    expect((await iam.call('GetLoginProfile', { UserName: 'alice' })).LoginProfile.PasswordResetRequired).toBe(false);
    expect(iam.memory.store().findLoginProfile(userId)!.passwordHash).toBe(stored.passwordHash);

    await iam.call('UpdateLoginProfile', { UserName: 'alice', Password: 'An0ther-Secret' });
    const updated = iam.memory.store().findLoginProfile(userId)!;
    expect(verifyPassword('An0ther-Secret', updated.passwordHash)).toBe(true);
    expect(updated.createDate).toBe(stored.createDate);

    await iam.call('DeleteLoginProfile', { UserName: 'alice' });
    await expect(iam.call('GetLoginProfile', { UserName: 'alice' })).rejects.toMatchObject({ code: 'NoSuchEntity', message: 'Login Profile for User alice cannot be found.' });
  });

  it('refuses a second profile, an unknown user, a missing profile and a missing password, as AWS words them', async () => {
    await iam.call('CreateUser', { UserName: 'bob' });
    await expect(iam.call('CreateLoginProfile', { UserName: 'nobody', Password: 'Abcdef12' })).rejects.toMatchObject({ code: 'NoSuchEntity', message: 'The user with name nobody cannot be found.' });
    for (const action of ['GetLoginProfile', 'UpdateLoginProfile', 'DeleteLoginProfile']) {
      await expect(iam.call(action, { UserName: 'bob' })).rejects.toMatchObject({ code: 'NoSuchEntity', message: 'Login Profile for User bob cannot be found.' });
    }
    await expect(iam.call('CreateLoginProfile', { UserName: 'bob' })).rejects.toMatchObject({ code: 'ValidationError' });
    await iam.call('CreateLoginProfile', { UserName: 'bob', Password: 'Abcdef12' });
    await expect(iam.call('CreateLoginProfile', { UserName: 'bob', Password: 'Abcdef12' })).rejects.toMatchObject({ code: 'EntityAlreadyExists', message: 'Login Profile for user bob already exists.' });
    // The root user has no IAM user to default to.
    await expect(iam.call('GetLoginProfile', {})).rejects.toMatchObject({ code: 'ValidationError' });
  });

  it('holds new passwords to AWS’s default policy without a custom one, and changes nothing on refusal', async () => {
    await iam.call('CreateUser', { UserName: 'carol' });
    for (const weak of ['short1A', 'alllowercase1', 'owner@example.com']) {
      await expect(iam.call('CreateLoginProfile', { UserName: 'carol', Password: weak })).rejects.toMatchObject(VIOLATION);
    }
    expect(iam.memory.store().findLoginProfile(iam.memory.store().findUserByName('carol')!.userId)).toBeUndefined();
  });

  it('DeleteUser refuses while a login profile exists, then forgets the history and last use with the user', async () => {
    await iam.call('CreateUser', { UserName: 'dave' });
    await iam.call('CreateLoginProfile', { UserName: 'dave', Password: 'Abcdef12' });
    await expect(iam.call('DeleteUser', { UserName: 'dave' })).rejects.toMatchObject({ code: 'DeleteConflict', message: 'Cannot delete entity, must delete login profile first.' });
    const userId = iam.memory.store().findUserByName('dave')!.userId;
    iam.memory.transact((s) => s.recordPasswordUse(userId, '2026-05-01T10:00:00.000Z'));
    expect((await iam.call('GetUser', { UserName: 'dave' })).User.PasswordLastUsed).toBe('2026-05-01T10:00:00.000Z');
    expect((await iam.call('ListUsers', {})).Users[0].PasswordLastUsed).toBe('2026-05-01T10:00:00.000Z');
    await iam.call('DeleteLoginProfile', { UserName: 'dave' });
    // Kept after the profile goes, as AWS documents for PasswordLastUsed.
    expect((await iam.call('GetUser', { UserName: 'dave' })).User.PasswordLastUsed).toBe('2026-05-01T10:00:00.000Z');
    await iam.call('DeleteUser', { UserName: 'dave' });
    expect(iam.memory.store().listPasswordHistory(userId)).toEqual([]);
    expect(iam.memory.store().passwordLastUsed(userId)).toBeUndefined();
  });

  it('a user without permission is refused, and a user may manage its own profile when allowed', async () => {
    const eve = await userWithPolicy('eve', [{ Effect: 'Allow', Action: 'iam:GetLoginProfile', Resource: '*' }]);
    await expect(iam.call('CreateLoginProfile', { UserName: 'eve', Password: 'Abcdef12' }, eve)).rejects.toMatchObject({
      code: 'AccessDenied',
      message: expect.stringContaining('iam:CreateLoginProfile'),
    });
    const frank = await userWithPolicy('frank', [{ Effect: 'Allow', Action: ['iam:CreateLoginProfile', 'iam:GetLoginProfile'], Resource: 'arn:aws:iam::*:user/${aws:username}' }]);
    await iam.call('CreateLoginProfile', { Password: 'Abcdef12' }, frank);
    expect((await iam.call('GetLoginProfile', {}, frank)).LoginProfile.UserName).toBe('frank');
    await expect(iam.call('CreateLoginProfile', { UserName: 'eve', Password: 'Abcdef12' }, frank)).rejects.toMatchObject({ code: 'AccessDenied' });
  });
});

describe('the account password policy', () => {
  it('answers NoSuchEntity without a policy, as AWS words it', async () => {
    const none = { code: 'NoSuchEntity', message: `The Password Policy with domain name ${iam.accountId} cannot be found.` };
    await expect(iam.call('GetAccountPasswordPolicy')).rejects.toMatchObject(none);
    await expect(iam.call('DeleteAccountPasswordPolicy')).rejects.toMatchObject(none);
  });

  it('stores every field, defaults what is left out (no partial update), and deletes', async () => {
    await iam.call('UpdateAccountPasswordPolicy', {
      MinimumPasswordLength: 14,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      AllowUsersToChangePassword: true,
      MaxPasswordAge: 90,
      PasswordReusePrevention: 24,
      HardExpiry: true,
    });
    expect(await iam.call('GetAccountPasswordPolicy')).toEqual({
      PasswordPolicy: {
        MinimumPasswordLength: 14,
        RequireSymbols: true,
        RequireNumbers: true,
        RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: true,
        AllowUsersToChangePassword: true,
        ExpirePasswords: true,
        MaxPasswordAge: 90,
        PasswordReusePrevention: 24,
        HardExpiry: true,
      },
    });
    await iam.call('UpdateAccountPasswordPolicy', { RequireNumbers: true });
    expect(await iam.call('GetAccountPasswordPolicy')).toEqual({
      PasswordPolicy: {
        MinimumPasswordLength: 6,
        RequireSymbols: false,
        RequireNumbers: true,
        RequireUppercaseCharacters: false,
        RequireLowercaseCharacters: false,
        AllowUsersToChangePassword: false,
        ExpirePasswords: false,
      },
    });
    await iam.call('DeleteAccountPasswordPolicy');
    await expect(iam.call('GetAccountPasswordPolicy')).rejects.toMatchObject({ code: 'NoSuchEntity' });
  });

  it('is enforced on create and update, and a custom policy replaces the default rules', async () => {
    await iam.call('CreateUser', { UserName: 'gina' });
    await iam.call('UpdateAccountPasswordPolicy', { MinimumPasswordLength: 6 });
    // Six lower-case letters: fine under this policy, refused by the default one.
    await iam.call('CreateLoginProfile', { UserName: 'gina', Password: 'abcdef' });
    await iam.call('UpdateAccountPasswordPolicy', { MinimumPasswordLength: 10, RequireSymbols: true });
    await expect(iam.call('UpdateLoginProfile', { UserName: 'gina', Password: 'abcdefghij' })).rejects.toMatchObject(VIOLATION);
    const userId = iam.memory.store().findUserByName('gina')!.userId;
    expect(verifyPassword('abcdef', iam.memory.store().findLoginProfile(userId)!.passwordHash)).toBe(true);
  });

  it('prevents reuse of the last N passwords, counting the current one, and keeps at most 24 hashes', async () => {
    await iam.call('CreateUser', { UserName: 'hank' });
    await iam.call('UpdateAccountPasswordPolicy', { PasswordReusePrevention: 2 });
    await iam.call('CreateLoginProfile', { UserName: 'hank', Password: 'first1' });
    await expect(iam.call('UpdateLoginProfile', { UserName: 'hank', Password: 'first1' })).rejects.toMatchObject(VIOLATION);
    await iam.call('UpdateLoginProfile', { UserName: 'hank', Password: 'second2' });
    await expect(iam.call('UpdateLoginProfile', { UserName: 'hank', Password: 'first1' })).rejects.toMatchObject(VIOLATION);
    await iam.call('UpdateLoginProfile', { UserName: 'hank', Password: 'third3' });
    // first1 is now three passwords back: allowed again.
    await iam.call('UpdateLoginProfile', { UserName: 'hank', Password: 'first1' });
    const userId = iam.memory.store().findUserByName('hank')!.userId;
    const history = iam.memory.store().listPasswordHistory(userId);
    expect(history).toHaveLength(4);
    // One salt per owner: the same password gives the same hash, so one computation checks the history.
    expect(history[0]).toBe(history[3]);
    iam.memory.transact((s) => {
      for (let i = 0; i < 30; i++) s.rememberPassword(userId, `h${i}`, '2026-01-01T00:00:00.000Z');
    });
    expect(iam.memory.store().listPasswordHistory(userId)).toHaveLength(24);
    expect(iam.memory.raw.exec(`SELECT count(*) FROM password_history WHERE owner = '${userId}'`)[0]!.values[0]![0]).toBe(24);
  });
});

describe('concurrent changes of one password', () => {
  it('the second of two updates prepared on the same history is refused, not committed over the first', async () => {
    await iam.call('CreateUser', { UserName: 'olga' });
    await iam.call('UpdateAccountPasswordPolicy', { PasswordReusePrevention: 5 });
    await iam.call('CreateLoginProfile', { UserName: 'olga', Password: 'zero00' });
    // Both prepare (hash, reuse check) before either commits.
    const results = await Promise.allSettled([
      iam.call('UpdateLoginProfile', { UserName: 'olga', Password: 'first1' }),
      iam.call('UpdateLoginProfile', { UserName: 'olga', Password: 'first1' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'EntityTemporarilyUnmodifiable' });
    const userId = iam.memory.store().findUserByName('olga')!.userId;
    expect(iam.memory.store().listPasswordHistory(userId)).toHaveLength(2);
  });
});

describe('ChangePassword', () => {
  it('is allowed by AllowUsersToChangePassword for the caller’s own password only, clears the reset flag, and checks the old password', async () => {
    await iam.call('CreateUser', { UserName: 'ivy' });
    await iam.call('CreateLoginProfile', { UserName: 'ivy', Password: 'Start-123', PasswordResetRequired: true });
    const ivy = iam.user('ivy');
    await expect(iam.call('ChangePassword', { OldPassword: 'Start-123', NewPassword: 'Next-4567' }, ivy)).rejects.toMatchObject({
      code: 'AccessDenied',
      message: expect.stringContaining('iam:ChangePassword'),
    });
    await iam.call('UpdateAccountPasswordPolicy', { AllowUsersToChangePassword: true, MinimumPasswordLength: 8 });
    // The account-level grant also covers reading the policy.
    expect((await iam.call('GetAccountPasswordPolicy', {}, ivy)).PasswordPolicy.AllowUsersToChangePassword).toBe(true);
    await expect(iam.call('ChangePassword', { OldPassword: 'Wrong-123', NewPassword: 'Next-4567' }, ivy)).rejects.toMatchObject({ code: 'AccessDenied', message: 'The old password is incorrect.' });
    await expect(iam.call('ChangePassword', { OldPassword: 'Start-123', NewPassword: 'short' }, ivy)).rejects.toMatchObject(VIOLATION);
    await iam.call('ChangePassword', { OldPassword: 'Start-123', NewPassword: 'Next-4567' }, ivy);
    const profile = iam.memory.store().findLoginProfile(iam.memory.store().findUserByName('ivy')!.userId)!;
    expect(verifyPassword('Next-4567', profile.passwordHash)).toBe(true);
    expect(profile.passwordResetRequired).toBe(false);
    // The grant is the caller's own password: it does not extend to other users' profiles.
    await expect(iam.call('UpdateLoginProfile', { UserName: 'ivy', Password: 'Other-999' }, ivy)).rejects.toMatchObject({ code: 'AccessDenied' });
  });

  it('an explicit deny overrides the account-level grant; an identity policy grants it without the account setting', async () => {
    const jack = await userWithPolicy('jack', [{ Effect: 'Deny', Action: 'iam:ChangePassword', Resource: '*' }]);
    await iam.call('CreateLoginProfile', { UserName: 'jack', Password: 'Start-123' });
    await iam.call('UpdateAccountPasswordPolicy', { AllowUsersToChangePassword: true });
    await expect(iam.call('ChangePassword', { OldPassword: 'Start-123', NewPassword: 'Next-4567' }, jack)).rejects.toMatchObject({ code: 'AccessDenied' });

    await iam.call('UpdateAccountPasswordPolicy', { AllowUsersToChangePassword: false });
    const kim = await userWithPolicy('kim', [{ Effect: 'Allow', Action: 'iam:ChangePassword', Resource: 'arn:aws:iam::*:user/${aws:username}' }]);
    await iam.call('CreateLoginProfile', { UserName: 'kim', Password: 'Start-123' });
    await iam.call('ChangePassword', { OldPassword: 'Start-123', NewPassword: 'Next-4567' }, kim);
  });

  it('refuses the root user and a user without a profile', async () => {
    await expect(iam.call('ChangePassword', { OldPassword: 'a', NewPassword: 'b' })).rejects.toMatchObject({ code: 'InvalidUserType' });
    const lee = await userWithPolicy('lee', [{ Effect: 'Allow', Action: 'iam:ChangePassword', Resource: '*' }]);
    await expect(iam.call('ChangePassword', { OldPassword: 'a', NewPassword: 'Next-4567' }, lee)).rejects.toMatchObject({ code: 'NoSuchEntity', message: 'Login Profile for User lee cannot be found.' });
  });
});

describe('account aliases', () => {
  it('creates, replaces, lists and deletes the one alias, claiming and releasing it in the register', async () => {
    const aliases = memoryAliasRegistry();
    iam = await iamHarness({ aliases });
    expect(await iam.call('ListAccountAliases')).toEqual({ AccountAliases: [], IsTruncated: false });
    await iam.call('CreateAccountAlias', { AccountAlias: 'acme-prod' });
    expect(await iam.call('ListAccountAliases')).toEqual({ AccountAliases: ['acme-prod'], IsTruncated: false });
    expect(iam.memory.outbox.at(-1)).toMatchObject({ op: 'put', table: 'accounts', row: { alias: 'acme-prod' } });
    // The same alias again: nothing changes.
    await iam.call('CreateAccountAlias', { AccountAlias: 'acme-prod' });
    await iam.call('CreateAccountAlias', { AccountAlias: 'acme-main' });
    expect((await iam.call('ListAccountAliases')).AccountAliases).toEqual(['acme-main']);
    expect([...aliases.claims]).toEqual([['acme-main', iam.accountId]]);
    await expect(iam.call('DeleteAccountAlias', { AccountAlias: 'acme-prod' })).rejects.toMatchObject({ code: 'NoSuchEntity', message: 'The account alias acme-prod cannot be found.' });
    await iam.call('DeleteAccountAlias', { AccountAlias: 'acme-main' });
    expect((await iam.call('ListAccountAliases')).AccountAliases).toEqual([]);
    expect(aliases.claims.size).toBe(0);
  });

  it('keeps an alias unique across accounts, and a refused or unauthorized call claims nothing', async () => {
    const aliases = memoryAliasRegistry();
    const a = await iamHarness({ aliases, accountId: '111111111111' });
    const b = await iamHarness({ aliases, accountId: '222222222222' });
    await a.call('CreateAccountAlias', { AccountAlias: 'shared-name' });
    await expect(b.call('CreateAccountAlias', { AccountAlias: 'shared-name' })).rejects.toMatchObject({ code: 'EntityAlreadyExists', message: 'The account alias shared-name already exists.' });
    expect((await b.call('ListAccountAliases')).AccountAliases).toEqual([]);
    await expect(b.call('CreateAccountAlias', { AccountAlias: '123456789012' })).rejects.toMatchObject({ code: 'ValidationError' });

    await b.call('CreateUser', { UserName: 'mallory' });
    await b.call('PutUserPolicy', { UserName: 'mallory', PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListAccountAliases', Resource: '*' }] }) });
    await expect(b.call('CreateAccountAlias', { AccountAlias: 'squatted' }, b.user('mallory'))).rejects.toMatchObject({ code: 'AccessDenied' });
    expect(aliases.claims.has('squatted')).toBe(false);

    await a.call('DeleteAccountAlias', { AccountAlias: 'shared-name' });
    await b.call('CreateAccountAlias', { AccountAlias: 'shared-name' });
    expect(aliases.claims.get('shared-name')).toBe('222222222222');
  });

  it('concurrent alias calls of one account leave exactly its final alias claimed', async () => {
    const aliases = memoryAliasRegistry();
    iam = await iamHarness({ aliases });
    await Promise.all([iam.call('CreateAccountAlias', { AccountAlias: 'one-a' }), iam.call('CreateAccountAlias', { AccountAlias: 'two-b' })]);
    const final = (await iam.call('ListAccountAliases')).AccountAliases;
    expect(final).toHaveLength(1);
    expect([...aliases.claims.keys()]).toEqual(final);
  });
});

describe('GetAccountSummary', () => {
  it('reports the root user’s password as AccountPasswordPresent', async () => {
    expect((await iam.call('GetAccountSummary')).SummaryMap.AccountPasswordPresent).toBe(0);
    iam.memory.transact((s) =>
      s.putLoginProfile({ owner: ROOT_PASSWORD_OWNER, passwordHash: 'x', createDate: '2026-01-01T00:00:00.000Z', passwordResetRequired: false, passwordChangedAt: '2026-01-01T00:00:00.000Z' }),
    );
    expect((await iam.call('GetAccountSummary')).SummaryMap.AccountPasswordPresent).toBe(1);
  });
});
