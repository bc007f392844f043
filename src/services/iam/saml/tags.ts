/**
 * @module TagSAMLProvider, UntagSAMLProvider, ListSAMLProviderTags: tags in the shared resource tag table
 * (kind `saml-provider`), through the one definition of resource-tags.ts.
 * Spec: IAM API Reference (API_TagSAMLProvider, API_UntagSAMLProvider, API_ListSAMLProviderTags).
 */
import { resourceTagActions } from '../resource-tags';
import { SAML_TAGGABLE } from './providers';

/** The three SAML provider tag actions. */
export const SAML_TAG_ACTIONS = resourceTagActions(SAML_TAGGABLE);
