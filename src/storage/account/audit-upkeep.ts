/**
 * @module The trail's upkeep in its object: retention (audit-retention.ts) and the archive (audit-archive.ts),
 * run when events are recorded and by the object's alarm.
 *
 * The object has one alarm, shared with the projection's retries and the closing (account-do.ts `alarm`):
 * every job here is idempotent and due at a time, and the alarm is set to the earliest of them, never moved
 * later than another job asked for (`armAlarm`). Retention runs at most once an hour per object
 * (`audit_purged_at` in `meta`), and not before the oldest event can have expired; a run deletes one chunk
 * at a time, the alarm coming straight back while more is left. The archive runs when a batch is full or
 * its oldest event has waited {@link ARCHIVE_INTERVAL_MS}, and after a failed put with backoff. All times
 * are the object's clock (`AccountContext.clock`), injected, so tests move it instead of sleeping.
 *
 * What it knows of the trail (oldest event, last purge, pending events, the alarm it set) is kept in
 * memory once read, so recording an event costs no query unless a job is due.
 */
import type { AuditRetentionInfo } from '../account-rpc';
import { ACCOUNT_RETENTION_KEY, DAY_MS, PURGE_CHUNK, accountRetentionDays, oldestEventMs, purgeChunk } from './audit-retention';
import { ARCHIVE_BATCH_EVENTS, ARCHIVE_INTERVAL_MS, AuditArchive } from './audit-archive';
import type { AccountContext } from './context';

/** Retention runs at most this often per object. */
export const PURGE_INTERVAL_MS = 3_600_000;
const PURGED_AT_KEY = 'audit_purged_at';
/** Archive batches one alarm writes at most; the alarm comes back for the rest. */
const ARCHIVE_BATCHES_PER_RUN = 10;

/** What upkeep remembers of the trail between calls; read from storage when first needed. */
interface TrailState {
  /** When retention last ran to completion (0: never). */
  purgedAtMs: number;
  /** The oldest event's time; null when the trail is empty. */
  oldestMs: number | null;
  /** A purge run left events to delete: the next chunk is due now. */
  backlog: boolean;
  /** Events recorded and not archived (0 without an archive). */
  unarchived: number;
  /** When the pending events are due in the archive (set when the first of them is recorded). */
  archiveDueMs: number | undefined;
  /** The last archive run failed: the next is at its retry time. */
  failing: boolean;
}

/** Sets the object's alarm to `at` unless it is already set to go off sooner. */
export async function armAlarm(storage: DurableObjectStorage, at: number): Promise<void> {
  const current = await storage.getAlarm();
  if (current === null || current > at) await storage.setAlarm(at);
}

/** The trail's upkeep of one object; see the module comment. */
export class AuditUpkeep {
  readonly #obj: AccountContext;
  readonly #archive: AuditArchive;
  /** The deployment's retention (`AUDIT_RETENTION_DAYS`); an account may have its own (`audit_retention_days` in `meta`). */
  readonly #defaultRetentionMs: number;
  #retentionMs: number;
  #state: TrailState | undefined;
  /** The alarm time upkeep set (or saw set sooner); undefined when unknown or gone off. */
  #armedAt: number | undefined;

  constructor(obj: AccountContext, bucket: () => R2Bucket | undefined, retentionMs: number) {
    this.#obj = obj;
    this.#archive = new AuditArchive(obj, bucket);
    this.#defaultRetentionMs = retentionMs;
    this.#retentionMs = retentionMs;
  }

  /** The account's retention and where it comes from. */
  retention(): AuditRetentionInfo {
    const own = accountRetentionDays(this.#obj.meta(ACCOUNT_RETENTION_KEY));
    return own !== undefined ? { days: own, source: 'account' } : { days: this.#defaultRetentionMs / DAY_MS, source: 'deployment' };
  }

  /**
   * Gives the account its own retention (`days`, validated by the caller), or the deployment's again
   * (`null`). A shorter one applies at once: the purge is due when the oldest event has expired under it,
   * still at most once an hour.
   */
  async setRetention(days: number | null): Promise<AuditRetentionInfo> {
    if (days === null) this.#obj.deleteMeta(ACCOUNT_RETENTION_KEY);
    else this.#obj.setMeta(ACCOUNT_RETENTION_KEY, String(days));
    this.reset();
    const s = this.#state!;
    const now = this.#obj.clock();
    const next = this.#nextDueMs(now, s);
    if (next !== undefined) await this.#arm(next);
    return this.retention();
  }

  /**
   * After events were recorded: `count` of them, the oldest at `oldestMs` (an IAM call's own event: now).
   * Runs a purge chunk if one is due and makes sure the alarm will come for what is next.
   */
  async recorded(count = 1, oldestMs?: number): Promise<void> {
    try {
      await this.#recorded(count, oldestMs);
    } catch (e) {
      // The events are committed: upkeep failing must not turn the call into a failure; the next recording or the alarm tries again.
      console.error(JSON.stringify({ event: 'audit-upkeep-failed', message: e instanceof Error ? e.message : String(e) }));
    }
  }

  async #recorded(count: number, oldestMs: number | undefined): Promise<void> {
    const now = this.#obj.clock();
    const s = this.#state ?? this.#load(now);
    if (count > 0) {
      s.oldestMs = Math.min(s.oldestMs ?? Infinity, oldestMs ?? now);
      if (this.#archive.configured) {
        if (s.unarchived === 0) s.archiveDueMs = now + ARCHIVE_INTERVAL_MS;
        s.unarchived += count;
        // A full batch goes now, unless puts are failing: then the retry's backoff stands.
        if (s.unarchived >= ARCHIVE_BATCH_EVENTS && !s.failing) s.archiveDueMs = now;
      }
    }
    // A backlog is the alarm's: a call never deletes more than one chunk.
    if (!s.backlog && now >= this.#purgeDueMs(s)) this.#purge(now, s);
    const next = this.#nextDueMs(now, s);
    if (next !== undefined && (this.#armedAt === undefined || next < this.#armedAt)) await this.#arm(next);
  }

  /** The alarm's part: the purge chunk and the archive batches that are due, then the alarm for what is next. */
  async onAlarm(): Promise<void> {
    this.#armedAt = undefined;
    const now = this.#obj.clock();
    const s = this.#state ?? this.#load(now);
    // What recordings told memory is a hint (counts kept in memory, lost with the object's restart): the
    // alarm counts again, so a hint never keeps an alarm coming back for an empty trail.
    s.oldestMs = oldestEventMs(this.#obj);
    s.unarchived = this.#archive.configured ? this.#archive.pending() : 0;
    if (s.unarchived === 0) s.archiveDueMs = undefined;
    else s.archiveDueMs ??= now + ARCHIVE_INTERVAL_MS;
    if (now >= this.#purgeDueMs(s)) this.#purge(now, s);
    if (s.archiveDueMs !== undefined && now >= s.archiveDueMs) {
      const { retryAtMs } = await this.#archive.run(now, ARCHIVE_BATCHES_PER_RUN);
      s.failing = retryAtMs !== undefined;
      s.unarchived = this.#archive.pending();
      s.archiveDueMs = s.unarchived > 0 ? (retryAtMs ?? (s.unarchived >= ARCHIVE_BATCH_EVENTS ? now : now + ARCHIVE_INTERVAL_MS)) : undefined;
    }
    const next = this.#nextDueMs(now, s);
    if (next !== undefined) await this.#arm(next);
  }

  /**
   * Archives every pending event now: the account is closing and its trail is about to be deleted with the
   * rest of its data (closing.ts). Throws when a put fails, so the closing waits and its alarm retries.
   */
  async flush(): Promise<void> {
    if (!this.#archive.configured) return;
    for (;;) {
      const run = await this.#archive.run(this.#obj.clock(), ARCHIVE_BATCHES_PER_RUN);
      if (run.retryAtMs !== undefined) throw new Error('the audit archive did not take the trail');
      if (run.archived === 0 || this.#archive.pending() === 0) return;
    }
  }

  /**
   * Reads what it keeps in memory from the trail: when the object starts (after its migrations, before any
   * call), so a recording's count and time add to the state before it.
   */
  start(): void {
    this.#load(this.#obj.clock());
  }

  /** Reads the trail again (the object's data was deleted, the account closed; or the archive changed). */
  reset(): void {
    this.#armedAt = undefined;
    this.#load(this.#obj.clock());
  }

  #load(now: number): TrailState {
    this.#retentionMs = this.retention().days * DAY_MS;
    const unarchived = this.#archive.configured ? this.#archive.pending() : 0;
    this.#state = {
      purgedAtMs: Number(this.#obj.meta(PURGED_AT_KEY) ?? 0),
      oldestMs: oldestEventMs(this.#obj),
      backlog: false,
      unarchived,
      // Events found pending when the object starts waited while it was away (or their put failed, and the
      // alarm that woke it is the retry): due now.
      archiveDueMs: unarchived > 0 ? now : undefined,
      failing: unarchived > 0 && this.#archive.retryAtMs(now) !== undefined,
    };
    return this.#state;
  }

  /** When retention is due: an hour after the last run, and not before the oldest event expires. */
  #purgeDueMs(s: TrailState): number {
    if (s.backlog) return 0;
    if (s.oldestMs === null) return Infinity;
    return Math.max(s.purgedAtMs + PURGE_INTERVAL_MS, s.oldestMs + this.#retentionMs);
  }

  #nextDueMs(now: number, s: TrailState): number | undefined {
    const next = Math.min(this.#purgeDueMs(s), s.archiveDueMs ?? Infinity);
    return Number.isFinite(next) ? Math.max(next, now) : undefined;
  }

  /** One chunk of retention; a run that found less than a chunk is complete until the next hour. */
  #purge(now: number, s: TrailState): void {
    const deleted = purgeChunk(this.#obj, now, this.#retentionMs, this.#archive.configured ? this.#archive.watermark() : undefined);
    s.backlog = deleted === PURGE_CHUNK;
    if (!s.backlog) {
      s.purgedAtMs = now;
      this.#obj.setMeta(PURGED_AT_KEY, String(now));
    }
    s.oldestMs = oldestEventMs(this.#obj);
    if (deleted > 0) console.log(JSON.stringify({ event: 'audit-retention-purged', deleted, more: s.backlog }));
  }

  async #arm(at: number): Promise<void> {
    await armAlarm(this.#obj.storage, at);
    const set = await this.#obj.storage.getAlarm();
    this.#armedAt = set ?? at;
  }
}
