/**
 * The password version console sessions are bound to (core/password-hash.ts passwordVersionOf): it changes
 * with the hash and with the time the password was set, so setting the same password again (same salt,
 * same hash) still ends the sessions signed in before.
 */
import { describe, expect, it } from 'vitest';
import { decodeHash, encodeHash, PASSWORD_HASH_PARAMS, passwordVersionOf } from '../../../src/core/password-hash';

describe('passwordVersionOf', () => {
  const hash = encodeHash({ params: PASSWORD_HASH_PARAMS, salt: new Uint8Array(16).fill(1), hash: new Uint8Array(32).fill(2) });
  it('is 32 hex characters, stable for one hash and time, and never contains the hash', () => {
    const v = passwordVersionOf(hash, '2026-01-01T00:00:00.000Z');
    expect(v).toMatch(/^[0-9a-f]{32}$/);
    expect(passwordVersionOf(hash, '2026-01-01T00:00:00.000Z')).toBe(v);
    expect(hash).not.toContain(v);
  });
  it('changes with the time the same hash was set again, and with the hash', () => {
    const v = passwordVersionOf(hash, '2026-01-01T00:00:00.000Z');
    expect(passwordVersionOf(hash, '2026-01-01T00:00:00.001Z')).not.toBe(v);
    const other = encodeHash({ params: PASSWORD_HASH_PARAMS, salt: new Uint8Array(16).fill(1), hash: new Uint8Array(32).fill(3) });
    expect(passwordVersionOf(other, '2026-01-01T00:00:00.000Z')).not.toBe(v);
  });
  it('a hash made of random bytes at the current parameters (the sign-in dummy) decodes, so verifying it costs a full hash', () => {
    expect(decodeHash(hash)?.params).toEqual(PASSWORD_HASH_PARAMS);
  });
});
