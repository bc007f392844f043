/**
 * The outbox's ops are typed by the read-model tables (storage/projection-ops.ts): each projected table is
 * registered under its SQL name with its primary key (the upsert's conflict target), and an op whose row or
 * key does not fit its table does not compile (the `@ts-expect-error` lines fail `npm run typecheck` the day
 * they compile).
 */
import { getTableColumns } from 'drizzle-orm';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { PROJECTED, type ProjectionOp } from '../../../src/storage/projection-ops';

describe('projection ops', () => {
  it('registers every projected table under its SQL name, keyed by its primary key', () => {
    for (const [name, { table, key }] of Object.entries(PROJECTED)) {
      const config = getTableConfig(table);
      expect(config.name).toBe(name);
      const columns: Record<string, { name: string }> = getTableColumns(table);
      const keyColumns = key.map((k) => columns[k]?.name);
      const primary = [
        ...config.columns.filter((c) => c.primary).map((c) => c.name),
        ...config.primaryKeys.flatMap((pk) => pk.columns.map((c) => c.name)),
      ];
      expect(keyColumns.sort()).toEqual(primary.sort());
      expect(config.columns.map((c) => c.name)).toContain('seq');
    }
  });

  it('types rows and keys by table', () => {
    const ops: ProjectionOp[] = [
      { op: 'put', table: 'accounts', row: { accountId: '1', email: 'e', alias: null, status: 'active', createdAt: 'c' } },
      { op: 'del', table: 'principals', key: { accountId: '1', principalId: 'AIDA' } },
      // @ts-expect-error a key lacks one of its columns
      { op: 'del', table: 'principals', key: { accountId: '1' } },
      // @ts-expect-error a row names a column its table does not have
      { op: 'put', table: 'accounts', row: { accountId: '1', email: 'e', status: 'active', createdAt: 'c', colour: 'red' } },
      // @ts-expect-error a row of another table
      { op: 'put', table: 'accounts', row: { accessKeyId: 'AKIA' } },
      // @ts-expect-error a column of the wrong type
      { op: 'put', table: 'principals', row: { accountId: '1', principalId: 'p', type: 'Role', name: 'n', path: '/', arn: 'a', tags: '[]', maxSessionDuration: '3600' } },
      // @ts-expect-error a table the outbox does not write
      { op: 'del', table: 'projection_cursor', key: { accountId: '1' } },
    ];
    expect(ops).toHaveLength(7);
  });
});
