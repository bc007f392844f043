/**
 * The migration to one tag table (drizzle/account/0001_one_tag_table.sql): an object whose tags are still in
 * the five tables of earlier versions ends with the same tags, of the same entities, in the same order,
 * in `tags`, and without the old tables. On sql.js (test/support/memory-store.ts): real SQLite, the same
 * DDL the object runs; test/worker/tags-migration.test.ts runs the upgrade on workerd's SQLite too.
 */
import { drizzle } from 'drizzle-orm/sql-js';
import type { Database } from 'sql.js';
import { describe, expect, it } from 'vitest';
import type { TaggableType } from '../../../src/core/records';
import { sqliteAccountStore } from '../../../src/storage/account-store/index';
import * as schema from '../../../src/storage/schema/account';
import { ACCOUNT_MIGRATION_SQL } from '../../../src/storage/account/migrations';
import { applyMigrations, migratedDatabase } from '../../support/memory-store';
import { OLD_TAG_ROWS, TAGS_MIGRATION, expectedTags, oldTagInserts } from '../../support/old-tag-rows';

const tablesOf = (raw: Database) =>
  raw.exec("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")[0]!.values.map((row) => row[0] as string);

describe('the migration to one tag table', () => {
  it('follows the entries that create the five old tables', async () => {
    expect(TAGS_MIGRATION).toBeGreaterThan(0);
    const raw = await migratedDatabase(TAGS_MIGRATION);
    expect(tablesOf(raw)).toEqual(expect.arrayContaining(['user_tags', 'role_tags', 'policy_tags', 'instance_profile_tags', 'resource_tags']));
    expect(tablesOf(raw)).not.toContain('tags');
  });

  it('moves every tag of every kind, in the order set, and drops the old tables', async () => {
    const raw = await migratedDatabase(TAGS_MIGRATION);
    for (const [statement, params] of oldTagInserts()) raw.run(statement, params);

    applyMigrations(raw, TAGS_MIGRATION, ACCOUNT_MIGRATION_SQL.length);

    const store = sqliteAccountStore(drizzle(raw, { schema }), '123456789012');
    for (const [kind, id, tags] of expectedTags()) expect(store.listTags(kind as TaggableType, id), `${kind} ${id}`).toEqual(tags);
    const count = raw.exec('SELECT count(*) FROM tags')[0]!.values[0]![0];
    expect(count).toBe(OLD_TAG_ROWS.length);
    const tables = tablesOf(raw);
    expect(tables).toContain('tags');
    for (const old of ['user_tags', 'role_tags', 'policy_tags', 'instance_profile_tags', 'resource_tags']) expect(tables).not.toContain(old);
  });

  it('keeps keys unique regardless of case per entity, and the same key on two kinds apart', async () => {
    const raw = await migratedDatabase();
    const store = sqliteAccountStore(drizzle(raw, { schema }), '123456789012');
    store.replaceTags('user', 'AIDASAME', [{ key: 'Team', value: 'a' }]);
    store.replaceTags('role', 'AIDASAME', [{ key: 'team', value: 'b' }]);
    expect(() => raw.run("INSERT INTO tags VALUES ('user', 'AIDASAME', 'team', 'TEAM', 'c', 1)")).toThrow(/UNIQUE|constraint/i);
    expect(store.listTags('user', 'AIDASAME')).toEqual([{ key: 'Team', value: 'a' }]);
    expect(store.listTags('role', 'AIDASAME')).toEqual([{ key: 'team', value: 'b' }]);
  });
});
