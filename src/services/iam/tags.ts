/**
 * @module Tag rules shared by every taggable IAM entity.
 *
 * IAM tag keys are case-insensitive: a resource cannot have two keys that differ only in case, and tagging
 * with an existing key (in any case) replaces that tag's value. At most 50 tags per resource; keys with the
 * `aws:` prefix are reserved. Lengths and characters are checked by the model before this runs.
 * Spec: IAM User Guide, "Tags for AWS Identity and Access Management resources"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html), "Tag naming rules".
 */
import { invalidInput, limitExceeded } from '../../core/errors';
import type { TagRecord } from '../../core/records';
import type { TaggableKind } from './taggable';

/** Tags one IAM resource may carry. */
export const MAX_TAGS_PER_RESOURCE = 50;

/** A tag as the API spells it. */
export interface Tag {
  Key: string;
  Value: string;
}

/** Refuses duplicate keys (regardless of case) within one request and keys in the reserved `aws:` space. */
export function checkRequestTags(tags: readonly Tag[]): void {
  const seen = new Set<string>();
  for (const t of tags) {
    const lc = t.Key.toLowerCase();
    if (lc.startsWith('aws:')) throw invalidInput('Tag keys beginning with aws: are reserved for system use.');
    if (seen.has(lc)) throw invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(lc);
  }
}

/**
 * `existing` with `added` merged in: same key (any case) replaces the value and takes the new spelling. Past
 * the quota, LimitExceeded names the kind (`Cannot exceed quota for TagsPerRole: 50`): its `quotaNoun`,
 * else its `noun`.
 */
export function mergeTags(existing: readonly TagRecord[], added: readonly Tag[], kind: Pick<TaggableKind, 'noun' | 'quotaNoun'>): TagRecord[] {
  const out = existing.map((t) => ({ ...t }));
  for (const t of added) {
    const i = out.findIndex((e) => e.key.toLowerCase() === t.Key.toLowerCase());
    if (i >= 0) out[i] = { key: t.Key, value: t.Value };
    else out.push({ key: t.Key, value: t.Value });
  }
  if (out.length > MAX_TAGS_PER_RESOURCE) {
    throw limitExceeded(`Cannot exceed quota for TagsPer${kind.quotaNoun ?? kind.noun}: ${MAX_TAGS_PER_RESOURCE}`);
  }
  return out;
}

/** `existing` without the keys named (case-insensitively); unknown keys are ignored, as in AWS. */
export function removeTags(existing: readonly TagRecord[], keys: readonly string[]): TagRecord[] {
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return existing.filter((t) => !drop.has(t.key.toLowerCase()));
}

/** Records → the API's `Tag` shape. */
export const toApiTags = (tags: readonly TagRecord[]): Tag[] => tags.map((t) => ({ Key: t.key, Value: t.value }));
