/**
 * The hand-written DDL of both stores agrees with the drizzle schemas the code queries through.
 */
import { env } from 'cloudflare:workers';
import { runInDurableObject } from 'cloudflare:test';
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as accountSchema from '../../src/storage/schema/account';
import * as readSchema from '../../src/storage/schema/read-model';
import { newAccount } from './support';

const columnsOf = (tables: Record<string, unknown>) =>
  Object.fromEntries(
    Object.values(tables).map((t) => {
      const config = getTableConfig(t as SQLiteTable);
      return [config.name, config.columns.map((c) => c.name).sort()];
    }),
  );

describe('schemas', () => {
  it('AccountDO DDL matches schema/account.ts', async () => {
    const { accountId } = await newAccount();
    const stub = env.ACCOUNT.get(env.ACCOUNT.idFromName(accountId));
    const expected = columnsOf(accountSchema);
    const actual = await runInDurableObject(stub as unknown as DurableObjectStub, (_o, state) =>
      Object.fromEntries(
        Object.keys(expected).map((table) => [
          table,
          state.storage.sql.exec<{ name: string }>(`PRAGMA table_info(${table})`).toArray().map((r) => r.name).sort(),
        ]),
      ),
    );
    expect(actual).toEqual(expected);
  });

  it('D1 migrations match schema/read-model.ts', async () => {
    const expected = columnsOf(readSchema);
    const actual: Record<string, string[]> = {};
    for (const table of Object.keys(expected)) {
      const { results } = await env.DB.prepare(`PRAGMA table_info(${table})`).all<{ name: string }>();
      actual[table] = results.map((r) => r.name).sort();
    }
    expect(actual).toEqual(expected);
  });
});
