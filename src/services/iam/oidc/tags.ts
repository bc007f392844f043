/**
 * @module TagOpenIDConnectProvider, UntagOpenIDConnectProvider, ListOpenIDConnectProviderTags: tags in the
 * shared resource tag table (kind `oidc-provider`), through the one definition of resource-tags.ts.
 * Spec: IAM API Reference, https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagOpenIDConnectProvider.html
 * and siblings.
 */
import { resourceTagActions } from '../resource-tags';
import { OIDC_TAGGABLE } from './lookup';

/** The three OIDC provider tag actions. */
export const OIDC_TAG_ACTIONS = resourceTagActions(OIDC_TAGGABLE);
