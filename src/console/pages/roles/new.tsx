/**
 * @module Create role (`GET /console/iam/roles/new?template=account|web-identity|saml`, `POST
 * /console/iam/roles`): a template chosen and filled on the server (templates.ts), then the trust policy
 * editor with the role's name, path, description and maximum session duration; CreateRole's answer
 * (MalformedPolicyDocument, an invalid principal...) is shown beside the editor, with what was typed.
 * Spec: IAM API Reference, CreateRole (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html).
 */
import { partitionOf } from '../../../env';
import { act } from '../../act';
import type { ConsoleContext } from '../../guard';
import { AppLayout } from '../../layout';
import { Csrf, ErrorAlert, Field, Section } from '../../ui';
import { doneRedirect, entityPath, readForm, refused, statusOf, type PageError } from '../forms';
import { PolicyEditor } from '../policy-editor';
import { choicesOf, TEMPLATE_KINDS, TEMPLATE_LABELS, trustTemplate, type TemplateChoices } from './templates';

/** What the create form holds. */
interface RoleDraft {
  RoleName: string;
  Path: string;
  Description: string;
  MaxSessionDuration: string;
  AssumeRolePolicyDocument: string;
}

/** The account's OIDC or SAML providers, for the federation templates (empty when the list is refused). */
async function providersOf(c: ConsoleContext, kind: TemplateChoices['kind']): Promise<string[]> {
  if (kind === 'account') return [];
  const caller = c.get('identity').caller;
  if (kind === 'web-identity') {
    const r = await act(c, caller, 'ListOpenIDConnectProviders', {});
    return r.ok ? (r.output as { OpenIDConnectProviderList: Array<{ Arn: string }> }).OpenIDConnectProviderList.map((p) => p.Arn) : [];
  }
  const r = await act(c, caller, 'ListSAMLProviders', {});
  return r.ok ? (r.output as { SAMLProviderList: Array<{ Arn: string }> }).SAMLProviderList.map((p) => p.Arn) : [];
}

/** The template's own fields (a GET form: choosing fills the editor below on the server). */
const TemplateFields = (props: { t: TemplateChoices; providers: string[]; accountId: string }) => {
  const t = props.t;
  if (t.kind === 'account') {
    return (
      <>
        <Field id="account" label="Trusted account ID" value={t.account || props.accountId} maxlength={12} pattern="\d{12}" hint="This account or another account's 12-digit ID" />
        <fieldset>
          <legend>Conditions</legend>
          <input id="requireMfa" name="requireMfa" type="checkbox" value="true" checked={t.requireMfa} />
          <label for="requireMfa">Require MFA</label>
        </fieldset>
        <Field id="externalId" label="External ID (optional)" value={t.externalId} maxlength={1224} />
      </>
    );
  }
  return (
    <>
      <p class="field">
        <label for="provider">{t.kind === 'saml' ? 'SAML provider' : 'Identity provider'}</label>
        <select id="provider" name="provider">
          {props.providers.map((arn) => (
            <option value={arn} selected={arn === t.provider}>
              {arn}
            </option>
          ))}
        </select>
        {props.providers.length === 0 ? <small class="hint">This account has no such provider yet: add one under Identity providers.</small> : null}
      </p>
      {t.kind === 'web-identity' ? <Field id="audience" label="Audience" value={t.audience} maxlength={255} /> : null}
    </>
  );
};

/** The create page: template choice, then the role form (`draft` and `error` after a refused CreateRole). */
export async function newRolePage(c: ConsoleContext, draft?: RoleDraft, error?: PageError) {
  const identity = c.get('identity');
  const t = choicesOf((n) => c.req.query(n));
  const providers = await providersOf(c, t.kind);
  if (!t.provider && providers[0]) t.provider = providers[0];
  const trust = draft?.AssumeRolePolicyDocument ?? trustTemplate(t, partitionOf(c.env), identity.caller.accountId);
  const inline = error?.code === 'MalformedPolicyDocument' ? error : undefined;
  return c.html(
    <AppLayout title="Create role" identity={identity} current="/console/iam/roles">
      <p>
        <a href="/console/iam/roles">Roles</a>
      </p>
      <ErrorAlert error={inline ? undefined : error} />
      <Section title="Trusted entity type" id="trusted-entity">
        <ul class="cards" id="templates">
          {TEMPLATE_KINDS.map((k) => (
            <li class="card">
              <a href={`/console/iam/roles/new?template=${k}`} aria-current={k === t.kind ? 'true' : undefined}>
                {TEMPLATE_LABELS[k]}
              </a>
            </li>
          ))}
        </ul>
        <form method="get" action="/console/iam/roles/new">
          <input type="hidden" name="template" value={t.kind} />
          <TemplateFields t={t} providers={providers} accountId={identity.caller.accountId} />
          <button type="submit" class="secondary">Apply to the trust policy</button>
        </form>
      </Section>
      <Section title="Role details" id="role-details">
        <form method="post" action="/console/iam/roles">
          <Csrf token={identity.session.csrf} />
          <Field id="RoleName" label="Role name" value={draft?.RoleName} required maxlength={64} hint="Up to 64 letters, digits and + = , . @ _ -" />
          <Field id="Path" label="Path (optional)" value={draft?.Path} maxlength={512} />
          <Field id="Description" label="Description (optional)" value={draft?.Description} maxlength={1000} />
          <Field id="MaxSessionDuration" label="Maximum session duration (seconds)" type="number" value={draft?.MaxSessionDuration ?? '3600'} hint="3600 (1 hour) to 43200 (12 hours)" />
          <PolicyEditor id="trust-document" name="AssumeRolePolicyDocument" label="Trust policy (JSON)" value={trust} error={inline} />
          <button type="submit">Create role</button>
        </form>
      </Section>
    </AppLayout>,
    statusOf(error),
  );
}

/** CreateRole, then the new role's page. */
export async function createRole(c: ConsoleContext) {
  const form = await readForm(c);
  if (!form) return refused(c);
  const draft: RoleDraft = {
    RoleName: form['RoleName'] ?? '',
    Path: form['Path'] ?? '',
    Description: form['Description'] ?? '',
    MaxSessionDuration: form['MaxSessionDuration'] ?? '',
    AssumeRolePolicyDocument: form['AssumeRolePolicyDocument'] ?? '',
  };
  const result = await act(c, c.get('identity').caller, 'CreateRole', {
    RoleName: draft.RoleName,
    AssumeRolePolicyDocument: draft.AssumeRolePolicyDocument,
    ...(draft.Path ? { Path: draft.Path } : {}),
    ...(draft.Description ? { Description: draft.Description } : {}),
    ...(draft.MaxSessionDuration ? { MaxSessionDuration: draft.MaxSessionDuration } : {}),
  });
  if (!result.ok) return newRolePage(c, draft, result.error);
  return doneRedirect(c, entityPath('roles', draft.RoleName), 'created');
}
