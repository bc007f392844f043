/**
 * @module The console password forms of a user: set (CreateLoginProfile, or UpdateLoginProfile when the
 * user has a profile) and delete (DeleteLoginProfile). PasswordPolicyViolation and every other refusal
 * come back with AWS's words.
 */
import type { ConsoleContext } from '../../guard';
import type { Form } from '../../http';
import { checkFields, RULES } from './input';
import { renderPage } from './page';
import { done, run } from './run';
import type { Subject } from './subject';

/** POST .../login-profile: creates the profile, or sets a new password on the one there is. */
export async function setLoginProfile(c: ConsoleContext, s: Subject, form: Form) {
  const password = form['Password'] ?? '';
  const bad = checkFields([[RULES.password, password]]);
  if (bad) return renderPage(c, s, { error: bad });
  const input = { ...s.who, Password: password, PasswordResetRequired: form['PasswordResetRequired'] === 'true' };
  const existing = await run(c, 'GetLoginProfile', { ...s.who });
  const r = await run(c, existing.ok ? 'UpdateLoginProfile' : 'CreateLoginProfile', input);
  if (!r.ok) return renderPage(c, s, { error: r.error });
  return done(c, s, 'password-set');
}

/** POST .../login-profile/delete. */
export async function deleteLoginProfile(c: ConsoleContext, s: Subject) {
  const r = await run(c, 'DeleteLoginProfile', { ...s.who });
  if (!r.ok) return renderPage(c, s, { error: r.error });
  return done(c, s, 'password-deleted');
}
