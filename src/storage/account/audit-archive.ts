/**
 * @module The audit archive: the object writes its trail, in the order it recorded it, to R2 as gzip JSON
 * files in CloudTrail's object layout (core/audit/archive-layout.ts), one file per region per batch.
 *
 * Exactly once in the bucket, or retried: `audit_archived_seq` in `meta` is the watermark (every event at or
 * before that `seq` is archived). A batch is first fixed in `meta` (`audit_archive_batch`: its last `seq`,
 * its delivery time and its unique string), then its files are put, then the watermark moves and the batch
 * is forgotten, in one transaction. A put that fails leaves the batch fixed: the retry (by the alarm) puts
 * the same records under the same keys, overwriting what an earlier attempt may have written, so no record
 * is ever in two files. Events after the watermark are never purged (audit-retention.ts).
 */
import { and, asc, gt, lte, max } from 'drizzle-orm';
import { archiveBodyOf, archiveKeyOf, groupByRegion, uniqueStringOf } from '../../core/audit/archive-layout';
import { cryptoRandomBytes } from '../../core/ids';
import * as t from '../schema/account';
import type { AccountContext } from './context';

/** Most records in one batch (one file per region): CloudTrail delivers a file about every 5 minutes. */
export const ARCHIVE_BATCH_EVENTS = 500;
/** How long a recorded event may wait for a batch to fill before it is archived anyway. */
export const ARCHIVE_INTERVAL_MS = 5 * 60_000;
/** First retry delay after a failed put; doubles per failure up to the maximum (as the projection's). */
const RETRY_BASE_MS = 1_000;
const RETRY_MAX_MS = 300_000;

const WATERMARK_KEY = 'audit_archived_seq';
const BATCH_KEY = 'audit_archive_batch';
const FAILURES_KEY = 'audit_archive_failures';

/** A batch fixed before its files are put: what a retry puts again, under the same keys. */
interface FixedBatch {
  /** The last `seq` in the batch (the first is the one after the watermark). */
  toSeq: number;
  deliveredAtMs: number;
  uniqueString: string;
}

/** What one archive run did. */
export interface ArchiveRun {
  /** Records written (0 when there was nothing to archive). */
  archived: number;
  /** When a put failed: when to retry. */
  retryAtMs?: number;
}

const e = t.auditEvents;

/** Gzip of a string, with the platform's CompressionStream. */
async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** One object's archive; see the module comment. */
export class AuditArchive {
  readonly #obj: AccountContext;
  readonly #bucket: () => R2Bucket | undefined;
  /** Serializes runs: an alarm and a retry never put the same batch at once. */
  #running: Promise<unknown> = Promise.resolve();

  constructor(obj: AccountContext, bucket: () => R2Bucket | undefined) {
    this.#obj = obj;
    this.#bucket = bucket;
  }

  /** Whether a bucket is configured. */
  get configured(): boolean {
    return this.#bucket() !== undefined;
  }

  /** The last archived `seq` (0 before the first file). */
  watermark(): number {
    return Number(this.#obj.meta(WATERMARK_KEY) ?? 0);
  }

  /** How many recorded events are not archived yet. */
  pending(): number {
    const top = this.#obj.db.select({ seq: max(e.seq) }).from(e).get()?.seq ?? 0;
    return Math.max(0, top - this.watermark());
  }

  /** When a failed put is retried, if the last run failed. */
  retryAtMs(nowMs: number): number | undefined {
    const failures = Number(this.#obj.meta(FAILURES_KEY) ?? 0);
    return failures > 0 ? nowMs + Math.min(RETRY_BASE_MS * 2 ** (failures - 1), RETRY_MAX_MS) : undefined;
  }

  /** Archives up to `maxBatches` batches of what is pending, in order; stops at the first failed put. */
  run(nowMs: number, maxBatches: number): Promise<ArchiveRun> {
    const run = this.#running.then(() => this.#run(nowMs, maxBatches));
    this.#running = run.catch(() => undefined);
    return run;
  }

  async #run(nowMs: number, maxBatches: number): Promise<ArchiveRun> {
    const bucket = this.#bucket();
    const account = this.#obj.account();
    if (!bucket || !account) return { archived: 0 };
    let archived = 0;
    for (let i = 0; i < maxBatches; i++) {
      const batch = this.#fixedBatch(nowMs);
      if (!batch) break;
      const from = this.watermark();
      const rows = this.#obj.db.select({ record: e.record }).from(e).where(and(gt(e.seq, from), lte(e.seq, batch.toSeq))).orderBy(asc(e.seq)).all();
      try {
        for (const [region, records] of groupByRegion(rows.map((r) => r.record))) {
          const key = archiveKeyOf(account.accountId, region, batch.deliveredAtMs, batch.uniqueString);
          await bucket.put(key, await gzip(archiveBodyOf(records)), { httpMetadata: { contentType: 'application/json', contentEncoding: 'gzip' } });
        }
      } catch (err) {
        const failures = Number(this.#obj.meta(FAILURES_KEY) ?? 0) + 1;
        this.#obj.setMeta(FAILURES_KEY, String(failures));
        console.warn(JSON.stringify({ event: 'audit-archive-failed', accountId: account.accountId, failures, error: String(err) }));
        return { archived, retryAtMs: this.retryAtMs(nowMs)! };
      }
      this.#obj.storage.transactionSync(() => {
        this.#obj.setMeta(WATERMARK_KEY, String(batch.toSeq));
        this.#obj.deleteMeta(BATCH_KEY);
        this.#obj.deleteMeta(FAILURES_KEY);
      });
      archived += rows.length;
    }
    return { archived };
  }

  /** The batch being archived: the one fixed by an earlier attempt, else the next one, fixed now; none when nothing is pending. */
  #fixedBatch(nowMs: number): FixedBatch | undefined {
    const fixed = this.#obj.meta(BATCH_KEY);
    if (fixed) return JSON.parse(fixed) as FixedBatch;
    const from = this.watermark();
    const last = this.#obj.db
      .select({ seq: e.seq })
      .from(e)
      .where(gt(e.seq, from))
      .orderBy(asc(e.seq))
      .limit(1)
      .offset(ARCHIVE_BATCH_EVENTS - 1)
      .get();
    const toSeq = last?.seq ?? this.#obj.db.select({ seq: max(e.seq) }).from(e).get()?.seq ?? null;
    if (toSeq === null || toSeq <= from) return undefined;
    const batch: FixedBatch = { toSeq, deliveredAtMs: nowMs, uniqueString: uniqueStringOf(cryptoRandomBytes) };
    this.#obj.setMeta(BATCH_KEY, JSON.stringify(batch));
    return batch;
  }
}
