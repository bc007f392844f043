/**
 * @module The console password section. An administrator's view of a user: console access (the login
 * profile: created, reset required, last used) with "set password" (CreateLoginProfile, or
 * UpdateLoginProfile when one exists) and "disable console access" (DeleteLoginProfile). One's own page:
 * the same status and the change-password form (ChangePassword, old password required), as AWS's
 * "My security credentials" page has it; the root user's own page: the root password's change form.
 */
import { ErrorAlert, Field, PostButton, Section, when } from '../../ui';
import type { CredentialsData } from './data';
import type { Subject } from './subject';

const ChangePasswordForm = (props: { s: Subject; csrf: string }) => (
  <form method="post" action={`${props.s.base}/password`} id="change-password">
    <input type="hidden" name="csrf" value={props.csrf} />
    <Field id="OldPassword" label="Current password" type="password" required maxlength={128} autocomplete="current-password" />
    <Field id="NewPassword" label="New password" type="password" required maxlength={128} autocomplete="new-password" />
    <Field id="ConfirmPassword" label="Confirm new password" type="password" required maxlength={128} autocomplete="new-password" />
    <p>Changing your password signs you out; sign in again with the new password.</p>
    <button type="submit">Change password</button>
  </form>
);

const SetPasswordForm = (props: { s: Subject; csrf: string; exists: boolean }) => (
  <form method="post" action={`${props.s.base}/login-profile`} id="set-password">
    <input type="hidden" name="csrf" value={props.csrf} />
    <Field id="Password" label={props.exists ? 'New console password' : 'Console password'} type="password" required maxlength={128} autocomplete="new-password" hint="The account password policy applies." />
    <p class="field">
      <label for="PasswordResetRequired">
        <input type="checkbox" id="PasswordResetRequired" name="PasswordResetRequired" value="true" /> User must create a new password at next sign-in
      </label>
    </p>
    <button type="submit">{props.exists ? 'Set new password' : 'Enable console access'}</button>
  </form>
);

/** The section of the page. */
export const PasswordSection = (props: { s: Subject; d: CredentialsData; csrf: string }) => {
  const { s, d, csrf } = props;
  if (s.root) {
    return (
      <Section title="Root user password" id="password">
        <ChangePasswordForm s={s} csrf={csrf} />
      </Section>
    );
  }
  const read = d.profile!;
  const view = read.ok ? read.value : undefined;
  const lastUsed = d.user.ok ? d.user.value.passwordLastUsed : undefined;
  return (
    <Section title="Console sign-in" id="password">
      <ErrorAlert error={read.ok ? undefined : read.error} />
      {view ? (
        <dl class="facts">
          <dt>Console access</dt>
          <dd id="console-access">{view.profile ? 'Enabled' : 'Disabled'}</dd>
          {view.profile ? (
            <>
              <dt>Password created</dt>
              <dd>{when(view.profile.created)}</dd>
              <dt>Reset required at next sign-in</dt>
              <dd id="reset-required">{view.profile.resetRequired ? 'Yes' : 'No'}</dd>
            </>
          ) : null}
          <dt>Password last used</dt>
          <dd id="password-last-used">{when(lastUsed)}</dd>
        </dl>
      ) : null}
      {s.own ? (
        <ChangePasswordForm s={s} csrf={csrf} />
      ) : (
        <>
          <SetPasswordForm s={s} csrf={csrf} exists={view?.profile != null} />
          {view?.profile ? (
            <PostButton action={`${s.base}/login-profile/delete`} csrf={csrf} label="Disable console access" danger confirm={`Disable console access for ${s.userName}? The user can no longer sign in.`} />
          ) : null}
        </>
      )}
    </Section>
  );
};
