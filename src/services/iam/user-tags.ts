/**
 * @module TagUser, UntagUser, ListUserTags: the user kind through the one definition of resource-tags.ts
 * (authorized with `aws:RequestTag/*`, `aws:TagKeys` and the user's tags as `aws:ResourceTag/*` and
 * `iam:ResourceTag/*`).
 * Spec: IAM API Reference (https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagUser.html and siblings).
 */
import type { AccountAction } from '../action';
import { USER_TAGGABLE } from './entities';
import { resourceTagActions } from './resource-tags';

const [tag, untag, list] = resourceTagActions(USER_TAGGABLE) as [AccountAction, AccountAction, AccountAction];

/** TagUser: adds tags or replaces the values of existing keys. */
export const TagUser = tag;
/** UntagUser: removes the named keys; keys the user does not have are ignored. */
export const UntagUser = untag;
/** ListUserTags, in the order the tags were set, paginated. */
export const ListUserTags = list;
