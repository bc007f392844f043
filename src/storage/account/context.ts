/**
 * @module What every part of an AccountDO shares: its SQLite (through drizzle), its migrations, the
 * account's secret box, and the one way to write: a transaction that appends its outbox rows
 * (docs/DESIGN.md §1). The parts (execute.ts, projection.ts, closing.ts, admin.ts, mfa.ts,
 * workload-tokens.ts) each hold one of these; account-do.ts wires them.
 */
import { drizzle, type DrizzleSqliteDODatabase } from 'drizzle-orm/durable-sqlite';
import { AwsError } from '../../core/errors';
import type { ProjectionOp } from '../projection-ops';
import type { AccountRecord } from '../../core/records';
import { secretBoxFromEnv, type SecretBox } from '../../core/secret-box';
import { partitionOf, type Env } from '../../env';
import type { WireError } from '../account-rpc';
import { sqliteAccountStore, type ReadMemory, type SqliteAccountStore } from '../account-store/index';
import * as t from '../schema/account';
import { migrateAccount } from './migrations';

/**
 * How the object reaches the D1 read model for an account: `readModelFor` in production. The one seam
 * between the object and D1, so a test can hand the object a failing database (account-do.ts).
 */
export type ReadModelAccess = (accountId: string) => D1Database;

/** An AwsError as data, to cross RPC. */
export const toWire = (e: AwsError): WireError => ({ code: e.code, message: e.message, status: e.status, type: e.type });

/** The object's storage and the account's secrets; see the module comment. */
export class AccountContext {
  readonly storage: DurableObjectStorage;
  readonly env: Env;
  readonly db: DrizzleSqliteDODatabase<typeof t>;
  /**
   * The object's own clock (epoch milliseconds), for what happens outside a request's time: the operator's
   * lifecycle calls, the outbox, the alarms. An IAM call is dated by the edge (`ExecuteCall.now`).
   */
  readonly clock: () => number;
  #secrets: Promise<SecretBox> | undefined;
  #generation = 0;
  /** Reads remembered until the next write, by every call's store (account-store/context.ts `remembered`). */
  readonly #memory: ReadMemory = { generation: () => this.#generation, reads: new Map() };
  /** While a call runs outside a transaction ({@link tryRead}): a statement that would write is refused. */
  #reading = false;
  /** Whether a statement was refused during the current {@link tryRead}. */
  #writeRefused = false;
  #accountIdQuery: { get(): { id: string } | undefined } | undefined;
  /** The account id as read at a generation (readStore): the same until the next write. */
  #accountId: { generation: number; id: string } | undefined;

  constructor(ctx: DurableObjectState, env: Env, clock: () => number) {
    this.storage = ctx.storage;
    this.env = env;
    this.clock = clock;
    this.db = drizzle(countingWrites(ctx.storage, () => this.#beforeWrite()), { schema: t });
  }

  /** Before every statement that can write: refused while reading ({@link tryRead}), else a new generation. */
  #beforeWrite(): void {
    if (this.#reading) {
      this.#writeRefused = true;
      throw new WriteInRead();
    }
    this.#generation++;
  }

  /**
   * The write generation: bumped before every statement that can write the object's SQLite (through
   * drizzle, the meta table or a migration), committed or not. Equal generations mean the same state, so
   * a value computed from the state at one generation (caller-policy-cache.ts) is valid while it lasts.
   */
  generation(): number {
    return this.#generation;
  }

  /** The account's secret box (master key and previous keys), opened once per object. */
  secrets(): Promise<SecretBox> {
    this.#secrets ??= secretBoxFromEnv(this.env);
    return this.#secrets;
  }

  partition(): string {
    return partitionOf(this.env);
  }

  /** Applies the migrations not yet applied (account/migrations.ts). */
  async migrate(): Promise<void> {
    this.#generation++;
    try {
      await migrateAccount(this.storage, this.db);
    } finally {
      this.#generation++;
    }
  }

  /** Deletes everything the object stores (the account's purge); a write like any other. */
  async deleteAll(): Promise<void> {
    this.#generation++;
    try {
      await this.storage.deleteAll();
    } finally {
      this.#generation++;
    }
  }

  /** A value of the `meta` table (schema version, projection failures, MFA throttling). */
  meta(key: string): string | undefined {
    return this.storage.sql.exec<{ value: string }>('SELECT value FROM meta WHERE key = ?', key).toArray()[0]?.value;
  }

  setMeta(key: string, value: string): void {
    this.#generation++;
    this.storage.sql.exec('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', key, value);
  }

  deleteMeta(key: string): void {
    this.#generation++;
    this.storage.sql.exec('DELETE FROM meta WHERE key = ?', key);
  }

  /** A store for reads outside a call (its account id is only used by writes). */
  readStore(): SqliteAccountStore {
    // Every call reads it (the key's last use): kept until the next write (the account's creation, closing
    // and purge are writes), and prepared once, as drizzle would rebuild its SQL each time.
    if (this.#accountId?.generation !== this.#generation) {
      this.#accountIdQuery ??= this.db.select({ id: t.account.accountId }).from(t.account).prepare();
      this.#accountId = { generation: this.#generation, id: this.#accountIdQuery.get()?.id ?? '' };
    }
    return sqliteAccountStore(this.db, this.#accountId.id);
  }

  /** The account row, if the account exists (active or closing). */
  account(): AccountRecord | undefined {
    return this.readStore().getAccount();
  }

  /**
   * Runs `fn` in one transaction with a fresh store; the ops it emits are appended to the outbox in the
   * same transaction. Returns `fn`'s result and whether anything was queued for projection.
   */
  transact<T>(accountId: string, fn: (store: SqliteAccountStore) => T): { value: T; queued: boolean } {
    return this.storage.transactionSync(() => {
      // With the generation: the transaction's reads are remembered until its next write (account-store/context.ts).
      const store = sqliteAccountStore(this.db, accountId, this.#memory);
      const value = fn(store);
      const ops: readonly ProjectionOp[] = store.pendingOps;
      if (ops.length > 0) this.db.insert(t.outbox).values({ ops: JSON.stringify(ops), createdAt: new Date(this.clock()).toISOString() }).run();
      return { value, queued: ops.length > 0 };
    });
  }

  /**
   * Runs `fn`, which should only read, outside a transaction: undefined, and nothing changed, if it tried to
   * write (a statement other than a select, refused before it runs) or to queue a read-model op, so the
   * caller runs it again in {@link transact}. A read needs no transaction for a consistent view: `fn` is
   * synchronous, so nothing else runs in the object meanwhile; and `transactionSync` costs a read a
   * savepoint and its release (`npm run bench -- iam-get-user`). An `fn` that catches the refusal and goes on
   * is run again all the same.
   */
  tryRead<T>(accountId: string, fn: (store: SqliteAccountStore) => T): { value: T; queued: false } | undefined {
    this.#reading = true;
    this.#writeRefused = false;
    try {
      const store = sqliteAccountStore(this.db, accountId, this.#memory);
      const value = fn(store);
      return this.#writeRefused || store.pendingOps.length > 0 ? undefined : { value, queued: false };
    } catch (e) {
      if (this.#writeRefused) return undefined;
      throw e;
    } finally {
      this.#reading = false;
    }
  }
}

/** A statement that would write, refused while the object runs a call outside a transaction (`tryRead`). */
class WriteInRead extends Error {
  constructor() {
    super('a write was attempted outside a transaction');
  }
}

/**
 * A statement that records a call rather than changing what calls read: the audit trail's tables
 * (account-store/audit-events.ts) and last-accessed tracking (account-store/last-access.ts). Not a write of
 * the generation, since no cache reads them; so recording every call, read-only ones included, leaves the
 * caches warm (before, every IAM call's last-accessed upsert emptied them for the next call).
 */
const AUDIT_STATEMENT = /^(insert into|delete from) "(audit_|service_last_access")/;

/**
 * The object's storage as drizzle sees it, calling `onWrite` before every statement that is not a plain
 * `select` or an audit statement (drizzle writes each query's SQL in lower case; anything else, a write or not, counts as one:
 * a spurious bump only costs a cache miss, a missed one would let a cache outlive a write).
 */
function countingWrites(storage: DurableObjectStorage, onWrite: () => void): DurableObjectStorage {
  const sql = storage.sql;
  const exec: SqlStorage['exec'] = (query, ...bindings) => {
    if (!query.startsWith('select ') && !AUDIT_STATEMENT.test(query)) onWrite();
    return sql.exec(query, ...bindings);
  };
  // drizzle-orm/durable-sqlite uses `sql.exec` and `transactionSync` only (its session.js).
  const view = { sql: { exec }, transactionSync: <T>(fn: () => T): T => storage.transactionSync(fn) };
  return view as unknown as DurableObjectStorage;
}
