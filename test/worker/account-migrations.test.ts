/**
 * The AccountDO's generated migrations (account/migrations.ts): an object that ran the eight legacy entries
 * keeps its rows and joins the generated migrations without running the baseline; a new object gets the
 * generated schema; both schemas are the same table for table, column for column, index for index.
 */
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { drizzle } from 'drizzle-orm/durable-sqlite';
import { describe, expect, it } from 'vitest';
import generated from '../../src/storage/account-migrations.generated';
import { LEGACY_ACCOUNT_MIGRATIONS } from '../../src/storage/account-migrations.legacy';
import { migrateAccount } from '../../src/storage/account/migrations';
import * as t from '../../src/storage/schema/account';

/** Runs `fn` on the storage of a fresh object, emptied of what its own start-up created. */
async function onEmptyObject<T>(fn: (storage: DurableObjectStorage) => Promise<T> | T): Promise<T> {
  const stub = env.ACCOUNT.get(env.ACCOUNT.idFromName(`migrations-${crypto.randomUUID()}`));
  return runInDurableObject(stub as unknown as DurableObjectStub, async (_o, state) => {
    await state.storage.deleteAll();
    return fn(state.storage);
  });
}

/** Runs the first `count` legacy entries the way the old start-up did (meta first, then each entry with its count). */
function runLegacy(storage: DurableObjectStorage, count: number): void {
  storage.sql.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  for (let i = 0; i < count; i++) {
    storage.sql.exec(LEGACY_ACCOUNT_MIGRATIONS[i]!);
    storage.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", String(i + 1));
  }
}

type Row = Record<string, SqlStorageValue>;
const rows = (storage: DurableObjectStorage, query: string): Row[] => storage.sql.exec<Row>(query).toArray();

/**
 * Every table and index with its columns, as SQLite reports them. Declared types are compared without case
 * (`TEXT` by hand, `text` by drizzle-kit), and a primary-key column counts as NOT NULL: drizzle-kit declares
 * it, while SQLite lets a hand-written `TEXT PRIMARY KEY` hold NULL (a legacy quirk no write of ours uses).
 */
function schemaOf(storage: DurableObjectStorage) {
  const out: Record<string, unknown> = {};
  for (const { name, type } of rows(storage, "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'index') ORDER BY name")) {
    if (type === 'index') continue;
    const columns = rows(storage, `PRAGMA table_info(${name})`).map((c) => ({
      name: c.name,
      type: String(c.type).toUpperCase(),
      notnull: Number(c.notnull) === 1 || Number(c.pk) > 0,
      dflt: c.dflt_value,
      pk: c.pk,
    }));
    const indexes = rows(storage, `PRAGMA index_list(${name})`)
      .map((i) => ({
        name: i.name,
        unique: i.unique,
        origin: i.origin,
        partial: i.partial,
        columns: rows(storage, `PRAGMA index_info(${String(i.name)})`).map((c) => c.name),
      }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name)));
    out[String(name)] = { columns, indexes };
  }
  return out;
}

describe('AccountDO migrations', () => {
  it('upgrades a legacy object in place: its rows stay, the baseline is recorded, not run', async () => {
    await onEmptyObject(async (storage) => {
      runLegacy(storage, LEGACY_ACCOUNT_MIGRATIONS.length);
      const sql = storage.sql;
      sql.exec("INSERT INTO account VALUES ('123456789012', 'a@example.com', 'legacy', 'active', '2026-01-01T00:00:00Z')");
      sql.exec(
        "INSERT INTO users VALUES ('AIDAEXAMPLE', 'Alice', 'alice', '/', 'arn:aws:iam::123456789012:user/Alice', '2026-01-02T00:00:00Z', NULL)",
      );
      sql.exec("INSERT INTO user_tags VALUES ('AIDAEXAMPLE', 'team', 'Team', 'blue', 0)");
      sql.exec(
        `INSERT INTO roles (role_id, role_name, name_lc, path, arn, trust_policy, description, max_session_duration, create_date, trust_bindings)
         VALUES ('AROAEXAMPLE', 'R', 'r', '/', 'arn:aws:iam::123456789012:role/R', '{}', NULL, 3600, '2026-01-03T00:00:00Z', '{}')`,
      );
      sql.exec("INSERT INTO outbox (ops, created_at) VALUES ('[]', '2026-01-04T00:00:00Z')");

      const db = drizzle(storage, { schema: t });
      await migrateAccount(storage, db);
      await migrateAccount(storage, db); // idempotent

      expect(db.select().from(t.account).all()).toEqual([
        { accountId: '123456789012', email: 'a@example.com', alias: 'legacy', status: 'active', createdAt: '2026-01-01T00:00:00Z' },
      ]);
      expect(db.select({ userName: t.users.userName, arn: t.users.arn }).from(t.users).all()).toEqual([
        { userName: 'Alice', arn: 'arn:aws:iam::123456789012:user/Alice' },
      ]);
      // The user's tag, set in the legacy user_tags, is in the one tag table now (drizzle/account/0001_one_tag_table.sql).
      expect(db.select({ kind: t.tags.kind, key: t.tags.key, value: t.tags.value }).from(t.tags).all()).toEqual([{ kind: 'user', key: 'Team', value: 'blue' }]);
      expect(db.select({ roleId: t.roles.roleId, trustBindings: t.roles.trustBindings }).from(t.roles).all()).toEqual([
        { roleId: 'AROAEXAMPLE', trustBindings: '{}' },
      ]);
      expect(db.select({ seq: t.outbox.seq }).from(t.outbox).all()).toEqual([{ seq: 1 }]);
      // The baseline is recorded once, with its journal time; every later generated migration ran once.
      const applied = rows(storage, 'SELECT created_at FROM __drizzle_migrations ORDER BY created_at').map((r) => Number(r.created_at));
      expect(applied).toEqual(generated.journal.entries.map((e) => e.when));
      expect(rows(storage, "SELECT value FROM meta WHERE key = 'schema_version'")).toEqual([{ value: '8' }]);
    });
  });

  it('finishes the legacy entries of an object part-way through them before joining', async () => {
    await onEmptyObject(async (storage) => {
      runLegacy(storage, 5);
      storage.sql.exec("INSERT INTO roles (role_id, role_name, name_lc, path, arn, trust_policy, max_session_duration, create_date) VALUES ('AROA1', 'R', 'r', '/', 'arn', '{}', 3600, 'd')");
      await migrateAccount(storage, drizzle(storage, { schema: t }));
      // Entry 6 added trust_bindings; entry 8 dropped saml_assertions_used.
      expect(rows(storage, 'SELECT role_id, trust_bindings FROM roles')).toEqual([{ role_id: 'AROA1', trust_bindings: null }]);
      expect(rows(storage, "SELECT name FROM sqlite_master WHERE name = 'saml_assertions_used'")).toEqual([]);
      expect(rows(storage, "SELECT value FROM meta WHERE key = 'schema_version'")).toEqual([{ value: '8' }]);
    });
  });

  it('gives a new object the generated schema, the same as an upgraded legacy object', async () => {
    const fresh = await onEmptyObject(async (storage) => {
      await migrateAccount(storage, drizzle(storage, { schema: t }));
      expect(rows(storage, "SELECT count(*) AS n FROM sqlite_master WHERE name = 'meta'")).toEqual([{ n: 1 }]);
      return schemaOf(storage);
    });
    const legacy = await onEmptyObject(async (storage) => {
      runLegacy(storage, LEGACY_ACCOUNT_MIGRATIONS.length);
      await migrateAccount(storage, drizzle(storage, { schema: t }));
      return schemaOf(storage);
    });
    expect(Object.keys(fresh)).toContain('users');
    expect(Object.keys(fresh)).toContain('__drizzle_migrations');
    expect(legacy).toEqual(fresh);
  });
});
