/** The signing-key derivation and its bounded cache. */
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../src/core/bytes';
import { SigningKeyCache, deriveSigningKey } from '../../../src/core/sigv4';

const scope = { date: '20150830', region: 'us-east-1', service: 'iam' };
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

describe('deriveSigningKey', () => {
  it('matches the example in the IAM User Guide ("Derive a signing key for SigV4")', () => {
    // kSigning for wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20150830/us-east-1/iam.
    expect(toHex(deriveSigningKey(SECRET, '20150830', 'us-east-1', 'iam'))).toBe('c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9');
  });
});

describe('SigningKeyCache', () => {
  it('derives on a miss and returns the identical key on a hit, without asking for the secret again', () => {
    const cache = new SigningKeyCache(10);
    let asked = 0;
    const secret = () => (asked++, SECRET);
    const first = cache.get('AKID1', scope, secret);
    const second = cache.get('AKID1', scope, secret);
    expect(second).toBe(first);
    expect(asked).toBe(1);
    expect(first).toEqual(deriveSigningKey(SECRET, scope.date, scope.region, scope.service));
  });

  it('keys by id and whole scope, so another day, region or service is another key', () => {
    const cache = new SigningKeyCache(10);
    const a = cache.get('AKID1', scope, () => SECRET);
    expect(cache.get('AKID1', { ...scope, date: '20150831' }, () => SECRET)).not.toEqual(a);
    expect(cache.get('AKID1', { ...scope, service: 'sts' }, () => SECRET)).not.toEqual(a);
    expect(cache.get('AKID2', scope, () => SECRET)).toEqual(a);
    expect(cache.size).toBe(4);
  });

  it('is bounded and evicts the least recently used entry', () => {
    const cache = new SigningKeyCache(3);
    const get = (id: string) => cache.get(id, scope, () => SECRET + id);
    const a = get('A');
    get('B');
    get('C');
    expect(get('A')).toBe(a); // A is now the most recent; B is the oldest
    get('D');
    expect(cache.size).toBe(3);
    let asked = false;
    cache.get('B', scope, () => ((asked = true), SECRET + 'B'));
    expect(asked).toBe(true); // B was evicted by D
    // Order is now A, D, B: re-adding B evicted C, and A survived both evictions.
    expect(get('A')).toBe(a);
    asked = false;
    cache.get('C', scope, () => ((asked = true), SECRET + 'C'));
    expect(asked).toBe(true);
  });

  it('trusts the id: a second secret for a cached id is not consulted (ids and secrets never change)', () => {
    const cache = new SigningKeyCache();
    const a = cache.get('AKID1', scope, () => SECRET);
    expect(cache.get('AKID1', scope, () => 'another secret')).toBe(a);
    cache.evictAccessKey('AKID1');
    expect(cache.get('AKID1', scope, () => 'another secret')).not.toEqual(a);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new SigningKeyCache(0)).toThrow(RangeError);
  });
});
