/**
 * @module The reads every named IAM entity shares (users, groups, managed policies, roles, instance
 * profiles): by name regardless of case (`name_lc` is unique, as IAM names are), by id, a page under a path
 * prefix in name order, and the count against the account's quota.
 */
import { and, asc, eq, getTableName, gt } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { PageQuery } from '../../core/ports';
import { countRows, param, pathUnder, prepared, type StoreContext } from './context';

/** The columns that name an entity. */
export interface NamedColumns {
  /** The column it is found by (its id, or its ARN for managed policies). */
  id: SQLiteColumn;
  nameLc: SQLiteColumn;
  path: SQLiteColumn;
}

/**
 * The shared reads of one named table, each row turned into its record by `toRecord`; built once per table.
 * Find by name and by id are prepared statements (context.ts `prepared`): every call finds its caller, the
 * caller's policies and its target with them.
 */
export function namedRows<T extends SQLiteTable, R>(table: T, cols: NamedColumns, toRecord: (row: T['$inferSelect']) => R) {
  const one = (c: StoreContext, name: string, column: SQLiteColumn, value: string): R | undefined => {
    const q = prepared(c.db, name, (db) => db.select().from(table).where(eq(column, param('v'))).prepare());
    const row = q.get({ v: value });
    return row ? toRecord(row) : undefined;
  };
  const byName = `${getTableName(table)}.byName`;
  const byId = `${getTableName(table)}.byId`;
  return {
    byName: (c: StoreContext, name: string) => one(c, byName, cols.nameLc, name.toLowerCase()),
    byId: (c: StoreContext, id: string) => one(c, byId, cols.id, id),
    /** A page ordered by lower-cased name; `after` is a lower-cased name. */
    list(c: StoreContext, { pathPrefix = '/', after, limit }: PageQuery): R[] {
      const conditions = [pathUnder(cols.path, pathPrefix)];
      if (after !== undefined) conditions.push(gt(cols.nameLc, after));
      return c.db.select().from(table).where(and(...conditions)).orderBy(asc(cols.nameLc)).limit(limit).all().map(toRecord);
    },
    count: (c: StoreContext) => countRows(c, table),
  };
}
