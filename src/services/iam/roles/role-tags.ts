/**
 * @module TagRole, UntagRole, ListRoleTags: the role kind through the one definition of resource-tags.ts
 * (authorized with `aws:RequestTag/*`, `aws:TagKeys` and the role's tags as `aws:ResourceTag/*` and
 * `iam:ResourceTag/*`).
 * Spec: IAM API Reference (https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagRole.html and siblings).
 */
import type { AccountAction } from '../../action';
import { resourceTagActions } from '../resource-tags';
import { ROLE_TAGGABLE } from './lookup';

const [tag, untag, list] = resourceTagActions(ROLE_TAGGABLE) as [AccountAction, AccountAction, AccountAction];

/** TagRole: adds tags or replaces the values of existing keys. */
export const TagRole = tag;
/** UntagRole: removes the named keys; keys the role does not have are ignored. */
export const UntagRole = untag;
/** ListRoleTags, in the order the tags were set, paginated. */
export const ListRoleTags = list;
