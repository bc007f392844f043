/**
 * @module Choosing a new password for an owner (a user or the root user): the policy check, the hash, and
 * the reuse check against the owner's remembered hashes, shared by CreateLoginProfile, UpdateLoginProfile,
 * ChangePassword and the operator's root password.
 *
 * The costly part (Argon2id, about a second of CPU: core/password-hash.ts) runs in the action's `prepare`,
 * outside the transaction; `run` re-checks the cheap parts against the state it commits on
 * ({@link commitPassword}). The owner's hashes share one salt (the newest remembered hash's, while its
 * parameters are current), so the new password is hashed once and compared with each remembered hash as
 * text; a hash made with other parameters or another salt costs one more computation per distinct pair.
 */
import { AwsError } from '../../../core/errors';
import type { RandomBytes } from '../../../core/ids';
import { decodeHash, hashPassword, newPasswordSalt, PASSWORD_HASH_PARAMS, verifyPassword } from '../../../core/password-hash';
import { PASSWORD_POLICY_VIOLATION, satisfiesPolicy } from '../../../core/password-policy';
import type { AccountStore } from '../../../core/ports';
import type { PasswordPolicyRecord } from '../../../core/records';
import { ROOT_PASSWORD_OWNER } from '../../../core/records';

/** PasswordPolicyViolation, as AWS words every violation. */
export const policyViolation = () => new AwsError('PasswordPolicyViolation', PASSWORD_POLICY_VIOLATION, 400);

/** A new password hashed in `prepare`, with what `run` needs to re-check it. */
export interface PreparedPassword {
  /** The new password's hash (PHC string). */
  hash: string;
  /**
   * Position (0 = newest) of the newest remembered hash the new password matches, or -1 for none: `run`
   * refuses it when the policy then in force remembers that many.
   */
  reusedAt: number;
  /** The newest remembered hash when prepared (undefined: none); `run` re-checks it is still the newest. */
  newest: string | undefined;
}

const paramsKey = (encoded: string) => {
  const d = decodeHash(encoded);
  return d ? `${d.params.m},${d.params.t},${d.params.p}` : undefined;
};

/** Whether `password` passes `policy` (the default policy without one) for the owner of this account. */
export function checkPolicy(store: AccountStore, owner: string, password: string, policy = store.getPasswordPolicy()): void {
  const account = store.getAccount();
  // The root user is held to AWS's default rules; an account's custom policy applies to IAM users.
  const applied = owner === ROOT_PASSWORD_OWNER ? undefined : policy;
  if (!satisfiesPolicy(password, applied, { accountEmail: account?.email, accountAlias: account?.alias })) throw policyViolation();
}

/** Policy check, hash and reuse check of `password` for `owner` (see the module comment). */
export function preparePassword(store: AccountStore, owner: string, password: string, random: RandomBytes): PreparedPassword {
  checkPolicy(store, owner, password);
  const history = store.listPasswordHistory(owner);
  const newest = history[0];
  const current = `${PASSWORD_HASH_PARAMS.m},${PASSWORD_HASH_PARAMS.t},${PASSWORD_HASH_PARAMS.p}`;
  const reuseSalt = newest && paramsKey(newest) === current ? decodeHash(newest)!.salt : undefined;
  const hash = hashPassword(password, reuseSalt ?? newPasswordSalt(random));
  const prefix = hash.slice(0, hash.lastIndexOf('$'));
  let reusedAt = -1;
  for (let i = 0; i < history.length && reusedAt < 0; i++) {
    const old = history[i]!;
    // Same parameters and salt: the same password gives the same text. Otherwise one computation.
    const same = old.slice(0, old.lastIndexOf('$')) === prefix ? old === hash : verifyPassword(password, old);
    if (same) reusedAt = i;
  }
  return { hash, reusedAt, newest };
}

/**
 * Inside the transaction: the policy as it is now (it may have changed since `prepare`), the reuse check
 * against the history as it is now, then the owner's remembered hashes gain the new one. Throws
 * EntityTemporarilyUnmodifiable when another change of the same password committed in between.
 */
export function commitPassword(store: AccountStore, owner: string, password: string, prepared: PreparedPassword, when: string, subject: string): void {
  const policy: PasswordPolicyRecord | undefined = store.getPasswordPolicy();
  checkPolicy(store, owner, password, policy);
  if (store.listPasswordHistory(owner)[0] !== prepared.newest) {
    throw new AwsError('EntityTemporarilyUnmodifiable', `Login Profile for ${subject} is being changed by another request; try again.`, 409);
  }
  const remembered = owner === ROOT_PASSWORD_OWNER ? 0 : (policy?.passwordReusePrevention ?? 0);
  if (prepared.reusedAt >= 0 && prepared.reusedAt < remembered) throw policyViolation();
  store.rememberPassword(owner, prepared.hash, when);
}
