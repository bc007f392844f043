/**
 * LookupEvents' rate limit, enforced in the account's object: two calls a second per account per Region
 * (a token bucket of 2/s with a burst of 2), timed by the object's clock (moved by the test, CLOCK_SEAM).
 * A call over it answers ThrottlingException (HTTP 400, "Rate exceeded") and is an event with its error.
 * Spec: CloudTrail API Reference, LookupEvents: "The rate of lookup requests is limited to two per second,
 * per account, per Region. If this limit is exceeded, a throttling error occurs."
 */
import { describe, expect, it } from 'vitest';
import { fromSource, trailOf } from './audit-support';
import { fakeClock } from './audit-upkeep-support';
import { cloudTrailOnce } from './cloudtrail-support';
import { iamOk, newAccount, type Keys } from './support';

const lookup = (keys: Keys, region = 'us-east-1') => cloudTrailOnce(keys, 'LookupEvents', {}, 'cloudtrail', region);
const statuses = async (keys: Keys, n: number, region?: string) => {
  const out: (number | string)[] = [];
  for (let i = 0; i < n; i++) {
    const r = await lookup(keys, region);
    out.push(r.status === 200 ? 200 : r.body.__type);
  }
  return out;
};

describe("LookupEvents' rate limit", () => {
  it('allows two lookups in the same instant, throttles the third, and allows again a second later', async () => {
    const { accountId, root } = await newAccount();
    const clock = await fakeClock(accountId);
    const [first, second, third] = [await lookup(root), await lookup(root), await lookup(root)];
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(third.status).toBe(400);
    expect(third.body).toEqual({ __type: 'ThrottlingException', message: 'Rate exceeded' });
    // Half a second refills one call; a second, the burst of two.
    clock.now += 500;
    expect(await statuses(root, 2)).toEqual([200, 'ThrottlingException']);
    clock.now += 1000;
    expect(await statuses(root, 3)).toEqual([200, 200, 'ThrottlingException']);
    // Other calls of the account are not limited by it.
    await iamOk(root, 'ListUsers');

    // Every throttled call is an event, with its error, as any refused call.
    const lookups = await trailOf(accountId, 8, (r) => fromSource('cloudtrail.amazonaws.com')(r) && r.eventName === 'LookupEvents');
    expect(lookups.map((r) => r.errorCode ?? 'ok')).toEqual(['ok', 'ok', 'ThrottlingException', 'ok', 'ThrottlingException', 'ok', 'ok', 'ThrottlingException']);
    expect(lookups[2]).toMatchObject({ errorMessage: 'Rate exceeded', readOnly: true, responseElements: null, userIdentity: { type: 'Root', accountId } });
  });

  it('keeps a budget per Region and per account', async () => {
    const a = await newAccount();
    const b = await newAccount();
    const clock = await fakeClock(a.accountId);
    await fakeClock(b.accountId, clock.now);
    expect(await statuses(a.root, 3)).toEqual([200, 200, 'ThrottlingException']);
    // Another Region of the same account has its own two calls.
    expect(await statuses(a.root, 3, 'eu-west-1')).toEqual([200, 200, 'ThrottlingException']);
    // Another account, at the same instant, is unaffected.
    expect(await statuses(b.root, 2)).toEqual([200, 200]);
    expect(await statuses(a.root, 1)).toEqual(['ThrottlingException']);
    const throttled = await trailOf(a.accountId, 3, (r) => r.errorCode === 'ThrottlingException');
    expect(throttled.map((r) => r.awsRegion)).toEqual(['us-east-1', 'eu-west-1', 'us-east-1']);
  });
});
