/**
 * @module The MFA section and the virtual-device assignment pages. Listing is ListMFADevices; "Assign MFA
 * device" asks for a device name (GET .../mfa/new), creates the virtual device (POST .../mfa/new,
 * CreateVirtualMFADevice) and shows its QR code and seed once, with the form of two consecutive codes
 * (POST .../mfa, EnableMFADevice), as AWS's console does (IAM User Guide, "Assign a virtual MFA device in
 * the AWS Management Console", https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_virtual.html).
 */
import { AppLayout } from '../../layout';
import type { ConsoleIdentity } from '../../guard';
import { Csrf, ErrorAlert, Field, PostButton, Section, when } from '../../ui';
import type { WireError } from '../../../storage/account-rpc';
import type { Read } from './data';
import type { Subject } from './subject';
import { titleOf } from './subject';

/** The section of the page. */
export const MfaSection = (props: { s: Subject; mfa: Read<Array<{ serial: string; enabled: string }>>; csrf: string }) => {
  const { s, mfa, csrf } = props;
  return (
    <Section title="Multi-factor authentication (MFA)" id="mfa">
      <p>With an MFA device, signing in asks for a code from the device after the password.</p>
      <ErrorAlert error={mfa.ok ? undefined : mfa.error} />
      {mfa.ok ? (
        <div class="table-wrap">
          <table id="mfa-device-list">
            <caption>Assigned MFA devices</caption>
            <thead>
              <tr>
                <th scope="col">Identifier</th>
                <th scope="col">Type</th>
                <th scope="col">Assigned</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {mfa.value.length === 0 ? (
                <tr>
                  <td colspan={4}>No MFA device assigned.</td>
                </tr>
              ) : (
                mfa.value.map((d) => (
                  <tr>
                    <td>
                      <code>{d.serial}</code>
                    </td>
                    <td>Virtual (authenticator app)</td>
                    <td>{when(d.enabled)}</td>
                    <td>
                      <PostButton action={`${s.base}/mfa/deactivate`} csrf={csrf} label="Remove" danger fields={{ SerialNumber: d.serial }} confirm="Remove this MFA device? Sign-in will no longer ask for its codes." />
                    </td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      ) : null}
      <p>
        <a href={`${s.base}/mfa/new`} id="assign-mfa">
          Assign MFA device
        </a>
      </p>
    </Section>
  );
};

/** The default device name: the user's name (AWS's self-service policies allow `mfa/${aws:username}`). */
export const defaultDeviceName = (s: Subject) => s.userName ?? 'root-account-mfa-device';

/** Step 1: the device's name. */
export const MfaNamePage = (props: { s: Subject; identity: ConsoleIdentity; name?: string; error?: WireError | undefined }) => (
  <AppLayout title="Assign MFA device" identity={props.identity} current={props.s.nav}>
    <p>
      <a href={props.s.base}>{titleOf(props.s)}</a>
    </p>
    <ErrorAlert error={props.error} />
    <form method="post" action={`${props.s.base}/mfa/new`}>
      <Csrf token={props.identity.session.csrf} />
      <Field id="VirtualMFADeviceName" label="Device name" value={props.name ?? defaultDeviceName(props.s)} required maxlength={226} pattern="[\w+=,.@\-]+" hint="Letters, digits and + = , . @ _ -" />
      <button type="submit">Next</button>
    </form>
  </AppLayout>
);

export interface Enrolment {
  serial: string;
  seed: string;
  /** The QR code's PNG, base64. */
  png: string;
}

/** Step 2: the QR code and seed (shown in this response only) and the two codes. */
export const MfaEnrolPage = (props: { s: Subject; identity: ConsoleIdentity; e: Enrolment; sealed: string; error?: WireError | undefined }) => {
  const { s, e } = props;
  const csrf = props.identity.session.csrf;
  return (
    <AppLayout title="Set up the authenticator app" identity={props.identity} current={s.nav}>
      <ErrorAlert error={props.error} />
      <ol>
        <li>Install an authenticator app (TOTP, RFC 6238) on a phone or computer.</li>
        <li>
          Scan the QR code with the app, or type the secret key in it.
          <p>
            <img id="mfa-qr" src={`data:image/png;base64,${e.png}`} alt="QR code of the MFA device's secret key (the same key is shown as text below)" />
          </p>
          <p>
            Secret key: <code class="secret" id="mfa-seed">{e.seed}</code>
          </p>
        </li>
        <li>Enter two consecutive codes from the app.</li>
      </ol>
      <form method="post" action={`${s.base}/mfa`} id="enable-mfa">
        <Csrf token={csrf} />
        <input type="hidden" name="SerialNumber" value={e.serial} />
        <input type="hidden" name="enrolment" value={props.sealed} />
        <Field id="AuthenticationCode1" label="MFA code 1" required maxlength={6} pattern="[0-9]{6}" autocomplete="one-time-code" />
        <Field id="AuthenticationCode2" label="MFA code 2" required maxlength={6} pattern="[0-9]{6}" autocomplete="one-time-code" />
        <button type="submit">Add MFA</button>
      </form>
      <PostButton action={`${s.base}/mfa/cancel`} csrf={csrf} label="Cancel" fields={{ SerialNumber: e.serial }} />
    </AppLayout>
  );
};
