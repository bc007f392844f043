/**
 * @module DDL of the AccountDO's SQLite database, applied in order inside `blockConcurrencyWhile` when the
 * object starts. Each entry runs once; `meta.schema_version` records how many have run. Append, never edit.
 * Must agree with `schema/account.ts` (test/worker/account-schema.test.ts checks that it does).
 */
export const ACCOUNT_MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE account (account_id TEXT PRIMARY KEY, email TEXT NOT NULL, alias TEXT, status TEXT NOT NULL,
     created_at TEXT NOT NULL);
   CREATE TABLE users (user_id TEXT PRIMARY KEY, user_name TEXT NOT NULL, name_lc TEXT NOT NULL, path TEXT NOT NULL,
     arn TEXT NOT NULL, create_date TEXT NOT NULL, permissions_boundary_arn TEXT);
   CREATE UNIQUE INDEX users_name_lc ON users (name_lc);
   CREATE TABLE user_tags (user_id TEXT NOT NULL, key_lc TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
     position INTEGER NOT NULL, PRIMARY KEY (user_id, key_lc));
   CREATE TABLE access_keys (access_key_id TEXT PRIMARY KEY, user_id TEXT, status TEXT NOT NULL,
     create_date TEXT NOT NULL, secret_sealed TEXT NOT NULL, last_used_date TEXT, last_used_service TEXT,
     last_used_region TEXT);
   CREATE INDEX access_keys_user ON access_keys (user_id);
   CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, ops TEXT NOT NULL, created_at TEXT NOT NULL);`,
];
