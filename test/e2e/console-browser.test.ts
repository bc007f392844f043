/**
 * The console in a real Chromium (issue 10 §4): Debian's Chromium driven by playwright-core against the e2e
 * server, one browser for the file and one account per flow. Every page a flow reaches is also checked for
 * console errors, failed requests, axe's WCAG 2 A/AA rules and sideways scrolling at 375 px
 * (support/browser.ts). State is set up, and every change a page makes is checked, through the real API
 * (@aws-sdk/client-iam as the account's root user).
 *
 * Flows: root signs in, creates a user with a password and a policy, signs out, and the user signs in; a
 * user sees an allowed page and a refused action with the API's own AccessDenied message; a user enrols an
 * MFA device from its page (codes computed here from the QR code's secret) and signs in again with MFA;
 * password changes under the account's password policy (forced at sign-in, and on one's own page);
 * lockout after repeated failures; forged, tampered and replayed forms refused with nothing changed; HTML
 * typed into a form comes back as text.
 * Route map and field names: the console brief (IAM parameter names).
 */
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetGroupCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  ListAttachedUserPoliciesCommand,
  ListMFADevicesCommand,
  PutUserPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import type { Locator } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openChromium, type Chromium } from './support/browser';
import { consoleAccount, otherOrigin, readQr, ROOT_PASSWORD, signIn, signOut, stepNow, totp, type ConsoleAccount } from './support/console';
import { iamClient } from './support/clients';
import { sdkError } from './support/aws';

const USER_PASSWORD = 'User-console-passw0rd!';
const READ_ONLY = 'arn:aws:iam::aws:policy/IAMReadOnlyAccess';
const SIGN_IN_FAILED = 'Your authentication information is incorrect. Please try again.';
const REFUSED = 'This form has expired or was not sent from this page. Go back to the sign-in page and try again.';
/**
 * A user managing its own credentials, after the IAM User Guide's example "AWS: Allows MFA-authenticated
 * IAM users to manage their own credentials on the Security credentials page" (without its MFA condition).
 */
const OWN_CREDENTIALS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'ViewAccountInfo', Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy', 'iam:ListVirtualMFADevices'], Resource: '*' },
    { Sid: 'ManageOwn', Effect: 'Allow', Action: 'iam:*', Resource: ['arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::*:mfa/*'] },
  ],
});

let chrome: Chromium;
beforeAll(async () => {
  chrome = await openChromium();
});
afterEach(async () => {
  await chrome?.closeTabs();
});
afterAll(async () => {
  await chrome?.close();
});

/** IAM user `name` with the console password USER_PASSWORD (and `policy` inline, when given). */
async function consoleUser(a: ConsoleAccount, name: string, opts: { policy?: string; resetRequired?: boolean; password?: string } = {}): Promise<void> {
  await a.iam.send(new CreateUserCommand({ UserName: name }));
  await a.iam.send(new CreateLoginProfileCommand({ UserName: name, Password: opts.password ?? USER_PASSWORD, PasswordResetRequired: opts.resetRequired ?? false }));
  if (opts.policy) await a.iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'console', PolicyDocument: opts.policy }));
}

/** Sets a (hidden) input's value, as a forger editing the page would. */
const setValue = (input: Locator, value: string) => input.evaluate((e, v) => ((e as unknown as { value: string }).value = v), value);

const mainText = async (tab: Awaited<ReturnType<Chromium['tab']>>) => (await tab.page.locator('main').textContent()) ?? '';

describe('the browser harness', () => {
  it('fails a page with an uncaught error, an axe violation or sideways scrolling at 375 px', async () => {
    // Distinct titles: the harness audits each kind of page (title and status) once per file.
    const page = (body: string) => `<!doctype html><html lang="en"><head><title>Probe ${body.length}</title></head><body><main><h1>Probe</h1>${body}</main></body></html>`;
    const bad: Array<[string, RegExp]> = [
      [page('<script>throw new Error("boom")</script>'), /uncaught exception: boom/],
      [page('<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'), /axe on .*image-alt/s],
      [page('<div style="width:600px">wide</div>'), /horizontal scroll at 375 px/],
    ];
    for (const [html, why] of bad) {
      const site = await otherOrigin(html);
      const tab = await chrome.tab();
      try {
        await tab.page.goto(site.url);
        await expect(tab.check()).rejects.toThrow(why);
      } finally {
        tab.problems.length = 0;
        await tab.close();
        await site.close();
      }
    }
  });
});

describe('console in Chromium: sign-in and users', () => {
  it('root signs in, creates a user with a password and a policy, signs out, and the user signs in', async () => {
    const a = await consoleAccount({ rootSignIn: true });
    const tab = await chrome.tab();
    await signIn(tab, a.accountId, a.email, ROOT_PASSWORD, { root: true });
    expect([tab.path, await tab.text('#account-id'), await tab.text('#principal')]).toEqual(['/console/home', a.accountId, 'Root user']);
    // Keyboard: the first Tab reaches the skip link, which moves focus to the page's main region.
    await tab.page.keyboard.press('Tab');
    expect(await tab.page.evaluate('document.activeElement.textContent.trim()')).toBe('Skip to content');
    await tab.page.keyboard.press('Enter');
    expect(await tab.page.evaluate('document.activeElement.id')).toBe('main');

    await tab.goto('/console/iam/new-user');
    await tab.submit('/console/iam/users', { UserName: 'alice', Path: '/', Password: USER_PASSWORD, PasswordResetRequired: false, PolicyArn: READ_ONLY });
    expect(tab.path.split('?')[0]).toBe('/console/iam/users/alice');
    expect(await tab.page.locator('[role=status]').count()).toBe(1);
    expect(await mainText(tab)).toContain('IAMReadOnlyAccess');
    const attached = await a.iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'alice' }));
    expect(attached.AttachedPolicies).toEqual([{ PolicyName: 'IAMReadOnlyAccess', PolicyArn: READ_ONLY }]);
    expect((await a.iam.send(new GetLoginProfileCommand({ UserName: 'alice' }))).LoginProfile?.PasswordResetRequired).toBe(false);

    await signOut(tab);
    await signIn(tab, a.accountId, 'alice', USER_PASSWORD);
    expect([tab.path, await tab.text('#principal'), await tab.text('#signed-in-as')]).toEqual(['/console/home', 'alice', 'alice']);
  });

  it("a user sees an allowed page, and a refused action shows the API's AccessDenied message with nothing changed", async () => {
    const a = await consoleAccount();
    await consoleUser(a, 'bob');
    await a.iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: READ_ONLY }));
    await a.iam.send(new CreateGroupCommand({ GroupName: 'admins' }));
    // The API's answer to the same action by the same user, to compare the page with.
    const key = (await a.iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }))).AccessKey!;
    const apiError = await sdkError(iamClient({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }).send(new CreateGroupCommand({ GroupName: 'mallory' })));
    expect(apiError.name).toBe('AccessDenied');

    const tab = await chrome.tab();
    await signIn(tab, a.accountId, 'bob', USER_PASSWORD);
    await tab.goto('/console/iam/groups');
    expect(await tab.page.locator('main table').textContent()).toContain('admins');
    await tab.submit('/console/iam/groups', { GroupName: 'mallory' }, 403);
    expect(await tab.text('[role=alert] strong')).toBe('AccessDenied');
    expect(await tab.text('[role=alert] .message')).toBe(apiError.message);
    expect((await sdkError(a.iam.send(new GetGroupCommand({ GroupName: 'mallory' })))).name).toBe('NoSuchEntityException');
  });
});

describe('console in Chromium: every page', () => {
  it('every section of the navigation and a page of each kind of entity pass the page checks; HTML in descriptions stays text', async () => {
    const a = await consoleAccount({ rootSignIn: true });
    const hostile = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    await a.iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await a.iam.send(new CreateGroupCommand({ GroupName: 'admins' }));
    await a.iam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: 'alice' }));
    const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }] });
    const arn = (await a.iam.send(new CreatePolicyCommand({ PolicyName: 'read', Description: hostile, PolicyDocument: document }))).Policy!.Arn!;
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a.accountId}:root` }, Action: 'sts:AssumeRole' }] });
    await a.iam.send(new CreateRoleCommand({ RoleName: 'ops', Description: hostile, AssumeRolePolicyDocument: trust }));

    const tab = await chrome.tab();
    await signIn(tab, a.accountId, a.email, ROOT_PASSWORD, { root: true });
    // The navigation as the page lists it, followed by clicks.
    const sections = await tab.page.locator('nav a').evaluateAll((links) => links.map((l) => (l as unknown as { getAttribute(n: string): string }).getAttribute('href')));
    expect(sections.length).toBeGreaterThanOrEqual(9);
    for (const href of sections) {
      await tab.clickAndLoad(tab.page.locator(`nav a[href="${href}"]`));
      expect(await tab.page.locator(`nav a[href="${href}"]`).getAttribute('aria-current')).toBe('page');
    }
    // Event history (in the navigation above) lists the calls made here; an event's record passes the checks too.
    await tab.goto('/console/iam/event-history?key=EventName&value=CreateRole');
    await tab.clickAndLoad(tab.page.locator('#events tbody a').first());
    expect(await mainText(tab)).toContain('"eventName": "CreateRole"');
    const pages = [
      '/console/iam/new-user',
      '/console/iam/users/alice',
      '/console/iam/users/alice/security-credentials',
      '/console/iam/groups/admins',
      '/console/iam/roles/new',
      '/console/iam/roles/ops',
      '/console/iam/policies/new',
      `/console/iam/policies/view?arn=${encodeURIComponent(arn)}`,
    ];
    for (const path of pages) {
      await tab.goto(path);
      if (!/roles\/ops|policies\/view/.test(path)) continue;
      expect(await mainText(tab)).toContain(hostile);
      expect(await tab.page.locator('main img, main script').count()).toBe(0);
    }
  });
});

describe('console in Chromium: MFA and passwords', () => {
  it('a user enrols an MFA device from its page, and signs in again with an MFA code', async () => {
    const a = await consoleAccount();
    await consoleUser(a, 'carol', { policy: OWN_CREDENTIALS });
    const tab = await chrome.tab();
    await signIn(tab, a.accountId, 'carol', USER_PASSWORD);
    await tab.goto('/console/iam/security-credentials');
    // As in AWS's console: "Assign MFA device", a name for the device (the user's own by default), then the QR code.
    await tab.clickAndLoad(tab.page.locator('a[href="/console/iam/security-credentials/mfa/new"]'));
    await tab.submit('/console/iam/security-credentials/mfa/new');
    // What an authenticator app scanning the QR code reads; the seed is also shown as text.
    const uri = new URL(readQr((await tab.page.locator('main img').first().getAttribute('src'))!));
    const secret = uri.searchParams.get('secret')!;
    expect([uri.protocol, uri.host, secret.length > 0]).toEqual(['otpauth:', 'totp', true]);
    expect(await mainText(tab)).toContain(secret);
    const step = stepNow();
    await tab.submit('/console/iam/security-credentials/mfa', { AuthenticationCode1: totp(secret, step - 1), AuthenticationCode2: totp(secret, step) });
    expect(await tab.page.locator('[role=alert].error').count()).toBe(0);
    const devices = (await a.iam.send(new ListMFADevicesCommand({ UserName: 'carol' }))).MFADevices ?? [];
    expect(devices).toHaveLength(1);

    await signOut(tab);
    await signIn(tab, a.accountId, 'carol', USER_PASSWORD);
    expect(await tab.text('h1')).toBe('Multi-factor authentication');
    // A wrong code is refused with the sign-in's words; the step stays open for the right one.
    const good = totp(secret, step + 1);
    await tab.submit(`/console/${a.accountId}/mfa`, { code: good === '123456' ? '654321' : '123456' }, 401);
    expect(await tab.text('[role=alert]')).toBe(SIGN_IN_FAILED);
    await tab.submit(`/console/${a.accountId}/mfa`, { code: good });
    expect([tab.path, await tab.text('#principal')]).toEqual(['/console/home', 'carol']);
  });

  it("a password reset at sign-in is refused until the new one meets the account's password policy", async () => {
    const a = await consoleAccount();
    await a.iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14, RequireNumbers: true, RequireSymbols: true, AllowUsersToChangePassword: true }));
    await consoleUser(a, 'dave', { resetRequired: true });
    const tab = await chrome.tab();
    await signIn(tab, a.accountId, 'dave', USER_PASSWORD);
    expect(await tab.text('h1')).toBe('Change password');
    const form = `/console/${a.accountId}/change-password`;
    await tab.submit(form, { old: USER_PASSWORD, new: 'short-1!', confirm: 'short-1!' }, 400);
    expect(await tab.text('[role=alert]')).toBe('Password does not conform to the account password policy.');
    await tab.submit(form, { old: USER_PASSWORD, new: 'A-much-longer-passw0rd', confirm: 'A-much-longer-passw0rd' });
    expect([tab.path, await tab.text('#principal')]).toEqual(['/console/home', 'dave']);
    expect((await a.iam.send(new GetLoginProfileCommand({ UserName: 'dave' }))).LoginProfile?.PasswordResetRequired).toBe(false);

    await signOut(tab);
    await signIn(tab, a.accountId, 'dave', USER_PASSWORD, { status: 401 });
    expect(await tab.text('[role=alert]')).toBe(SIGN_IN_FAILED);
    await tab.submit(`/console/${a.accountId}`, { kind: 'user', login: 'dave', password: 'A-much-longer-passw0rd' });
    expect(tab.path).toBe('/console/home');
  });

  it("a user changes its own password on its security credentials page, under the account's password policy", async () => {
    const a = await consoleAccount();
    await a.iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14, RequireNumbers: true, AllowUsersToChangePassword: true }));
    await consoleUser(a, 'erin', { policy: OWN_CREDENTIALS });
    const tab = await chrome.tab();
    await signIn(tab, a.accountId, 'erin', USER_PASSWORD);
    await tab.goto('/console/iam/security-credentials');
    const form = '/console/iam/security-credentials/password';
    await tab.submit(form, { OldPassword: USER_PASSWORD, NewPassword: 'no-digits-at-all', ConfirmPassword: 'no-digits-at-all' }, 400);
    expect(await tab.text('[role=alert] .message')).toBe('Password does not conform to the account password policy.');
    await tab.submit(form, { OldPassword: USER_PASSWORD, NewPassword: 'Erin-new-passw0rd', ConfirmPassword: 'Erin-new-passw0rd' });
    // A new password ends the principal's console sessions, this one included: sign in again with it.
    expect(await tab.text('h1')).toBe('Password changed');
    await tab.goto('/console/home', 401);
    await signIn(tab, a.accountId, 'erin', USER_PASSWORD, { status: 401 });
    await tab.submit(`/console/${a.accountId}`, { kind: 'user', login: 'erin', password: 'Erin-new-passw0rd' });
    expect([tab.path, await tab.text('#principal')]).toEqual(['/console/home', 'erin']);
  });
});

describe('console in Chromium: attacks', () => {
  it('locks a name out after five failed sign-ins, even with the right password next, and only that name; typed HTML stays text', async () => {
    const a = await consoleAccount();
    await consoleUser(a, 'frank');
    await consoleUser(a, 'grace');
    const tab = await chrome.tab();
    await tab.goto(`/console/${a.accountId}`);
    for (let i = 0; i < 5; i++) {
      await tab.submit(`/console/${a.accountId}`, { kind: 'user', login: 'frank', password: `wrong-${i}` }, 401);
      expect(await tab.text('[role=alert]')).toBe(SIGN_IN_FAILED);
    }
    // HTML and script typed into the form come back as text, never as markup (another name: not counted for frank).
    const hostile = `"><img src=x onerror="alert(1)"><script>alert(2)</script>`;
    await tab.submit(`/console/${a.accountId}`, { kind: 'user', login: hostile, password: 'whatever' }, 401);
    expect(await tab.page.locator('#login').inputValue()).toBe(hostile);
    expect(await tab.page.locator('main img, main script').count()).toBe(0);
    await tab.submit(`/console/${a.accountId}`, { kind: 'user', login: 'frank', password: USER_PASSWORD }, 429);
    expect(await tab.text('[role=alert]')).toBe('Too many failed sign-in attempts. Wait 15 minutes, then try again.');
    await tab.submit(`/console/${a.accountId}`, { kind: 'user', login: 'grace', password: USER_PASSWORD });
    expect([tab.path, await tab.text('#principal')]).toEqual(['/console/home', 'grace']);
  });

  it('refuses forged cross-origin forms, a tampered token and a replayed one, with nothing changed; the session stays', async () => {
    const a = await consoleAccount({ rootSignIn: true });
    const tab = await chrome.tab();
    await signIn(tab, a.accountId, a.email, ROOT_PASSWORD, { root: true });
    const csrfOf = () => tab.formOf('/console/signout').locator('input[name=csrf]');
    const firstToken = await csrfOf().inputValue();
    // Another origin (same site: another port of 127.0.0.1, so the SameSite=Strict cookie is sent and the
    // console's own origin and token checks are what refuse it): sign the victim out, create a group.
    const evil = await otherOrigin(
      `<!doctype html><html lang="en"><head><title>Prize</title></head><body><main><h1>Prize</h1>` +
        `<form id="f1" method="post" action="${tab.origin}/console/signout"><button type="submit">Claim</button></form>` +
        `<form id="f2" method="post" action="${tab.origin}/console/iam/groups"><input type="hidden" name="GroupName" value="forged">` +
        `<button type="submit">Claim more</button></form></main></body></html>`,
    );
    try {
      for (const form of ['#f1', '#f2']) {
        await tab.goto(evil.url);
        await tab.clickAndLoad(tab.page.locator(`${form} button`), 403);
      }
    } finally {
      await evil.close();
    }
    expect((await sdkError(a.iam.send(new GetGroupCommand({ GroupName: 'forged' })))).name).toBe('NoSuchEntityException');
    await tab.goto('/console/home');
    await setValue(csrfOf(), 'A'.repeat(43));
    await tab.submit('/console/signout', {}, 403);
    expect(await tab.text('[role=alert]')).toBe(REFUSED);
    await tab.goto('/console/home');

    // Replayed: a token of an earlier session is worthless in the next one.
    await signOut(tab);
    await signIn(tab, a.accountId, a.email, ROOT_PASSWORD, { root: true });
    await setValue(csrfOf(), firstToken);
    await tab.submit('/console/signout', {}, 403);
    await tab.goto('/console/home');
  });
});
