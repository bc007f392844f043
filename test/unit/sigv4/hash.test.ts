/**
 * The SHA-256 providers: the core's default (@noble/hashes, the Worker's) and Node's native one (node:crypto)
 * against published vectors, against each other on random input, and in the signing-key cache.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex, toHex, utf8 } from '../../../src/core/bytes';
import { deriveSigningKey, nobleSha256, SigningKeyCache, type Sha256Provider } from '../../../src/core/sigv4';
import { nativeSha256 } from '../../support/node-sha256';

const PROVIDERS: Array<[string, Sha256Provider]> = [
  ['noble', nobleSha256],
  ['native', nativeSha256],
];
const hex = (s: string): Uint8Array => fromHex(s)!;

describe.each(PROVIDERS)('%s provider', (_, p) => {
  it('hashes the FIPS 180-2 examples ("abc", the 448-bit message, the empty string)', () => {
    expect(toHex(p.sha256(utf8('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(p.sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(p.sha256Hex(new Uint8Array(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(p.sha256(new Uint8Array(0))).toBeInstanceOf(Uint8Array);
  });

  it('computes the RFC 4231 HMAC-SHA256 cases 1, 2 and 6 (key longer than a block), keyed or not', () => {
    const cases: Array<[Uint8Array, Uint8Array, string]> = [
      [new Uint8Array(20).fill(0x0b), utf8('Hi There'), 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
      [utf8('Jefe'), utf8('what do ya want for nothing?'), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'],
      [
        new Uint8Array(131).fill(0xaa),
        utf8('Test Using Larger Than Block-Size Key - Hash Key First'),
        '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
      ],
    ];
    for (const [key, data, mac] of cases) {
      expect(toHex(p.hmacSha256(key, data))).toBe(mac);
      expect(toHex(p.keyedHmacSha256(key)(data))).toBe(mac);
    }
  });

  it('gives a keyed MAC that stays right over many calls with different messages (scratch state reused)', () => {
    const key = hex('c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9');
    const mac = p.keyedHmacSha256(key);
    const messages = ['', 'a', 'x'.repeat(64), 'y'.repeat(200), 'a'].map(utf8);
    for (const m of [...messages, ...messages]) expect(toHex(mac(m))).toBe(toHex(nobleSha256.hmacSha256(key, m)));
  });

  it('derives the IAM User Guide signing key and signs through a cache built with it', () => {
    const scope = { date: '20150830', region: 'us-east-1', service: 'iam' };
    const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
    const key = deriveSigningKey(secret, scope.date, scope.region, scope.service, p);
    expect(toHex(key)).toBe('c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9');
    const cache = new SigningKeyCache(2, { hash: p });
    expect(cache.get('AKID', scope, () => secret)).toEqual(key);
    const message = utf8('AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n' + '0'.repeat(64));
    expect(toHex(cache.sign('AKID', scope, () => secret, message))).toBe(toHex(nobleSha256.hmacSha256(key, message)));
  });
});

describe('native and noble providers agree', () => {
  it('on random bytes and keys (sha256, sha256Hex, hmacSha256, keyed)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 150 }), (data, key) => {
        expect(toHex(nativeSha256.sha256(data))).toBe(toHex(nobleSha256.sha256(data)));
        expect(nativeSha256.sha256Hex(data)).toBe(nobleSha256.sha256Hex(data));
        const mac = toHex(nobleSha256.hmacSha256(key, data));
        expect(toHex(nativeSha256.hmacSha256(key, data))).toBe(mac);
        expect(toHex(nativeSha256.keyedHmacSha256(key)(data))).toBe(mac);
      }),
      { numRuns: 300 },
    );
  });

  it('on random strings, lone surrogates included (both hash the UTF-8 bytes TextEncoder gives)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        expect(nativeSha256.sha256Hex(s)).toBe(nobleSha256.sha256Hex(s));
        expect(nativeSha256.sha256Hex(s)).toBe(nobleSha256.sha256Hex(utf8(s)));
      }),
      { numRuns: 300 },
    );
    expect(nativeSha256.sha256Hex('\ud800x')).toBe(nobleSha256.sha256Hex(utf8('\ufffdx')));
  });
});
