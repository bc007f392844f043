/**
 * @module The console's sign-in routes (issue 10 §2), served by the IAM Worker under `/console`:
 *
 *   GET  /console/{account-id-or-alias}                  the sign-in form (AWS-style per-account URL)
 *   POST /console/{account-id-or-alias}                  user name (or root email) and password
 *   POST /console/{account-id-or-alias}/mfa              the TOTP step, when the principal has an MFA device
 *   POST /console/{account-id-or-alias}/change-password  the forced change (reset required or expired)
 *   GET  /console/home                                   the dashboard (pages/dashboard.tsx)
 *   *    /console/iam/...                                the signed-in pages (pages/), behind the session gate
 *   GET  /console/assets/console-{v}.css|js              the stylesheet and the progressive-enhancement script
 *   POST /console/signout                                ends the session (and every earlier one)
 *
 * The password is verified here in the isolate with the hash the account's object hands over (see
 * storage/account/sign-in.ts for why not in the object); an unknown account or name verifies against a
 * dummy hash of the same cost, so every failure takes the same time and gets the same words.
 * Every response carries a strict CSP (styles and script from the console's origin only, nothing inline,
 * forms to self, frame-ancestors 'none'). `home`, `iam`, `assets` and `signout` are reserved: an alias
 * spelled like one of them signs in through the account id URL instead.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import type { AppEnv, Env } from '../env';
import type { SessionAnswer, SignInPrincipal } from '../storage/account/sign-in';
import { accountOfAlias } from '../storage/read-model';
import { ChangePasswordPage, MessagePage, MfaPage, SignInPage } from './sign-in-pages';
import { act, consoleCaller } from './act';
import { ASSET_PATHS, CONSOLE_CSS, CONSOLE_JS } from './assets';
import { requireSession, type ConsoleEnv } from './guard';
import { SECTIONS } from './pages/index';
import { dashboard } from './pages/dashboard';
import { boxOf, cookieName, CSRF, csrfCookie, formOf, liveSession, secure, SECURITY_HEADERS, SESSION, setSecureCookie, stubOf } from './http';
import { openPending, openSession, PENDING_TTL_MS, randomToken, sealPending, sealSession, SESSION_TTL_MS, type ConsoleSession, type PendingSignIn } from './session';
import { attemptPassword, checkPassword, SIGN_IN_LOCKED } from './password-check';
import { recordConsoleLogin } from '../data-plane/sign-in-audit';
import { ROOT_PASSWORD_OWNER } from '../core/records';
import { ROLE_COOKIE } from './role-session';

type C = Context<AppEnv>;

/** AWS's console answer to a wrong name or password, whichever it was. */
export const SIGN_IN_FAILED = 'Your authentication information is incorrect. Please try again.';
/** HardExpiry (IAM User Guide, "Set an account password policy": an administrator must reset it). */
export const PASSWORD_EXPIRED_HARD = 'Your password has expired and you cannot change it. Contact your administrator to reset your password.';
const MFA_FAILED = 'Your authentication information is incorrect. Please try again.';
const FORM_REFUSED = 'This form has expired or was not sent from this page. Go back to the sign-in page and try again.';

/** The account alias rule (CreateAccountAlias). */
const ALIAS = /^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$/;
const ACCOUNT_ID = /^\d{12}$/;
/** The asset file names, as a route pattern. */
const ASSET_FILES = [ASSET_PATHS.css, ASSET_PATHS.js].map((p) => p.slice('/console/assets/'.length).replace(/[.-]/g, '\\$&')).join('|');

const refused = (c: C) => c.html(<MessagePage title="Request refused" message={FORM_REFUSED} />, 403);

async function resolveAccount(env: Env, ref: string): Promise<string | undefined> {
  if (ACCOUNT_ID.test(ref)) return ref;
  if (!ALIAS.test(ref)) return undefined;
  return accountOfAlias(env.DB, ref);
}

/**
 * A `ConsoleLogin` in the account's trail (data-plane/sign-in-audit.ts): `p` the principal the name typed
 * named (null: none, or not established), never the password.
 */
function recordLogin(c: C, accountId: string, root: boolean, p: Pick<SignInPrincipal, 'owner' | 'userName' | 'arn'> | null, success: boolean, mfaUsed: boolean) {
  recordConsoleLogin(c, {
    accountId,
    root,
    principal: p && { ...(root ? {} : { userId: p.owner }), userName: p.userName, arn: p.arn },
    success,
    mfaUsed,
    loginTo: new URL('/console/home', c.req.url).toString(),
    facts: { requestId: c.get('requestId'), now: c.get('now'), sourceIp: c.req.header('cf-connecting-ip') ?? null, userAgent: c.req.header('user-agent') ?? null },
  });
}

/** Issues the session cookie for `p`, records the sign-in, and sends the browser home. */
async function startSession(c: C, p: SignInPrincipal, mfaAtMs: number | undefined) {
  const nowMs = c.get('now').getTime();
  recordLogin(c, p.accountId, p.owner === ROOT_PASSWORD_OWNER, p, true, mfaAtMs !== undefined);
  const session: ConsoleSession = {
    accountId: p.accountId,
    incarnation: p.incarnation,
    owner: p.owner,
    passwordVersion: p.passwordVersion,
    issuedAtMs: nowMs,
    expiresAtMs: nowMs + SESSION_TTL_MS,
    csrf: randomToken(),
    ...(mfaAtMs !== undefined ? { mfaAtMs } : {}),
  };
  setSecureCookie(c, SESSION, await sealSession(await boxOf(c.env), session), SESSION_TTL_MS / 1000);
  return c.redirect('/console/home', 303);
}

function pendingOf(p: SignInPrincipal, root: boolean, login: string, step: PendingSignIn['step'], mustChange: boolean, nowMs: number): PendingSignIn {
  return {
    step,
    accountId: p.accountId,
    incarnation: p.incarnation,
    owner: p.owner,
    root,
    login,
    userName: p.userName,
    arn: p.arn,
    passwordVersion: p.passwordVersion,
    mfaSerial: p.mfaSerials[0] ?? null,
    mustChange,
    expiresAtMs: nowMs + PENDING_TTL_MS,
  };
}

async function changePage(c: C, account: string, csrf: string, pending: PendingSignIn, error?: string, status: 200 | 400 | 403 = 200) {
  const sealed = await sealPending(await boxOf(c.env), { ...pending, step: 'change' });
  const reason = 'You must change your password before you continue.';
  return c.html(<ChangePasswordPage account={account} csrf={csrf} pending={sealed} reason={reason} error={error} />, status);
}

const MAX_FIELD = 256;
const MAX_PASSWORD = 128;

/** The console's routes (mounted at /console). */
export function consoleRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    await next();
    const cached = c.res.headers.has('cache-control');
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) if (!(k === 'cache-control' && cached)) c.res.headers.set(k, v);
  });

  app.get(`/assets/:file{${ASSET_FILES}}`, (c) => {
    const css = c.req.param('file').endsWith('.css');
    // Versioned names (assets.ts), so a day of caching never serves a stale file after a change.
    c.header('cache-control', 'public, max-age=86400');
    return c.body(css ? CONSOLE_CSS : CONSOLE_JS, 200, { 'content-type': css ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8' });
  });

  const gate = requireSession((c) => c.html(<MessagePage title="Signed out" message="You are not signed in. Open your account's sign-in URL to sign in." />, 401));
  const home = new Hono<ConsoleEnv>();
  home.use('*', gate);
  home.get('/', dashboard);
  app.route('/home', home);

  const pages = new Hono<ConsoleEnv>();
  pages.use('*', gate);
  pages.get('/', (c) => c.redirect('/console/home', 303));
  for (const register of SECTIONS) register(pages);
  app.route('/iam', pages);

  app.post('/signout', async (c) => {
    const nowMs = c.get('now').getTime();
    const session = await openSession(await boxOf(c.env), getCookie(c, cookieName(c, SESSION)), nowMs);
    if (!session || !(await formOf(c, session.csrf))) return refused(c);
    // Ends this session and every earlier one of the principal: a sealed cookie cannot be recalled, so the
    // object remembers when the principal last signed out.
    await stubOf(c.env, session.accountId).signIn({ op: 'session', owner: session.owner, signOutAtMs: nowMs });
    deleteCookie(c, cookieName(c, SESSION), { path: '/', secure: secure(c) });
    // A switched role's cookie opens only beside the session just ended; it goes with it.
    deleteCookie(c, cookieName(c, ROLE_COOKIE), { path: '/', secure: secure(c) });
    return c.html(<MessagePage title="Signed out" message="You have signed out." />);
  });

  app.get('/:account', (c) => {
    const account = c.req.param('account');
    return c.html(<SignInPage account={account} csrf={csrfCookie(c)} root={c.req.query('root') !== undefined} />);
  });

  app.post('/:account', async (c) => {
    const account = c.req.param('account');
    const csrf = getCookie(c, cookieName(c, CSRF));
    const form = await formOf(c, csrf);
    if (!form) return refused(c);
    const root = form['kind'] === 'root';
    const login = form['login'] ?? '';
    const password = form['password'] ?? '';
    const again = (error: string, status: 401 | 429) =>
      c.html(<SignInPage account={account} csrf={csrf!} root={root} login={login.slice(0, MAX_FIELD)} error={error} />, status);
    if (login.length === 0 || login.length > MAX_FIELD || password.length === 0 || password.length > MAX_PASSWORD) return again(SIGN_IN_FAILED, 401);
    const accountId = await resolveAccount(c.env, account);
    const attempt = await attemptPassword(c, accountId, root, login, password);
    // A locked attempt is refused before any check: it authenticated nothing (the failures that locked it
    // are in the trail). An account that does not resolve has no trail.
    if (attempt.outcome === 'locked') return again(SIGN_IN_LOCKED, 429);
    if (attempt.outcome === 'failed') {
      if (accountId) recordLogin(c, accountId, root, attempt.known, false, false);
      return again(SIGN_IN_FAILED, 401);
    }
    const result = attempt.principal;
    if (result.expired && result.hardExpiry) return c.html(<MessagePage title="Password expired" message={PASSWORD_EXPIRED_HARD} />, 403);
    const nowMs = c.get('now').getTime();
    const mustChange = result.resetRequired || result.expired;
    if (result.mfaSerials.length > 0) {
      const pending = await sealPending(await boxOf(c.env), pendingOf(result, root, login, 'mfa', mustChange, nowMs));
      return c.html(<MfaPage account={account} csrf={csrf!} pending={pending} />);
    }
    if (mustChange) return changePage(c, account, csrf!, pendingOf(result, root, login, 'change', true, nowMs));
    return startSession(c, result, undefined);
  });

  app.post('/:account/mfa', async (c) => {
    const account = c.req.param('account');
    const nowMs = c.get('now').getTime();
    const csrf = getCookie(c, cookieName(c, CSRF));
    const form = await formOf(c, csrf);
    const pending = form && (await openPending(await boxOf(c.env), form['pending'], nowMs));
    if (!form || !pending || pending.step !== 'mfa' || pending.mfaSerial === null || (await resolveAccount(c.env, account)) !== pending.accountId) return refused(c);
    const code = form['code'] ?? '';
    const outcome = /^\d{6}$/.test(code) ? await stubOf(c.env, pending.accountId).consumeMfaCode(pending.owner, pending.mfaSerial, code, nowMs) : 'invalid-code';
    if (outcome !== 'ok') {
      recordLogin(c, pending.accountId, pending.root, pending, false, true);
      // The same step again, with its own expiry: the device's throttle (storage/account/mfa.ts) bounds guesses.
      return c.html(<MfaPage account={account} csrf={csrf!} pending={form['pending']!} error={MFA_FAILED} />, 401);
    }
    if (pending.mustChange) return changePage(c, account, csrf!, { ...pending, mfaAtMs: nowMs });
    const facts = (await stubOf(c.env, pending.accountId).signIn({ op: 'session', owner: pending.owner })) as SessionAnswer;
    if (!facts.live || facts.principal.incarnation !== pending.incarnation || facts.principal.passwordVersion !== pending.passwordVersion) return refused(c);
    return startSession(c, facts.principal, nowMs);
  });

  app.post('/:account/change-password', async (c) => {
    const account = c.req.param('account');
    const nowMs = c.get('now').getTime();
    const csrf = getCookie(c, cookieName(c, CSRF));
    const form = await formOf(c, csrf);
    const pending = form && (await openPending(await boxOf(c.env), form['pending'], nowMs));
    if (!form || !pending || pending.step !== 'change' || (await resolveAccount(c.env, account)) !== pending.accountId) return refused(c);
    const oldPassword = form['old'] ?? '';
    const newPassword = form['new'] ?? '';
    if (newPassword !== (form['confirm'] ?? '')) return changePage(c, account, csrf!, pending, 'The new passwords do not match.', 400);
    if (oldPassword.length === 0 || oldPassword.length > MAX_PASSWORD || newPassword.length === 0 || newPassword.length > MAX_PASSWORD) {
      return changePage(c, account, csrf!, pending, 'Enter your old password and a new password of at most 128 characters.', 400);
    }
    const stub = stubOf(c.env, pending.accountId);
    let error: string | undefined;
    if (pending.root) {
      // The root user's password is the operator's to set (AWS's default rules); ChangePassword is for IAM users.
      const checked = await checkPassword(c, pending.accountId, true, pending.login, oldPassword);
      if (typeof checked === 'string') error = checked === 'locked' ? SIGN_IN_LOCKED : 'The old password is incorrect.';
      else {
        const result = await stub.admin({ op: 'root-password', password: newPassword, passwordResetRequired: false });
        if (!result.ok) error = result.error.message;
      }
    } else {
      // The same IAM action as the API, authorized the same way (AllowUsersToChangePassword or a policy),
      // as the user, bound to the password it signed in with.
      const result = await act(c, consoleCaller(pending), 'ChangePassword', { OldPassword: oldPassword, NewPassword: newPassword });
      if (!result.ok) error = result.error.message;
    }
    if (error !== undefined) return changePage(c, account, csrf!, pending, error, 400);
    const facts = (await stub.signIn({ op: 'session', owner: pending.owner })) as SessionAnswer;
    if (!facts.live || facts.principal.incarnation !== pending.incarnation) return refused(c);
    return startSession(c, facts.principal, pending.mfaAtMs);
  });

  return app;
}
