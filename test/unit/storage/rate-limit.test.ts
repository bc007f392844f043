/**
 * The object's token buckets (src/storage/account/rate-limit.ts): a burst, a refill proportional to the time
 * passed and capped at the burst, no refill from a clock that went back, a bucket per action and Region, and
 * buckets of idle Regions dropped without changing an answer.
 */
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/storage/account/rate-limit';

const LIMIT = { perSecond: 2, burst: 2 };
const allowed = (r: RateLimiter, region: string, atMs: number, action = 'LookupEvents') => {
  try {
    r.take(action, LIMIT, region, atMs);
    return true;
  } catch (e) {
    expect(e).toMatchObject({ code: 'ThrottlingException', message: 'Rate exceeded', status: 400 });
    return false;
  }
};

describe('RateLimiter', () => {
  it('allows the burst, refills two a second up to the burst, and never from a clock that went back', () => {
    const r = new RateLimiter();
    expect([allowed(r, 'us-east-1', 0), allowed(r, 'us-east-1', 0), allowed(r, 'us-east-1', 0)]).toEqual([true, true, false]);
    expect([allowed(r, 'us-east-1', 499), allowed(r, 'us-east-1', 500), allowed(r, 'us-east-1', 500)]).toEqual([false, true, false]);
    expect(allowed(r, 'us-east-1', 100)).toBe(false);
    // Ten idle seconds refill the burst, no more.
    expect([allowed(r, 'us-east-1', 10_500), allowed(r, 'us-east-1', 10_500), allowed(r, 'us-east-1', 10_500)]).toEqual([true, true, false]);
  });

  it('keeps a bucket per action and Region, and drops idle ones without changing an answer', () => {
    const r = new RateLimiter();
    expect([allowed(r, 'us-east-1', 0), allowed(r, 'us-east-1', 0), allowed(r, 'eu-west-1', 0), allowed(r, 'us-east-1', 0, 'Other')]).toEqual([true, true, true, true]);
    // Many Regions within a second: the spent us-east-1 bucket survives every sweep.
    for (let i = 0; i < 200; i++) allowed(r, `region-${i}`, 100);
    expect(allowed(r, 'us-east-1', 200)).toBe(false);
    // A second later every bucket is full again; the sweep drops them and the answers are a fresh burst's.
    for (let i = 0; i < 70; i++) allowed(r, `later-${i}`, 2_000);
    expect([allowed(r, 'region-5', 2_000), allowed(r, 'region-5', 2_000), allowed(r, 'region-5', 2_000)]).toEqual([true, true, false]);
  });
});
