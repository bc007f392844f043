/**
 * @module TagRole, UntagRole, ListRoleTags, and the tag helpers the instance-profile tag actions share.
 * Tag rules are tags.ts's (50 per resource, case-insensitive keys, `aws:` reserved); past the quota the
 * message names the resource kind (`Cannot exceed quota for TagsPerRole: 50`).
 * Spec: IAM API Reference (https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagRole.html and siblings).
 */
import { AwsError, limitExceeded } from '../../../core/errors';
import type { TagRecord } from '../../../core/records';
import type { AccountAction } from '../../action';
import { pageOfList } from '../pagination';
import { requestTagContext } from '../policies/managed-shared';
import { checkRequestTags, MAX_TAGS_PER_RESOURCE, mergeTags, removeTags, toApiTags, type Tag } from '../tags';
import { requireRole, roleTarget } from './lookup';

/** `existing` with `added` merged in (tags.ts rules); past the quota, LimitExceeded names `TagsPer<noun>`. */
export function mergeTagsOf(noun: 'Role' | 'InstanceProfile', existing: readonly TagRecord[], added: readonly Tag[]): TagRecord[] {
  try {
    return mergeTags(existing, added);
  } catch (e) {
    if (e instanceof AwsError && e.code === 'LimitExceeded') throw limitExceeded(`Cannot exceed quota for TagsPer${noun}: ${MAX_TAGS_PER_RESOURCE}`);
    throw e;
  }
}

/** One page of a resource's tags, in the order they were set (the Marker is the last key, lower-cased). */
export function tagPage(all: readonly TagRecord[], input: { Marker?: string; MaxItems?: number }) {
  const { items, ...pageFields } = pageOfList(all, input, (t) => t.key.toLowerCase());
  return { Tags: toApiTags(items), ...pageFields };
}

/** TagRole: adds tags or replaces the values of existing keys. */
export const TagRole: AccountAction<{ RoleName: string; Tags: Tag[] }> = {
  name: 'TagRole',
  target(ctx, store, i) {
    const base = roleTarget(ctx, store, 'iam:TagRole', i.RoleName);
    return { ...base, context: { ...base.context, ...requestTagContext(i.Tags) } };
  },
  run(_ctx, store, input) {
    const role = requireRole(store, input.RoleName);
    checkRequestTags(input.Tags);
    store.replaceRoleTags(role.roleId, mergeTagsOf('Role', store.listRoleTags(role.roleId), input.Tags));
    return {};
  },
};

/** UntagRole: removes the named keys; keys the role does not have are ignored. */
export const UntagRole: AccountAction<{ RoleName: string; TagKeys: string[] }> = {
  name: 'UntagRole',
  target(ctx, store, i) {
    const base = roleTarget(ctx, store, 'iam:UntagRole', i.RoleName);
    return { ...base, context: { ...base.context, 'aws:TagKeys': i.TagKeys } };
  },
  run(_ctx, store, input) {
    const role = requireRole(store, input.RoleName);
    store.replaceRoleTags(role.roleId, removeTags(store.listRoleTags(role.roleId), input.TagKeys));
    return {};
  },
};

/** ListRoleTags, in the order the tags were set, paginated. */
export const ListRoleTags: AccountAction<{ RoleName: string; Marker?: string; MaxItems?: number }> = {
  name: 'ListRoleTags',
  target: (ctx, store, i) => roleTarget(ctx, store, 'iam:ListRoleTags', i.RoleName),
  run(_ctx, store, input) {
    const role = requireRole(store, input.RoleName);
    return tagPage(store.listRoleTags(role.roleId), input);
  },
};
