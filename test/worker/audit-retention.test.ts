/**
 * Retention of the account's trail in its object (src/storage/account/audit-upkeep.ts): events older than
 * the retention (90 days in this configuration) are purged when events are recorded and by the object's
 * alarm, at most once an hour, in chunks; the one alarm serves the projection's retries too. Time is the
 * object's clock, moved by the test (CLOCK_SEAM); no archive here (ARCHIVE_SEAM), audit-archive.test.ts
 * covers retention with one.
 */
import { runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { PURGE_CHUNK } from '../../src/storage/account/audit-retention';
import { PURGE_INTERVAL_MS } from '../../src/storage/account/audit-upkeep';
import { DAY_MS, alarmOf, eventAt, fakeClock, metaOf, stubOf, trailIds, useArchive } from './audit-upkeep-support';
import { failD1 } from './faulty-d1';
import { iamOk, newAccount, operator, randomAccountId } from './support';

const RETENTION_MS = 90 * DAY_MS;

async function accountWithoutArchive() {
  const { accountId, root } = await newAccount();
  await useArchive(accountId, undefined);
  const clock = await fakeClock(accountId);
  return { accountId, root, clock };
}

describe('retention of the audit trail', () => {
  it('purges events older than 90 days when events are recorded, then at most once an hour, and by the alarm', async () => {
    const { accountId, clock } = await accountWithoutArchive();
    const T = clock.now;
    const expired = [eventAt(accountId, T - 100 * DAY_MS), eventAt(accountId, T - RETENTION_MS - 1)];
    const kept = [eventAt(accountId, T - RETENTION_MS), eventAt(accountId, T - DAY_MS)];
    expect(await stubOf(accountId).recordEvents(accountId, [...expired, ...kept])).toMatchObject({ recorded: 4 });
    // The first recording found the trail never purged: the expired events went at once, the one exactly 90 days old stays.
    expect(await trailIds(accountId)).toEqual(kept.map((e) => e.eventId));
    expect(await metaOf(accountId, 'audit_purged_at')).toBe(String(T));
    // The oldest event left expires at once, but the next run is an hour after this one.
    expect(await alarmOf(accountId)).toBe(T + PURGE_INTERVAL_MS);

    // An expired event recorded within the hour waits for the next run: the alarm an hour after the last.
    clock.now = T + 60_000;
    const late = eventAt(accountId, T - 95 * DAY_MS);
    await stubOf(accountId).recordEvents(accountId, [late]);
    expect(await trailIds(accountId)).toEqual([...kept, late].map((e) => e.eventId));
    expect(await alarmOf(accountId)).toBe(T + PURGE_INTERVAL_MS);

    clock.now = T + PURGE_INTERVAL_MS;
    expect(await runDurableObjectAlarm(stubOf(accountId))).toBe(true);
    // The event exactly 90 days old at T is now older than 90 days too.
    expect(await trailIds(accountId)).toEqual([kept[1]!.eventId]);
    // Then nothing is due until the event left expires.
    expect(await alarmOf(accountId)).toBe(T - DAY_MS + RETENTION_MS);
  });

  it('purges when an IAM call records its event, as when events arrive from the queue', async () => {
    const { accountId, root, clock } = await accountWithoutArchive();
    const T = clock.now;
    const ageing = eventAt(accountId, T - 89 * DAY_MS);
    await stubOf(accountId).recordEvents(accountId, [ageing]);
    expect(await trailIds(accountId)).toEqual([ageing.eventId]);
    clock.now = T + 2 * DAY_MS;
    // A write: its event is recorded in its own transaction (a read's comes later, through the queue).
    await iamOk(root, 'CreateGroup', { GroupName: 'purgers' });
    const trail = await trailIds(accountId);
    expect(trail).toHaveLength(1);
    expect(trail).not.toContain(ageing.eventId);
    expect(await metaOf(accountId, 'audit_purged_at')).toBe(String(T + 2 * DAY_MS));
  });

  it('arms no alarm for a trail with nothing to expire soon, and a recording does not move an earlier alarm later', async () => {
    const { accountId, clock } = await accountWithoutArchive();
    const T = clock.now;
    await stubOf(accountId).recordEvents(accountId, [eventAt(accountId, T - 10 * DAY_MS)]);
    expect(await alarmOf(accountId)).toBe(T + 80 * DAY_MS);
    await stubOf(accountId).recordEvents(accountId, [eventAt(accountId, T - 20 * DAY_MS)]);
    expect(await alarmOf(accountId)).toBe(T + 70 * DAY_MS);
    await stubOf(accountId).recordEvents(accountId, [eventAt(accountId, T)]);
    expect(await alarmOf(accountId)).toBe(T + 70 * DAY_MS);
    expect(await trailIds(accountId)).toHaveLength(3);
  });

  it('purges a large backlog one chunk at a time: a chunk per recording, the alarm coming straight back for the rest', async () => {
    const { accountId, clock } = await accountWithoutArchive();
    const T = clock.now;
    const old = Array.from({ length: 2 * PURGE_CHUNK + 200 }, (_, i) => eventAt(accountId, T - 200 * DAY_MS + i));
    const recent = eventAt(accountId, T - DAY_MS);
    await stubOf(accountId).recordEvents(accountId, [...old, recent]);
    // One chunk went with the recording (the oldest first); the alarm is due at once for the next.
    let left = await trailIds(accountId);
    expect(left).toEqual([...old.slice(PURGE_CHUNK), recent].map((e) => e.eventId));
    expect(await alarmOf(accountId)).toBe(T);
    // The run is not complete: no purge time is written until it is.
    expect(await metaOf(accountId, 'audit_purged_at')).toBeUndefined();
    expect(await runDurableObjectAlarm(stubOf(accountId))).toBe(true);
    left = await trailIds(accountId);
    expect(left).toEqual([...old.slice(2 * PURGE_CHUNK), recent].map((e) => e.eventId));
    expect(await alarmOf(accountId)).toBe(T);
    expect(await runDurableObjectAlarm(stubOf(accountId))).toBe(true);
    expect(await trailIds(accountId)).toEqual([recent.eventId]);
    expect(await metaOf(accountId, 'audit_purged_at')).toBe(String(T));
    expect(await alarmOf(accountId)).toBe(T - DAY_MS + RETENTION_MS);
  });

  it('shares the one alarm with the projection: the earlier retry stands, and the alarm runs both jobs', async () => {
    const { accountId, root, clock } = await accountWithoutArchive();
    const T = clock.now;
    await failD1(accountId, { batches: 1 });
    await iamOk(root, 'CreateUser', { UserName: 'pending' });
    // The projection's retry: 1 s after its failure, by the object's clock.
    expect(await alarmOf(accountId)).toBe(T + 1000);
    const recent = eventAt(accountId, T - 5 * DAY_MS);
    await stubOf(accountId).recordEvents(accountId, [eventAt(accountId, T - 100 * DAY_MS), recent]);
    expect(await alarmOf(accountId)).toBe(T + 1000);
    // CreateUser's own event (dated by the edge, a day before the object's clock) and the recent one are kept.
    const trail = await trailIds(accountId);
    expect(trail).toHaveLength(2);
    expect(trail[1]).toBe(recent.eventId);
    clock.now = T + 1000;
    expect(await runDurableObjectAlarm(stubOf(accountId))).toBe(true);
    // The projection drained (its outbox is empty) and retention set the alarm for its own next run.
    expect(await alarmOf(accountId)).toBe(T - 5 * DAY_MS + RETENTION_MS);
  });

  it("keeps an account's own retention, set by the operator: a shorter one purges at once, and DELETE goes back to the deployment's", async () => {
    const { accountId, clock } = await accountWithoutArchive();
    const T = clock.now;
    const path = `/accounts/${accountId}/audit-retention`;
    const old = eventAt(accountId, T - 10 * DAY_MS);
    const recent = eventAt(accountId, T - DAY_MS);
    await stubOf(accountId).recordEvents(accountId, [old, recent]);
    expect(await (await operator('GET', path)).json()).toEqual({ days: 90, source: 'deployment' });
    expect(await alarmOf(accountId)).toBe(T + 80 * DAY_MS);

    const set = await operator('PUT', path, { days: 7 });
    expect([set.status, await set.json()]).toEqual([200, { days: 7, source: 'account' }]);
    expect(await (await operator('GET', path)).json()).toEqual({ days: 7, source: 'account' });
    // The oldest event is past 7 days: the purge is due now.
    expect(await alarmOf(accountId)).toBe(T);
    await runDurableObjectAlarm(stubOf(accountId));
    expect(await trailIds(accountId)).toEqual([recent.eventId]);
    expect(await alarmOf(accountId)).toBe(T - DAY_MS + 7 * DAY_MS);

    for (const days of [0, -1, 1.5, 3654, '7', null]) {
      const refused = await operator('PUT', path, { days });
      expect([refused.status, ((await refused.json()) as { message: string }).message]).toEqual([400, 'days must be a whole number from 1 to 3653.']);
    }
    expect(await (await operator('GET', path)).json()).toEqual({ days: 7, source: 'account' });
    expect((await operator('GET', `/accounts/${randomAccountId()}/audit-retention`)).status).toBe(404);

    const reset = await operator('DELETE', path);
    expect([reset.status, await reset.json()]).toEqual([200, { days: 90, source: 'deployment' }]);
    expect(await trailIds(accountId)).toEqual([recent.eventId]);
  });
});
