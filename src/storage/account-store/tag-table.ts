/**
 * @module The one tag table (`tags`) and the one implementation of reading, replacing and deleting the tags
 * of every taggable kind: users, roles, managed policies, instance profiles, MFA devices, OIDC and SAML
 * providers, each kept under (kind, the id its tags are filed under). Keys are unique regardless of case
 * (`key_lc` in the primary key); `position` keeps the order they were set in, which List…Tags returns.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { TaggableType, TagRecord } from '../../core/records';
import * as t from '../schema/account';
import { param, prepared, type StoreContext } from './context';

const of = (type: TaggableType, id: string) => and(eq(t.tags.kind, type), eq(t.tags.resourceId, id));

/** An entity's tags, in the order set (prepared: every call reads its caller's tags, of whichever kind). */
export function readTags(c: StoreContext, type: TaggableType, id: string): TagRecord[] {
  const q = prepared(c.db, 'readTags', (db) =>
    db
      .select({ key: t.tags.key, value: t.tags.value })
      .from(t.tags)
      .where(and(eq(t.tags.kind, param('kind')), eq(t.tags.resourceId, param('id'))))
      .orderBy(asc(t.tags.position))
      .prepare(),
  );
  return q.all({ kind: type, id });
}

/** Removes an entity's tags (when the entity is deleted, or before its tags are replaced). */
export function deleteTags(c: StoreContext, type: TaggableType, id: string): void {
  c.db.delete(t.tags).where(of(type, id)).run();
}

/** Replaces an entity's tags with `tags`, in order (the services have checked them: keys unique regardless of case). */
export function writeTags(c: StoreContext, type: TaggableType, id: string, tags: readonly TagRecord[]): void {
  deleteTags(c, type, id);
  // One statement per tag: a Durable Object's SQLite binds at most 100 parameters per statement
  // (developers.cloudflare.com/durable-objects/platform/limits/), and 50 tags of 6 columns need 300.
  tags.forEach((tag, position) =>
    c.db.insert(t.tags).values({ kind: type, resourceId: id, keyLc: tag.key.toLowerCase(), key: tag.key, value: tag.value, position }).run(),
  );
}
