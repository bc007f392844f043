/**
 * Passwords and aliases through the Worker's Query API: every login-profile action, ChangePassword, the
 * account password policy (every field, every range at its bounds through the model's validation), the
 * account aliases (unique across accounts in D1), DeleteUser's conflict, PasswordLastUsed, the summary,
 * authorization allowed and denied, and the root password through the operator API. Every password is
 * really hashed (Argon2id) in the account's object.
 * Spec: IAM API Reference for each action; IAM User Guide, "Set an account password policy for IAM users".
 */
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { ROOT_PASSWORD_OWNER } from '../../src/core/records';
import { call, iamOk, newAccount, operator, policy, userWithKey } from './support';

const VIOLATION = 'Password does not conform to the account password policy.';
const members = (x: any): any[] => (x === '' || x === undefined ? [] : x.member);

/** Rows of a SQL query on the account's object (for what no API shows: the stored hash). */
async function objectSql(accountId: string, query: string, ...binds: string[]): Promise<Record<string, SqlStorageValue>[]> {
  const stub = env.ACCOUNT.get(env.ACCOUNT.idFromName(accountId));
  return runInDurableObject(stub as unknown as DurableObjectStub, (_o, state) => state.storage.sql.exec<Record<string, SqlStorageValue>>(query, ...binds).toArray());
}

describe('login profiles through the Query API', () => {
  it('create, get, update, delete, with AWS’s shapes and errors; the password is never echoed', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'alice' });
    const created = await call(root, 'CreateLoginProfile', { UserName: 'alice', Password: 'S3cret-<b>&', PasswordResetRequired: 'true' });
    expect(created.status).toBe(200);
    expect(created.result.LoginProfile).toEqual({ UserName: 'alice', CreateDate: expect.stringMatching(/Z$/), PasswordResetRequired: 'true' });
    expect(created.xml).not.toContain('S3cret');

    const again = await call(root, 'CreateLoginProfile', { UserName: 'alice', Password: 'S3cret-<b>&' });
    expect([again.status, again.error?.Code, again.error?.Message]).toEqual([409, 'EntityAlreadyExists', 'Login Profile for user alice already exists.']);
    expect(again.xml).not.toContain('S3cret');

    expect((await iamOk(root, 'GetLoginProfile', { UserName: 'alice' })).LoginProfile.PasswordResetRequired).toBe('true');
    await iamOk(root, 'UpdateLoginProfile', { UserName: 'alice', PasswordResetRequired: 'false' });
    expect((await iamOk(root, 'GetLoginProfile', { UserName: 'alice' })).LoginProfile.PasswordResetRequired).toBe('false');

    const weak = await call(root, 'UpdateLoginProfile', { UserName: 'alice', Password: 'weak' });
    expect([weak.status, weak.error?.Code, weak.error?.Message]).toEqual([400, 'PasswordPolicyViolation', VIOLATION]);
    expect(weak.xml).not.toContain('weak<');

    const del = await call(root, 'DeleteUser', { UserName: 'alice' });
    expect([del.status, del.error?.Code, del.error?.Message]).toEqual([409, 'DeleteConflict', 'Cannot delete entity, must delete login profile first.']);
    await iamOk(root, 'DeleteLoginProfile', { UserName: 'alice' });
    for (const action of ['GetLoginProfile', 'UpdateLoginProfile', 'DeleteLoginProfile']) {
      const r = await call(root, action, { UserName: 'alice' });
      expect([r.status, r.error?.Code, r.error?.Message], action).toEqual([404, 'NoSuchEntity', 'Login Profile for User alice cannot be found.']);
    }
    await iamOk(root, 'DeleteUser', { UserName: 'alice' });
  });

  it('validates the password’s shape without echoing it', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'bob' });
    const tooLong = await call(root, 'CreateLoginProfile', { UserName: 'bob', Password: 'A1!' + 'x'.repeat(126) });
    expect(tooLong.error?.Code).toBe('ValidationError');
    expect(tooLong.error?.Message).toContain("Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 128");
    expect(tooLong.xml).not.toContain('xxxxxxxx');
    const badChar = await call(root, 'CreateLoginProfile', { UserName: 'bob', Password: 'Abcdef12\u0100' });
    expect(badChar.error?.Code).toBe('ValidationError');
    expect(badChar.xml).not.toContain('Abcdef12');
    const unknownUser = await call(root, 'CreateLoginProfile', { UserName: 'nobody', Password: 'Abcdef12' });
    expect([unknownUser.status, unknownUser.error?.Message]).toEqual([404, 'The user with name nobody cannot be found.']);
  });

  it('is authorized like every IAM action: denied without permission (nothing created), allowed on one’s own user', async () => {
    const { accountId, root } = await newAccount();
    const eve = await userWithKey(root, 'eve');
    await iamOk(root, 'CreateUser', { UserName: 'target' });
    const denied = await call(eve, 'CreateLoginProfile', { UserName: 'target', Password: 'Abcdef12' });
    expect([denied.status, denied.error?.Code]).toEqual([403, 'AccessDenied']);
    expect(denied.error?.Message).toContain(`is not authorized to perform: iam:CreateLoginProfile on resource: arn:aws:iam::${accountId}:user/target`);
    expect((await call(root, 'GetLoginProfile', { UserName: 'target' })).error?.Code).toBe('NoSuchEntity');

    await iamOk(root, 'PutUserPolicy', {
      UserName: 'eve',
      PolicyName: 'self',
      PolicyDocument: policy({ Effect: 'Allow', Action: ['iam:CreateLoginProfile', 'iam:GetLoginProfile', 'iam:DeleteLoginProfile'], Resource: 'arn:aws:iam::*:user/${aws:username}' }),
    });
    await iamOk(eve, 'CreateLoginProfile', { Password: 'Abcdef12' });
    expect((await iamOk(eve, 'GetLoginProfile')).LoginProfile.UserName).toBe('eve');
    expect((await call(eve, 'CreateLoginProfile', { UserName: 'target', Password: 'Abcdef12' })).error?.Code).toBe('AccessDenied');
    const [row] = await objectSql(accountId, 'SELECT p.password_hash AS h FROM login_profiles p JOIN users u ON u.user_id = p.owner WHERE u.user_name = ?', 'eve');
    expect(row!.h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await iamOk(eve, 'DeleteLoginProfile');
  });
});

describe('ChangePassword through the Query API', () => {
  it('follows AllowUsersToChangePassword, checks the old password, enforces the policy and reuse, and refuses the root user', async () => {
    const { root } = await newAccount();
    const ivy = await userWithKey(root, 'ivy');
    await iamOk(root, 'CreateLoginProfile', { UserName: 'ivy', Password: 'Start-123', PasswordResetRequired: 'true' });

    const noGrant = await call(ivy, 'ChangePassword', { OldPassword: 'Start-123', NewPassword: 'Next-4567' });
    expect([noGrant.status, noGrant.error?.Code]).toEqual([403, 'AccessDenied']);
    expect(noGrant.error?.Message).toContain('iam:ChangePassword');

    await iamOk(root, 'UpdateAccountPasswordPolicy', { AllowUsersToChangePassword: 'true', MinimumPasswordLength: '9', PasswordReusePrevention: '1' });
    const wrong = await call(ivy, 'ChangePassword', { OldPassword: 'Wrong-123', NewPassword: 'Next-4567' });
    expect([wrong.status, wrong.error?.Code, wrong.error?.Message]).toEqual([403, 'AccessDenied', 'The old password is incorrect.']);
    const reuse = await call(ivy, 'ChangePassword', { OldPassword: 'Start-123', NewPassword: 'Start-123' });
    expect([reuse.error?.Code, reuse.error?.Message]).toEqual(['PasswordPolicyViolation', VIOLATION]);
    const short = await call(ivy, 'ChangePassword', { OldPassword: 'Start-123', NewPassword: 'Next-456' });
    expect(short.error?.Code).toBe('PasswordPolicyViolation');
    await iamOk(ivy, 'ChangePassword', { OldPassword: 'Start-123', NewPassword: 'Next-4567' });
    expect((await iamOk(root, 'GetLoginProfile', { UserName: 'ivy' })).LoginProfile.PasswordResetRequired).toBe('false');
    // The old password no longer verifies.
    expect((await call(ivy, 'ChangePassword', { OldPassword: 'Start-123', NewPassword: 'Other-4567' })).error?.Message).toBe('The old password is incorrect.');

    const asRoot = await call(root, 'ChangePassword', { OldPassword: 'a', NewPassword: 'b' });
    expect([asRoot.status, asRoot.error?.Code]).toEqual([400, 'InvalidUserType']);
    const missing = await call(ivy, 'ChangePassword', { NewPassword: 'Next-4567' });
    expect(missing.error?.Message).toContain("Value null at 'oldPassword' failed to satisfy constraint: Member must not be null");
  });
});

describe('the account password policy through the Query API', () => {
  it('every field round-trips; no partial update; NoSuchEntity without a policy', async () => {
    const { accountId, root } = await newAccount();
    const none = await call(root, 'GetAccountPasswordPolicy');
    expect([none.status, none.error?.Code, none.error?.Message]).toEqual([404, 'NoSuchEntity', `The Password Policy with domain name ${accountId} cannot be found.`]);
    expect((await call(root, 'DeleteAccountPasswordPolicy')).error?.Code).toBe('NoSuchEntity');

    await iamOk(root, 'UpdateAccountPasswordPolicy', {
      MinimumPasswordLength: '128',
      RequireSymbols: 'true',
      RequireNumbers: 'true',
      RequireUppercaseCharacters: 'true',
      RequireLowercaseCharacters: 'true',
      AllowUsersToChangePassword: 'true',
      MaxPasswordAge: '1095',
      PasswordReusePrevention: '24',
      HardExpiry: 'false',
    });
    expect((await iamOk(root, 'GetAccountPasswordPolicy')).PasswordPolicy).toEqual({
      MinimumPasswordLength: '128',
      RequireSymbols: 'true',
      RequireNumbers: 'true',
      RequireUppercaseCharacters: 'true',
      RequireLowercaseCharacters: 'true',
      AllowUsersToChangePassword: 'true',
      ExpirePasswords: 'true',
      MaxPasswordAge: '1095',
      PasswordReusePrevention: '24',
      HardExpiry: 'false',
    });
    await iamOk(root, 'UpdateAccountPasswordPolicy', { MinimumPasswordLength: '6', MaxPasswordAge: '1', PasswordReusePrevention: '1' });
    expect((await iamOk(root, 'GetAccountPasswordPolicy')).PasswordPolicy).toEqual({
      MinimumPasswordLength: '6',
      RequireSymbols: 'false',
      RequireNumbers: 'false',
      RequireUppercaseCharacters: 'false',
      RequireLowercaseCharacters: 'false',
      AllowUsersToChangePassword: 'false',
      ExpirePasswords: 'true',
      MaxPasswordAge: '1',
      PasswordReusePrevention: '1',
    });
    await iamOk(root, 'DeleteAccountPasswordPolicy');
    expect((await call(root, 'GetAccountPasswordPolicy')).error?.Code).toBe('NoSuchEntity');
  });

  it('refuses every field out of its range with AWS’s validation message, and changes nothing', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'UpdateAccountPasswordPolicy', { MinimumPasswordLength: '10' });
    const cases: [Record<string, string>, string][] = [
      [{ MinimumPasswordLength: '5' }, "Value '5' at 'minimumPasswordLength' failed to satisfy constraint: Member must have value greater than or equal to 6"],
      [{ MinimumPasswordLength: '129' }, "Value '129' at 'minimumPasswordLength' failed to satisfy constraint: Member must have value less than or equal to 128"],
      [{ MaxPasswordAge: '0' }, "Value '0' at 'maxPasswordAge' failed to satisfy constraint: Member must have value greater than or equal to 1"],
      [{ MaxPasswordAge: '1096' }, "Value '1096' at 'maxPasswordAge' failed to satisfy constraint: Member must have value less than or equal to 1095"],
      [{ PasswordReusePrevention: '0' }, "Value '0' at 'passwordReusePrevention' failed to satisfy constraint: Member must have value greater than or equal to 1"],
      [{ PasswordReusePrevention: '25' }, "Value '25' at 'passwordReusePrevention' failed to satisfy constraint: Member must have value less than or equal to 24"],
    ];
    for (const [params, message] of cases) {
      const r = await call(root, 'UpdateAccountPasswordPolicy', params);
      expect([r.status, r.error?.Code], JSON.stringify(params)).toEqual([400, 'ValidationError']);
      expect(r.error?.Message).toContain(message);
    }
    const notBool = await call(root, 'UpdateAccountPasswordPolicy', { RequireSymbols: 'maybe' });
    expect(notBool.status).toBe(400);
    expect((await iamOk(root, 'GetAccountPasswordPolicy')).PasswordPolicy.MinimumPasswordLength).toBe('10');
  });

  it('is enforced on create and update: each character class, the length, and the default policy without one', async () => {
    const { root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'gina' });
    expect((await call(root, 'CreateLoginProfile', { UserName: 'gina', Password: 'abcdefgh' })).error?.Code).toBe('PasswordPolicyViolation');
    await iamOk(root, 'UpdateAccountPasswordPolicy', { MinimumPasswordLength: '8', RequireSymbols: 'true', RequireNumbers: 'true', RequireUppercaseCharacters: 'true', RequireLowercaseCharacters: 'true' });
    for (const weak of ['Abcdef1', 'abcdef1!', 'ABCDEF1!', 'Abcdefg!', 'Abcdefg1']) {
      const r = await call(root, 'CreateLoginProfile', { UserName: 'gina', Password: weak });
      expect([r.error?.Code, r.error?.Message], weak).toEqual(['PasswordPolicyViolation', VIOLATION]);
    }
    await iamOk(root, 'CreateLoginProfile', { UserName: 'gina', Password: 'Abcdef1!' });
  });

  it('only a caller allowed the policy actions may use them', async () => {
    const { root } = await newAccount();
    const reader = await userWithKey(root, 'reader');
    await iamOk(root, 'PutUserPolicy', { UserName: 'reader', PolicyName: 'r', PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:GetAccountPasswordPolicy', Resource: '*' }) });
    await iamOk(root, 'UpdateAccountPasswordPolicy', { MinimumPasswordLength: '12' });
    expect((await iamOk(reader, 'GetAccountPasswordPolicy')).PasswordPolicy.MinimumPasswordLength).toBe('12');
    for (const action of ['UpdateAccountPasswordPolicy', 'DeleteAccountPasswordPolicy']) {
      const r = await call(reader, action);
      expect([r.status, r.error?.Code], action).toEqual([403, 'AccessDenied']);
      expect(r.error?.Message).toContain(`iam:${action}`);
    }
    expect((await iamOk(root, 'GetAccountPasswordPolicy')).PasswordPolicy.MinimumPasswordLength).toBe('12');
  });
});

describe('account aliases through the Query API', () => {
  it('create, list, replace and delete; unique across accounts in D1; AWS’s character rules', async () => {
    const a = await newAccount();
    const b = await newAccount();
    const alias = `pw-${a.accountId}`;
    expect(await iamOk(a.root, 'ListAccountAliases')).toEqual({ AccountAliases: '', IsTruncated: 'false' });
    await iamOk(a.root, 'CreateAccountAlias', { AccountAlias: alias });
    expect(members((await iamOk(a.root, 'ListAccountAliases')).AccountAliases)).toEqual([alias]);
    const taken = await call(b.root, 'CreateAccountAlias', { AccountAlias: alias });
    expect([taken.status, taken.error?.Code, taken.error?.Message]).toEqual([409, 'EntityAlreadyExists', `The account alias ${alias} already exists.`]);
    expect(members((await iamOk(b.root, 'ListAccountAliases')).AccountAliases)).toEqual([]);

    for (const bad of ['ab', 'Upper-case', '-lead', 'trail-', 'dou--ble', 'x'.repeat(64), 'under_score']) {
      const r = await call(a.root, 'CreateAccountAlias', { AccountAlias: bad });
      expect([r.status, r.error?.Code], bad).toEqual([400, 'ValidationError']);
    }
    // The operator's read of the account shows the alias (the account row, projected).
    expect(((await (await operator('GET', `/accounts/${a.accountId}`)).json()) as any).alias).toBe(alias);

    const replacement = `pw2-${a.accountId}`;
    await iamOk(a.root, 'CreateAccountAlias', { AccountAlias: replacement });
    expect(members((await iamOk(a.root, 'ListAccountAliases')).AccountAliases)).toEqual([replacement]);
    // The replaced alias was released: another account may take it.
    await iamOk(b.root, 'CreateAccountAlias', { AccountAlias: alias });
    const claims = await env.DB.prepare('SELECT alias, account_id FROM account_aliases WHERE account_id IN (?, ?) ORDER BY alias').bind(a.accountId, b.accountId).all();
    expect(claims.results).toEqual([
      { alias, account_id: b.accountId },
      { alias: replacement, account_id: a.accountId },
    ]);

    const wrong = await call(a.root, 'DeleteAccountAlias', { AccountAlias: alias });
    expect([wrong.status, wrong.error?.Code, wrong.error?.Message]).toEqual([404, 'NoSuchEntity', `The account alias ${alias} cannot be found.`]);
    await iamOk(a.root, 'DeleteAccountAlias', { AccountAlias: replacement });
    expect(members((await iamOk(a.root, 'ListAccountAliases')).AccountAliases)).toEqual([]);
    const left = await env.DB.prepare('SELECT count(*) AS n FROM account_aliases WHERE account_id = ?').bind(a.accountId).first<{ n: number }>();
    expect(left?.n).toBe(0);
  });

  it('two accounts racing for one alias: exactly one gets it', async () => {
    const a = await newAccount();
    const b = await newAccount();
    const alias = `race-${a.accountId}`;
    const [ra, rb] = await Promise.all([call(a.root, 'CreateAccountAlias', { AccountAlias: alias }), call(b.root, 'CreateAccountAlias', { AccountAlias: alias })]);
    expect([ra.status, rb.status].sort()).toEqual([200, 409]);
    const owner = await env.DB.prepare('SELECT account_id FROM account_aliases WHERE alias = ?').bind(alias).first<{ account_id: string }>();
    expect(owner?.account_id).toBe(ra.status === 200 ? a.accountId : b.accountId);
  });

  it('a claim left behind by a failed call is released by the account’s next alias call', async () => {
    const a = await newAccount();
    const stale = `stale-${a.accountId}`;
    // As a call that claimed in D1 and then failed to commit (or whose release failed) leaves it.
    await env.DB.prepare('INSERT INTO account_aliases (alias, account_id) VALUES (?, ?)').bind(stale, a.accountId).run();
    const fresh = `fresh-${a.accountId}`;
    await iamOk(a.root, 'CreateAccountAlias', { AccountAlias: fresh });
    const rows = await env.DB.prepare('SELECT alias FROM account_aliases WHERE account_id = ?').bind(a.accountId).all();
    expect(rows.results).toEqual([{ alias: fresh }]);
    // A refused call (another account's alias) also heals, and keeps the account's own alias.
    const b = await newAccount();
    await iamOk(b.root, 'CreateAccountAlias', { AccountAlias: `b-${b.accountId}` });
    await env.DB.prepare('INSERT INTO account_aliases (alias, account_id) VALUES (?, ?)').bind(stale, a.accountId).run();
    expect((await call(a.root, 'CreateAccountAlias', { AccountAlias: `b-${b.accountId}` })).error?.Code).toBe('EntityAlreadyExists');
    const after = await env.DB.prepare('SELECT alias FROM account_aliases WHERE account_id = ?').bind(a.accountId).all();
    expect(after.results).toEqual([{ alias: fresh }]);
  });

  it('a caller not allowed CreateAccountAlias claims nothing', async () => {
    const { accountId, root } = await newAccount();
    const u = await userWithKey(root, 'u');
    const alias = `squat-${accountId}`;
    const r = await call(u, 'CreateAccountAlias', { AccountAlias: alias });
    expect([r.status, r.error?.Code]).toEqual([403, 'AccessDenied']);
    expect(await env.DB.prepare('SELECT alias FROM account_aliases WHERE alias = ?').bind(alias).first()).toBeNull();
    expect((await call(u, 'ListAccountAliases')).error?.Code).toBe('AccessDenied');
    expect((await call(u, 'DeleteAccountAlias', { AccountAlias: alias })).error?.Code).toBe('AccessDenied');
  });
});

describe('the root password through the operator API', () => {
  it('sets, replaces and removes it under AWS’s default rules; the summary counts it; ChangePassword is not for root', async () => {
    const { accountId, root } = await newAccount();
    expect((await iamOk(root, 'GetAccountSummary')).SummaryMap.entry.find((e: any) => e.key === 'AccountPasswordPresent').value).toBe('0');
    const weak = await operator('PUT', `/accounts/${accountId}/root-password`, { password: 'password' });
    expect(weak.status).toBe(400);
    const weakBody = await weak.text();
    expect(JSON.parse(weakBody)).toEqual({ code: 'PasswordPolicyViolation', message: VIOLATION });
    const ownEmail = await operator('PUT', `/accounts/${accountId}/root-password`, { password: `root@${accountId}.example` });
    expect(ownEmail.status).toBe(400);
    for (const body of [{}, { password: 7 }, { password: '' }, { password: 'x'.repeat(129) }, { password: 'Ab1!Ab1!', passwordResetRequired: 'yes' }]) {
      const r = await operator('PUT', `/accounts/${accountId}/root-password`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(await r.text()).not.toContain('Ab1!');
    }
    const set = await operator('PUT', `/accounts/${accountId}/root-password`, { password: 'R00t-Secret!', passwordResetRequired: true });
    expect(set.status).toBe(204);
    const [profile] = await objectSql(accountId, 'SELECT * FROM login_profiles WHERE owner = ?', ROOT_PASSWORD_OWNER);
    expect(profile).toMatchObject({ owner: 'root', password_reset_required: 1, password_hash: expect.stringMatching(/^\$argon2id\$/) });
    expect(JSON.stringify(profile)).not.toContain('R00t-Secret');
    expect((await iamOk(root, 'GetAccountSummary')).SummaryMap.entry.find((e: any) => e.key === 'AccountPasswordPresent').value).toBe('1');
    // The IAM login-profile actions do not reach the root user's password.
    expect((await call(root, 'GetLoginProfile')).error?.Code).toBe('ValidationError');

    expect((await operator('DELETE', `/accounts/${accountId}/root-password`)).status).toBe(204);
    expect((await operator('DELETE', `/accounts/${accountId}/root-password`)).status).toBe(404);
    expect((await iamOk(root, 'GetAccountSummary')).SummaryMap.entry.find((e: any) => e.key === 'AccountPasswordPresent').value).toBe('0');
    expect((await operator('PUT', `/accounts/000000000001/root-password`, { password: 'R00t-Secret!' })).status).toBe(404);
  });
});

describe('PasswordLastUsed', () => {
  it('appears on GetUser and ListUsers once a sign-in recorded it, for users and the root user', async () => {
    const { accountId, root } = await newAccount();
    await iamOk(root, 'CreateUser', { UserName: 'pat' });
    expect((await iamOk(root, 'GetUser', { UserName: 'pat' })).User.PasswordLastUsed).toBeUndefined();
    // Recorded by the object's sign-in step, as the console's sign-in records it.
    const userId = (await iamOk(root, 'GetUser', { UserName: 'pat' })).User.UserId as string;
    await iamOk(root, 'CreateLoginProfile', { UserName: 'pat', Password: 'Pat-Secret-123!' });
    expect((await operator('PUT', `/accounts/${accountId}/root-password`, { password: 'R00t-Secret-456!' })).status).toBe(204);
    const stub = env.ACCOUNT.get(env.ACCOUNT.idFromName(accountId));
    await stub.signIn({ op: 'succeed', root: false, login: 'pat', owner: userId, nowMs: Date.parse('2026-06-01T08:00:00Z') });
    await stub.signIn({ op: 'succeed', root: true, login: 'root', owner: ROOT_PASSWORD_OWNER, nowMs: Date.parse('2026-06-02T08:00:00Z') });
    expect((await iamOk(root, 'GetUser', { UserName: 'pat' })).User.PasswordLastUsed).toBe('2026-06-01T08:00:00Z');
    expect(members((await iamOk(root, 'ListUsers')).Users)[0].PasswordLastUsed).toBe('2026-06-01T08:00:00Z');
    expect((await iamOk(root, 'GetUser')).User.PasswordLastUsed).toBe('2026-06-02T08:00:00Z');
  });
});

