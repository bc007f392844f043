/**
 * @module TagOpenIDConnectProvider, UntagOpenIDConnectProvider, ListOpenIDConnectProviderTags. Tag rules
 * are tags.ts's (50 per resource, case-insensitive keys, `aws:` reserved); tags live in the shared
 * resource-tag table under kind `oidc-provider`.
 * Spec: IAM API Reference, https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagOpenIDConnectProvider.html
 * and siblings.
 */
import type { AccountAction } from '../../action';
import { requestTagContext } from '../policies/managed-shared';
import { tagPage } from '../roles/role-tags';
import { checkRequestTags, removeTags, type Tag } from '../tags';
import { mergeProviderTags, providerTarget, requireProvider } from './shared';

/** TagOpenIDConnectProvider: adds tags or replaces the values of existing keys. */
export const TagOpenIDConnectProvider: AccountAction<{ OpenIDConnectProviderArn: string; Tags: Tag[] }> = {
  name: 'TagOpenIDConnectProvider',
  target: (_ctx, store, i) => providerTarget(store, 'TagOpenIDConnectProvider', i.OpenIDConnectProviderArn, requestTagContext(i.Tags)),
  run(_ctx, store, input) {
    const p = requireProvider(store, input.OpenIDConnectProviderArn);
    checkRequestTags(input.Tags);
    store.replaceResourceTags('oidc-provider', p.arn, mergeProviderTags(store.listResourceTags('oidc-provider', p.arn), input.Tags));
    return {};
  },
};

/** UntagOpenIDConnectProvider: removes the named keys; keys the provider does not have are ignored. */
export const UntagOpenIDConnectProvider: AccountAction<{ OpenIDConnectProviderArn: string; TagKeys: string[] }> = {
  name: 'UntagOpenIDConnectProvider',
  target: (_ctx, store, i) => providerTarget(store, 'UntagOpenIDConnectProvider', i.OpenIDConnectProviderArn, { 'aws:TagKeys': i.TagKeys }),
  run(_ctx, store, input) {
    const p = requireProvider(store, input.OpenIDConnectProviderArn);
    store.replaceResourceTags('oidc-provider', p.arn, removeTags(store.listResourceTags('oidc-provider', p.arn), input.TagKeys));
    return {};
  },
};

/** ListOpenIDConnectProviderTags, in the order the tags were set, paginated. */
export const ListOpenIDConnectProviderTags: AccountAction<{ OpenIDConnectProviderArn: string; Marker?: string; MaxItems?: number }> = {
  name: 'ListOpenIDConnectProviderTags',
  target: (_ctx, store, i) => providerTarget(store, 'ListOpenIDConnectProviderTags', i.OpenIDConnectProviderArn),
  run(_ctx, store, input) {
    const p = requireProvider(store, input.OpenIDConnectProviderArn);
    return tagPage(store.listResourceTags('oidc-provider', p.arn), input);
  },
};
