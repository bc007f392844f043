/**
 * @module The console's HTTP plumbing, shared by the sign-in routes and the signed-in pages: the security
 * headers of every response, cookies, same-origin form posts with a CSRF token, and the live session.
 */
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { fromUtf8 } from '../core/bytes';
import { readCapped } from '../core/read-capped';
import { secretBoxFromEnv, type SecretBox } from '../core/secret-box';
import type { AppEnv, Env } from '../env';
import type { SessionAnswer } from '../storage/account/sign-in';
import { openSession, randomToken, sameToken } from './session';

type C = Context<AppEnv>;

/**
 * The CSP and framing headers of every console response. Styles and the one progressive-enhancement
 * script come from the console's own origin (`/console/assets/`), never inline; images are the console's
 * own or `data:` (the MFA QR code, made in the Worker); forms post to the console only.
 * Referrer-Policy is `same-origin`, not `no-referrer`: under `no-referrer` a browser sends `Origin: null` on
 * every form post (Fetch standard, "serializing a request origin"), so formOf's same-origin check refused
 * every real form (found by the Chromium tests, test/e2e/console-browser.test.ts). `same-origin` still sends
 * no referrer to any other origin.
 */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

let boxPromise: Promise<SecretBox> | undefined;
export const boxOf = (env: Env) => (boxPromise ??= secretBoxFromEnv(env));
export const stubOf = (env: Env, accountId: string) => env.ACCOUNT.get(env.ACCOUNT.idFromName(accountId));
export const secure = (c: Context) => new URL(c.req.url).protocol === 'https:';
/** Cookie names: `__Host-` (Secure, Path=/, no Domain: RFC 6265bis §4.1.3.2) whenever served over HTTPS. */
export const cookieName = (c: Context, base: string) => (secure(c) ? `__Host-${base}` : base);
export const SESSION = 'iam-console';
export const CSRF = 'iam-csrf';
export const sourceOf = (c: Context) => c.req.header('cf-connecting-ip') ?? 'unknown';

export function setSecureCookie(c: Context, base: string, value: string, maxAgeSeconds: number) {
  // SameSite=Strict: the console is reached by its own URL, never needs cookies on cross-site requests, and
  // Strict keeps them off every cross-site request, forged form posts included (Lax would still send them
  // on top-level GET navigations).
  setCookie(c, cookieName(c, base), value, { path: '/', httpOnly: true, secure: secure(c), sameSite: 'Strict', maxAge: maxAgeSeconds });
}

/** The largest form the console reads: a policy document (6,144 characters as IAM counts them) URL-encoded, with room. */
export const MAX_FORM_BYTES = 65_536;

/**
 * A form post's fields, when it is a same-origin form with the expected CSRF token; undefined otherwise
 * (the caller answers `refused`). Repeated names keep every value in `all` (checkbox lists).
 */
export async function formOf(c: Context, expectedCsrf: string | undefined, maxBytes = 16_384): Promise<Form | undefined> {
  const origin = c.req.header('origin');
  if (origin !== undefined && origin !== new URL(c.req.url).origin) return undefined;
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return undefined;
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) return undefined;
  // Read against a cap, never buffered whole.
  const read = await readCapped(c.req.raw, maxBytes);
  if (!read.ok) return undefined;
  const fields: Record<string, string> = {};
  const all: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(fromUtf8(read.value))) {
    if (!(k in fields)) fields[k] = v;
    (all[k] ??= []).push(v);
  }
  if (!expectedCsrf || !fields['csrf'] || !sameToken(fields['csrf'], expectedCsrf)) return undefined;
  return Object.assign(fields, { [ALL]: all });
}

const ALL = Symbol('all values');
/** A posted form: the first value of each field, and every value of repeated fields through `valuesOf`. */
export type Form = Record<string, string> & { [ALL]: Record<string, string[]> };
export const valuesOf = (form: Form, name: string): string[] => form[ALL][name] ?? [];

/** The live session of the request, checked against the account's object (incarnation, password, sign-out). */
export async function liveSession(c: C) {
  const nowMs = c.get('now').getTime();
  const session = await openSession(await boxOf(c.env), getCookie(c, cookieName(c, SESSION)), nowMs);
  if (!session) return undefined;
  const facts = (await stubOf(c.env, session.accountId).signIn({ op: 'session', owner: session.owner })) as SessionAnswer;
  if (!facts.live) return undefined;
  const p = facts.principal;
  if (p.incarnation !== session.incarnation || !sameToken(p.passwordVersion, session.passwordVersion) || session.issuedAtMs <= facts.signedOutAtMs) return undefined;
  return { session, principal: p };
}

/** The browser's pre-session CSRF token (sign-in forms), set when missing. */
export function csrfCookie(c: Context): string {
  const existing = getCookie(c, cookieName(c, CSRF));
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomToken();
  setSecureCookie(c, CSRF, token, 3600);
  return token;
}
