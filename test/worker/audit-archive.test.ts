/**
 * The audit archive in real R2 (miniflare's, the AUDIT_ARCHIVE binding of wrangler.toml): the object writes
 * its trail in order as gzip JSON files in CloudTrail's object layout, one per region per batch, every few
 * minutes or as soon as a batch is full; a failed put is retried by the alarm under the same keys, so no
 * record is archived twice; and retention never purges an event that is not archived yet.
 */
import { runDurableObjectAlarm } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/core/audit/event';
import { ARCHIVE_BATCH_EVENTS, ARCHIVE_INTERVAL_MS } from '../../src/storage/account/audit-archive';
import { PURGE_INTERVAL_MS } from '../../src/storage/account/audit-upkeep';
import { DAY_MS, alarmOf, eventAt, fakeClock, metaOf, stubOf, trailIds, useArchive } from './audit-upkeep-support';
import { newAccount, operator } from './support';

const bucket = () => env.AUDIT_ARCHIVE;

/** Every archived file of the account: key and records, keys in order. */
async function archived(accountId: string): Promise<{ key: string; records: unknown[]; contentEncoding?: string }[]> {
  // `include` is R2's (list's httpMetadata), missing from these type definitions.
  const listed = await bucket().list({ prefix: `AWSLogs/${accountId}/`, include: ['httpMetadata'] } as R2ListOptions);
  const files = [];
  for (const o of listed.objects) {
    const body = await bucket().get(o.key);
    const text = await new Response(body!.body.pipeThrough(new DecompressionStream('gzip'))).text();
    files.push({ key: o.key, records: (JSON.parse(text) as { Records: unknown[] }).Records, contentEncoding: o.httpMetadata?.contentEncoding });
  }
  return files;
}

const recordsOf = (events: StoredEvent[]) => events.map((e) => JSON.parse(e.record) as unknown);

/** A bucket whose puts fail while `failing.puts` > 0 (counted down), else the real one. */
function flakyBucket(real: R2Bucket, failing: { puts: number; after: number }): R2Bucket {
  let seen = 0;
  return new Proxy(real, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop === 'put') {
        return (...args: Parameters<R2Bucket['put']>) => {
          seen++;
          if (seen > failing.after && failing.puts > 0) {
            failing.puts--;
            return Promise.reject(new Error('injected R2 failure'));
          }
          return target.put(...args);
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

async function accountWithArchive(archive: R2Bucket = bucket()) {
  const { accountId } = await newAccount();
  await useArchive(accountId, archive);
  const clock = await fakeClock(accountId, Date.UTC(2028, 1, 29, 23, 57, 30));
  return { accountId, clock };
}

const two = (n: number) => String(n).padStart(2, '0');
/** The key CloudTrail would give a file of `region` delivered at `at`, up to the unique string. */
function keyPattern(accountId: string, region: string, at: number): RegExp {
  const d = new Date(at);
  const [y, m, day, h, min] = [d.getUTCFullYear(), two(d.getUTCMonth() + 1), two(d.getUTCDate()), two(d.getUTCHours()), two(d.getUTCMinutes())];
  return new RegExp(`^AWSLogs/${accountId}/CloudTrail/${region}/${y}/${m}/${day}/${accountId}_CloudTrail_${region}_${y}${m}${day}T${h}${min}Z_[A-Za-z0-9]{16}\\.json\\.gz$`);
}

describe('the audit archive in R2', () => {
  it('writes the trail in order, one gzip JSON file per region, in CloudTrail layout, a few minutes after recording', async () => {
    const { accountId, clock } = await accountWithArchive();
    const T = clock.now;
    const east = [eventAt(accountId, T - 3000), eventAt(accountId, T - 1000, 'us-east-1', 'AssumeRole')];
    const west = [eventAt(accountId, T - 2000, 'eu-west-1')];
    await stubOf(accountId).recordEvents(accountId, [east[0]!, west[0]!, east[1]!]);
    // Nothing yet: the batch waits a few minutes for more events.
    expect(await archived(accountId)).toEqual([]);
    expect(await alarmOf(accountId)).toBe(T + ARCHIVE_INTERVAL_MS);

    clock.now = T + ARCHIVE_INTERVAL_MS;
    expect(await runDurableObjectAlarm(stubOf(accountId))).toBe(true);
    const files = await archived(accountId);
    expect(files).toHaveLength(2);
    const byRegion = (region: string) => files.find((f) => f.key.includes(`/CloudTrail/${region}/`))!;
    // Delivered at 2028-03-01T00:02:30Z: the path's date is the delivery's (a leap year's February ends on the 29th).
    expect(byRegion('us-east-1').key).toMatch(keyPattern(accountId, 'us-east-1', clock.now));
    expect(byRegion('us-east-1').key).toContain('/2028/03/01/');
    expect(byRegion('eu-west-1').key).toMatch(keyPattern(accountId, 'eu-west-1', clock.now));
    expect(byRegion('us-east-1').records).toEqual(recordsOf(east));
    expect(byRegion('eu-west-1').records).toEqual(recordsOf(west));
    expect(files[0]!.contentEncoding).toBe('gzip');
    expect(await metaOf(accountId, 'audit_archived_seq')).toBe('3');

    // Later events go to new files; the archived ones are never written again.
    const later = eventAt(accountId, clock.now);
    await stubOf(accountId).recordEvents(accountId, [later]);
    clock.now += ARCHIVE_INTERVAL_MS;
    await runDurableObjectAlarm(stubOf(accountId));
    const after = await archived(accountId);
    expect(after).toHaveLength(3);
    const all = after.flatMap((f) => f.records);
    expect(all).toHaveLength(4);
    expect(new Set(all.map((r) => (r as { eventID: string }).eventID)).size).toBe(4);
    expect(after.filter((f) => !files.some((g) => g.key === f.key))[0]!.records).toEqual(recordsOf([later]));
  });

  it('archives a full batch at once, in batches of at most 500 records', async () => {
    const { accountId, clock } = await accountWithArchive();
    const T = clock.now;
    const events = Array.from({ length: ARCHIVE_BATCH_EVENTS + 1 }, (_, i) => eventAt(accountId, T - 10_000 + i));
    await stubOf(accountId).recordEvents(accountId, events);
    expect(await alarmOf(accountId)).toBe(T);
    await runDurableObjectAlarm(stubOf(accountId));
    const files = await archived(accountId);
    expect(files.map((f) => f.records.length).sort((a, b) => a - b)).toEqual([1, ARCHIVE_BATCH_EVENTS]);
    // In order across the files: the full one holds the first 500.
    const first = files.find((f) => f.records.length === ARCHIVE_BATCH_EVENTS)!;
    expect(first.records).toEqual(recordsOf(events.slice(0, ARCHIVE_BATCH_EVENTS)));
    expect(files.find((f) => f.records.length === 1)!.records).toEqual(recordsOf(events.slice(ARCHIVE_BATCH_EVENTS)));
  });

  it('retries a failed put under the same keys, so nothing is archived twice, and retention waits for the archive', async () => {
    // The first put (us-east-1's file) succeeds, the second (eu-west-1's) fails twice.
    const failing = { puts: 2, after: 1 };
    const { accountId, clock } = await accountWithArchive(flakyBucket(bucket(), failing));
    const T = clock.now;
    const expired = [eventAt(accountId, T - 100 * DAY_MS), eventAt(accountId, T - 99 * DAY_MS, 'eu-west-1')];
    await stubOf(accountId).recordEvents(accountId, expired);
    // Expired, but not archived: retention keeps them.
    expect(await trailIds(accountId)).toEqual(expired.map((e) => e.eventId));

    clock.now = T + ARCHIVE_INTERVAL_MS;
    await runDurableObjectAlarm(stubOf(accountId));
    const partial = await archived(accountId);
    expect(partial.map((f) => f.records)).toEqual([recordsOf([expired[0]!])]);
    expect(await metaOf(accountId, 'audit_archived_seq')).toBeUndefined();
    // The alarm retries after a second, then two.
    expect(await alarmOf(accountId)).toBe(clock.now + 1000);
    clock.now += 1000;
    await runDurableObjectAlarm(stubOf(accountId));
    expect(await alarmOf(accountId)).toBe(clock.now + 2000);
    expect(await trailIds(accountId)).toHaveLength(2);

    clock.now += 2000;
    await runDurableObjectAlarm(stubOf(accountId));
    const files = await archived(accountId);
    // The us-east-1 file was written again under its key, not a second time beside it.
    expect(files.map((f) => f.key).filter((k) => k.includes('us-east-1'))).toEqual([partial[0]!.key]);
    expect(files.flatMap((f) => f.records)).toHaveLength(2);
    expect(files.find((f) => f.key.includes('eu-west-1'))!.records).toEqual(recordsOf([expired[1]!]));
    // Delivery time is the first attempt's: the retried files keep the batch's keys.
    expect(files.every((f) => keyPattern(accountId, f.key.includes('eu-west-1') ? 'eu-west-1' : 'us-east-1', T + ARCHIVE_INTERVAL_MS).test(f.key))).toBe(true);
    expect(await metaOf(accountId, 'audit_archived_seq')).toBe('2');

    // Archived now: the next retention run, an hour after the last, purges them.
    expect(await trailIds(accountId)).toHaveLength(2);
    clock.now = T + PURGE_INTERVAL_MS;
    await runDurableObjectAlarm(stubOf(accountId));
    expect(await trailIds(accountId)).toEqual([]);
    expect(await alarmOf(accountId)).toBeNull();
  });

  it('archives what is pending before a closing deletes the trail; a failed put keeps the account closing until the retry', async () => {
    const failing = { puts: 1, after: 0 };
    const { accountId, clock } = await accountWithArchive(flakyBucket(bucket(), failing));
    const events = [eventAt(accountId, clock.now - 2000), eventAt(accountId, clock.now - 1000)];
    await stubOf(accountId).recordEvents(accountId, events);
    const closing = await operator('DELETE', `/accounts/${accountId}`);
    expect(closing.status).toBe(202);
    expect(await closing.json()).toEqual({ accountId, status: 'closing', dataPlaneRefused: true });
    // Still there, waiting for the archive.
    expect(await trailIds(accountId)).toEqual(events.map((e) => e.eventId));
    expect(await archived(accountId)).toEqual([]);
    await runDurableObjectAlarm(stubOf(accountId));
    expect((await operator('GET', `/accounts/${accountId}`)).status).toBe(404);
    expect((await archived(accountId)).flatMap((f) => f.records)).toEqual(recordsOf(events));
    expect(await trailIds(accountId)).toEqual([]);
  });
});
