/**
 * @module TagPolicy, UntagPolicy, ListPolicyTags for customer-managed policies (AWS-managed policies
 * belong to AWS and cannot be tagged by an account; they list no tags), through the one definition of
 * resource-tags.ts.
 * Spec: IAM API Reference (https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagPolicy.html and siblings).
 */
import type { AccountAction } from '../../action';
import { resourceTagActions } from '../resource-tags';
import { POLICY_TAGGABLE } from './managed-lookup';

const [tag, untag, list] = resourceTagActions(POLICY_TAGGABLE) as [AccountAction, AccountAction, AccountAction];

/** TagPolicy: adds tags or replaces the values of existing keys. */
export const TagPolicy = tag;
/** UntagPolicy: removes the named keys; keys the policy does not have are ignored. */
export const UntagPolicy = untag;
/** ListPolicyTags, in the order the tags were set, paginated; an AWS-managed policy has none. */
export const ListPolicyTags = list;
