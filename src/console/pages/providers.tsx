/**
 * @module Identity providers (issue 10 §3): the account's OIDC and SAML providers listed
 * (ListOpenIDConnectProviders, ListSAMLProviders), created (CreateOpenIDConnectProvider with its URL,
 * audiences and thumbprints one per line; CreateSAMLProvider with its name and metadata document), viewed
 * and deleted, as IAM actions of the signed-in principal.
 * Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml.html
 */
import type { Hono } from 'hono';
import type { WireError } from '../../storage/account-rpc';
import { actQuery, linesOf, listFields } from '../act-query';
import type { ConsoleContext, ConsoleEnv } from '../guard';
import { AppLayout } from '../layout';
import { ErrorAlert, Notice, PostButton, Section, when } from '../ui';
import { noticeOf, postedForm, statusOf } from './page-kit';
import { ProviderForms, type ProviderDrafts } from './provider-forms';

export const PROVIDERS = '/console/iam/providers';
/** A SAML metadata document may be large (IAM takes up to 10,000,000 characters); the console reads forms up to this. */
const SAML_FORM_BYTES = 1_048_576;
const NOTICES: Record<string, string> = { created: 'The identity provider was added.', deleted: 'The identity provider was deleted.' };

type Kind = 'OpenID Connect' | 'SAML';
const kindOf = (arn: string): Kind | undefined => (/:oidc-provider\//.test(arn) ? 'OpenID Connect' : /:saml-provider\//.test(arn) ? 'SAML' : undefined);
const nameOf = (arn: string) => arn.replace(/^arn:[^:]*:iam::\d{12}:(oidc|saml)-provider\//, '');
const viewLink = (arn: string, done?: string) => `${PROVIDERS}/view?${new URLSearchParams({ arn, ...(done ? { done } : {}) }).toString()}`;

async function listPage(c: ConsoleContext, drafts: ProviderDrafts = {}) {
  const [oidc, saml] = await Promise.all([actQuery(c, 'ListOpenIDConnectProviders', {}), actQuery(c, 'ListSAMLProviders', {})]);
  const rows = [
    ...(oidc.ok ? (oidc.output as { OpenIDConnectProviderList: { Arn: string }[] }).OpenIDConnectProviderList : []),
    ...(saml.ok ? (saml.output as { SAMLProviderList: { Arn: string; CreateDate?: string }[] }).SAMLProviderList : []),
  ];
  const failed = drafts.oidc?.error ?? drafts.saml?.error;
  return c.html(
    <AppLayout title="Identity providers" identity={c.get('identity')} current={PROVIDERS}>
      <Notice message={failed ? undefined : noticeOf(NOTICES, c.req.query('done'))} />
      {oidc.ok ? null : <ErrorAlert error={oidc.error} />}
      {saml.ok ? null : <ErrorAlert error={saml.error} />}
      <div class="table-wrap">
        <table id="providers">
          <caption>{`Identity providers: ${rows.length}`}</caption>
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">Type</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>
                  <a href={viewLink(r.Arn)}>{nameOf(r.Arn)}</a>
                </td>
                <td>{kindOf(r.Arn)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ProviderForms csrf={c.get('identity').session.csrf} drafts={drafts} />
    </AppLayout>,
    statusOf(failed ?? (oidc.ok ? undefined : oidc.error) ?? (saml.ok ? undefined : saml.error)),
  );
}

async function createOidc(c: ConsoleContext) {
  const form = await postedForm(c, PROVIDERS);
  if (form instanceof Response) return form;
  const draft = { Url: form['Url'] ?? '', ClientIDList: form['ClientIDList'] ?? '', ThumbprintList: form['ThumbprintList'] ?? '' };
  const result = await actQuery(c, 'CreateOpenIDConnectProvider', {
    Url: draft.Url.trim(),
    ...listFields('ClientIDList', linesOf(draft.ClientIDList)),
    ...listFields('ThumbprintList', linesOf(draft.ThumbprintList)),
  });
  if (!result.ok) return listPage(c, { oidc: { ...draft, error: result.error } });
  return c.redirect(viewLink((result.output as { OpenIDConnectProviderArn: string }).OpenIDConnectProviderArn, 'created'), 303);
}

async function createSaml(c: ConsoleContext) {
  const form = await postedForm(c, PROVIDERS, SAML_FORM_BYTES);
  if (form instanceof Response) return form;
  const draft = { Name: form['Name'] ?? '', SAMLMetadataDocument: form['SAMLMetadataDocument'] ?? '' };
  const result = await actQuery(c, 'CreateSAMLProvider', { Name: draft.Name.trim(), SAMLMetadataDocument: draft.SAMLMetadataDocument });
  if (!result.ok) return listPage(c, { saml: { ...draft, error: result.error } });
  return c.redirect(viewLink((result.output as { SAMLProviderArn: string }).SAMLProviderArn, 'created'), 303);
}

/** Get or delete a provider by ARN: the OIDC or SAML action its ARN names (SAML's when it names neither, for IAM's own error). */
const actionFor = (arn: string, verb: 'Get' | 'Delete') =>
  kindOf(arn) === 'OpenID Connect'
    ? { action: `${verb}OpenIDConnectProvider`, fields: { OpenIDConnectProviderArn: arn } }
    : { action: `${verb}SAMLProvider`, fields: { SAMLProviderArn: arn } };

async function viewPage(c: ConsoleContext, arn: string, problem?: WireError) {
  const get = actionFor(arn, 'Get');
  const result = await actQuery(c, get.action, get.fields);
  const identity = c.get('identity');
  return c.html(
    <AppLayout title={`Identity provider ${nameOf(arn)}`} identity={identity} current={PROVIDERS}>
      <Notice message={problem ? undefined : noticeOf(NOTICES, c.req.query('done'))} />
      <ErrorAlert error={problem} />
      {result.ok ? <ProviderDetails arn={arn} output={result.output as ProviderOutput} /> : <ErrorAlert error={result.error} />}
      {result.ok ? (
        <Section title="Delete provider" id="delete">
          <PostButton action={`${PROVIDERS}/delete`} csrf={identity.session.csrf} label="Delete provider" fields={{ arn }} confirm={`Delete the identity provider ${nameOf(arn)}?`} danger />
        </Section>
      ) : null}
      <p>
        <a href={PROVIDERS}>Back to identity providers</a>
      </p>
    </AppLayout>,
    statusOf(problem ?? (result.ok ? undefined : result.error)),
  );
}

interface ProviderOutput {
  Url?: string;
  ClientIDList?: string[];
  ThumbprintList?: string[];
  SAMLMetadataDocument?: string;
  CreateDate?: string;
  ValidUntil?: string;
}

const ProviderDetails = (props: { arn: string; output: ProviderOutput }) => (
  <>
    <dl class="facts" id="provider-summary">
      <dt>ARN</dt>
      <dd id="provider-arn">{props.arn}</dd>
      <dt>Type</dt>
      <dd>{kindOf(props.arn)}</dd>
      <dt>Created</dt>
      <dd>{when(props.output.CreateDate)}</dd>
      {props.output.Url !== undefined ? (
        <>
          <dt>Provider URL</dt>
          <dd>{`https://${props.output.Url}`}</dd>
          <dt>Audiences (client IDs)</dt>
          <dd id="audiences">{(props.output.ClientIDList ?? []).join(', ') || '(none)'}</dd>
          <dt>Thumbprints</dt>
          <dd id="thumbprints">{(props.output.ThumbprintList ?? []).join(', ') || '(none)'}</dd>
        </>
      ) : (
        <>
          <dt>Valid until</dt>
          <dd>{when(props.output.ValidUntil)}</dd>
        </>
      )}
    </dl>
    {props.output.SAMLMetadataDocument !== undefined ? (
      <Section title="Metadata document" id="metadata">
        <pre id="saml-metadata">{props.output.SAMLMetadataDocument}</pre>
      </Section>
    ) : null}
  </>
);

async function deleteProvider(c: ConsoleContext) {
  const form = await postedForm(c, PROVIDERS);
  if (form instanceof Response) return form;
  const arn = form['arn'] ?? '';
  const del = actionFor(arn, 'Delete');
  const result = await actQuery(c, del.action, del.fields);
  if (!result.ok) return viewPage(c, arn, result.error);
  return c.redirect(`${PROVIDERS}?done=deleted`, 303);
}

export function registerProviders(app: Hono<ConsoleEnv>) {
  app.get('/providers', (c) => listPage(c));
  app.post('/providers/oidc', createOidc);
  app.post('/providers/saml', createSaml);
  app.get('/providers/view', (c) => viewPage(c, c.req.query('arn') ?? ''));
  app.post('/providers/delete', deleteProvider);
}
