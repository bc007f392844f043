/**
 * @module Password hashing: Argon2id with OWASP's first recommended setting (m = 19 MiB, t = 2, p = 1),
 * encoded as a self-describing PHC string (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`), so each stored
 * hash carries its own parameters and they can be raised later (`needsRehash`) without breaking the
 * hashes already stored.
 *
 * Why Argon2id in pure JavaScript (@noble/hashes): Cloudflare's Web Crypto refuses PBKDF2 above 100,000
 * iterations in production, a sixth of OWASP's 600,000 for PBKDF2-HMAC-SHA256, so the native primitive
 * cannot meet the guidance. Among the pure-JS candidates (`npm run bench -- password` times each), OWASP's
 * first choice, Argon2id, costs about what scrypt's low-memory settings cost and half of scrypt at N=2^17,
 * and PBKDF2-HMAC-SHA256 at 600,000 iterations in JS costs three to four times as much; inside workerd one
 * hash at this setting measured about 0.4 s of CPU (1.3 % of the Workers 30 s CPU limit per request).
 * Verification recomputes the hash with the stored parameters and salt and compares in constant time.
 *
 * Spec: RFC 9106 (Argon2); OWASP Password Storage Cheat Sheet, "Argon2id"; the PHC string format
 * (github.com/P-H-C/phc-string-format).
 */
import { argon2id } from '@noble/hashes/argon2.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { constantTimeEqual, fromBase64, toBase64, toHex, utf8 } from './bytes';
import type { RandomBytes } from './ids';

/** Argon2id cost parameters, as the PHC string names them. */
export interface Argon2Params {
  /** Memory in KiB. */
  m: number;
  /** Passes over memory. */
  t: number;
  /** Lanes. */
  p: number;
}

/** OWASP Password Storage Cheat Sheet's first Argon2id configuration: 19 MiB, 2 iterations, 1 lane. */
export const PASSWORD_HASH_PARAMS: Readonly<Argon2Params> = Object.freeze({ m: 19_456, t: 2, p: 1 });

/** Salt and output lengths in bytes (RFC 9106 recommends a 16-byte salt; 32 bytes of tag). */
const SALT_BYTES = 16;
const HASH_BYTES = 32;

/**
 * Bounds on parameters read back from a stored string: a corrupt or hostile row must not make one
 * verification allocate gigabytes or loop for minutes (a Worker has 128 MB).
 */
const MAX_MEMORY_KIB = 65_536;
const MAX_PASSES = 10;

/** A decoded PHC string. */
export interface DecodedHash {
  params: Argon2Params;
  salt: Uint8Array;
  hash: Uint8Array;
}

/** Unpadded standard base64, as the PHC format writes salts and hashes. */
const b64 = (bytes: Uint8Array) => toBase64(bytes).replace(/=+$/, '');
function unb64(s: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]+$/.test(s)) return undefined;
  return fromBase64(s + '='.repeat((4 - (s.length % 4)) % 4));
}

const derive = (password: string, salt: Uint8Array, params: Argon2Params, dkLen: number) =>
  argon2id(utf8(password), salt, { m: params.m, t: params.t, p: params.p, dkLen });

/** Encodes a hash as `$argon2id$v=19$m=…,t=…,p=…$salt$hash`. */
export function encodeHash(d: DecodedHash): string {
  return `$argon2id$v=19$m=${d.params.m},t=${d.params.t},p=${d.params.p}$${b64(d.salt)}$${b64(d.hash)}`;
}

/** Parses a stored PHC string; undefined when it is not one this module can verify. */
export function decodeHash(encoded: string): DecodedHash | undefined {
  const m = /^\$argon2id\$v=19\$m=(\d{1,6}),t=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{16,64})\$([A-Za-z0-9+/]{16,128})$/.exec(encoded);
  if (!m) return undefined;
  const params = { m: Number(m[1]), t: Number(m[2]), p: Number(m[3]) };
  if (params.p < 1 || params.t < 1 || params.m < 8 * params.p || params.m > MAX_MEMORY_KIB || params.t > MAX_PASSES) return undefined;
  const salt = unb64(m[4]!);
  const hash = unb64(m[5]!);
  if (!salt || !hash || salt.length < 8 || hash.length < 16) return undefined;
  return { params, salt, hash };
}

/** A fresh salt from `random`. */
export const newPasswordSalt = (random: RandomBytes): Uint8Array => random(SALT_BYTES);

/**
 * Hashes `password` with `salt` (a fresh one unless given: the password history reuses a user's salt so
 * that one computation checks a new password against every remembered one) at `params`.
 */
export function hashPassword(password: string, salt: Uint8Array, params: Argon2Params = PASSWORD_HASH_PARAMS): string {
  return encodeHash({ params, salt, hash: derive(password, salt, params, HASH_BYTES) });
}

/**
 * Whether `password` matches the stored `encoded` hash: recomputed with the hash's own parameters and
 * salt, compared in constant time. A malformed stored value never matches.
 */
export function verifyPassword(password: string, encoded: string): boolean {
  const d = decodeHash(encoded);
  if (!d) return false;
  return constantTimeEqual(derive(password, d.salt, d.params, d.hash.length), d.hash);
}

/** Whether a stored hash was made with weaker parameters than the current ones (rehash at next set). */
export function needsRehash(encoded: string, params: Argon2Params = PASSWORD_HASH_PARAMS): boolean {
  const d = decodeHash(encoded);
  return !d || d.params.m < params.m || d.params.t < params.t || d.params.p !== params.p;
}

/**
 * The version of a stored password that console sessions are bound to: the first 16 bytes of SHA-256 over
 * the stored hash and the time it was set, in hex. Setting a password (even the same one again: a user's
 * salt is reused for the history, so the same password gives the same hash) or deleting the login profile
 * changes it, which ends every session signed in before; the stored hash never leaves the service.
 */
export const passwordVersionOf = (encoded: string, setAt: string): string =>
  toHex(sha256(utf8(`console-password\0${setAt}\0${encoded}`)).subarray(0, 16));
