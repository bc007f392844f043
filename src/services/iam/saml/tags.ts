/**
 * @module TagSAMLProvider, UntagSAMLProvider, ListSAMLProviderTags. Tag rules are tags.ts's (50 per
 * resource, case-insensitive keys, `aws:` reserved); past the quota the message names the resource kind.
 * Spec: IAM API Reference, API_TagSAMLProvider.html, API_UntagSAMLProvider.html,
 * API_ListSAMLProviderTags.html.
 */
import { AwsError, limitExceeded } from '../../../core/errors';
import type { AccountAction } from '../../action';
import { requestTagContext } from '../policies/managed-shared';
import { tagPage } from '../roles/role-tags';
import { checkRequestTags, MAX_TAGS_PER_RESOURCE, mergeTags, removeTags, type Tag } from '../tags';
import { requireSamlProvider, samlProviderTarget } from './providers';

/** TagSAMLProvider: adds tags or replaces the values of existing keys. */
export const TagSAMLProvider: AccountAction<{ SAMLProviderArn: string; Tags: Tag[] }> = {
  name: 'TagSAMLProvider',
  target: (_ctx, store, i) => samlProviderTarget(store, 'TagSAMLProvider', i.SAMLProviderArn, requestTagContext(i.Tags)),
  run(_ctx, store, input) {
    const p = requireSamlProvider(store, input.SAMLProviderArn);
    checkRequestTags(input.Tags);
    let merged;
    try {
      merged = mergeTags(store.listResourceTags('saml-provider', p.arn), input.Tags);
    } catch (e) {
      if (e instanceof AwsError && e.code === 'LimitExceeded') throw limitExceeded(`Cannot exceed quota for TagsPerSAMLProvider: ${MAX_TAGS_PER_RESOURCE}`);
      throw e;
    }
    store.replaceResourceTags('saml-provider', p.arn, merged);
    return {};
  },
};

/** UntagSAMLProvider: removes the named keys; keys the provider does not have are ignored. */
export const UntagSAMLProvider: AccountAction<{ SAMLProviderArn: string; TagKeys: string[] }> = {
  name: 'UntagSAMLProvider',
  target: (_ctx, store, i) => samlProviderTarget(store, 'UntagSAMLProvider', i.SAMLProviderArn, { 'aws:TagKeys': i.TagKeys }),
  run(_ctx, store, input) {
    const p = requireSamlProvider(store, input.SAMLProviderArn);
    store.replaceResourceTags('saml-provider', p.arn, removeTags(store.listResourceTags('saml-provider', p.arn), input.TagKeys));
    return {};
  },
};

/** ListSAMLProviderTags, in the order the tags were set, paginated. */
export const ListSAMLProviderTags: AccountAction<{ SAMLProviderArn: string; Marker?: string; MaxItems?: number }> = {
  name: 'ListSAMLProviderTags',
  target: (_ctx, store, i) => samlProviderTarget(store, 'ListSAMLProviderTags', i.SAMLProviderArn),
  run(_ctx, store, input) {
    const p = requireSamlProvider(store, input.SAMLProviderArn);
    return tagPage(store.listResourceTags('saml-provider', p.arn), input);
  },
};
