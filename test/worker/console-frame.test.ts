/**
 * The signed-in console's frame (issue 10 §3): the assets the CSP allows, the session gate in front of
 * every page, and console calls carrying the session's MFA facts into policy evaluation as AWS's console
 * sessions do (`aws:MultiFactorAuthPresent`).
 */
import { describe, expect, it } from 'vitest';
import { ASSET_PATHS } from '../../src/console/assets';
import { advanceClock, iamOk } from './support';
import { accountWithRoot, Browser, enableMfa, hidden, ROOT_PW, signedIn, USER_PW, userWithPassword } from './signin-support';

const CSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

describe('console frame', () => {
  it('serves its stylesheet and script with their types, cacheable, under the CSP; nothing else', async () => {
    const b = new Browser();
    const css = await b.get(ASSET_PATHS.css);
    expect([css.status, css.headers.get('content-type'), css.headers.get('cache-control')]).toEqual([200, 'text/css; charset=utf-8', 'public, max-age=86400']);
    expect(await css.text()).toContain('@media (max-width:48rem)');
    const js = await b.get(ASSET_PATHS.js);
    expect([js.status, js.headers.get('content-type'), js.headers.get('content-security-policy')]).toEqual([200, 'text/javascript; charset=utf-8', CSP]);
    expect((await b.get('/console/assets/console-0.css')).status).toBe(404);
    expect((await b.get('/console/assets/..%2Fworker.ts')).status).toBe(404);
  });

  it('lets no page through without a live session, and frames pages with navigation and sign-out', async () => {
    const anonymous = new Browser();
    for (const path of ['/console/home', '/console/iam', '/console/iam/users']) {
      const res = await anonymous.get(path);
      expect([path, res.status, res.headers.get('cache-control')]).toEqual([path, 401, 'no-store']);
    }
    const { accountId, email } = await accountWithRoot();
    const b = await signedIn(accountId, email, ROOT_PW, true);
    const iam = await b.get('/console/iam');
    expect([iam.status, iam.headers.get('location')]).toEqual([303, '/console/home']);
    const home = await b.get('/console/home');
    const html = await home.text();
    expect([home.status, home.headers.get('content-security-policy')]).toEqual([200, CSP]);
    expect(html).toContain(`<link rel="stylesheet" href="${ASSET_PATHS.css}"/>`);
    expect(html).toContain('<a href="/console/home" aria-current="page">Dashboard</a>');
    expect(html).toContain('<a class="skip" href="#main">');
    expect(hidden(html, 'csrf')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('evaluates console calls with aws:MultiFactorAuthPresent from the sign-in: true after the MFA step, false without', async () => {
    const { accountId, root } = await accountWithRoot();
    // ChangePassword only with MFA, the pattern of AWS's "manage your own credentials with MFA" policies.
    const onlyWithMfa = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:ChangePassword', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }],
    });
    for (const name of ['with-mfa', 'without-mfa']) {
      await userWithPassword(root, name, { PasswordResetRequired: 'true' });
      await iamOk(root, 'PutUserPolicy', { UserName: name, PolicyName: 'change', PolicyDocument: onlyWithMfa });
    }
    const code = await enableMfa(root, 'with-mfa');
    advanceClock(90_000);

    const withMfa = new Browser();
    const mfaStep = hidden(await (await withMfa.signIn(accountId, 'with-mfa', USER_PW)).text(), 'pending');
    const change = await withMfa.post(`/console/${accountId}/mfa`, { csrf: withMfa.csrf, pending: mfaStep, code: code() });
    const changed = await withMfa.post(`/console/${accountId}/change-password`, { csrf: withMfa.csrf, pending: hidden(await change.text(), 'pending'), old: USER_PW, new: 'Changed-passw0rd!', confirm: 'Changed-passw0rd!' });
    expect([changed.status, changed.headers.get('location')]).toEqual([303, '/console/home']);

    const without = new Browser();
    const page = await without.signIn(accountId, 'without-mfa', USER_PW);
    const refused = await without.post(`/console/${accountId}/change-password`, { csrf: without.csrf, pending: hidden(await page.text(), 'pending'), old: USER_PW, new: 'Changed-passw0rd!', confirm: 'Changed-passw0rd!' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(
      `User: arn:aws:iam::${accountId}:user/without-mfa is not authorized to perform: iam:ChangePassword on resource: arn:aws:iam::${accountId}:user/without-mfa because no identity-based policy allows the iam:ChangePassword action`,
    );
  });
});
