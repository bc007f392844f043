import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../../src/core/bounded-cache';

describe('BoundedCache', () => {
  it('answers an entry until its TTL has passed on the caller clock, then forgets it', () => {
    const cache = new BoundedCache<string, number>({ maxEntries: 10, ttlMs: 5_000 });
    cache.set('a', 1, 1_000);
    expect(cache.get('a', 1_000)).toBe(1);
    expect(cache.get('a', 5_999)).toBe(1);
    expect(cache.get('a', 6_000)).toBeUndefined();
    expect(cache.size).toBe(0);
    // Once expired it stays gone, even read at an earlier time.
    expect(cache.get('a', 1_000)).toBeUndefined();
  });

  it('takes an explicit expiry per entry over the default TTL', () => {
    const cache = new BoundedCache<string, string>({ maxEntries: 10, ttlMs: 5_000 });
    cache.set('token', 'claims', 0, 60_000);
    expect(cache.get('token', 59_999)).toBe('claims');
    expect(cache.get('token', 60_000)).toBeUndefined();
  });

  it('without a TTL keeps entries until they are evicted', () => {
    const cache = new BoundedCache<string, number>({ maxEntries: 2 });
    cache.set('a', 1);
    expect(cache.get('a', Number.MAX_SAFE_INTEGER)).toBe(1);
  });

  it('evicts the least recently used entry when full (recently-used order)', () => {
    const cache = new BoundedCache<string, number>({ maxEntries: 2 });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recently used
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('evicts the oldest write when full, whatever was read (recently-written order)', () => {
    const cache = new BoundedCache<string, number>({ maxEntries: 2, order: 'recently-written' });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a read does not save it
    cache.set('c', 3);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBe(2);
    // Writing a key again makes it the newest.
    cache.set('b', 20);
    cache.set('d', 4);
    expect(cache.get('c')).toBeUndefined();
    expect(cache.get('b')).toBe(20);
  });

  it('never holds more than its bound, however many distinct keys arrive', () => {
    const cache = new BoundedCache<number, number>({ maxEntries: 100, ttlMs: 1_000 });
    for (let i = 0; i < 10_000; i++) {
      cache.set(i, i, i);
      expect(cache.size).toBeLessThanOrEqual(100);
    }
    expect(cache.size).toBe(100);
    expect(cache.get(9_999, 9_999)).toBe(9_999);
    expect(cache.get(9_899, 9_999)).toBeUndefined();
  });

  it('drops one entry, entries by key, or all', () => {
    const cache = new BoundedCache<string, number>({ maxEntries: 10 });
    for (const k of ['AKIA1/a', 'AKIA1/b', 'AKIA2/a', 'x']) cache.set(k, 1);
    cache.deleteWhere((k) => k.startsWith('AKIA1/'));
    expect([cache.get('AKIA1/a'), cache.get('AKIA1/b'), cache.get('AKIA2/a')]).toEqual([undefined, undefined, 1]);
    cache.delete('x');
    expect(cache.get('x')).toBeUndefined();
    expect(cache.size).toBe(1);
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('refuses a bound or TTL that would make it unbounded or useless', () => {
    expect(() => new BoundedCache({ maxEntries: 0 })).toThrow(RangeError);
    expect(() => new BoundedCache({ maxEntries: 1.5 })).toThrow(RangeError);
    expect(() => new BoundedCache({ maxEntries: Infinity })).toThrow(RangeError);
    expect(() => new BoundedCache({ maxEntries: 1, ttlMs: 0 })).toThrow(RangeError);
    expect(() => new BoundedCache({ maxEntries: 1, ttlMs: Number.NaN })).toThrow(RangeError);
  });
});
