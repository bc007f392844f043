/**
 * @module What the aggregate modules of the account store share: the database handle, the account id the
 * read-model rows are keyed by, and the read-model ops queued by the current transaction (`emit`), plus the
 * few query pieces every aggregate uses.
 *
 * The database is any synchronous drizzle SQLite database over `schema/account.ts`: the Durable Object's
 * (drizzle-orm/durable-sqlite) in production, sql.js's (drizzle-orm/sql-js) in the unit tests' in-memory
 * store (test/support/memory-store.ts). Both run the same statements on a real SQLite.
 */
import { sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { BaseSQLiteDatabase, SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { ProjectionOp } from '../projection-ops';
import type * as t from '../schema/account';

/** The drizzle database of an AccountDO: synchronous SQLite, whatever the driver. */
export type AccountDb = BaseSQLiteDatabase<'sync', unknown, typeof t>;

/**
 * Reads an account's object remembers between its writes: `generation` is the object's write generation
 * (storage/account/context.ts), bumped before every statement that can write; `reads` what
 * {@link remembered} keeps, by read, with the generation it was read at. One per object, shared by the
 * stores of all its calls.
 */
export interface ReadMemory {
  readonly generation: () => number;
  readonly reads: Map<string, { generation: number; value: unknown }>;
}

/** One transaction's view of the account's database; see the module comment. */
export interface StoreContext {
  readonly db: AccountDb;
  /** The account the read-model rows are keyed by. */
  readonly accountId: string;
  /** Read-model ops queued so far, in order; the object appends them to the outbox in the same transaction. */
  readonly pending: ProjectionOp[];
  /** Queues a read-model op. */
  emit(op: ProjectionOp): void;
  /**
   * The object's read memory, when the store runs in the account's object: reads are then remembered until
   * the object's next write ({@link remembered}), across its calls.
   */
  readonly memory: ReadMemory | undefined;
}

/**
 * What every aggregate's methods see as `this`: the store they are part of, holding its context. The
 * modules define their ports' methods as object literals typed `Port & ThisType<StoreMethods>`, and
 * index.ts puts them all on one prototype, so creating a store per transaction costs one small object.
 */
export interface StoreMethods {
  readonly c: StoreContext;
}

/** A context for one transaction (a store is created per transaction, so `pending` is that transaction's). */
export function storeContext(db: AccountDb, accountId: string, memory?: ReadMemory): StoreContext {
  const pending: ProjectionOp[] = [];
  return { db, accountId, pending, emit: (op) => void pending.push(op), memory };
}

/** Reads an object remembers at most; past it the memory starts again empty (an account's hot reads are few). */
const REMEMBERED_READS_MAX = 1_024;

/**
 * A read remembered while the object's write generation stays the same, across calls: every IAM call finds
 * its caller and usually its target (for authorization, then to act on it), and a read the object already
 * made at this generation costs no statement. Every statement that can write bumps the generation first
 * (committed or not), so a value read at generation `g` is exactly the state while it is `g`. Each caller
 * gets its own `copy`, so no one can change what another call is handed. Without a memory (the unit tests'
 * sql.js store outside a transaction) every read runs.
 */
export function remembered<T>(c: StoreContext, key: string, read: () => T, copy: (value: T) => T): T {
  const memory = c.memory;
  if (memory === undefined) return read();
  // Read before the statement: a select does not write, so what it returns is of exactly this generation.
  const generation = memory.generation();
  const hit = memory.reads.get(key);
  if (hit !== undefined && hit.generation === generation) return copy(hit.value as T);
  const value = read();
  if (memory.reads.size >= REMEMBERED_READS_MAX) memory.reads.clear();
  memory.reads.set(key, { generation, value });
  return copy(value);
}

/**
 * Rows whose path starts with `prefix`, compared exactly (case-sensitive, `%` `_` `\` literal), at any
 * length. Not LIKE: the Durable Object's SQLite caps a LIKE pattern at 50 bytes
 * (SQLITE_LIMIT_LIKE_PATTERN_LENGTH), while IAM path prefixes go to 512 characters ("IAM and AWS STS
 * quotas"); and LIKE folds ASCII case, where a path prefix matches as `startsWith` does in the services.
 * SQLite's `substr` and `length` both count characters of TEXT, so any prefix compares whole.
 */
export const pathUnder = (column: SQLiteColumn, prefix: string) => sql`substr(${column}, 1, length(${prefix})) = ${prefix}`;

/** How many rows of `table` match `where` (all without it). */
export const countRows = (c: StoreContext, table: SQLiteTable, where?: SQL): number =>
  c.db.select({ n: sql<number>`count(*)` }).from(table).where(where).get()?.n ?? 0;

/** The next value of an ordering column (1 for an empty table): creation or attachment order. */
export const nextOrdinal = (c: StoreContext, table: SQLiteTable, ordinal: SQLiteColumn): number =>
  (c.db.select({ n: sql<number>`coalesce(max(${ordinal}), 0)` }).from(table).get()?.n ?? 0) + 1;

/**
 * The hot reads (every IAM call resolves its caller, its tags and its policies with them) as statements
 * prepared once per database with placeholders: drizzle otherwise rebuilds a query's SQL text on every
 * call, which cost more than SQLite's own work (≈ 100 µs a query in workerd; GetUser ran about ten).
 * A prepared query holds its SQL text and the database's session only (no transaction state), so it
 * serves every transaction of that database; keyed by the database (a WeakMap), it goes with it: each
 * Durable Object and each in-memory test store has its own. `name` is unique per statement.
 */
const PREPARED = new WeakMap<AccountDb, Map<string, unknown>>();
export function prepared<Q>(db: AccountDb, name: string, build: (db: AccountDb) => Q): Q {
  let cache = PREPARED.get(db);
  if (!cache) PREPARED.set(db, (cache = new Map()));
  let q = cache.get(name) as Q | undefined;
  if (q === undefined) cache.set(name, (q = build(db)));
  return q;
}

/** A named placeholder of a prepared statement (its value is given when the statement runs). */
export const param = (name: string): Placeholder => sql.placeholder(name);
