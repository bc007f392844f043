/**
 * @module The account's console sign-in URL, as AWS's IAM dashboard shows "Sign-in URL for IAM users in
 * this account": the alias when there is one, the account id otherwise (IAM User Guide, "Your AWS account
 * ID and its alias", https://docs.aws.amazon.com/IAM/latest/UserGuide/console_account-alias.html: the URL
 * with the account id keeps working after an alias is created).
 */

/**
 * Paths under `/console` that the console's own routes take (routes.tsx): an alias spelled like one of
 * them cannot serve as a sign-in URL, so the URL names the account id instead.
 */
const RESERVED_PATHS: ReadonlySet<string> = new Set(['home', 'iam', 'assets', 'signout']);

/** The sign-in URL of the account at `origin` (the console's own origin). */
export function signInUrl(origin: string, accountId: string, alias: string | null | undefined): string {
  const ref = alias && !RESERVED_PATHS.has(alias) ? alias : accountId;
  return `${origin}/console/${ref}`;
}

/** Whether an alias cannot be used in the sign-in URL (see RESERVED_PATHS). */
export const aliasIsReserved = (alias: string): boolean => RESERVED_PATHS.has(alias);
