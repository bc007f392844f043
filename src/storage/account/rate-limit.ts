/**
 * @module The request-rate limits of an account's actions (`AccountAction.rateLimit`, e.g. LookupEvents' two
 * calls per second per account per Region): one token bucket per action and Region, in the account's object,
 * which serializes its account's calls, timed by the object's clock (account-do.ts `CLOCK_SEAM`, so tests
 * move time). A call over the limit is refused with the JSON protocols' ThrottlingException, HTTP 400,
 * "Rate exceeded" (CloudTrail API Reference, Common Errors: ThrottlingException, "The request was denied due
 * to request throttling").
 *
 * The buckets live in memory: an object is evicted only after seconds of idleness, by which time every
 * bucket has refilled, so nothing a limit needs is lost with it.
 */
import { AwsError } from '../../core/errors';
import type { RateLimit } from '../../services/action';

interface Bucket {
  limit: RateLimit;
  tokens: number;
  atMs: number;
}

/** The bucket's tokens at `nowMs` (a clock that went back refills nothing). */
const tokensAt = (b: Bucket, nowMs: number) => Math.min(b.limit.burst, b.tokens + (Math.max(0, nowMs - b.atMs) * b.limit.perSecond) / 1000);

/** Buckets kept before full ones are first dropped (a Region is any name a signature scope gives). */
const MAX_BUCKETS = 64;

const throttled = (): AwsError => new AwsError('ThrottlingException', 'Rate exceeded', 400);

/** The buckets of one account's object. */
export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  /** The size at which the next sweep runs: twice what a sweep left, so sweeps cost O(1) a call amortized. */
  #sweepAt = MAX_BUCKETS;

  /** Takes a token of `action`'s bucket in `region` at `nowMs`; throws ThrottlingException when none is left. */
  take(action: string, limit: RateLimit, region: string, nowMs: number): void {
    const key = `${action} ${region}`;
    const bucket = this.#buckets.get(key) ?? { limit, tokens: limit.burst, atMs: nowMs };
    bucket.tokens = tokensAt(bucket, nowMs);
    bucket.atMs = Math.max(bucket.atMs, nowMs);
    if (bucket.tokens < 1) throw throttled();
    bucket.tokens -= 1;
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > this.#sweepAt) this.#dropFull(nowMs);
  }

  /** Drops the buckets that have refilled (idle long enough): dropping one changes no answer. */
  #dropFull(nowMs: number): void {
    for (const [key, b] of this.#buckets) if (tokensAt(b, nowMs) >= b.limit.burst) this.#buckets.delete(key);
    this.#sweepAt = Math.max(MAX_BUCKETS, this.#buckets.size * 2);
  }
}
