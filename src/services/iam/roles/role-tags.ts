/**
 * @module TagRole, UntagRole, ListRoleTags: the role kind through the one definition of resource-tags.ts
 * (authorized with `aws:RequestTag/*`, `aws:TagKeys` and the role's tags as `aws:ResourceTag/*` and
 * `iam:ResourceTag/*`); and the tag merge the role and instance-profile creations share.
 * Spec: IAM API Reference (https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagRole.html and siblings).
 */
import type { TagRecord } from '../../../core/records';
import type { AccountAction } from '../../action';
import { mergeTagsFor, resourceTagActions } from '../resource-tags';
import type { Tag } from '../tags';
import { ROLE_TAGGABLE } from './lookup';

/** `existing` with `added` merged in (tags.ts rules); past the quota, LimitExceeded names `TagsPer<noun>`. */
export const mergeTagsOf = (noun: 'Role' | 'InstanceProfile', existing: readonly TagRecord[], added: readonly Tag[]): TagRecord[] =>
  mergeTagsFor(noun, existing, added);

const [tag, untag, list] = resourceTagActions(ROLE_TAGGABLE) as [AccountAction, AccountAction, AccountAction];

/** TagRole: adds tags or replaces the values of existing keys. */
export const TagRole = tag;
/** UntagRole: removes the named keys; keys the role does not have are ignored. */
export const UntagRole = untag;
/** ListRoleTags, in the order the tags were set, paginated. */
export const ListRoleTags = list;
