/**
 * @module The outbox's way into D1 (docs/DESIGN.md §1): after a commit the object projects its outbox in
 * order, one D1 `batch()` per slice, and deletes a slice only once D1 accepted it, so nothing is lost and
 * replays converge (read-model.ts makes every write idempotent). When D1 fails the call still succeeds
 * without a bookmark, and the object's alarm retries with exponential backoff.
 */
import { asc, lte } from 'drizzle-orm';
import type { ProjectionOp } from '../projection-ops';
import { projectEntries } from '../read-model';
import * as t from '../schema/account';
import type { AccountContext, ReadModelAccess } from './context';

/** Outbox entries projected per D1 batch (each entry is a handful of statements). */
const PROJECTION_BATCH_ENTRIES = 50;
/** First retry delay after a failed projection; doubles per failure up to the maximum. */
export const PROJECTION_RETRY_BASE_MS = 1_000;
/** Longest delay between projection retries (5 minutes). */
const PROJECTION_RETRY_MAX_MS = 300_000;
/** The `meta` key counting projection failures in a row (the backoff's exponent). */
const FAILURES_KEY = 'projection_failures';

/** Projects one object's outbox; see the module comment. */
export class OutboxProjection {
  readonly #obj: AccountContext;
  readonly #readModel: ReadModelAccess;
  /** Serializes projection runs: each waits for the previous one, then drains what is left. */
  #running: Promise<unknown> = Promise.resolve();
  /** The bookmark of the last batch D1 accepted. */
  #bookmark: string | null = null;

  constructor(obj: AccountContext, readModel: ReadModelAccess) {
    this.#obj = obj;
    this.#readModel = readModel;
  }

  /** Projects now; on failure, schedules a retry and answers without a bookmark. */
  async projectNow(): Promise<string | null> {
    try {
      return await this.#project();
    } catch (e) {
      console.warn(JSON.stringify({ event: 'projection-failed', error: String(e) }));
      await this.#scheduleRetry();
      return null;
    }
  }

  /** Resolves once the projection run in progress, if any, has settled (whatever its outcome). */
  settled(): Promise<unknown> {
    return this.#running.catch(() => undefined);
  }

  /** Forgets the last bookmark (the account's data is gone). */
  reset(): void {
    this.#bookmark = null;
  }

  #project(): Promise<string | null> {
    const run = this.#running.then(() => this.#drain());
    this.#running = run.catch(() => undefined);
    return run;
  }

  /** Projects the outbox in order until it is empty; each batch is deleted only after D1 accepted it. */
  async #drain(): Promise<string | null> {
    const db = this.#obj.db;
    for (;;) {
      const account = db.select({ id: t.account.accountId }).from(t.account).get();
      const rows = db.select().from(t.outbox).orderBy(asc(t.outbox.seq)).limit(PROJECTION_BATCH_ENTRIES).all();
      if (!account || rows.length === 0) break;
      const session = this.#readModel(account.id).withSession('first-primary');
      const entries = rows.map((r) => ({ seq: r.seq, ops: JSON.parse(r.ops) as ProjectionOp[] }));
      this.#bookmark = await projectEntries(session, account.id, entries);
      db.delete(t.outbox).where(lte(t.outbox.seq, rows[rows.length - 1]!.seq)).run();
    }
    this.#obj.deleteMeta(FAILURES_KEY);
    return this.#bookmark;
  }

  async #scheduleRetry(): Promise<void> {
    const failures = Number(this.#obj.meta(FAILURES_KEY) ?? 0) + 1;
    this.#obj.setMeta(FAILURES_KEY, String(failures));
    const delay = Math.min(PROJECTION_RETRY_BASE_MS * 2 ** (failures - 1), PROJECTION_RETRY_MAX_MS);
    const storage = this.#obj.storage;
    const current = await storage.getAlarm();
    const at = this.#obj.clock() + delay;
    if (current === null || current > at) await storage.setAlarm(at);
  }
}
