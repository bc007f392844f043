/**
 * @module The identity providers' port: OpenID Connect and SAML providers, by ARN (tags are the tag port's,
 * kinds `oidc-provider` and `saml-provider`, under the ARN).
 */
import type { OidcProviderRecord, SamlProviderRecord } from '../records';

/** OIDC and SAML providers. */
export interface ProviderStore {
  findOidcProvider(arn: string): OidcProviderRecord | undefined;
  listOidcProviders(): OidcProviderRecord[];
  /** Creates or replaces a provider (client ids and thumbprints change in place). */
  putOidcProvider(provider: OidcProviderRecord): void;
  /** Deletes the provider with its tags. */
  deleteOidcProvider(arn: string): void;

  findSamlProvider(arn: string): SamlProviderRecord | undefined;
  listSamlProviders(): SamlProviderRecord[];
  /** Creates or replaces a provider. */
  putSamlProvider(provider: SamlProviderRecord): void;
  /** Deletes the provider with its tags. */
  deleteSamlProvider(arn: string): void;
}
