/**
 * @module The account password policy's rules: what a new password must satisfy, with the account's
 * custom policy or, without one, AWS's default policy; and when a password has expired.
 *
 * Spec: IAM User Guide, "Set an account password policy for IAM users"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html):
 * - the symbols a policy counts are `! @ # $ % ^ & * ( ) _ + - = [ ] { } | '`;
 * - without a custom policy a password must have 8 to 128 characters, at least three of uppercase,
 *   lowercase, numbers and those symbols, and must not be the account's name (alias here) or email;
 * - IAM API Reference, UpdateAccountPasswordPolicy: the fields, their defaults (length 6, every
 *   requirement false, no expiry, no reuse prevention) and ranges (length 6–128, age 1–1095 days, reuse
 *   1–24; the protocol layer enforces the ranges from the model).
 * AWS answers every violation with one message, `Password does not conform to the account password
 * policy.` (PasswordPolicyViolation), not naming the rule broken.
 */
import type { PasswordPolicyRecord } from './records';

/** The message of every PasswordPolicyViolation, as AWS words it. */
export const PASSWORD_POLICY_VIOLATION = 'Password does not conform to the account password policy.';

/** The symbols a policy's RequireSymbols (and the default policy) counts. */
const SYMBOLS = new Set("!@#$%^&*()_+-=[]{}|'");

/** The default policy's length floor and class count. */
const DEFAULT_MIN_LENGTH = 8;
const DEFAULT_CLASSES = 3;

/** UpdateAccountPasswordPolicy's defaults for the fields a request leaves out. */
export const POLICY_DEFAULTS: Readonly<PasswordPolicyRecord> = Object.freeze({
  minimumPasswordLength: 6,
  requireSymbols: false,
  requireNumbers: false,
  requireUppercaseCharacters: false,
  requireLowercaseCharacters: false,
  allowUsersToChangePassword: false,
  maxPasswordAge: null,
  passwordReusePrevention: null,
  hardExpiry: null,
});

/** The character classes a password contains. */
function classesOf(password: string) {
  let upper = false;
  let lower = false;
  let digit = false;
  let symbol = false;
  for (const ch of password) {
    if (ch >= 'A' && ch <= 'Z') upper = true;
    else if (ch >= 'a' && ch <= 'z') lower = true;
    else if (ch >= '0' && ch <= '9') digit = true;
    else if (SYMBOLS.has(ch)) symbol = true;
  }
  return { upper, lower, digit, symbol };
}

/** What a password is checked against besides the policy: the account's names it must not equal. */
export interface PasswordSubject {
  accountEmail?: string | null;
  accountAlias?: string | null;
}

/**
 * Whether `password` satisfies `policy` (the account's custom policy) or, when there is none, AWS's
 * default policy. History (reuse prevention) is checked apart, on hashes.
 */
export function satisfiesPolicy(password: string, policy: PasswordPolicyRecord | undefined, subject: PasswordSubject = {}): boolean {
  const length = [...password].length;
  const c = classesOf(password);
  if (!policy) {
    const classes = [c.upper, c.lower, c.digit, c.symbol].filter(Boolean).length;
    const lc = password.toLowerCase();
    const isName = [subject.accountEmail, subject.accountAlias].some((n) => n && n.toLowerCase() === lc);
    return length >= DEFAULT_MIN_LENGTH && classes >= DEFAULT_CLASSES && !isName;
  }
  return (
    length >= policy.minimumPasswordLength &&
    (!policy.requireUppercaseCharacters || c.upper) &&
    (!policy.requireLowercaseCharacters || c.lower) &&
    (!policy.requireNumbers || c.digit) &&
    (!policy.requireSymbols || c.symbol)
  );
}

/** Whether passwords expire under the policy (the `ExpirePasswords` output field). */
export const expiresPasswords = (policy: PasswordPolicyRecord | undefined): boolean => (policy?.maxPasswordAge ?? 0) > 0;

/** Whether a password set at `changedAt` has expired at `now` under the policy (sign-in asks). */
export function passwordExpired(changedAt: string, policy: PasswordPolicyRecord | undefined, now: Date): boolean {
  const days = policy?.maxPasswordAge ?? 0;
  if (days <= 0) return false;
  return now.getTime() >= Date.parse(changedAt) + days * 86_400_000;
}
