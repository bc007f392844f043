/**
 * @module How long an account's trail keeps its events, and the purge of older ones in bounded chunks.
 * CloudTrail's Event history keeps 90 days ("Working with CloudTrail Event history",
 * view-cloudtrail-events.html): the default here too, configurable for the deployment with
 * `AUDIT_RETENTION_DAYS`. With an archive configured, an event is never purged before it is archived
 * (audit-archive.ts): the cutoff stops at the oldest event not yet archived.
 */
import { gt, min } from 'drizzle-orm';
import type { Env } from '../../env';
import * as t from '../schema/account';
import type { AccountContext } from './context';

/** CloudTrail Event history's 90 days. */
export const DEFAULT_RETENTION_DAYS = 90;
/**
 * The longest retention accepted: CloudTrail Lake's longest, 3,653 days, about ten years (CloudTrail API
 * Reference, API_CreateEventDataStore.html `RetentionPeriod`, which also removes events by `eventTime`).
 */
export const MAX_RETENTION_DAYS = 3653;
/** A day in milliseconds. */
export const DAY_MS = 86_400_000;

/** Events deleted per chunk: one chunk is one short transaction, so a purge never holds the object long. */
export const PURGE_CHUNK = 500;

/** Values already warned about in this isolate: one warning per bad value, not one per object. */
const warned = new Set<string>();

/**
 * The retention in days from `AUDIT_RETENTION_DAYS`: a whole number from 1 to {@link MAX_RETENTION_DAYS};
 * unset means 90, and anything else falls back to 90 with a warning in the log (a typo must not purge a
 * trail early, nor stop the service).
 */
export function retentionDaysOf(env: Pick<Env, 'AUDIT_RETENTION_DAYS'>): number {
  const raw = env.AUDIT_RETENTION_DAYS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_RETENTION_DAYS;
  const value = raw.trim();
  if (/^\d{1,5}$/.test(value)) {
    const days = Number(value);
    if (days >= 1 && days <= MAX_RETENTION_DAYS) return days;
  }
  if (!warned.has(raw)) {
    warned.add(raw);
    console.warn(JSON.stringify({ event: 'audit-retention-invalid', value: raw.slice(0, 40), expected: `a whole number of days from 1 to ${MAX_RETENTION_DAYS}`, using: DEFAULT_RETENTION_DAYS }));
  }
  return DEFAULT_RETENTION_DAYS;
}

/** Retention in milliseconds. */
export const retentionMsOf = (env: Pick<Env, 'AUDIT_RETENTION_DAYS'>): number => retentionDaysOf(env) * DAY_MS;

/** Whether `days` is a retention an account may have: a whole number from 1 to {@link MAX_RETENTION_DAYS}. */
export const isRetentionDays = (days: unknown): days is number => Number.isInteger(days) && (days as number) >= 1 && (days as number) <= MAX_RETENTION_DAYS;

/** The `meta` key of an account's own retention (days), set by the operator; absent: the deployment's. */
export const ACCOUNT_RETENTION_KEY = 'audit_retention_days';

/** The account's retention in days from its `meta` value, or undefined (unset, or not a valid one). */
export function accountRetentionDays(value: string | undefined): number | undefined {
  const days = value === undefined ? undefined : Number(value);
  return isRetentionDays(days) ? days : undefined;
}

/** The time of the oldest event in the trail, or of the oldest after `afterSeq` (not yet archived); null when none. */
export function oldestEventMs(obj: AccountContext, afterSeq?: number): number | null {
  const e = t.auditEvents;
  const query = obj.db.select({ at: min(e.eventTimeMs) }).from(e);
  const row = (afterSeq === undefined ? query : query.where(gt(e.seq, afterSeq))).get();
  return row?.at ?? null;
}

/**
 * Deletes one chunk of the events older than `nowMs - retentionMs` and, when an archive keeps the trail,
 * not after `archivedSeq` (every event at or before it is in the archive). Returns how many were deleted:
 * a full chunk means more may be left.
 */
export function purgeChunk(obj: AccountContext, nowMs: number, retentionMs: number, archivedSeq: number | undefined): number {
  let cutoff = nowMs - retentionMs;
  if (archivedSeq !== undefined) {
    // Every event older than the oldest unarchived one is archived, whatever order events arrived in.
    const unarchived = oldestEventMs(obj, archivedSeq);
    if (unarchived !== null) cutoff = Math.min(cutoff, unarchived);
  }
  return obj.storage.transactionSync(() => obj.readStore().purgeEventsBefore(cutoff, PURGE_CHUNK));
}
