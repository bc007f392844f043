/**
 * @module TagUser, UntagUser, ListUserTags.
 * Spec: IAM API Reference (https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagUser.html and siblings).
 */
import type { AccountAction } from '../action';
import { requireUser, userResource } from './entities';
import { pageOfList } from './pagination';
import { checkRequestTags, mergeTags, removeTags, toApiTags, type Tag } from './tags';

/** TagUser: adds tags or replaces the values of existing keys. */
export const TagUser: AccountAction<{ UserName: string; Tags: Tag[] }> = {
  name: 'TagUser',
  target: (ctx, store, i) => ({ action: 'iam:TagUser', resource: userResource(ctx, store, i.UserName) }),
  run(ctx, store, input) {
    const user = requireUser(store, input.UserName);
    checkRequestTags(input.Tags);
    const tags = mergeTags(store.listUserTags(user.userId), input.Tags);
    store.replaceUserTags(user.userId, tags);
    return {};
  },
};

/** UntagUser: removes the named keys; keys the user does not have are ignored. */
export const UntagUser: AccountAction<{ UserName: string; TagKeys: string[] }> = {
  name: 'UntagUser',
  target: (ctx, store, i) => ({ action: 'iam:UntagUser', resource: userResource(ctx, store, i.UserName) }),
  run(ctx, store, input) {
    const user = requireUser(store, input.UserName);
    const tags = removeTags(store.listUserTags(user.userId), input.TagKeys);
    store.replaceUserTags(user.userId, tags);
    return {};
  },
};

/** ListUserTags, in the order the tags were set, paginated. */
export const ListUserTags: AccountAction<{ UserName: string; Marker?: string; MaxItems?: number }> = {
  name: 'ListUserTags',
  target: (ctx, store, i) => ({ action: 'iam:ListUserTags', resource: userResource(ctx, store, i.UserName) }),
  run(_ctx, store, input) {
    const user = requireUser(store, input.UserName);
    const { items, ...pageFields } = pageOfList(store.listUserTags(user.userId), input, (t) => t.key.toLowerCase());
    return { Tags: toApiTags(items), ...pageFields };
  },
};
