/**
 * @module Account settings: the password policy, shown and edited with every field of
 * UpdateAccountPasswordPolicy. The form posts IAM's parameter names; act.ts validates them with the
 * model as the API does (length 6–128, MaxPasswordAge 1–1095, PasswordReusePrevention 1–24), and IAM's
 * ValidationError is shown in the form, next to the field it names.
 *
 * Spec: IAM API Reference, UpdateAccountPasswordPolicy
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html: no partial
 * updates, a field left out takes its default) and the PasswordPolicy data type; IAM User Guide, "Set an
 * account password policy for IAM users"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html: the
 * default policy, the symbols that count).
 */
import type { ActError } from '../../act-query';
import { Csrf, ErrorAlert, PostButton, Section } from '../../ui';

/** The form's fields as Query parameter strings (what was posted, or the current policy). */
export type PolicyValues = Record<string, string>;

const NUMBERS = [
  { name: 'MinimumPasswordLength', label: 'Minimum password length', min: 6, max: 128, hint: 'From 6 to 128 characters.' },
  { name: 'MaxPasswordAge', label: 'Password expires after (days)', min: 1, max: 1095, hint: 'From 1 to 1095 days; leave empty so that passwords never expire.' },
  { name: 'PasswordReusePrevention', label: 'Number of previous passwords users cannot reuse', min: 1, max: 24, hint: 'From 1 to 24; leave empty to allow reuse.' },
] as const;

const CHECKS = [
  { name: 'RequireUppercaseCharacters', label: 'Require at least one uppercase letter from the Latin alphabet (A–Z)' },
  { name: 'RequireLowercaseCharacters', label: 'Require at least one lowercase letter from the Latin alphabet (a–z)' },
  { name: 'RequireNumbers', label: 'Require at least one number (0–9)' },
  { name: 'RequireSymbols', label: "Require at least one non-alphanumeric character ( ! @ # $ % ^ & * ( ) _ + - = [ ] { } | ' )" },
  { name: 'AllowUsersToChangePassword', label: 'Allow IAM users to change their own password' },
  { name: 'HardExpiry', label: 'Password expiration requires administrator reset (users cannot change an expired password)' },
] as const;

/** What the form posts, as UpdateAccountPasswordPolicy's parameters (an empty number: left out, its default). */
export function policyParams(form: Record<string, string>): PolicyValues {
  const params: PolicyValues = {};
  for (const n of NUMBERS) if ((form[n.name] ?? '') !== '') params[n.name] = form[n.name]!;
  // Checkboxes post `true` when ticked and nothing otherwise; another value goes to IAM, which refuses it.
  for (const b of CHECKS) params[b.name] = form[b.name] ?? 'false';
  return params;
}

/** The form's values of the current policy (GetAccountPasswordPolicy's PasswordPolicy), or a start for a new one. */
export function valuesOf(policy: Record<string, unknown> | undefined): PolicyValues {
  // Without a policy, the form starts from the default policy's length (8) and lets users change their password.
  if (!policy) return { MinimumPasswordLength: '8', AllowUsersToChangePassword: 'true' };
  const v: PolicyValues = {};
  for (const n of NUMBERS) if (policy[n.name] !== undefined) v[n.name] = String(policy[n.name]);
  for (const b of CHECKS) v[b.name] = String(policy[b.name] === true);
  return v;
}

/** Whether IAM's validation message names the field (`at 'minimumPasswordLength'`). */
const names = (error: ActError | undefined, field: string) =>
  error !== undefined && error.message.includes(`at '${field[0]!.toLowerCase()}${field.slice(1)}'`);

const yesNo = (v: unknown) => (v === true ? 'Yes' : 'No');

/** The current policy, or the default rules when there is none. */
export const CurrentPolicy = (props: { policy: Record<string, unknown> | undefined }) => {
  const p = props.policy;
  if (!p) {
    return (
      <p id="current-password-policy">
        This account uses AWS's default password policy: at least 8 characters, with at least three of uppercase letters,
        lowercase letters, numbers and non-alphanumeric characters, and not the same as the account's alias or email address.
      </p>
    );
  }
  return (
    <dl class="facts" id="current-password-policy">
      <dt>Minimum password length</dt>
      <dd>{String(p['MinimumPasswordLength'])}</dd>
      {CHECKS.map((b) => (
        <>
          <dt>{b.label}</dt>
          <dd>{yesNo(p[b.name])}</dd>
        </>
      ))}
      <dt>Password expiration</dt>
      <dd>{p['MaxPasswordAge'] !== undefined ? `${String(p['MaxPasswordAge'])} days` : 'Passwords never expire'}</dd>
      <dt>Password reuse prevention</dt>
      <dd>{p['PasswordReusePrevention'] !== undefined ? `The last ${String(p['PasswordReusePrevention'])} passwords` : 'Not prevented'}</dd>
    </dl>
  );
};

/** The password policy section: the current policy, the form, and deleting a custom policy. */
export const PasswordPolicySection = (props: {
  csrf: string;
  policy: Record<string, unknown> | undefined;
  readError: ActError | undefined;
  values: PolicyValues;
  error: ActError | undefined;
}) => (
  <Section title="Password policy" id="password-policy">
    {props.readError ? <ErrorAlert error={props.readError} /> : <CurrentPolicy policy={props.policy} />}
    <form method="post" action="/console/iam/settings/password-policy" id="password-policy-form">
      <Csrf token={props.csrf} />
      {props.error ? <div id="password-policy-error"><ErrorAlert error={props.error} /></div> : null}
      {NUMBERS.map((n) => (
        <p class="field">
          <label for={n.name}>{n.label}</label>
          <input id={n.name} name={n.name} type="number" min={n.min} max={n.max} value={props.values[n.name] ?? ''}
            aria-invalid={names(props.error, n.name) ? 'true' : undefined}
            aria-describedby={names(props.error, n.name) ? `password-policy-error ${n.name}-hint` : `${n.name}-hint`} />
          <small id={`${n.name}-hint`} class="hint">{n.hint}</small>
        </p>
      ))}
      <fieldset>
        <legend>Requirements</legend>
        {CHECKS.map((b) => (
          <p class="field">
            <input id={b.name} name={b.name} type="checkbox" value="true" checked={props.values[b.name] === 'true'}
              aria-invalid={names(props.error, b.name) ? 'true' : undefined} />{' '}
            <label for={b.name}>{b.label}</label>
          </p>
        ))}
      </fieldset>
      <button type="submit">Save password policy</button>
    </form>
    {props.policy ? (
      <PostButton action="/console/iam/settings/password-policy/delete" csrf={props.csrf} label="Delete custom password policy" danger
        confirm="Delete the custom password policy? IAM users' passwords will follow AWS's default rules." />
    ) : null}
  </Section>
);
