/**
 * @module Account settings: the account alias. Shown through ListAccountAliases, created (or replaced)
 * through CreateAccountAlias and deleted through DeleteAccountAlias, with IAM's rules and messages (3–63
 * lowercase letters, digits and single hyphens, neither first nor last; unique across accounts:
 * `EntityAlreadyExists`).
 *
 * Spec: IAM API Reference, CreateAccountAlias
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccountAlias.html); IAM User Guide, "Your
 * AWS account ID and its alias" (https://docs.aws.amazon.com/IAM/latest/UserGuide/console_account-alias.html:
 * one alias per account, a new one replaces the old and the old sign-in URL stops working; the account id
 * URL keeps working; an alias is not secret).
 */
import type { ActError } from '../../act-query';
import { Csrf, ErrorAlert, PostButton, Section } from '../../ui';
import { aliasIsReserved, signInUrl } from '../sign-in-url';

/** The alias section: the current alias and sign-in URL, the form, and deleting the alias. */
export const AliasSection = (props: {
  csrf: string;
  origin: string;
  accountId: string;
  /** The current alias (null: none; undefined: the read was refused, see readError). */
  alias: string | null | undefined;
  readError: ActError | undefined;
  typed: string | undefined;
  error: ActError | undefined;
}) => (
  <Section title="Account alias" id="alias">
    {props.readError ? (
      <ErrorAlert error={props.readError} />
    ) : (
      <dl class="facts">
        <dt>Account alias</dt>
        <dd id="current-alias">{props.alias ?? '(none)'}</dd>
        <dt>Sign-in URL for IAM users in this account</dt>
        <dd id="settings-sign-in-url">{signInUrl(props.origin, props.accountId, props.alias)}</dd>
      </dl>
    )}
    {props.alias && aliasIsReserved(props.alias) ? (
      <p class="alert warning">This alias is also the name of a console page, so IAM users sign in through the account ID URL.</p>
    ) : null}
    <form method="post" action="/console/iam/settings/alias" id="alias-form">
      <Csrf token={props.csrf} />
      {props.error ? <div id="alias-error"><ErrorAlert error={props.error} /></div> : null}
      <p class="field">
        <label for="AccountAlias">{props.alias ? 'New account alias' : 'Account alias'}</label>
        <input id="AccountAlias" name="AccountAlias" type="text" value={props.typed ?? ''} maxlength={63} autocomplete="off"
          aria-invalid={props.error ? 'true' : undefined} aria-describedby={props.error ? 'alias-error AccountAlias-hint' : 'AccountAlias-hint'} />
        <small id="AccountAlias-hint" class="hint">
          3 to 63 lowercase letters, numbers and hyphens; not starting or ending with a hyphen, no two hyphens in a row. Unique across all
          accounts, and not secret: it appears in the sign-in URL. A new alias replaces the current one, whose sign-in URL stops working.
        </small>
      </p>
      <button type="submit">{props.alias ? 'Replace alias' : 'Create alias'}</button>
    </form>
    {props.alias ? (
      <PostButton action="/console/iam/settings/alias/delete" csrf={props.csrf} label="Delete alias" danger fields={{ AccountAlias: props.alias }}
        confirm="Delete the account alias? Its sign-in URL stops working; the account ID URL still works." />
    ) : null}
  </Section>
);
