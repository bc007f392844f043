/**
 * @module Console sessions and the sign-in steps between password and session, as sealed values
 * (core/secret-box.ts, AES-256-GCM): nothing is stored per session, and nothing in one can be read or
 * changed by the browser.
 *
 * - The session cookie is `<accountId>.<sealed>`, sealed with additional data naming the account, so a
 *   session cannot be replayed against another account (a changed prefix does not open). It carries the
 *   account's incarnation and the password's version (a hash of the stored hash), which every page checks
 *   against the account's object: closing the account, changing the password or deleting the login
 *   profile ends it. It expires after SESSION_TTL_MS (12 hours, AWS's console session length for IAM
 *   users), and sign-out ends every earlier session of the principal (a time kept in the object).
 * - A pending step (MFA code, forced password change) is a sealed hidden field valid PENDING_TTL_MS.
 * - Each session and each pre-session browser has a random CSRF token: forms carry it, and a POST is
 *   refused unless its field equals the token bound to the cookie (OWASP CSRF Prevention Cheat Sheet,
 *   "Synchronizer token pattern"), besides SameSite=Strict cookies and an Origin check.
 */
import { constantTimeEqual, toBase64Url, utf8 } from '../core/bytes';
import type { SecretBox } from '../core/secret-box';

/** How long a console session lasts (12 hours). */
export const SESSION_TTL_MS = 12 * 3_600_000;
/** How long the MFA and password-change steps wait (5 minutes). */
export const PENDING_TTL_MS = 300_000;

/** A signed-in principal, as its cookie carries it. */
export interface ConsoleSession {
  accountId: string;
  incarnation: string;
  owner: string;
  passwordVersion: string;
  issuedAtMs: number;
  expiresAtMs: number;
  csrf: string;
  /** When the sign-in's MFA step passed; absent when it had none (`aws:MultiFactorAuthPresent` false). */
  mfaAtMs?: number;
}

/** A sign-in between its password and its session. */
export interface PendingSignIn {
  step: 'mfa' | 'change';
  accountId: string;
  incarnation: string;
  owner: string;
  root: boolean;
  login: string;
  userName: string | null;
  arn: string;
  passwordVersion: string;
  /** The MFA device the code is checked against (the first enabled), null when none. */
  mfaSerial: string | null;
  /** After the MFA step: whether the password must still be changed. */
  mustChange: boolean;
  /** Set once the MFA step passed (the forced change comes after it). */
  mfaAtMs?: number;
  expiresAtMs: number;
}

const SESSION_AAD = (accountId: string) => `console-session:${accountId}`;
const PENDING_AAD = 'console-pending';

/** A random token (CSRF, 32 bytes in base64url). */
export const randomToken = (): string => toBase64Url(crypto.getRandomValues(new Uint8Array(32)));

/** Constant-time equality of two tokens. */
export const sameToken = (a: string, b: string): boolean => a.length === b.length && constantTimeEqual(utf8(a), utf8(b));

export async function sealSession(box: SecretBox, s: ConsoleSession): Promise<string> {
  return `${s.accountId}.${await box.seal(JSON.stringify(s), SESSION_AAD(s.accountId))}`;
}

/** Opens a session cookie: undefined when malformed, tampered with, of another account, or expired. */
export async function openSession(box: SecretBox, cookie: string | undefined, nowMs: number): Promise<ConsoleSession | undefined> {
  if (!cookie || cookie.length > 4096) return undefined;
  const dot = cookie.indexOf('.');
  const accountId = cookie.slice(0, dot);
  if (!/^\d{12}$/.test(accountId)) return undefined;
  const json = await box.open(cookie.slice(dot + 1), SESSION_AAD(accountId));
  if (json === undefined) return undefined;
  const s = JSON.parse(json) as ConsoleSession;
  if (s.accountId !== accountId || !(s.expiresAtMs > nowMs)) return undefined;
  return s;
}

export const sealPending = (box: SecretBox, p: PendingSignIn): Promise<string> => box.seal(JSON.stringify(p), PENDING_AAD);

export async function openPending(box: SecretBox, token: string | undefined, nowMs: number): Promise<PendingSignIn | undefined> {
  if (!token || token.length > 4096) return undefined;
  const json = await box.open(token, PENDING_AAD);
  if (json === undefined) return undefined;
  const p = JSON.parse(json) as PendingSignIn;
  return p.expiresAtMs > nowMs ? p : undefined;
}
