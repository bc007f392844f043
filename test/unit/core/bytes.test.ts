import { describe, expect, it } from 'vitest';
import { constantTimeEqual, fromBase64Url, fromHex, toBase64Url, toHex } from '../../../src/core/bytes';

describe('bytes', () => {
  it('encodes base64url without padding and reads it back (RFC 4648 §5 alphabet)', () => {
    const bytes = Uint8Array.from([0xfb, 0xff, 0xbf, 0x00, 0x01]);
    expect(toBase64Url(bytes)).toBe('-_-_AAE');
    expect(fromBase64Url('-_-_AAE')).toEqual(bytes);
    expect(fromBase64Url('-_-_AAE=')).toEqual(bytes);
    expect(fromBase64Url('+/+/AAE')).toBeUndefined();
    expect(fromBase64Url('a b')).toBeUndefined();
  });

  it('converts hex and compares bytes', () => {
    expect(toHex(fromHex('00ff10')!)).toBe('00ff10');
    expect(fromHex('0g')).toBeUndefined();
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(constantTimeEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(constantTimeEqual(Uint8Array.of(1), Uint8Array.of(1, 2))).toBe(false);
  });
});
