/**
 * @module The SigV4 core's `Sha256Provider` on `node:crypto`, for Node: the SigV4 bench's verifier in Node
 * (test/bench/sigv4.bench.mjs) and the tests that check every provider gives the core's bytes. In Node it
 * is native code and faster than the core's pure-JS default. The Worker does not use it: in workerd,
 * `node:crypto` (the `nodejs_compat` layer) builds a stream-backed Hash or Hmac object per call, and a
 * GetCallerIdentity verified with it cost about 65 µs more workerd CPU than with @noble/hashes (`npm run
 * bench -- cpu-sts`, 2026-12-02: 361 against 299 µs a call), so the Worker keeps the core's default.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Sha256Provider } from '../../src/core/sigv4/index';

/**
 * SHA-256 and HMAC-SHA256 on `node:crypto`. Gives the same bytes as the core's `nobleSha256` (the
 * SigV4 vectors run with both); a string is hashed as its UTF-8 bytes by both.
 */
export const nativeSha256: Sha256Provider = {
  sha256: (data) => createHash('sha256').update(data).digest(),
  sha256Hex: (data) => createHash('sha256').update(data).digest('hex'),
  hmacSha256: (key, data) => createHmac('sha256', key).update(data).digest(),
  // node:crypto cannot copy an Hmac, so the key is given to each new Hmac (createHmac copies it).
  keyedHmacSha256: (key) => (data) => createHmac('sha256', key).update(data).digest(),
};
