/**
 * The migrations of both stores produce the drizzle schemas the code queries through: every table, column
 * (type, NOT NULL, primary key) and index of schema/account.ts in a new AccountDO, and of
 * schema/read-model.ts in D1 after all of migrations/d1 (0001..0006 written by hand, then drizzle-kit's).
 */
import { env } from 'cloudflare:workers';
import { runInDurableObject } from 'cloudflare:test';
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as accountSchema from '../../src/storage/schema/account';
import * as readSchema from '../../src/storage/schema/read-model';
import { newAccount } from './support';

interface TableShape {
  columns: Record<string, { type: string; notNull: boolean; pk: boolean }>;
  indexes: Record<string, { unique: boolean; columns: string[] }>;
}

/** What the drizzle tables declare. A primary-key column is NOT NULL (see `actual`). */
function declared(tables: Record<string, unknown>): Record<string, TableShape> {
  return Object.fromEntries(
    Object.values(tables).map((table) => {
      const config = getTableConfig(table as SQLiteTable);
      const pkColumns = new Set(config.primaryKeys.flatMap((pk) => pk.columns.map((c) => c.name)));
      const columns = Object.fromEntries(
        config.columns.map((c) => {
          const pk = c.primary || pkColumns.has(c.name);
          return [c.name, { type: c.getSQLType().toUpperCase(), notNull: c.notNull || pk, pk }];
        }),
      );
      const indexes = Object.fromEntries(
        config.indexes.map((i) => [
          i.config.name,
          { unique: i.config.unique, columns: i.config.columns.map((c) => (c as { name: string }).name) },
        ]),
      );
      return [config.name, { columns, indexes }];
    }),
  );
}

type Query = <T>(sql: string) => Promise<T[]>;

/**
 * What SQLite reports for `tables`. Types compare without case (`TEXT` by hand, `text` by drizzle-kit);
 * a primary-key column counts as NOT NULL, as drizzle declares it, though SQLite lets a hand-written
 * `TEXT PRIMARY KEY` hold NULL (no write of ours does). Automatic indexes of primary keys are SQLite's own.
 */
async function actual(query: Query, tables: string[]): Promise<Record<string, TableShape>> {
  const out: Record<string, TableShape> = {};
  for (const table of tables) {
    const cols = await query<{ name: string; type: string; notnull: number; pk: number }>(`PRAGMA table_info(${table})`);
    const columns = Object.fromEntries(cols.map((c) => [c.name, { type: c.type.toUpperCase(), notNull: c.notnull === 1 || c.pk > 0, pk: c.pk > 0 }]));
    const indexes: TableShape['indexes'] = {};
    for (const i of await query<{ name: string; unique: number; origin: string }>(`PRAGMA index_list(${table})`)) {
      if (i.origin === 'pk') continue;
      const info = await query<{ name: string }>(`PRAGMA index_info(${i.name})`);
      indexes[i.name] = { unique: i.unique === 1, columns: info.map((c) => c.name) };
    }
    out[table] = { columns, indexes };
  }
  return out;
}

describe('schemas', () => {
  it('a new AccountDO has the tables of schema/account.ts', async () => {
    const { accountId } = await newAccount();
    const stub = env.ACCOUNT.get(env.ACCOUNT.idFromName(accountId));
    const expected = declared(accountSchema);
    const got = await runInDurableObject(stub as unknown as DurableObjectStub, (_o, state) =>
      actual(async <T,>(sql: string) => state.storage.sql.exec(sql).toArray() as T[], Object.keys(expected)),
    );
    expect(Object.keys(expected)).toContain('users');
    expect(got).toEqual(expected);
  });

  it('D1 after all migrations has the tables of schema/read-model.ts', async () => {
    const expected = declared(readSchema);
    const got = await actual(async <T,>(sql: string) => (await env.DB.prepare(sql).all<T>()).results, Object.keys(expected));
    expect(Object.keys(expected)).toContain('principals');
    expect(got).toEqual(expected);
    // Nothing else: every table D1 holds (beyond wrangler's and SQLite's own) is declared.
    const { results } = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations' ORDER BY name",
    ).all<{ name: string }>();
    expect(results.map((r) => r.name)).toEqual(Object.keys(expected).sort());
  });
});
