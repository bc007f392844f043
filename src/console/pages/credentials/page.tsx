/**
 * @module The security-credentials page: a summary, the console password, access keys and MFA sections,
 * with what the last action left to say (a notice, AWS's error, or a new key's secret shown this once).
 */
import type { WireError } from '../../../storage/account-rpc';
import { AppLayout } from '../../layout';
import type { ConsoleContext } from '../../guard';
import { ErrorAlert, Notice } from '../../ui';
import { loadCredentials, statusOf, type CredentialsData } from './data';
import { KeysSection, NewKeyPanel } from './keys-section';
import { MfaSection } from './mfa-section';
import { noticeOf } from './notices';
import { PasswordSection } from './password-section';
import { subjectError, titleOf, type Subject } from './subject';

export interface Flash {
  error?: WireError | undefined;
  newKey?: { id: string; secret: string; rotating?: string | undefined };
}

const Summary = (props: { s: Subject; d: CredentialsData }) => (
  <dl class="facts">
    <dt>User</dt>
    <dd id="subject-name">{props.s.userName ?? 'Root user'}</dd>
    {props.d.user.ok ? (
      <>
        <dt>ARN</dt>
        <dd id="subject-arn">{props.d.user.value.arn}</dd>
      </>
    ) : null}
  </dl>
);

/**
 * Renders the page for `s`. Status: the flash error's, else the first refused read's. A user name the API
 * would refuse, or a user that does not exist (GetUser's NoSuchEntity), gets only the error.
 */
export async function renderPage(c: ConsoleContext, s: Subject, flash: Flash = {}) {
  const identity = c.get('identity');
  const csrf = identity.session.csrf;
  const invalid = subjectError(s);
  if (invalid) {
    return c.html(
      <AppLayout title={titleOf(s)} identity={identity} current={s.nav}>
        <ErrorAlert error={invalid} />
      </AppLayout>,
      400,
    );
  }
  const d = await loadCredentials(c, s);
  const missing = !d.user.ok && d.user.error.code === 'NoSuchEntity' ? d.user.error : undefined;
  const status = (flash.error?.status ?? (flash.newKey ? 200 : statusOf(d))) as 200;
  return c.html(
    <AppLayout title={titleOf(s)} identity={identity} current={s.nav}>
      <Notice message={noticeOf(c.req.query('done'))} />
      <ErrorAlert error={flash.error} />
      {flash.newKey ? <NewKeyPanel s={s} csrf={csrf} {...flash.newKey} /> : null}
      {missing ? (
        <ErrorAlert error={missing} />
      ) : (
        <>
          <ErrorAlert error={d.user.ok ? undefined : d.user.error} />
          <Summary s={s} d={d} />
          <PasswordSection s={s} d={d} csrf={csrf} />
          <KeysSection s={s} keys={d.keys} csrf={csrf} />
          <MfaSection s={s} mfa={d.mfa} csrf={csrf} />
        </>
      )}
    </AppLayout>,
    status,
  );
}
