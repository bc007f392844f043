/**
 * @module Checking a console password: the sign-in form's check (routes.tsx), reused by the root user's own
 * password change (pages/credentials/), so both count failures and lock out alike. The attempt is counted in
 * the account's object, the Argon2id verification runs in this isolate (storage/account/sign-in.ts says
 * why), and an unknown account or name verifies against a dummy hash of the same cost.
 */
import type { Context } from 'hono';
import { encodeHash, PASSWORD_HASH_PARAMS, verifyPassword } from '../core/password-hash';
import type { AppEnv } from '../env';
import type { BeginAnswer, SignInPrincipal } from '../storage/account/sign-in';
import { sourceOf, stubOf } from './http';
import { recordSourceFailure, sourceBlocked } from './throttle';

/** The answer while a name or a source is locked out. */
export const SIGN_IN_LOCKED = 'Too many failed sign-in attempts. Wait 15 minutes, then try again.';

/**
 * A well-formed Argon2id hash at the current parameters that no password matches (random bytes, never
 * the output for any input anyone knows), for unknown accounts and names: verifying against it costs what
 * verifying a real one costs, so the time of a failure says nothing about which check failed.
 */
let dummy: string | undefined;
// Made at first use: Workers refuse random values in the global scope.
export const dummyHash = (): string =>
  (dummy ??= encodeHash({ params: PASSWORD_HASH_PARAMS, salt: crypto.getRandomValues(new Uint8Array(16)), hash: crypto.getRandomValues(new Uint8Array(32)) }));

/** An attempt's outcome; a failure names the principal the name typed named (null: none), for the audit trail only. */
export type PasswordAttempt = { outcome: 'locked' } | { outcome: 'failed'; known: SignInPrincipal | null } | { outcome: 'ok'; principal: SignInPrincipal };

/** As {@link attemptPassword}, answering only what a page shows. */
export async function checkPassword(c: Context<AppEnv>, accountId: string | undefined, root: boolean, login: string, password: string): Promise<'locked' | 'failed' | SignInPrincipal> {
  const attempt = await attemptPassword(c, accountId, root, login, password);
  return attempt.outcome === 'ok' ? attempt.principal : attempt.outcome;
}

/**
 * Checks a name and password: counts the attempt in the object, verifies in this isolate (against the
 * dummy hash when the account or name is unknown), records a success. Constant work whichever failed.
 */
export async function attemptPassword(c: Context<AppEnv>, accountId: string | undefined, root: boolean, login: string, password: string): Promise<PasswordAttempt> {
  const nowMs = c.get('now').getTime();
  const source = sourceOf(c);
  if (sourceBlocked(source, nowMs)) return { outcome: 'locked' };
  const answer: BeginAnswer = accountId
    ? ((await stubOf(c.env, accountId).signIn({ op: 'begin', root, login, nowMs })) as BeginAnswer)
    : { state: 'unknown' };
  if (answer.state === 'locked') return { outcome: 'locked' };
  const ok = verifyPassword(password, answer.state === 'ready' ? answer.passwordHash : dummyHash());
  if (!ok || answer.state !== 'ready') {
    recordSourceFailure(source, nowMs);
    return { outcome: 'failed', known: answer.state === 'ready' ? answer.principal : null };
  }
  await stubOf(c.env, accountId!).signIn({ op: 'succeed', root, login, owner: answer.principal.owner, nowMs });
  return { outcome: 'ok', principal: answer.principal };
}
