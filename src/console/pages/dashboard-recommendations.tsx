/**
 * @module The dashboard's "Security recommendations", worded as AWS's IAM dashboard words them ("Add MFA
 * for root user" / "Root user has MFA", "Deactivate or delete access keys for root user" / "Root user has
 * no active access keys"), plus the password policy and unused access keys. Each says its state in words
 * (Done, Recommended, Not checked), never by colour alone; a read the principal may not make shows AWS's
 * refusal in place of its verdict.
 *
 * Spec: IAM User Guide, "Root user best practices for your AWS account"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html), "Set an account password
 * policy for IAM users" (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html),
 * "Security best practices in IAM" (https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html).
 */
import type { Child } from 'hono/jsx';
import type { ActError } from '../act-query';
import { ErrorAlert, Section, when } from '../ui';
import { SCAN_MAX_USERS, type UnusedKeysScan } from './unused-keys';

type State = 'ok' | 'todo' | 'unknown';
const STATE_WORDS: Record<State, string> = { ok: 'Done', todo: 'Recommended', unknown: 'Not checked' };
const STATE_CLASS: Record<State, string> = { ok: 'alert notice', todo: 'alert warning', unknown: 'alert' };

/** One recommendation: its state in words, its title, what to do. */
const Rec = (props: { id: string; state: State; title: string; children?: Child }) => (
  <div id={`rec-${props.id}`} class={STATE_CLASS[props.state]} data-state={props.state}>
    <p>
      <strong>{`${STATE_WORDS[props.state]}: ${props.title}`}</strong>
    </p>
    {props.children}
  </div>
);

const RootMfa = (props: { root: boolean; summary: Record<string, number> | undefined; error: ActError | undefined }) => {
  if (!props.summary) return <Rec id="root-mfa" state="unknown" title="MFA for root user"><ErrorAlert error={props.error} /></Rec>;
  if (props.summary['AccountMFAEnabled'] === 1) {
    return <Rec id="root-mfa" state="ok" title="Root user has MFA"><p>Having multi-factor authentication (MFA) for the root user improves security for this account.</p></Rec>;
  }
  return (
    <Rec id="root-mfa" state="todo" title="Add MFA for root user">
      <p>Enable multi-factor authentication (MFA) for the root user to improve security for this account.</p>
      {props.root ? <p><a href="/console/iam/security-credentials">Add MFA</a></p> : <p>Only the root user can add it, from its own security credentials.</p>}
    </Rec>
  );
};

const RootKeys = (props: { root: boolean; summary: Record<string, number> | undefined; error: ActError | undefined }) => {
  if (!props.summary) return <Rec id="root-keys" state="unknown" title="Access keys for root user"><ErrorAlert error={props.error} /></Rec>;
  const why = <p>Using access keys attached to an IAM user or role instead of the root user improves security.</p>;
  // AccountAccessKeysPresent counts the root user's keys whatever their status, so "present" may include an
  // inactive key: the advice then is to delete it.
  if (props.summary['AccountAccessKeysPresent'] !== 1) return <Rec id="root-keys" state="ok" title="Root user has no active access keys">{why}</Rec>;
  return (
    <Rec id="root-keys" state="todo" title="Deactivate or delete access keys for root user">
      {why}
      {props.root ? <p><a href="/console/iam/security-credentials">Manage access keys</a></p> : null}
    </Rec>
  );
};

const PasswordPolicy = (props: { policy: 'set' | 'none' | ActError }) => {
  if (props.policy === 'set') return <Rec id="password-policy" state="ok" title="A password policy is set"><p><a href="/console/iam/settings">View the password policy</a></p></Rec>;
  if (props.policy === 'none') {
    return (
      <Rec id="password-policy" state="todo" title="Set a password policy">
        <p>IAM users' passwords follow AWS's default rules. A custom policy sets their length, character types, expiry and reuse.</p>
        <p><a href="/console/iam/settings">Set a password policy</a></p>
      </Rec>
    );
  }
  return <Rec id="password-policy" state="unknown" title="Password policy"><ErrorAlert error={props.policy} /></Rec>;
};

const KeysTable = (props: { keys: Extract<UnusedKeysScan, { ok: true }>['keys'] }) => (
  <div class="table-wrap">
    <table id="unused-keys">
      <caption>Active access keys not used for 90 days or never used</caption>
      <thead>
        <tr><th scope="col">User</th><th scope="col">Access key ID</th><th scope="col">Created</th><th scope="col">Last used</th></tr>
      </thead>
      <tbody>
        {props.keys.map((k) => (
          <tr>
            <td><a href={`/console/iam/users/${encodeURIComponent(k.userName)}/security-credentials`}>{k.userName}</a></td>
            <td>{k.accessKeyId}</td>
            <td>{when(k.createDate)}</td>
            <td>{when(k.lastUsed)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);

const UnusedKeys = (props: { scan: UnusedKeysScan }) => {
  const s = props.scan;
  if (!s.ok) return <Rec id="unused-keys" state="unknown" title="Unused access keys"><ErrorAlert error={s.error} /></Rec>;
  const notes = (
    <>
      {s.truncated ? <p id="unused-keys-capped">{`Checked the first ${SCAN_MAX_USERS} users by name; the account has more. Their keys are on each user's page.`}</p> : null}
      {s.refused ? (
        <>
          <p>{`The keys of ${s.unchecked} of ${s.users} users could not be read:`}</p>
          <ErrorAlert error={s.refused} />
        </>
      ) : null}
    </>
  );
  if (s.keys.length === 0) {
    return <Rec id="unused-keys" state={s.refused ? 'unknown' : 'ok'} title="No active access keys unused for 90 days">{notes}</Rec>;
  }
  return (
    <Rec id="unused-keys" state="todo" title="Deactivate or delete unused access keys">
      <p>These active keys were not used in the last 90 days, or never. Remove the credentials no one uses.</p>
      <KeysTable keys={s.keys} />
      {notes}
    </Rec>
  );
};

/** The "Security recommendations" section. */
export const Recommendations = (props: {
  root: boolean;
  summary: Record<string, number> | undefined;
  summaryError: ActError | undefined;
  policy: 'set' | 'none' | ActError;
  keys: UnusedKeysScan;
}) => (
  <Section title="Security recommendations" id="recommendations">
    <RootMfa root={props.root} summary={props.summary} error={props.summaryError} />
    <RootKeys root={props.root} summary={props.summary} error={props.summaryError} />
    <PasswordPolicy policy={props.policy} />
    <UnusedKeys scan={props.keys} />
  </Section>
);
