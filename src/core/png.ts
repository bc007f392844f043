/**
 * @module A minimal, synchronous PNG writer for black-and-white images (1-bit greyscale), enough for QR
 * codes: signature, IHDR, one IDAT, IEND, each chunk with its CRC-32; the image data is a zlib stream of
 * stored (uncompressed) deflate blocks with an Adler-32 trailer, every scanline with filter type 0 (None).
 * No compression keeps it tiny and synchronous; a QR code of version 10 at 4 pixels per module is ~9 KB.
 * Spec: PNG (RFC 2083 / ISO/IEC 15948: chunk layout, IHDR fields, CRC-32 over type and data, greyscale
 * bit depth 1 where 0 is black), zlib (RFC 1950: CMF/FLG header with FCHECK, Adler-32 of the uncompressed
 * data, big-endian), deflate (RFC 1951 §3.2.4: stored blocks, LEN and its one's complement NLEN,
 * little-endian, at most 65,535 bytes each).
 *
 * Why hand-written (checked for issue 8 with `npm view`): pngjs 7 (used by the tests to decode) is built
 * on Node streams (`require("stream")`, `require("util")`); fast-png 8 is pure JavaScript and would run on
 * Workers, with two dependencies (fflate, iobuffer) and a decoder, to write what here is four fixed
 * chunks and stored deflate blocks — smaller and fully synchronous as it is.
 */

/** The eight bytes every PNG starts with. */
export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309 / ITU-T V.42, as PNG uses it) of the concatenated parts. */
export function crc32(...parts: Uint8Array[]): number {
  let c = 0xffffffff;
  for (const part of parts) for (const b of part) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Adler-32 (RFC 1950 §8.2). */
export function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; ) {
    // 5552 bytes is the most that can be summed before b could overflow 2^32 (RFC 1950's NMAX).
    const end = Math.min(i + 5552, data.length);
    for (; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

const STORED_BLOCK_MAX = 0xffff;

/** A zlib stream (RFC 1950) holding `data` in stored deflate blocks. */
export function zlibStored(data: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(data.length / STORED_BLOCK_MAX));
  const out = new Uint8Array(2 + blocks * 5 + data.length + 4);
  const view = new DataView(out.buffer);
  // CMF: CM = 8 (deflate), CINFO = 7 (32 KiB window). FLG: FLEVEL 0, no dictionary, FCHECK so that
  // (CMF·256 + FLG) is a multiple of 31.
  out[0] = 0x78;
  out[1] = 31 - ((0x78 * 256) % 31);
  let o = 2;
  for (let b = 0; b < blocks; b++) {
    const start = b * STORED_BLOCK_MAX;
    const len = Math.min(STORED_BLOCK_MAX, data.length - start);
    out[o] = b === blocks - 1 ? 1 : 0; // BFINAL, BTYPE = 00 (stored), then padding to the byte boundary
    view.setUint16(o + 1, len, true);
    view.setUint16(o + 3, ~len & 0xffff, true);
    out.set(data.subarray(start, start + len), o + 5);
    o += 5 + len;
  }
  view.setUint32(o, adler32(data), false);
  return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const typeBytes = Uint8Array.from(type, (c) => c.charCodeAt(0));
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length, false);
  out.set(typeBytes, 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(typeBytes, data), false);
  return out;
}

/** A 1-bit greyscale PNG of `width`×`height` pixels; `isDark(x, y)` says which are black. */
export function encodeBilevelPng(width: number, height: number, isDark: (x: number, y: number) => boolean): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError('PNG dimensions must be positive integers');
  }
  const ihdr = new Uint8Array(13);
  const hv = new DataView(ihdr.buffer);
  hv.setUint32(0, width, false);
  hv.setUint32(4, height, false);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // colour type: greyscale
  ihdr[10] = 0; // compression method: deflate
  ihdr[11] = 0; // filter method: adaptive (type per scanline)
  ihdr[12] = 0; // no interlace

  const stride = 1 + Math.ceil(width / 8);
  const raw = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const row = y * stride;
    raw[row] = 0; // filter type None
    for (let x = 0; x < width; x++) {
      // 1 is white, 0 black; bits fill each byte from the most significant.
      if (!isDark(x, y)) raw[row + 1 + (x >>> 3)] = raw[row + 1 + (x >>> 3)]! | (0x80 >>> (x & 7));
    }
  }
  const parts = [PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', zlibStored(raw)), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
