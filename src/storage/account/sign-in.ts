/**
 * @module The account object's side of console sign-in (src/console/): per-name throttling with lockout,
 * the password material the isolate verifies, the record of a completed sign-in (PasswordLastUsed), and the
 * facts a console session is checked against on every page.
 *
 * Why the password is verified in the isolate, not here: Argon2id costs about 0.4 s of CPU, and the object
 * runs one call at a time, so verifying here would let anyone who can reach the sign-in page stall every IAM
 * call of the account (0.4 s per guess). The object only hands the stored hash to the Worker that asked (it
 * never leaves the service) and keeps the state that must be strongly consistent: the failure counts.
 *
 * Throttling counts by the name typed (user name, or the root's email), whether or not it exists, so a
 * locked answer says nothing about which names are real. An attempt is counted when it begins (before the
 * isolate verifies), so parallel guesses cannot all slip in before the first failure is recorded; a success
 * clears the count. After SIGN_IN_MAX_FAILURES counted attempts within SIGN_IN_WINDOW_MS the name is locked
 * for SIGN_IN_LOCK_MS. Spec: OWASP Authentication Cheat Sheet, "Protect Against Automated Attacks"; NIST SP
 * 800-63B §5.2.2 (rate limiting).
 */
import { passwordExpired } from '../../core/password-policy';
import { ROOT_MFA_OWNER, ROOT_PASSWORD_OWNER } from '../../core/records';
import { passwordVersionOf } from '../../core/password-hash';
import type { AccountContext } from './context';

/** Failed (or unfinished) attempts on one name before it is locked. */
export const SIGN_IN_MAX_FAILURES = 5;
/** The window failures are counted in, and how long a lock lasts (15 minutes each). */
export const SIGN_IN_WINDOW_MS = 900_000;
export const SIGN_IN_LOCK_MS = 900_000;

/** What the console asks the object. */
export type SignInOp =
  /** Counts an attempt on `login` and answers the password material when not locked. */
  | { op: 'begin'; root: boolean; login: string; nowMs: number }
  /** Ends an attempt: success clears the count and records PasswordLastUsed. */
  | { op: 'succeed'; root: boolean; login: string; owner: string; nowMs: number }
  /** The facts a session is checked against; `signOut` first ends the owner's earlier sessions. */
  | { op: 'session'; owner: string; signOutAtMs?: number };

/** Who signs in: the principal and what its password step needs. */
export interface SignInPrincipal {
  accountId: string;
  /** The account's incarnation (its creation time): sessions are bound to it. */
  incarnation: string;
  alias: string | null;
  /** A user id, or ROOT_PASSWORD_OWNER. */
  owner: string;
  userName: string | null;
  arn: string;
  /** SHA-256 of the stored hash (hex, 32 chars): a password change or a deleted profile changes it. */
  passwordVersion: string;
  /** Serial numbers of the MFA devices enabled for the principal. */
  mfaSerials: string[];
  resetRequired: boolean;
  expired: boolean;
  hardExpiry: boolean;
}

export type BeginAnswer =
  | { state: 'locked' }
  | { state: 'unknown' }
  | { state: 'ready'; passwordHash: string; principal: SignInPrincipal };

export type SessionAnswer = { live: false } | { live: true; principal: SignInPrincipal; signedOutAtMs: number };

interface Failures {
  n: number;
  first: number;
  until: number;
}

const failureKey = (root: boolean, login: string) => `signin:${root ? 'r' : 'u'}:${login.toLowerCase()}`;
const signOutKey = (owner: string) => `console-signout:${owner}`;

/** Runs one sign-in operation in the object. */
export async function signInOp(obj: AccountContext, op: SignInOp): Promise<BeginAnswer | SessionAnswer | { ok: true }> {
  switch (op.op) {
    case 'begin':
      return begin(obj, op.root, op.login, op.nowMs);
    case 'succeed':
      return succeed(obj, op.root, op.login, op.owner, op.nowMs);
    case 'session':
      return session(obj, op.owner, op.signOutAtMs);
  }
}

async function begin(obj: AccountContext, root: boolean, login: string, now: number): Promise<BeginAnswer> {
  const key = failureKey(root, login);
  const locked = obj.storage.transactionSync(() => {
    // Names typed by anyone are keys here: forget counts whose window and lock are over, so the table
    // holds only the names tried in the last window.
    obj.storage.sql.exec(
      "DELETE FROM meta WHERE key >= 'signin:' AND key < 'signin;' AND json_extract(value, '$.until') <= ? AND json_extract(value, '$.first') <= ?",
      now,
      now - SIGN_IN_WINDOW_MS,
    );
    const stored = obj.meta(key);
    let f: Failures = stored !== undefined ? (JSON.parse(stored) as Failures) : { n: 0, first: now, until: 0 };
    if (f.until > now) return true;
    if (f.until !== 0 || now - f.first >= SIGN_IN_WINDOW_MS) f = { n: 0, first: now, until: 0 };
    const n = f.n + 1;
    // The attempt that reaches the limit is still verified; the next one is refused.
    obj.setMeta(key, JSON.stringify({ n, first: f.first, until: n >= SIGN_IN_MAX_FAILURES ? now + SIGN_IN_LOCK_MS : 0 }));
    return false;
  });
  if (locked) return { state: 'locked' };
  const found = await principalOf(obj, root ? ROOT_PASSWORD_OWNER : undefined, root ? login : login, now);
  return found ?? { state: 'unknown' };
}

function succeed(obj: AccountContext, root: boolean, login: string, owner: string, now: number): { ok: true } {
  const account = obj.account();
  if (!account) return { ok: true };
  obj.transact(account.accountId, (store) => {
    obj.deleteMeta(failureKey(root, login));
    if (store.findLoginProfile(owner)) store.recordPasswordUse(owner, new Date(now).toISOString());
  });
  return { ok: true };
}

async function session(obj: AccountContext, owner: string, signOutAtMs: number | undefined): Promise<SessionAnswer> {
  if (signOutAtMs !== undefined) obj.setMeta(signOutKey(owner), String(signOutAtMs));
  const found = await principalOf(obj, owner === ROOT_PASSWORD_OWNER ? ROOT_PASSWORD_OWNER : undefined, owner, undefined);
  if (!found) return { live: false };
  return { live: true, principal: found.principal, signedOutAtMs: Number(obj.meta(signOutKey(owner)) ?? 0) };
}

/**
 * The principal and its password material: the root user when `root` is set (`key` is the email typed,
 * or the owner when called for a session), else the IAM user named (or, for a session, with id) `key`.
 */
async function principalOf(
  obj: AccountContext,
  root: string | undefined,
  key: string,
  now: number | undefined,
): Promise<{ state: 'ready'; passwordHash: string; principal: SignInPrincipal } | undefined> {
  const account = obj.account();
  if (!account || account.status !== 'active') return undefined;
  const store = obj.readStore();
  const partition = obj.env.IAM_PARTITION || 'aws';
  let owner: string;
  let userName: string | null = null;
  let arn: string;
  if (root !== undefined) {
    if (now !== undefined && account.email.toLowerCase() !== key.toLowerCase()) return undefined;
    owner = ROOT_PASSWORD_OWNER;
    arn = `arn:${partition}:iam::${account.accountId}:root`;
  } else {
    const user = now !== undefined ? store.findUserByName(key) : store.findUserById(key);
    if (!user) return undefined;
    owner = user.userId;
    userName = user.userName;
    arn = user.arn;
  }
  const profile = store.findLoginProfile(owner);
  if (!profile) return undefined;
  const policy = root === undefined ? store.getPasswordPolicy() : undefined;
  const expired = now !== undefined && passwordExpired(profile.passwordChangedAt, policy, new Date(now));
  const mfaOwner = root !== undefined ? ROOT_MFA_OWNER : owner;
  return {
    state: 'ready',
    passwordHash: profile.passwordHash,
    principal: {
      accountId: account.accountId,
      incarnation: account.createdAt,
      alias: account.alias,
      owner,
      userName,
      arn,
      passwordVersion: passwordVersionOf(profile.passwordHash, profile.passwordChangedAt),
      mfaSerials: store.listMfaDevicesFor(mfaOwner).filter((d) => d.enableDate !== null).map((d) => d.serialNumber),
      resetRequired: profile.passwordResetRequired,
      expired,
      hardExpiry: policy?.hardExpiry === true,
    },
  };
}
