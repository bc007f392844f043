/**
 * @module The identity providers page's two create forms: OpenID Connect (provider URL, audiences and
 * thumbprints one per line) and SAML (name, metadata document). A failed create comes back with IAM's
 * message under its form and the fields as typed.
 * Spec: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html,
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateSAMLProvider.html
 */
import type { WireError } from '../../storage/account-rpc';
import { Csrf, ErrorAlert, Field, Section } from '../ui';

export interface ProviderDrafts {
  oidc?: { Url: string; ClientIDList: string; ThumbprintList: string; error: WireError };
  saml?: { Name: string; SAMLMetadataDocument: string; error: WireError };
}

const Lines = (props: { id: string; label: string; value: string; hint: string; rows?: number; required?: boolean }) => (
  <p class="field">
    <label for={props.id}>{props.label}</label>
    <textarea id={props.id} name={props.id} rows={props.rows ?? 3} required={props.required} aria-describedby={`${props.id}-hint`}>
      {props.value}
    </textarea>
    <small id={`${props.id}-hint`} class="hint">
      {props.hint}
    </small>
  </p>
);

export const ProviderForms = (props: { csrf: string; drafts: ProviderDrafts }) => (
  <>
    <Section title="Add an OpenID Connect provider" id="add-oidc">
      <ErrorAlert error={props.drafts.oidc?.error} />
      <form method="post" action="/console/iam/providers/oidc" id="oidc-form">
        <Csrf token={props.csrf} />
        <Field id="Url" label="Provider URL" value={props.drafts.oidc?.Url} required maxlength={255} hint="https:// and the issuer's host, for example https://token.actions.githubusercontent.com" />
        <Lines id="ClientIDList" label="Audiences (client IDs), one per line" value={props.drafts.oidc?.ClientIDList ?? ''} hint="Up to 100 audiences." />
        <Lines id="ThumbprintList" label="Thumbprints, one per line (optional)" value={props.drafts.oidc?.ThumbprintList ?? ''} hint="40 hexadecimal characters each (SHA-1 of the top certificate), up to 5." />
        <button type="submit">Add OpenID Connect provider</button>
      </form>
    </Section>
    <Section title="Add a SAML provider" id="add-saml">
      <ErrorAlert error={props.drafts.saml?.error} />
      <form method="post" action="/console/iam/providers/saml" id="saml-form">
        <Csrf token={props.csrf} />
        <Field id="Name" label="Provider name" value={props.drafts.saml?.Name} required maxlength={128} hint="Letters, digits and ._- (up to 128 characters)." />
        <Lines id="SAMLMetadataDocument" label="Metadata document (XML from your identity provider)" value={props.drafts.saml?.SAMLMetadataDocument ?? ''} rows={10} required hint="The IdP's SAML 2.0 metadata, with its signing certificate." />
        <button type="submit">Add SAML provider</button>
      </form>
    </Section>
  </>
);
