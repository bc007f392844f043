/**
 * @module Platform adapter: the SigV4 core's `Sha256Provider` on `node:crypto` (native code; in workerd
 * through the `nodejs_compat` flag wrangler.toml sets). The core defaults to @noble/hashes (pure JS),
 * whose SHA-256 compression was half the time of a verification; the native one is several times faster
 * per block, so what is left per call is mostly the cost of crossing into native code, which is why this
 * adapter uses the one-shot `crypto.hash` where the runtime has it (Node ≥ 20.12, workerd) rather than a
 * `createHash` object per call.
 */
import * as nodeCrypto from 'node:crypto';
import { createHash, createHmac } from 'node:crypto';
import { nobleSha256, type Sha256Provider } from '../core/sigv4/index';

/**
 * Bytes up to this length are hashed by the core's pure-JS SHA-256 instead: node:crypto copies a
 * Uint8Array into a Buffer element by element (workerd's `Buffer.from` of an array-like) before hashing,
 * which costs more than two compression rounds in JS. Measured in workerd (20,000 calls, process CPU):
 * a 43-byte form body 8–12 µs native, 3.4–5.5 µs pure JS; a 400-character canonical request (a string,
 * no copy) 5–9 µs native, 9–13 µs pure JS, so strings and longer bodies stay native.
 */
const SMALL_BYTES = 128;

/** `crypto.hash(algorithm, data, encoding)`, one call and no Hash object; absent from older runtimes. */
type OneShot = (algorithm: string, data: string | Uint8Array, outputEncoding: 'hex') => string;
const oneShot = (nodeCrypto as { hash?: OneShot }).hash;

/**
 * SHA-256 and HMAC-SHA256 on `node:crypto`. Gives the same bytes as the core's `nobleSha256` (the
 * SigV4 vectors run with both); a string is hashed as its UTF-8 bytes by both.
 */
export const nativeSha256: Sha256Provider = {
  sha256: (data) => createHash('sha256').update(data).digest(),
  sha256Hex: oneShot
    ? (data) => (typeof data !== 'string' && data.byteLength <= SMALL_BYTES ? nobleSha256.sha256Hex(data) : oneShot('sha256', data, 'hex'))
    : (data) => createHash('sha256').update(data).digest('hex'),
  hmacSha256: (key, data) => createHmac('sha256', key).update(data).digest(),
  // node:crypto cannot copy an Hmac, and a Hash copy per call costs more than the two pad blocks it
  // saves, so the key is simply given to each new Hmac (createHmac copies it).
  keyedHmacSha256: (key) => (data) => createHmac('sha256', key).update(data).digest(),
};
