/**
 * The QR encoder and PNG writer, checked by independent readers: pngjs (MIT) parses the PNG (verifying
 * every chunk CRC), node:zlib inflates the IDAT stream (verifying the zlib header and Adler-32), and jsQR
 * (Apache-2.0) locates and decodes the symbol, which must give back exactly the text encoded, at the
 * version the encoder reports. Known values (capacities, format and version words, the Reed–Solomon worked
 * example) are from ISO/IEC 18004.
 */
import { inflateSync } from 'node:zlib';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { adler32, crc32, encodeBilevelPng, PNG_SIGNATURE, zlibStored } from '../../../src/core/png';
import { byteCapacity, dataCodewords, encodeQr, formatBits, totalCodewords, type EcLevel } from '../../../src/core/qr/encode';
import { qrCodePng, qrToPng } from '../../../src/core/qr/index';
import { reedSolomonRemainder } from '../../../src/core/qr/reed-solomon';

/** Decodes a PNG with pngjs and reads it with jsQR. */
function readQr(png: Uint8Array) {
  const image = PNG.sync.read(Buffer.from(png));
  return jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height);
}

const uri = (name: string, account = '123456789012', secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DP') =>
  `otpauth://totp/edge-iam:${name}@${account}?secret=${secret}&issuer=edge-iam`;

describe('QR code facts', () => {
  it('has the codeword counts and byte-mode capacities of the standard', () => {
    expect([1, 2, 7, 10, 14, 21, 40].map(totalCodewords)).toEqual([26, 44, 196, 346, 581, 1156, 3706]);
    const capacities: [number, EcLevel, number][] = [
      [1, 'L', 17], [1, 'M', 14], [1, 'Q', 11], [1, 'H', 7],
      [5, 'M', 84], [7, 'L', 154], [9, 'M', 180], [10, 'L', 271], [10, 'M', 213],
      [20, 'M', 666], [25, 'L', 1273], [27, 'L', 1465], [40, 'L', 2953], [40, 'M', 2331], [40, 'Q', 1663], [40, 'H', 1273],
    ];
    for (const [v, l, n] of capacities) expect(`${v}-${l}: ${byteCapacity(v, l)}`).toBe(`${v}-${l}: ${n}`);
    expect(dataCodewords(1, 'M')).toBe(16);
  });

  it('computes Reed–Solomon codewords as in the standard\'s worked example (1-M, "01234567")', () => {
    const data = Uint8Array.of(0x10, 0x20, 0x0c, 0x56, 0x61, 0x80, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11, 0xec, 0x11);
    expect([...reedSolomonRemainder(data, 10)]).toEqual([0xa5, 0x24, 0xd4, 0xc1, 0xed, 0x36, 0xc7, 0x87, 0x2c, 0x55]);
  });

  it('computes the format information words', () => {
    const bin = (n: number) => n.toString(2).padStart(15, '0');
    expect(bin(formatBits('M', 0))).toBe('101010000010010');
    expect(bin(formatBits('L', 0))).toBe('111011111000100');
    expect(bin(formatBits('L', 4))).toBe('110011000101111');
    expect(bin(formatBits('H', 7))).toBe('000100000111011');
  });

  it('writes the version information of version 7 (000111110010010100)', () => {
    const qr = encodeQr('x', { minVersion: 7, mask: 0 });
    const { size, modules } = qr;
    let bits = 0;
    for (let i = 17; i >= 0; i--) bits = (bits << 1) | modules[Math.floor(i / 3) * size + size - 11 + (i % 3)]!;
    expect(bits).toBe(0x07c94);
  });
});

describe('QR encoder, decoded by jsQR', { timeout: 30_000 }, () => {
  it('round-trips otpauth URIs of many lengths at levels L and M', () => {
    const names = ['a', 'alice', 'bob.smith@example.com', 'x'.repeat(64), 'y'.repeat(128), 'z'.repeat(226)];
    for (const ecLevel of ['L', 'M'] as const) {
      for (const name of names) {
        const text = uri(name);
        const qr = encodeQr(text, { ecLevel });
        const read = readQr(qrToPng(qr));
        expect(read?.data, `${ecLevel} ${text.length}`).toBe(text);
        expect(read?.version).toBe(qr.version);
      }
    }
  });

  it('picks the smallest version and covers versions 1 to 40 at every level', () => {
    for (const ecLevel of ['L', 'M', 'Q', 'H'] as const) {
      for (const version of [1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 13, 14, 16, 20, 21, 25, 27, 28, 32, 35, 40]) {
        const n = byteCapacity(version, ecLevel);
        const text = Array.from({ length: n }, (_, i) => String.fromCharCode(33 + ((i * 7) % 90))).join('');
        const qr = encodeQr(text, { ecLevel });
        expect(qr.version, `${version}-${ecLevel}`).toBe(version);
        expect(qr.size).toBe(17 + 4 * version);
        const read = readQr(qrToPng(qr, 2));
        expect(read?.data, `${version}-${ecLevel}`).toBe(text);
        expect(read?.version).toBe(version);
        if (version < 40) expect(encodeQr(`${text}!`, { ecLevel }).version).toBe(version + 1);
      }
    }
  });

  it('decodes under each of the eight masks, and chooses one by penalty', () => {
    const text = uri('mask-test');
    for (let mask = 0; mask < 8; mask++) {
      const qr = encodeQr(text, { mask });
      expect(qr.mask).toBe(mask);
      expect(readQr(qrToPng(qr))?.data).toBe(text);
    }
    expect(encodeQr(text).mask).toBeGreaterThanOrEqual(0);
  });

  it('encodes UTF-8 text as bytes', () => {
    const text = 'otpauth://totp/edge-iam:caf%C3%A9?secret=ABC — ünïcødé';
    expect(readQr(qrCodePng(text))?.data).toBe(text);
  });

  it('refuses data longer than the largest version allowed', () => {
    expect(() => encodeQr('x'.repeat(300), { maxVersion: 10 })).toThrow(RangeError);
    expect(() => encodeQr('x'.repeat(3000), { ecLevel: 'L' })).toThrow(RangeError);
  });
});

describe('PNG writer', () => {
  it('writes a valid PNG: signature, IHDR, IDAT, IEND with correct CRCs', () => {
    const png = qrCodePng(uri('alice'));
    expect([...png.subarray(0, 8)]).toEqual([...PNG_SIGNATURE]);
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    const chunks: string[] = [];
    let o = 8;
    while (o < png.length) {
      const len = view.getUint32(o);
      const type = String.fromCharCode(...png.subarray(o + 4, o + 8));
      const crc = view.getUint32(o + 8 + len);
      expect(crc32(png.subarray(o + 4, o + 8 + len)), type).toBe(crc);
      chunks.push(type);
      if (type === 'IHDR') {
        expect(png[o + 16]).toBe(1); // bit depth
        expect(png[o + 17]).toBe(0); // greyscale
      }
      if (type === 'IDAT') {
        const raw = inflateSync(png.subarray(o + 8, o + 8 + len));
        const width = view.getUint32(16);
        expect(raw.length).toBe(view.getUint32(20) * (1 + Math.ceil(width / 8)));
      }
      o += 12 + len;
    }
    expect(chunks).toEqual(['IHDR', 'IDAT', 'IEND']);
    // pngjs checks every CRC too, and the quiet zone is 4 modules of 4 pixels: the corner is white.
    const image = PNG.sync.read(Buffer.from(png));
    expect(image.width % 4).toBe(0);
    expect([...image.data.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
    const firstDark = (16 * image.width + 16) * 4;
    expect(image.data[firstDark]).toBe(0); // top-left finder starts after the quiet zone
  });

  it('computes CRC-32 and Adler-32 check values', () => {
    const enc = new TextEncoder();
    expect(crc32(enc.encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(enc.encode('IEND'))).toBe(0xae426082);
    expect(adler32(enc.encode('Wikipedia'))).toBe(0x11e60398);
    expect(adler32(new Uint8Array(0))).toBe(1);
  });

  it('makes zlib streams of stored blocks that zlib inflates, across the 65,535-byte block limit', () => {
    for (const n of [0, 1, 65535, 65536, 200_000]) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 31 + (i >> 8)) & 0xff);
      const z = zlibStored(data);
      expect(((z[0]! << 8) | z[1]!) % 31).toBe(0);
      expect(Buffer.compare(inflateSync(z), Buffer.from(data))).toBe(0);
    }
  });

  it('draws odd widths with padded rows', () => {
    const png = encodeBilevelPng(13, 3, (x, y) => (x + y) % 2 === 0);
    const image = PNG.sync.read(Buffer.from(png));
    expect(image.width).toBe(13);
    for (let y = 0; y < 3; y++) for (let x = 0; x < 13; x++) expect(image.data[(y * 13 + x) * 4]).toBe((x + y) % 2 === 0 ? 0 : 255);
    expect(() => encodeBilevelPng(0, 1, () => false)).toThrow(RangeError);
  });
});
