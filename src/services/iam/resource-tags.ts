/**
 * @module Tag, Untag and List…Tags for every taggable entity kind (users, roles, managed policies, instance
 * profiles, virtual MFA devices, OIDC and SAML providers): one definition over {@link TaggableKind}, through
 * the one tag port. Rules are tags.ts's (50 per resource, keys unique regardless of case, `aws:` reserved;
 * past the quota the message names the kind, `Cannot exceed quota for TagsPerRole: 50`). Each action is
 * authorized by services/authz-target.ts: the entity's ARN, its current tags as `aws:ResourceTag/*` (and
 * `iam:ResourceTag/*` for users and roles), the request's tags as `aws:RequestTag/*` and `aws:TagKeys`, the
 * keys an untag removes as `aws:TagKeys`.
 * Spec: IAM API Reference (API_TagUser, API_TagRole, API_TagPolicy, API_TagInstanceProfile, API_TagMFADevice,
 * API_TagOpenIDConnectProvider, API_TagSAMLProvider and their Untag/List siblings).
 */
import type { TagRecord } from '../../core/records';
import type { AccountAction } from '../action';
import { pageOfList } from './pagination';
import { entityTarget, type TaggableKind } from './taggable';
import { checkRequestTags, mergeTags, removeTags, toApiTags, type Tag } from './tags';

export type { TaggableKind } from './taggable';

type Input = Record<string, unknown> & { Tags?: Tag[]; TagKeys?: string[]; Marker?: string; MaxItems?: number };

/** One page of an entity's tags, in the order they were set (the Marker is the last key, lower-cased). */
export function tagPage(all: readonly TagRecord[], input: { Marker?: string; MaxItems?: number }) {
  const { items, ...pageFields } = pageOfList(all, input, (t) => t.key.toLowerCase());
  return { Tags: toApiTags(items), ...pageFields };
}

/** The three tag actions of a kind: `Tag<noun>`, `Untag<noun>`, `List<noun>Tags`. */
export function resourceTagActions(k: TaggableKind): AccountAction<Input>[] {
  const idOf = (input: Input) => input[k.idMember] as string;
  const [tag, untag, list] = [`Tag${k.noun}`, `Untag${k.noun}`, `List${k.noun}Tags`];
  return [
    {
      name: tag,
      target: (ctx, store, i) => entityTarget(ctx, store, k, `iam:${tag}`, idOf(i), { Tags: i.Tags ?? [] }),
      run(ctx, store, input) {
        const entity = k.require(ctx, store, idOf(input), tag);
        checkRequestTags(input.Tags ?? []);
        store.replaceTags(k.type, entity.tagId, mergeTags(store.listTags(k.type, entity.tagId), input.Tags ?? [], k));
        return {};
      },
    },
    {
      name: untag,
      target: (ctx, store, i) => entityTarget(ctx, store, k, `iam:${untag}`, idOf(i), { TagKeys: i.TagKeys ?? [] }),
      run(ctx, store, input) {
        const entity = k.require(ctx, store, idOf(input), untag);
        store.replaceTags(k.type, entity.tagId, removeTags(store.listTags(k.type, entity.tagId), input.TagKeys ?? []));
        return {};
      },
    },
    {
      name: list,
      target: (ctx, store, i) => entityTarget(ctx, store, k, `iam:${list}`, idOf(i)),
      run(ctx, store, input) {
        const entity = k.require(ctx, store, idOf(input), list);
        return tagPage(store.listTags(k.type, entity.tagId), input);
      },
    },
  ];
}
