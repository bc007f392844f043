/**
 * @module The passwords aggregate's port: login profiles (console passwords) of users and of the root
 * user, the bounded history of each owner's previous password hashes (PasswordReusePrevention), when each
 * password was last used to sign in, the account password policy, and the account alias on the account's
 * own row. `owner` is a user id or ROOT_PASSWORD_OWNER.
 */
import type { LoginProfileRecord, PasswordPolicyRecord } from '../records';

/** The most previous passwords the history keeps per owner: the largest PasswordReusePrevention (24). */
export const PASSWORD_HISTORY_MAX = 24;

/** Login profiles, password history and use, the password policy and the alias. */
export interface PasswordStore {
  findLoginProfile(owner: string): LoginProfileRecord | undefined;
  /** Inserts or replaces the owner's login profile. */
  putLoginProfile(profile: LoginProfileRecord): void;
  deleteLoginProfile(owner: string): void;

  /** The owner's remembered password hashes, newest first (the current password's first). */
  listPasswordHistory(owner: string): string[];
  /** Remembers a password hash as the owner's newest, keeping at most PASSWORD_HISTORY_MAX. */
  rememberPassword(owner: string, passwordHash: string, when: string): void;

  /** When the owner's password was last used to sign in (kept after the login profile goes, as AWS does). */
  passwordLastUsed(owner: string): string | undefined;
  /** Every login profile's owner and when its password was set, in one read (the credential report; no hashes). */
  listPasswordDates(): Array<Pick<LoginProfileRecord, 'owner' | 'passwordChangedAt'>>;
  /** Every owner's last password use, in one read (the credential report). */
  listPasswordUses(): Array<{ owner: string; lastUsed: string }>;
  /** Records a sign-in with the owner's password (the sign-in page calls it). */
  recordPasswordUse(owner: string, when: string): void;
  /** Forgets an owner's history and use record (DeleteUser: the user is gone). */
  forgetPasswords(owner: string): void;

  getPasswordPolicy(): PasswordPolicyRecord | undefined;
  putPasswordPolicy(policy: PasswordPolicyRecord): void;
  deletePasswordPolicy(): void;

  /** Sets or clears the account's alias on its row (and its read-model row). */
  setAccountAlias(alias: string | null): void;
}

/**
 * The deployment-wide register of account aliases (unique across all accounts), reached asynchronously
 * (the main D1 database). Claims are written by the account's object before it commits an alias.
 */
export interface AliasRegistry {
  /** Claims `alias` for `accountId`: true when it is now (or already was) that account's. */
  claim(alias: string, accountId: string): Promise<boolean>;
  /** Releases every claim of `accountId` except `keep` (all when null). */
  releaseExcept(accountId: string, keep: string | null): Promise<void>;
}
