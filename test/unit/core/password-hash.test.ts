/**
 * Password hashing (src/core/password-hash.ts): Argon2id at OWASP's parameters, self-describing PHC
 * strings, verification with the stored parameters, and refusal of malformed or hostile stored values.
 * Spec: RFC 9106; OWASP Password Storage Cheat Sheet; PHC string format.
 */
import { argon2id } from '@noble/hashes/argon2.js';
import { describe, expect, it } from 'vitest';
import { decodeHash, encodeHash, hashPassword, needsRehash, PASSWORD_HASH_PARAMS, verifyPassword } from '../../../src/core/password-hash';

const salt = new Uint8Array(16).map((_, i) => i + 1);

describe('password hashes', () => {
  it('are Argon2id PHC strings at OWASP’s first setting, equal to the reference computation', () => {
    const encoded = hashPassword('Correct-Horse-9', salt);
    expect(encoded).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    const d = decodeHash(encoded)!;
    expect(d.params).toEqual({ m: 19456, t: 2, p: 1 });
    expect(d.salt).toEqual(salt);
    expect(d.hash).toEqual(argon2id(new TextEncoder().encode('Correct-Horse-9'), salt, { m: 19456, t: 2, p: 1, dkLen: 32 }));
    expect(PASSWORD_HASH_PARAMS).toEqual({ m: 19456, t: 2, p: 1 });
  });

  it('verify the right password only, with the parameters stored in the hash', () => {
    const weak = hashPassword('Correct-Horse-9', salt, { m: 64, t: 1, p: 1 });
    expect(verifyPassword('Correct-Horse-9', weak)).toBe(true);
    expect(verifyPassword('Correct-Horse-8', weak)).toBe(false);
    expect(verifyPassword('correct-horse-9', weak)).toBe(false);
    expect(verifyPassword('', weak)).toBe(false);
    // Weaker than the current parameters: a new password set later is hashed at the current ones.
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(hashPassword('x', salt))).toBe(false);
  });

  it('never match a malformed or hostile stored value (no huge memory, no other algorithm)', () => {
    const good = hashPassword('pw', salt, { m: 64, t: 1, p: 1 });
    const d = decodeHash(good)!;
    const hostile = [
      '',
      'plaintext',
      good.replace('argon2id', 'argon2i'),
      good.replace('v=19', 'v=16'),
      encodeHash({ ...d, params: { m: 4_194_304, t: 1, p: 1 } }),
      encodeHash({ ...d, params: { m: 64, t: 99, p: 1 } }),
      encodeHash({ ...d, params: { m: 64, t: 0, p: 1 } }),
      good.slice(0, -4),
      good + '$',
      good.replace(/\$[^$]+$/, '$!!!!!!!!!!!!!!!!!!!!!!'),
    ];
    for (const h of hostile) expect(verifyPassword('pw', h), h).toBe(false);
    expect(decodeHash(hostile[4]!)).toBeUndefined();
  });

  it('give different hashes for different salts', () => {
    const a = hashPassword('same', salt, { m: 64, t: 1, p: 1 });
    const b = hashPassword('same', salt.map((x) => x + 1), { m: 64, t: 1, p: 1 });
    expect(a).not.toBe(b);
    expect(verifyPassword('same', a) && verifyPassword('same', b)).toBe(true);
  });
});
