/**
 * @module TagOpenIDConnectProvider, UntagOpenIDConnectProvider, ListOpenIDConnectProviderTags: tags in the
 * shared resource tag table (kind `oidc-provider`), through the one definition of resource-tags.ts.
 * Spec: IAM API Reference, https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagOpenIDConnectProvider.html
 * and siblings.
 */
import { resourceTagActions } from '../resource-tags';
import { requireProvider } from './shared';

/** The three OIDC provider tag actions. */
export const OIDC_TAG_ACTIONS = resourceTagActions({
  noun: 'OpenIDConnectProvider',
  quotaNoun: 'OpenIdConnectProvider',
  idMember: 'OpenIDConnectProviderArn',
  kind: 'oidc-provider',
  exists: (store, id) => store.findOidcProvider(id) !== undefined,
  require: (store, id) => void requireProvider(store, id),
});
