/**
 * The upgrade to one tag table on workerd's SQLite, through the object's own `migrate()`: an object at the
 * legacy object (the eight hand-written entries, before drizzle-kit's migrations), whose tags are in the five old tables, ends with the same tags in the same
 * order in `tags` (test/unit/storage/tags-migration.test.ts checks the same on sql.js).
 */
import { env } from 'cloudflare:workers';
import { runInDurableObject } from 'cloudflare:test';
import { expect, it } from 'vitest';
import type { TaggableType } from '../../src/core/records';
import { AccountContext } from '../../src/storage/account/context';
import ACCOUNT_MIGRATIONS from '../../src/storage/account-migrations.generated';
import { LEGACY_ACCOUNT_MIGRATIONS } from '../../src/storage/account-migrations.legacy';
import { expectedTags, oldTagInserts, OLD_TAG_ROWS } from '../support/old-tag-rows';

it('an object whose tags are in the old tables keeps them, in order, after migrate()', async () => {
  const stub = env.ACCOUNT.get(env.ACCOUNT.idFromName('tags-migration-upgrade'));
  const result = await runInDurableObject(stub as unknown as DurableObjectStub, async (_o, state) => {
    const sql = state.storage.sql;
    // Back to an object of the version before the tag table: its tables, its schema version, its rows.
    const tables = sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'")
      .toArray()
      .map((r) => r.name);
    for (const table of tables) sql.exec(`DROP TABLE ${table}`);
    for (const ddl of LEGACY_ACCOUNT_MIGRATIONS) sql.exec(ddl);
    sql.exec("INSERT INTO meta (key, value) VALUES ('schema_version', ?)", String(LEGACY_ACCOUNT_MIGRATIONS.length));
    for (const [statement, params] of oldTagInserts()) sql.exec(statement, ...params);

    const obj = new AccountContext(state, env, Date.now);
    await obj.migrate();

    const store = obj.readStore();
    return {
      tags: expectedTags().map(([kind, id]) => store.listTags(kind as TaggableType, id)),
      count: sql.exec<{ n: number }>('SELECT count(*) AS n FROM tags').one().n,
      oldTables: sql
        .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE name IN ('user_tags', 'role_tags', 'policy_tags', 'instance_profile_tags', 'resource_tags')")
        .toArray(),
      version: obj.meta('schema_version'),
      applied: sql.exec<{ n: number }>('SELECT count(*) AS n FROM __drizzle_migrations').one().n,
    };
  });
  expect(result.tags).toEqual(expectedTags().map(([, , tags]) => tags));
  expect(result.count).toBe(OLD_TAG_ROWS.length);
  expect(result.oldTables).toEqual([]);
  expect(result.version).toBe(String(LEGACY_ACCOUNT_MIGRATIONS.length));
  // The baseline recorded as applied, and every later migration run (the tag table's and those after it).
  expect(result.applied).toBe(ACCOUNT_MIGRATIONS.journal.entries.length);
});
