/**
 * Console sign-in (issue 10 §2) through the Worker's app: root and IAM-user sign-in, the same answer for
 * an unknown name and a wrong password, the MFA step, the forced password change, lockout and its expiry,
 * CSRF refusals, the session cookie's flags and what ends a session, and escaping of every echoed field.
 * Every password is really hashed and verified (Argon2id).
 */
import { describe, expect, it } from 'vitest';
import { decodeSeed, totpAt, totpStep } from '../../src/core/totp';
import { advanceClock, clockNow, iamOk, newAccount, operator, type Keys } from './support';
import { accountWithRoot, Browser, hidden, ROOT_PW, setCookies, USER_PW, userWithPassword } from './signin-support';

const FAILED = 'Your authentication information is incorrect. Please try again.';

/** The body of a failed sign-in, without the echoed name (the only field that differs). */
const failureShape = async (res: Response, login: string) => [res.status, (await res.text()).replace(login, 'LOGIN')];

describe('console sign-in', () => {
  it('signs in the root user by email, with the cookie flags, headers and the home page showing who it is', async () => {
    const { accountId, email } = await accountWithRoot();
    const b = new Browser();
    const page = await b.get(`/console/${accountId}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(setCookies(page)[0]).toMatch(/^__Host-iam-csrf=[A-Za-z0-9_-]{43}; Max-Age=3600; Path=\/; HttpOnly; Secure; SameSite=Strict$/);

    const res = await b.signIn(accountId, email.toUpperCase(), ROOT_PW, true);
    expect([res.status, res.headers.get('location')]).toEqual([303, '/console/home']);
    const cookie = setCookies(res).find((c: string) => c.startsWith('__Host-iam-console='))!;
    expect(cookie).toMatch(new RegExp(`^__Host-iam-console=${accountId}\\.v1\\.[^;]+; Max-Age=43200; Path=/; HttpOnly; Secure; SameSite=Strict$`));

    const home = await b.get('/console/home');
    const html = await home.text();
    expect(home.status).toBe(200);
    expect(html).toContain(`<dd id="account-id">${accountId}</dd>`);
    expect(html).toContain(`<dd id="arn">arn:aws:iam::${accountId}:root</dd>`);
    expect(home.headers.get('cache-control')).toBe('no-store');
  });

  it('signs in an IAM user by alias, records PasswordLastUsed; over plain HTTP the cookie is not Secure', async () => {
    const { accountId, root } = await accountWithRoot();
    const alias = `signin-${accountId}`;
    await iamOk(root, 'CreateAccountAlias', { AccountAlias: alias });
    await userWithPassword(root, 'alice');
    expect((await iamOk(root, 'GetUser', { UserName: 'alice' })).User.PasswordLastUsed).toBeUndefined();
    const b = new Browser();
    const res = await b.signIn(alias, 'alice', USER_PW);
    expect(res.status).toBe(303);
    const html = await (await b.get('/console/home')).text();
    expect(html).toContain(`<dd id="arn">arn:aws:iam::${accountId}:user/alice</dd>`);
    expect(html).toContain(`<dd id="account-alias">${alias}</dd>`);
    expect((await iamOk(root, 'GetUser', { UserName: 'alice' })).User.PasswordLastUsed).toMatch(/Z$/);

    const { dispatch } = await import('./support');
    const plain = await dispatch(`http://iam.test/console/${accountId}`);
    expect(setCookies(plain)[0]).toMatch(/^iam-csrf=[^;]+; Max-Age=3600; Path=\/; HttpOnly; SameSite=Strict$/);
  });

  it('answers a wrong password, an unknown user, a user without a password and an unknown account the same way', async () => {
    const { accountId, root } = await accountWithRoot();
    await userWithPassword(root, 'bob');
    await iamOk(root, 'CreateUser', { UserName: 'nopass' });
    const b = new Browser();
    const wrong = await failureShape(await b.signIn(accountId, 'bob', 'Wrong-passw0rd!'), 'bob');
    expect(wrong[0]).toBe(401);
    expect(wrong[1]).toContain(FAILED);
    expect(await failureShape(await b.signIn(accountId, 'carol', 'Wrong-passw0rd!'), 'carol')).toEqual(wrong);
    expect(await failureShape(await b.signIn(accountId, 'nopass', 'Wrong-passw0rd!'), 'nopass')).toEqual(wrong);
    const rootWrong = await b.signIn(accountId, `root@${accountId}.example`, 'nope', true);
    const rootUnknown = await b.signIn(accountId, 'someone@else.example', 'nope', true);
    expect((await rootWrong.text()).replace(`root@${accountId}.example`, 'X')).toBe((await rootUnknown.text()).replace('someone@else.example', 'X'));
    const other = '000000000001';
    const unknownAccount = await b.post(`/console/${other}`, { csrf: b.csrf, kind: 'user', login: 'bob', password: 'x' });
    expect(unknownAccount.status).toBe(401);
    expect(await unknownAccount.text()).toContain(FAILED);
  });

  it('asks for an MFA code when the user has a device; each code works once', async () => {
    const { accountId, root } = await accountWithRoot();
    await userWithPassword(root, 'dana');
    const d = (await iamOk(root, 'CreateVirtualMFADevice', { VirtualMFADeviceName: 'dana' })).VirtualMFADevice;
    const seed = decodeSeed(new TextDecoder().decode(Uint8Array.from(atob(d.Base32StringSeed), (c) => c.charCodeAt(0))))!;
    const step = totpStep(clockNow());
    await iamOk(root, 'EnableMFADevice', { UserName: 'dana', SerialNumber: d.SerialNumber, AuthenticationCode1: totpAt(seed, step), AuthenticationCode2: totpAt(seed, step + 1) });
    advanceClock(90_000);

    const b = new Browser();
    const res = await b.signIn(accountId, 'dana', USER_PW);
    expect(res.status).toBe(200);
    const pending = hidden(await res.text(), 'pending');
    expect(b.cookies.has('__Host-iam-console')).toBe(false);
    const bad = await b.post(`/console/${accountId}/mfa`, { csrf: b.csrf, pending, code: '000000' === totpAt(seed, totpStep(clockNow())) ? '111111' : '000000' });
    expect(bad.status).toBe(401);
    const code = totpAt(seed, totpStep(clockNow()));
    const ok = await b.post(`/console/${accountId}/mfa`, { csrf: b.csrf, pending, code });
    expect([ok.status, ok.headers.get('location')]).toEqual([303, '/console/home']);
    expect((await b.get('/console/home')).status).toBe(200);

    const b2 = new Browser();
    const pending2 = hidden(await (await b2.signIn(accountId, 'dana', USER_PW)).text(), 'pending');
    const replay = await b2.post(`/console/${accountId}/mfa`, { csrf: b2.csrf, pending: pending2, code });
    expect(replay.status).toBe(401);
    expect(b2.cookies.has('__Host-iam-console')).toBe(false);
  });

  it('forces a password change when reset is required, under the policy, through ChangePassword', async () => {
    const { accountId, root } = await accountWithRoot();
    await iamOk(root, 'UpdateAccountPasswordPolicy', { MinimumPasswordLength: '12', AllowUsersToChangePassword: 'true' });
    await userWithPassword(root, 'erin', { PasswordResetRequired: 'true' });
    const b = new Browser();
    const res = await b.signIn(accountId, 'erin', USER_PW);
    const page = await res.text();
    expect(res.status).toBe(200);
    expect(page).toContain('Change password');
    expect(b.cookies.has('__Host-iam-console')).toBe(false);
    const pending = hidden(page, 'pending');
    const weak = await b.post(`/console/${accountId}/change-password`, { csrf: b.csrf, pending, old: USER_PW, new: 'short', confirm: 'short' });
    expect(weak.status).toBe(400);
    expect(await weak.text()).toContain('Password does not conform to the account password policy.');
    const mismatch = await b.post(`/console/${accountId}/change-password`, { csrf: b.csrf, pending, old: USER_PW, new: 'Another-passw0rd', confirm: 'Another-passw0rX' });
    expect(mismatch.status).toBe(400);
    const done = await b.post(`/console/${accountId}/change-password`, { csrf: b.csrf, pending, old: USER_PW, new: 'Another-passw0rd', confirm: 'Another-passw0rd' });
    expect([done.status, done.headers.get('location')]).toEqual([303, '/console/home']);
    expect((await b.get('/console/home')).status).toBe(200);
    expect((await iamOk(root, 'GetLoginProfile', { UserName: 'erin' })).LoginProfile.PasswordResetRequired).toBe('false');
    expect((await new Browser().signIn(accountId, 'erin', USER_PW)).status).toBe(401);
    expect((await new Browser().signIn(accountId, 'erin', 'Another-passw0rd')).status).toBe(303);
  });

  it('forces the root user to change a password the operator set with passwordResetRequired', async () => {
    const { accountId } = await newAccount();
    const email = `root@${accountId}.example`;
    expect((await operator('PUT', `/accounts/${accountId}/root-password`, { password: ROOT_PW, passwordResetRequired: true })).status).toBe(204);
    const b = new Browser();
    const res = await b.signIn(accountId, email, ROOT_PW, true);
    expect(res.status).toBe(200);
    const pending = hidden(await res.text(), 'pending');
    const wrongOld = await b.post(`/console/${accountId}/change-password`, { csrf: b.csrf, pending, old: 'Not-the-passw0rd', new: 'Fresh-Root-passw0rd', confirm: 'Fresh-Root-passw0rd' });
    expect(wrongOld.status).toBe(400);
    expect(await wrongOld.text()).toContain('The old password is incorrect.');
    const done = await b.post(`/console/${accountId}/change-password`, { csrf: b.csrf, pending, old: ROOT_PW, new: 'Fresh-Root-passw0rd', confirm: 'Fresh-Root-passw0rd' });
    expect([done.status, done.headers.get('location')]).toEqual([303, '/console/home']);
    expect(await (await b.get('/console/home')).text()).toContain(`arn:aws:iam::${accountId}:root`);
    expect((await new Browser().signIn(accountId, email, 'Fresh-Root-passw0rd', true)).status).toBe(303);
    expect((await new Browser().signIn(accountId, email, ROOT_PW, true)).status).toBe(401);
  });

  it('refuses a pending step replayed against another account, or after it expired', async () => {
    const { accountId, root } = await accountWithRoot();
    await iamOk(root, 'UpdateAccountPasswordPolicy', { AllowUsersToChangePassword: 'true' });
    await userWithPassword(root, 'lena', { PasswordResetRequired: 'true' });
    const { accountId: otherId } = await accountWithRoot();
    const b = new Browser();
    const pending = hidden(await (await b.signIn(accountId, 'lena', USER_PW)).text(), 'pending');
    const fields = { csrf: b.csrf, pending, old: USER_PW, new: 'Another-passw0rd', confirm: 'Another-passw0rd' };
    expect((await b.post(`/console/${otherId}/change-password`, fields)).status).toBe(403);
    expect((await b.post(`/console/${accountId}/change-password`, { ...fields, pending: pending.slice(0, -4) + 'AAAA' })).status).toBe(403);
    advanceClock(5 * 60_000 + 1000);
    expect((await b.post(`/console/${accountId}/change-password`, fields)).status).toBe(403);
    expect((await iamOk(root, 'GetLoginProfile', { UserName: 'lena' })).LoginProfile.PasswordResetRequired).toBe('true');
  });

  it('refuses the change when the user may not change passwords, with AWS’s message', async () => {
    const { accountId, root } = await accountWithRoot();
    await userWithPassword(root, 'fred', { PasswordResetRequired: 'true' });
    const b = new Browser();
    const pending = hidden(await (await b.signIn(accountId, 'fred', USER_PW)).text(), 'pending');
    const denied = await b.post(`/console/${accountId}/change-password`, { csrf: b.csrf, pending, old: USER_PW, new: 'Another-passw0rd', confirm: 'Another-passw0rd' });
    expect(denied.status).toBe(400);
    expect(await denied.text()).toContain(`is not authorized to perform: iam:ChangePassword on resource: arn:aws:iam::${accountId}:user/fred`);
    expect(b.cookies.has('__Host-iam-console')).toBe(false);
  });

  it('refuses an expired password under HardExpiry, and forces a change without it', async () => {
    const { accountId, root } = await accountWithRoot();
    await iamOk(root, 'UpdateAccountPasswordPolicy', { MaxPasswordAge: '1', HardExpiry: 'true', AllowUsersToChangePassword: 'true' });
    await userWithPassword(root, 'gina');
    advanceClock(86_400_000 + 1000);
    const hard = await new Browser().signIn(accountId, 'gina', USER_PW);
    expect(hard.status).toBe(403);
    expect(await hard.text()).toContain('Your password has expired and you cannot change it. Contact your administrator to reset your password.');
    await iamOk(root, 'UpdateAccountPasswordPolicy', { MaxPasswordAge: '1', HardExpiry: 'false', AllowUsersToChangePassword: 'true' });
    const soft = await new Browser().signIn(accountId, 'gina', USER_PW);
    expect(soft.status).toBe(200);
    expect(await soft.text()).toContain('You must change your password before you continue.');
  });

  it('locks a name after 5 failed attempts, even with the right password, unknown names alike, until 15 minutes pass', async () => {
    const { accountId, root } = await accountWithRoot();
    await userWithPassword(root, 'hank');
    const b = new Browser();
    for (let i = 0; i < 5; i++) expect((await b.signIn(accountId, 'hank', `Wrong-${i}`)).status).toBe(401);
    for (let i = 0; i < 5; i++) expect((await b.signIn(accountId, 'ghost', `Wrong-${i}`)).status).toBe(401);
    const locked = await new Browser().signIn(accountId, 'HANK', USER_PW);
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain('Too many failed sign-in attempts.');
    const ghost = await new Browser().signIn(accountId, 'ghost', USER_PW);
    expect(ghost.status).toBe(429);
    advanceClock(15 * 60_000 + 1000);
    expect((await new Browser().signIn(accountId, 'hank', USER_PW)).status).toBe(303);
  });

  it('throttles one source after 20 failures across names', async () => {
    const { accountId, root } = await accountWithRoot();
    await userWithPassword(root, 'ivan');
    const b = new Browser();
    for (let i = 0; i < 20; i++) expect((await b.signIn(accountId, `name${i}`, 'x')).status).toBe(401);
    expect((await b.signIn(accountId, 'ivan', USER_PW)).status).toBe(429);
    expect((await new Browser().signIn(accountId, 'ivan', USER_PW)).status).toBe(303);
  });

  it('refuses forms without the CSRF token, with another browser’s token, or from another origin, changing nothing', async () => {
    const { accountId, root } = await accountWithRoot();
    await userWithPassword(root, 'jane');
    const b = new Browser();
    await b.get(`/console/${accountId}`);
    const fields = { kind: 'user', login: 'jane', password: USER_PW };
    const none = await b.post(`/console/${accountId}`, fields);
    expect(none.status).toBe(403);
    const other = new Browser();
    await other.get(`/console/${accountId}`);
    expect((await b.post(`/console/${accountId}`, { ...fields, csrf: other.csrf })).status).toBe(403);
    expect((await b.post(`/console/${accountId}`, { ...fields, csrf: b.csrf }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await b.post(`/console/${accountId}`, { ...fields, csrf: b.csrf }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect(b.cookies.has('__Host-iam-console')).toBe(false);
    expect((await iamOk(root, 'GetUser', { UserName: 'jane' })).User.PasswordLastUsed).toBeUndefined();
    // Sign-out is a form too.
    expect((await b.signIn(accountId, 'jane', USER_PW)).status).toBe(303);
    expect((await b.post('/console/signout', {})).status).toBe(403);
    expect((await b.get('/console/home')).status).toBe(200);
  });

  it('ends sessions on sign-out, password change, DeleteLoginProfile and expiry; refuses another account’s', async () => {
    const { accountId, root } = await accountWithRoot();
    await userWithPassword(root, 'kate');
    const signedIn = async () => {
      const b = new Browser();
      expect((await b.signIn(accountId, 'kate', USER_PW)).status).toBe(303);
      return b;
    };
    const a = await signedIn();
    const html = await (await a.get('/console/home')).text();
    const out = await a.post('/console/signout', { csrf: hidden(html, 'csrf') });
    expect(out.status).toBe(200);
    expect((await a.get('/console/home')).status).toBe(401);

    advanceClock(1000);
    const b = await signedIn();
    const stolen = b.cookies.get('__Host-iam-console')!;
    await iamOk(root, 'UpdateLoginProfile', { UserName: 'kate', Password: 'Changed-passw0rd' });
    expect((await b.get('/console/home')).status).toBe(401);

    await iamOk(root, 'UpdateLoginProfile', { UserName: 'kate', Password: USER_PW });
    const c = await signedIn();
    await iamOk(root, 'DeleteLoginProfile', { UserName: 'kate' });
    expect((await c.get('/console/home')).status).toBe(401);

    await iamOk(root, 'CreateLoginProfile', { UserName: 'kate', Password: USER_PW });
    const d = await signedIn();
    expect((await d.get('/console/home')).status).toBe(200);
    const { accountId: otherId } = await newAccount();
    const forged = new Browser();
    forged.cookies.set('__Host-iam-console', `${otherId}.${d.cookies.get('__Host-iam-console')!.split('.').slice(1).join('.')}`);
    expect((await forged.get('/console/home')).status).toBe(401);
    forged.cookies.set('__Host-iam-console', stolen);
    expect((await forged.get('/console/home')).status).toBe(401);
    advanceClock(12 * 3_600_000 + 1000);
    expect((await d.get('/console/home')).status).toBe(401);
  });

  it('escapes every echoed field', async () => {
    const { accountId } = await accountWithRoot();
    const b = new Browser();
    const evilAccount = '<script>alert(1)</script>';
    const page = await (await b.get(`/console/${encodeURIComponent(evilAccount)}`)).text();
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const res = await b.signIn(accountId, '"><img src=x onerror=alert(1)>', 'x');
    const html = await res.text();
    expect(res.status).toBe(401);
    expect(html).not.toContain('<img');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });
});
