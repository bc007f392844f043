/**
 * @module The trust policy templates AWS's console offers when creating a role ("Select trusted entity"):
 * another or this AWS account (optionally requiring MFA and an external ID), a web identity (an OIDC
 * provider of the account and an audience), and SAML 2.0 federation. Built on the server from a GET form,
 * so they work without script; the result is a starting text the administrator edits, and CreateRole's
 * validation decides. Spec: IAM User Guide, "Create a role to delegate permissions to an IAM user"
 * (id_roles_create_for-user.html), "Create a role for OpenID Connect federation" (id_roles_create_for-idp_oidc.html)
 * and "Create a role for SAML 2.0 federation" (id_roles_create_for-idp_saml.html).
 */

export type TemplateKind = 'account' | 'web-identity' | 'saml';
export const TEMPLATE_KINDS: readonly TemplateKind[] = ['account', 'web-identity', 'saml'];
export const TEMPLATE_LABELS: Readonly<Record<TemplateKind, string>> = {
  account: 'AWS account',
  'web-identity': 'Web identity',
  saml: 'SAML 2.0 federation',
};

/** The template's choices, as the GET form sends them. */
export interface TemplateChoices {
  kind: TemplateKind;
  /** account: the trusted account's id; `requireMfa`, `externalId` its optional conditions. */
  account: string;
  requireMfa: boolean;
  externalId: string;
  /** web-identity and saml: the provider's ARN; web-identity: the audience (client id). */
  provider: string;
  audience: string;
}

/** The audience AWS's console puts in SAML trust policies (AWS's sign-in endpoint). */
export const SAML_AUDIENCE = 'https://signin.aws.amazon.com/saml';

const doc = (statement: Record<string, unknown>) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...statement }] }, null, 2);

/** The trust policy text of a template; `partition` and the caller's `accountId` fill what the choices leave open. */
export function trustTemplate(t: TemplateChoices, partition: string, accountId: string): string {
  switch (t.kind) {
    case 'account': {
      const account = /^\d{12}$/.test(t.account) ? t.account : accountId;
      const condition = {
        ...(t.externalId ? { StringEquals: { 'sts:ExternalId': t.externalId } } : {}),
        ...(t.requireMfa ? { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } : {}),
      };
      return doc({ Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: 'sts:AssumeRole', ...(Object.keys(condition).length ? { Condition: condition } : {}) });
    }
    case 'web-identity': {
      // The provider ARN is `arn:aws:iam::<account>:oidc-provider/<url without https://>`; its condition keys are `<url>:aud`.
      const url = t.provider.slice(t.provider.indexOf(':oidc-provider/') + ':oidc-provider/'.length);
      const aud = t.audience ? { Condition: { StringEquals: { [`${url}:aud`]: t.audience } } } : {};
      return doc({ Principal: { Federated: t.provider }, Action: 'sts:AssumeRoleWithWebIdentity', ...aud });
    }
    case 'saml':
      return doc({ Principal: { Federated: t.provider }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'SAML:aud': SAML_AUDIENCE } } });
  }
}

/** The choices of a GET query (unknown or missing values fall back to this account's template). */
export function choicesOf(q: (name: string) => string | undefined): TemplateChoices {
  const kind = TEMPLATE_KINDS.find((k) => k === q('template')) ?? 'account';
  const cut = (name: string, max: number) => (q(name) ?? '').slice(0, max);
  return {
    kind,
    account: cut('account', 12),
    requireMfa: q('requireMfa') === 'true',
    externalId: cut('externalId', 1224),
    provider: cut('provider', 2048),
    audience: cut('audience', 255),
  };
}
