/**
 * Helpers of the audit trail's upkeep tests: events at a given time and region, the object's clock and
 * archive replaced at their seams (CLOCK_SEAM, ARCHIVE_SEAM in src/storage/account-do.ts), and what the
 * object holds (its trail, its alarm, its meta).
 */
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { ARCHIVE_SEAM, CLOCK_SEAM, type AccountDO } from '../../src/storage/account-do';
import { auditEventOf } from '../../src/services/audit/event';
import type { StoredEvent } from '../../src/core/audit/event';

export const DAY_MS = 86_400_000;

export const stubOf = (accountId: string) => env.ACCOUNT.get(env.ACCOUNT.idFromName(accountId));
const doStub = (accountId: string) => stubOf(accountId) as unknown as DurableObjectStub;

/** An STS event of `accountId` at `atMs` in `region`. */
export function eventAt(accountId: string, atMs: number, region = 'us-east-1', name = 'GetCallerIdentity'): StoredEvent {
  return auditEventOf({
    eventId: crypto.randomUUID(),
    eventSource: 'sts.amazonaws.com',
    eventName: name,
    identity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${accountId}:user/alice`, accountId, accessKeyId: 'AKIAEXAMPLE', userName: 'alice' },
    recipientAccountId: accountId,
    facts: { requestId: crypto.randomUUID(), now: new Date(atMs), region, sourceIp: '192.0.2.1', userAgent: 'test' },
    request: {},
    readOnly: true,
    resources: [],
  });
}

/** Replaces the account's object's clock. */
async function useClock(accountId: string, now: () => number): Promise<void> {
  await runInDurableObject(doStub(accountId), (o) => {
    (o as unknown as AccountDO)[CLOCK_SEAM] = now;
  });
}

/**
 * A clock for the account's object, moved by the test. It starts a day after the real time, so alarms the
 * object sets by it never go off on their own during the test: only `runDurableObjectAlarm` runs them.
 */
export async function fakeClock(accountId: string, startMs = Date.now() + DAY_MS) {
  const clock = { now: startMs };
  await useClock(accountId, () => clock.now);
  return clock;
}

/**
 * A clock for the account's object that reads a second later every time, from a day ahead (as
 * {@link fakeClock}): the test's calls are paced as a person's, never faster than LookupEvents' two a second
 * (storage/account/rate-limit.ts), for tests of something else than that limit.
 */
export async function pacedClock(accountId: string): Promise<void> {
  let now = Date.now() + DAY_MS;
  await useClock(accountId, () => (now += 1000));
}

/** Gives the object this archive bucket (undefined: none). */
export async function useArchive(accountId: string, bucket: R2Bucket | undefined): Promise<void> {
  await runInDurableObject(doStub(accountId), (o) => {
    (o as unknown as AccountDO)[ARCHIVE_SEAM] = bucket;
  });
}

/** The ids of the events in the trail, in the order recorded. */
export async function trailIds(accountId: string): Promise<string[]> {
  return runInDurableObject(doStub(accountId), (_o, state) => state.storage.sql.exec<{ event_id: string }>('SELECT event_id FROM audit_events ORDER BY seq').toArray().map((r) => r.event_id));
}

/** The object's alarm, or null. */
export async function alarmOf(accountId: string): Promise<number | null> {
  return runInDurableObject(doStub(accountId), (_o, state) => state.storage.getAlarm());
}

/** A value of the object's meta table. */
export async function metaOf(accountId: string, key: string): Promise<string | undefined> {
  return runInDurableObject(doStub(accountId), (_o, state) => state.storage.sql.exec<{ value: string }>('SELECT value FROM meta WHERE key = ?', key).toArray()[0]?.value);
}
