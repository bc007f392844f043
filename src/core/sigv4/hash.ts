/**
 * @module The SHA-256 primitives of SigV4 verification, injectable: the core defines what it needs
 * (`Sha256Provider`) and ships a pure-JS implementation on @noble/hashes (`nobleSha256`, the default,
 * runs anywhere); a host may pass a native one instead (in Node, `node:crypto`: test/support/node-sha256.ts).
 * Every provider must give the same bytes: the choice only changes speed. The Worker keeps the default: in
 * workerd, `node:crypto` builds a stream-backed object per hash and cost more than hashing in JS.
 */

import { hmac, type _HMAC } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex, utf8 } from '../bytes';

/** HMAC-SHA256 under a key fixed in advance. */
export type KeyedMac = (data: Uint8Array) => Uint8Array;

/** The SHA-256 and HMAC-SHA256 primitives the verifier and the signing-key cache use. */
export interface Sha256Provider {
  /** SHA-256 of the bytes (32 bytes). */
  sha256(data: Uint8Array): Uint8Array;
  /** Lower-case hex SHA-256 (64 digits); a string is hashed as its UTF-8 bytes (lone surrogates as U+FFFD, as `TextEncoder` does). */
  sha256Hex(data: string | Uint8Array): string;
  /** HMAC-SHA256 of `data` under `key` (32 bytes). */
  hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array;
  /**
   * HMAC-SHA256 under one key for many messages, so a provider may absorb the key (its two 64-byte
   * pads) once and reuse that state on every call. The returned function keeps `key`: do not modify
   * it. Calls are synchronous, so an implementation may reuse scratch state between calls.
   */
  keyedHmacSha256(key: Uint8Array): KeyedMac;
}

/**
 * The default provider: @noble/hashes, pure JS. The keyed MAC keeps the HMAC state with the key
 * already absorbed and copies it per call into one scratch state (no allocation; noble's pbkdf2 does
 * the same), which saves two of the six SHA-256 blocks a typical string to sign costs.
 */
export const nobleSha256: Sha256Provider = {
  sha256: (data) => sha256(data),
  sha256Hex: (data) => toHex(sha256(typeof data === 'string' ? utf8(data) : data)),
  hmacSha256: (key, data) => hmac(sha256, key, data),
  keyedHmacSha256(key) {
    const keyed = hmac.create(sha256, key);
    let scratch: _HMAC<any> | undefined;
    return (data) => {
      // Safe because calls never interleave (they are synchronous); digest() wipes the scratch state.
      scratch = keyed._cloneInto(scratch);
      return scratch.update(data).digest();
    };
  },
};
