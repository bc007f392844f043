/**
 * @module Changing one's own password (POST /console/iam/security-credentials/password). An IAM user
 * calls ChangePassword (authorized as the API authorizes it; IAM User Guide, "How an IAM user changes
 * their own password", id_credentials_passwords_user-change-own.html). The root user has no IAM action
 * for it: its old password is checked as the sign-in checks it (password-check.ts, with the same failure
 * count and lockout), then the account object's admin `root-password` operation sets the new one (AWS's
 * default password rules). Either way the password's version changes, which ends every console session
 * of the principal, this one included (storage/account/execute.ts `#resolveConsole`); the page says so and
 * links to the sign-in page.
 */
import type { Context } from 'hono';
import { deleteCookie } from 'hono/cookie';
import type { AppEnv } from '../../../env';
import type { WireError } from '../../../storage/account-rpc';
import { ASSET_PATHS } from '../../assets';
import type { ConsoleContext } from '../../guard';
import { cookieName, secure, SESSION, stubOf, type Form } from '../../http';
import { checkPassword, SIGN_IN_LOCKED } from '../../password-check';
import { checkFields, consoleError, RULES } from './input';
import { renderPage } from './page';
import { run } from './run';
import type { Subject } from './subject';

const PasswordChangedPage = (props: { signIn: string }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>Password changed | IAM console</title>
      <link rel="stylesheet" href={ASSET_PATHS.css} />
    </head>
    <body>
      <main id="main">
        <h1>Password changed</h1>
        <p role="status">Your password was changed and you were signed out. Sign in again with your new password.</p>
        <p>
          <a href={props.signIn} id="sign-in-again">
            Sign in
          </a>
        </p>
      </main>
    </body>
  </html>
);

/** The root user's change: the old password checked as at sign-in, then the object's root-password op. */
async function changeRootPassword(c: ConsoleContext, oldPassword: string, newPassword: string): Promise<WireError | undefined> {
  const accountId = c.get('identity').principal.accountId;
  const stub = stubOf(c.env, accountId);
  // The sign-in's check counts attempts by the login typed, the root user's email, which only the
  // account's record holds (the session does not carry it).
  const account = await stub.admin({ op: 'get' });
  if (!account.ok || !account.account) return consoleError('NoSuchEntity', 'The account cannot be found.', 404);
  const checked = await checkPassword(c as unknown as Context<AppEnv>, accountId, true, account.account.email, oldPassword);
  if (checked === 'locked') return consoleError('Throttling', SIGN_IN_LOCKED, 429);
  if (checked === 'failed') return consoleError('AccessDenied', 'The old password is incorrect.', 403);
  const set = await stub.admin({ op: 'root-password', password: newPassword, passwordResetRequired: false });
  return set.ok ? undefined : set.error;
}

/** POST /console/iam/security-credentials/password (OldPassword, NewPassword, ConfirmPassword). */
export async function changeOwnPassword(c: ConsoleContext, s: Subject, form: Form) {
  const oldPassword = form['OldPassword'] ?? '';
  const newPassword = form['NewPassword'] ?? '';
  let error =
    checkFields([
      [{ ...RULES.password, path: 'oldPassword' }, oldPassword],
      [{ ...RULES.password, path: 'newPassword' }, newPassword],
    ]) ?? (newPassword !== (form['ConfirmPassword'] ?? '') ? consoleError('ValidationError', 'The new password and its confirmation do not match.') : undefined);
  if (!error) {
    if (s.root) error = await changeRootPassword(c, oldPassword, newPassword);
    else {
      const r = await run(c, 'ChangePassword', { OldPassword: oldPassword, NewPassword: newPassword });
      if (!r.ok) error = r.error;
    }
  }
  if (error) return renderPage(c, s, { error });
  deleteCookie(c, cookieName(c, SESSION), { path: '/', secure: secure(c) });
  const p = c.get('identity').principal;
  const signIn = `/console/${encodeURIComponent(p.alias ?? p.accountId)}${s.root ? '?root' : ''}`;
  return c.html(<PasswordChangedPage signIn={signIn} />);
}
