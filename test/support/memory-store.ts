/**
 * An account's store on a real SQLite in memory, for Node unit tests: sql.js (SQLite compiled to
 * WebAssembly, its .wasm read from node_modules) driven through drizzle-orm/sql-js, running the SAME store
 * code (src/storage/account-store/) and the SAME migrations (ACCOUNT_MIGRATIONS) as the Durable Object.
 * Not a fake: only the driver differs.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { drizzle } from 'drizzle-orm/sql-js';
import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';
import type { ProjectionOp } from '../../src/core/projection';
import type { AccountRecord } from '../../src/core/records';
import { ACCOUNT_MIGRATIONS } from '../../src/storage/account-migrations';
import { sqliteAccountStore, type AccountDb, type SqliteAccountStore } from '../../src/storage/account-store/index';
import * as schema from '../../src/storage/schema/account';

let sqlJs: Promise<SqlJsStatic> | undefined;

/** sql.js, loaded once per test file from the package's own .wasm (no network). */
function loadSqlJs(): Promise<SqlJsStatic> {
  const wasm = createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm');
  sqlJs ??= initSqlJs({ wasmBinary: new Uint8Array(readFileSync(wasm)).buffer });
  return sqlJs;
}

/** Migrated databases' images by migration count: each test gets a copy, the DDL runs once per file. */
const images = new Map<number, Uint8Array>();

/** An in-memory SQLite with the first `count` migrations applied (all by default), as AccountContext.migrate does. */
export async function migratedDatabase(count = ACCOUNT_MIGRATIONS.length): Promise<Database> {
  const SQL = await loadSqlJs();
  let image = images.get(count);
  if (!image) {
    const template = new SQL.Database();
    template.run('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    applyMigrations(template, 0, count);
    image = template.export();
    template.close();
    images.set(count, image);
  }
  return new SQL.Database(image);
}

/** Applies migrations `from` (inclusive) to `to` (exclusive), each in its own transaction with `meta.schema_version`. */
export function applyMigrations(raw: Database, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    raw.run('BEGIN');
    try {
      raw.exec(ACCOUNT_MIGRATIONS[i]!);
      raw.run("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", [String(i + 1)]);
      raw.run('COMMIT');
    } catch (e) {
      raw.run('ROLLBACK');
      throw e;
    }
  }
}

/** One account in memory: its database, a store per transaction, and the read-model ops committed so far. */
export interface MemoryAccount {
  readonly account: AccountRecord;
  readonly raw: Database;
  readonly db: AccountDb;
  /** Every read-model op committed, in order (what the object would append to its outbox). */
  readonly outbox: ProjectionOp[];
  /** A store for reads outside a transaction. */
  store(): SqliteAccountStore;
  /** Runs `fn` in one transaction with a fresh store, as AccountContext.transact does; a throw rolls it back. */
  transact<T>(fn: (store: SqliteAccountStore) => T): T;
}

/** A fresh account (active, with its account row) on a fully migrated in-memory database. */
export async function memoryAccount(accountId = '123456789012'): Promise<MemoryAccount> {
  const raw = await migratedDatabase();
  const db: AccountDb = drizzle(raw, { schema });
  const account: AccountRecord = { accountId, email: 'owner@example.com', alias: null, status: 'active', createdAt: '2026-01-01T00:00:00.000Z' };
  db.insert(schema.account).values(account).run();
  const outbox: ProjectionOp[] = [];
  return {
    account,
    raw,
    db,
    outbox,
    store: () => sqliteAccountStore(db, accountId),
    transact<T>(fn: (store: SqliteAccountStore) => T): T {
      raw.run('BEGIN');
      try {
        const store = sqliteAccountStore(db, accountId);
        const value = fn(store);
        raw.run('COMMIT');
        outbox.push(...store.pendingOps);
        return value;
      } catch (e) {
        raw.run('ROLLBACK');
        throw e;
      }
    },
  };
}
