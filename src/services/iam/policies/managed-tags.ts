/**
 * @module TagPolicy, UntagPolicy, ListPolicyTags for customer-managed policies (AWS-managed policies
 * belong to AWS and cannot be tagged by an account). Tag rules are tags.ts's.
 * Spec: IAM API Reference (https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagPolicy.html and siblings).
 */
import type { AccountAction } from '../../action';
import { pageOfList } from '../pagination';
import { checkRequestTags, removeTags, toApiTags, type Tag } from '../tags';
import { mergePolicyTags, policyTarget, requestTagContext, requireAnyPolicy, requireLocalPolicy } from './managed-shared';

/** TagPolicy: adds tags or replaces the values of existing keys. */
export const TagPolicy: AccountAction<{ PolicyArn: string; Tags: Tag[] }> = {
  name: 'TagPolicy',
  target: (_ctx, store, i) => policyTarget(store, 'TagPolicy', i.PolicyArn, requestTagContext(i.Tags)),
  run(ctx, store, input) {
    const policy = requireLocalPolicy(ctx, store, input.PolicyArn, 'TagPolicy');
    checkRequestTags(input.Tags);
    store.replacePolicyTags(policy.arn, mergePolicyTags(store.listPolicyTags(policy.arn), input.Tags));
    return {};
  },
};

/** UntagPolicy: removes the named keys; keys the policy does not have are ignored. */
export const UntagPolicy: AccountAction<{ PolicyArn: string; TagKeys: string[] }> = {
  name: 'UntagPolicy',
  target: (_ctx, store, i) => policyTarget(store, 'UntagPolicy', i.PolicyArn, { 'aws:TagKeys': i.TagKeys }),
  run(ctx, store, input) {
    const policy = requireLocalPolicy(ctx, store, input.PolicyArn, 'UntagPolicy');
    store.replacePolicyTags(policy.arn, removeTags(store.listPolicyTags(policy.arn), input.TagKeys));
    return {};
  },
};

/** ListPolicyTags, in the order the tags were set, paginated; an AWS-managed policy has none. */
export const ListPolicyTags: AccountAction<{ PolicyArn: string; Marker?: string; MaxItems?: number }> = {
  name: 'ListPolicyTags',
  target: (_ctx, store, i) => policyTarget(store, 'ListPolicyTags', i.PolicyArn),
  run(ctx, store, input) {
    const p = requireAnyPolicy(ctx, store, input.PolicyArn);
    const all = p.kind === 'local' ? store.listPolicyTags(p.record.arn) : [];
    const { items, ...pageFields } = pageOfList(all, input, (t) => t.key.toLowerCase());
    return { Tags: toApiTags(items), ...pageFields };
  },
};
