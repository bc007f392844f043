/**
 * @module The one bounded cache of the service: a Map with a hard cap on its entries and, optionally, an
 * expiry per entry. Every per-isolate and per-object cache (key records, session tokens, account states,
 * policy sets, compiled policies, signing keys, OIDC issuers, last-use reports) is one of these, so the
 * rule "no cache grows without bound, none outlives its TTL" is written and tested once.
 *
 * Time is passed in by the caller (`nowMs`, milliseconds), never read here: the request's clock decides,
 * and tests control it. An entry is fresh while `nowMs < expiresAt`; an expired entry reads as absent and
 * is dropped when met. A Map iterates in insertion order, so the first key is the one to evict: on `set`
 * an entry is moved to the end, and in `recently-used` order also on a hit (LRU); in `recently-written`
 * order a hit leaves it in place (the oldest write goes first).
 */

/** Which entry leaves first when the cache is full. */
export type EvictionOrder = 'recently-used' | 'recently-written';

/** Options of a {@link BoundedCache}. */
export interface BoundedCacheOptions {
  /** Entries kept at most (a positive integer); the first in eviction order leaves beyond it. */
  readonly maxEntries: number;
  /** Default lifetime of an entry (milliseconds); none given: entries live until evicted. */
  readonly ttlMs?: number;
  /** Default `recently-used` (LRU). */
  readonly order?: EvictionOrder;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
}

/** A Map bounded in size, with optional per-entry expiry. */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, Entry<V>>();
  readonly #max: number;
  readonly #ttlMs: number;
  readonly #touchOnRead: boolean;

  constructor(options: BoundedCacheOptions) {
    const { maxEntries, ttlMs = Infinity, order = 'recently-used' } = options;
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
    if (!(ttlMs > 0)) throw new RangeError('ttlMs must be positive');
    this.#max = maxEntries;
    this.#ttlMs = ttlMs;
    this.#touchOnRead = order === 'recently-used';
  }

  /** Entries held now (expired ones not yet met included). */
  get size(): number {
    return this.#entries.size;
  }

  /** The value under `key` if present and fresh at `nowMs`; an expired entry is dropped. */
  get(key: K, nowMs = 0): V | undefined {
    const hit = this.#entries.get(key);
    if (hit === undefined) return undefined;
    if (hit.expiresAt <= nowMs) {
      this.#entries.delete(key);
      return undefined;
    }
    if (this.#touchOnRead) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
    }
    return hit.value;
  }

  /**
   * Stores `value` under `key` as the newest entry, fresh until `expiresAt` (default: `nowMs` plus the
   * cache's TTL), and evicts the first entry in eviction order while the cache holds too many.
   */
  set(key: K, value: V, nowMs = 0, expiresAt = nowMs + this.#ttlMs): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAt });
    while (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value as K);
  }

  /** Drops one entry. */
  delete(key: K): void {
    this.#entries.delete(key);
  }

  /** Drops every entry whose key satisfies `predicate` (for example every key of one access key id). */
  deleteWhere(predicate: (key: K) => boolean): void {
    for (const key of [...this.#entries.keys()]) if (predicate(key)) this.#entries.delete(key);
  }

  /** Drops every entry. */
  clear(): void {
    this.#entries.clear();
  }
}
