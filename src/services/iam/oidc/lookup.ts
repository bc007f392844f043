/**
 * @module What the OIDC provider actions share: the provider ARN, lookups with AWS's NoSuchEntity wording,
 * the checks of client ids and thumbprints, the quotas, and the authorization target.
 *
 * Quotas (IAM User Guide, "IAM and AWS STS quotas"): 100 OIDC providers per account, 100 client ids and 5
 * thumbprints per provider; 50 tags per resource. Thumbprints are the hex SHA-1 of a certificate, "always a
 * 40-character string" (CreateOpenIDConnectProvider, `ThumbprintList`), optional since AWS trusts
 * well-known CAs for the JWKS endpoint. They are stored and returned but not enforced: a Worker's fetch
 * does not expose the peer's certificate chain (see data-plane/oidc-keys.ts).
 * Spec: IAM API Reference, https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html
 * and the sibling OIDC provider actions.
 */
import { parseArn } from '../../../core/arn';
import { invalidInput, limitExceeded, noSuchEntity } from '../../../core/errors';
import type { AccountStore } from '../../../core/ports';
import type { OidcProviderRecord } from '../../../core/records';
import type { AuthzTarget } from '../../action';
import type { TargetInput } from '../../authz-target';
import { arnEntityTarget, arnNamedKind } from '../taggable';

/** OIDC providers one account may have ("IAM and AWS STS quotas"). */
export const MAX_OIDC_PROVIDERS_PER_ACCOUNT = 100;
/** Client ids one provider may have. */
export const MAX_CLIENT_IDS_PER_PROVIDER = 100;
/** Thumbprints one provider may have. */
export const MAX_THUMBPRINTS_PER_PROVIDER = 5;

const THUMBPRINT = /^[0-9A-Fa-f]{40}$/;

/** `arn:aws:iam::123456789012:oidc-provider/<url without https://>`. */
export const oidcProviderArn = (partition: string, accountId: string, url: string) => `arn:${partition}:iam::${accountId}:oidc-provider/${url}`;

/** NoSuchEntity as the OIDC provider actions word it. */
export const providerNotFound = (arn: string) => noSuchEntity(`OpenIDConnect Provider not found for arn ${arn}`);

/** An `OpenIDConnectProviderArn` that is not an IAM OIDC provider ARN at all is InvalidInput. */
function checkProviderArn(arn: string): void {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 'iam' || !parsed.resource.startsWith('oidc-provider/') || parsed.resource.length <= 'oidc-provider/'.length) {
    throw invalidInput(`ARN ${arn} is not valid.`);
  }
}

/** The provider at `arn` in this account, or NoSuchEntity (InvalidInput when `arn` is not a provider ARN). */
export function requireProvider(store: AccountStore, arn: string): OidcProviderRecord {
  checkProviderArn(arn);
  const provider = store.findOidcProvider(arn);
  if (!provider) throw providerNotFound(arn);
  return provider;
}

/** OIDC providers as a taggable kind (resource type `oidc-provider`), named by their ARN. */
export const OIDC_TAGGABLE = arnNamedKind({
  type: 'oidc-provider',
  noun: 'OpenIDConnectProvider',
  quotaNoun: 'OpenIdConnectProvider',
  idMember: 'OpenIDConnectProviderArn',
  lookup: (store, arn) => store.findOidcProvider(arn),
  required: requireProvider,
  arnOf: (p) => p.arn,
});

/** The authorization target of an action on a provider (services/authz-target.ts: its ARN, its tags). */
export const providerTarget = (store: AccountStore, action: string, arn: string, input?: TargetInput): AuthzTarget =>
  arnEntityTarget(store, OIDC_TAGGABLE, `iam:${action}`, arn, input);

/** Client ids without repeats, in the order given; LimitExceeded past the quota. */
export function checkClientIds(ids: readonly string[]): string[] {
  const unique = [...new Set(ids)];
  if (unique.length > MAX_CLIENT_IDS_PER_PROVIDER) {
    throw limitExceeded(`Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: ${MAX_CLIENT_IDS_PER_PROVIDER}`);
  }
  return unique;
}

/** Thumbprints without repeats (regardless of case), each 40 hex digits; at most five. */
export function checkThumbprints(thumbprints: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const t of thumbprints) {
    if (!THUMBPRINT.test(t)) throw invalidInput(`Thumbprint ${t} is not valid: a thumbprint is the 40-character hex SHA-1 of a certificate.`);
    if (seen.has(t.toLowerCase())) continue;
    seen.add(t.toLowerCase());
    out.push(t);
  }
  if (out.length > MAX_THUMBPRINTS_PER_PROVIDER) {
    throw limitExceeded(`Cannot exceed quota for ThumbprintsPerOpenIdConnectProvider: ${MAX_THUMBPRINTS_PER_PROVIDER}`);
  }
  return out;
}

