/**
 * @module TagSAMLProvider, UntagSAMLProvider, ListSAMLProviderTags: tags in the shared resource tag table
 * (kind `saml-provider`), through the one definition of resource-tags.ts.
 * Spec: IAM API Reference (API_TagSAMLProvider and siblings).
 */
import { resourceTagActions } from '../resource-tags';
import { requireSamlProvider } from './providers';

/** The three SAML provider tag actions. */
export const SAML_TAG_ACTIONS = resourceTagActions({
  noun: 'SAMLProvider',
  idMember: 'SAMLProviderArn',
  kind: 'saml-provider',
  exists: (store, id) => store.findSamlProvider(id) !== undefined,
  require: (store, id) => void requireSamlProvider(store, id),
});
