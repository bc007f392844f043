/**
 * The Worker's payload hash (src/data-plane/payload-hash.ts): pure JS below a kilobyte, native from there on,
 * the same digest either way: on both sides of the threshold, for bytes and for strings (hashed as UTF-8,
 * multi-byte characters included), against published vectors and the core's pure-JS hash.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { utf8 } from '../../../src/core/bytes';
import { nobleSha256 } from '../../../src/core/sigv4/index';
import { NATIVE_FROM_BYTES, payloadSha256Hex } from '../../../src/data-plane/payload-hash';

describe('payloadSha256Hex', () => {
  it('gives the published digests (FIPS 180-2 examples)', () => {
    expect(payloadSha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(payloadSha256Hex('a'.repeat(1_000_000))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('agrees with the pure-JS hash on both sides of the threshold, for bytes and for strings', () => {
    for (const n of [0, 1, NATIVE_FROM_BYTES - 1, NATIVE_FROM_BYTES, NATIVE_FROM_BYTES + 1, 4_600]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);
      expect(payloadSha256Hex(bytes)).toBe(nobleSha256.sha256Hex(bytes));
      const text = 'é€𝄞a'.repeat(Math.ceil(n / 4)).slice(0, n);
      expect(payloadSha256Hex(text)).toBe(nobleSha256.sha256Hex(utf8(text)));
    }
  });

  it('agrees on random payloads of any size up to 8 KiB', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 8_192 }), (bytes) => payloadSha256Hex(bytes) === nobleSha256.sha256Hex(bytes)),
      { numRuns: 200 },
    );
  });
});
