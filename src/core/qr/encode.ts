/**
 * @module A QR code (model 2) encoder for one byte-mode segment: picks the smallest version that holds the
 * data at the requested error-correction level, adds Reed–Solomon codewords per block, interleaves the
 * blocks, places the function patterns (finders, separators, timing, alignment, dark module, format and
 * version information) and the data in the two-column zigzag, then applies each of the eight data masks
 * and keeps the one with the lowest penalty score.
 *
 * Written from ISO/IEC 18004: "Data encoding" (byte mode indicator 0100, character count 8 bits up to
 * version 9 and 16 bits from 10, terminator, pad codewords 0xEC 0x11), "Error correction" (block structure:
 * shorter blocks first), "Constructing the final message codeword sequence" (interleaving), "Codeword
 * placement in matrix", "Data masking" and "Evaluation of data masking results" (N1 = 3, N2 = 3, N3 = 40,
 * N4 = 10), "Format information" (BCH(15,5), generator 0x537, mask 0x5412) and "Version information"
 * (BCH(18,6), generator 0x1F25).
 */
import { reedSolomonRemainder } from './reed-solomon';
import { alignmentCentres, ecBlockCount, ecCodewordsPerBlock, EC_LEVEL_BITS, MAX_VERSION, MIN_VERSION, type EcLevel } from './tables';

export type { EcLevel } from './tables';

/** An encoded symbol: `size`×`size` modules, row-major, 1 = dark. */
export interface QrCode {
  version: number;
  ecLevel: EcLevel;
  mask: number;
  size: number;
  modules: Uint8Array;
}

export interface QrOptions {
  /** Error-correction level; M by default. */
  ecLevel?: EcLevel;
  minVersion?: number;
  maxVersion?: number;
  /** Force one mask (0–7) instead of choosing by penalty; for tests. */
  mask?: number;
}

const symbolSize = (version: number) => 17 + 4 * version;

/** The function modules of a version: `isFunction` marks them, `modules` holds their colour (formats unset). */
interface Template {
  size: number;
  modules: Uint8Array;
  isFunction: Uint8Array;
  /** Modules left for codewords (and remainder bits). */
  dataModules: number;
}

const templates = new Map<number, Template>();

function template(version: number): Template {
  const cached = templates.get(version);
  if (cached) return cached;
  const size = symbolSize(version);
  const modules = new Uint8Array(size * size);
  const isFunction = new Uint8Array(size * size);
  const set: SetModule = (x, y, dark) => {
    modules[y * size + x] = dark ? 1 : 0;
    isFunction[y * size + x] = 1;
  };
  drawTiming(size, set);
  drawFinders(size, set);
  drawAlignment(version, set);
  reserveFormatAreas(size, set);
  if (version >= 7) drawVersionInformation(version, size, set);
  let dataModules = 0;
  for (const f of isFunction) if (f === 0) dataModules++;
  const t = { size, modules, isFunction, dataModules };
  templates.set(version, t);
  return t;
}

/** Marks a module as a function module of the given colour. */
type SetModule = (x: number, y: number, dark: boolean) => void;

/** Timing patterns: row 6 and column 6, dark on even coordinates. */
function drawTiming(size: number, set: SetModule): void {
  for (let i = 0; i < size; i++) {
    set(6, i, i % 2 === 0);
    set(i, 6, i % 2 === 0);
  }
}

/** Finder patterns with their light separators, at three corners. */
function drawFinders(size: number, set: SetModule): void {
  for (const [fx, fy] of [[0, 0], [size - 7, 0], [0, size - 7]] as const) {
    for (let dy = -1; dy <= 7; dy++) {
      for (let dx = -1; dx <= 7; dx++) {
        const x = fx + dx;
        const y = fy + dy;
        if (x < 0 || y < 0 || x >= size || y >= size) continue;
        const ring = Math.max(Math.abs(dx - 3), Math.abs(dy - 3));
        set(x, y, ring !== 2 && ring !== 4);
      }
    }
  }
}

/** Alignment patterns, except where they would overlap a finder. */
function drawAlignment(version: number, set: SetModule): void {
  const centres = alignmentCentres(version);
  const last = centres.length - 1;
  centres.forEach((cx, i) => {
    centres.forEach((cy, j) => {
      if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) return;
      for (let dy = -2; dy <= 2; dy++) {
        for (let dx = -2; dx <= 2; dx++) set(cx + dx, cy + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
      }
    });
  });
}

/** Format information areas (filled per mask) and the dark module. */
function reserveFormatAreas(size: number, set: SetModule): void {
  for (let i = 0; i <= 8; i++) {
    if (i === 6) continue; // the timing patterns cross here
    set(8, i, false);
    set(i, 8, false);
  }
  for (let i = 0; i < 8; i++) {
    set(size - 1 - i, 8, false);
    set(8, size - 1 - i, false);
  }
  set(8, size - 8, true);
}

/** Version information (version 7 and up): two 6×3 blocks. */
function drawVersionInformation(version: number, size: number, set: SetModule): void {
  const bits = versionBits(version);
  for (let i = 0; i < 18; i++) {
    const dark = ((bits >>> i) & 1) === 1;
    const a = size - 11 + (i % 3);
    const b = Math.floor(i / 3);
    set(a, b, dark);
    set(b, a, dark);
  }
}

/** 6 version bits followed by their 12 BCH check bits. */
function versionBits(version: number): number {
  let rem = version;
  for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
  return (version << 12) | (rem & 0xfff);
}

/** 2 level bits and 3 mask bits, their 10 BCH check bits, XORed with 101010000010010. */
export function formatBits(ecLevel: EcLevel, mask: number): number {
  const data = (EC_LEVEL_BITS[ecLevel] << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  return ((data << 10) | (rem & 0x3ff)) ^ 0x5412;
}

/** Total codewords (data + error correction) a version holds. */
export const totalCodewords = (version: number): number => Math.floor(template(version).dataModules / 8);

/** Data codewords a version holds at a level. */
export const dataCodewords = (version: number, ecLevel: EcLevel): number =>
  totalCodewords(version) - ecBlockCount(version, ecLevel) * ecCodewordsPerBlock(version, ecLevel);

/** Bits of the byte-mode character count indicator. */
const countBits = (version: number) => (version <= 9 ? 8 : 16);

/** Bytes one byte-mode segment can carry in `version` at `ecLevel`. */
export function byteCapacity(version: number, ecLevel: EcLevel): number {
  const bits = dataCodewords(version, ecLevel) * 8 - 4 - countBits(version);
  return Math.min(Math.floor(bits / 8), 2 ** countBits(version) - 1);
}

/** The data codewords: mode, count, bytes, terminator, bit padding, pad codewords. */
function dataCodewordSequence(bytes: Uint8Array, version: number, ecLevel: EcLevel): Uint8Array {
  const capacity = dataCodewords(version, ecLevel);
  const out = new Uint8Array(capacity);
  let bitLength = 0;
  const push = (value: number, n: number) => {
    for (let i = n - 1; i >= 0; i--) {
      if ((value >>> i) & 1) out[bitLength >>> 3] = out[bitLength >>> 3]! | (0x80 >>> (bitLength & 7));
      bitLength++;
    }
  };
  push(0b0100, 4);
  push(bytes.length, countBits(version));
  for (const b of bytes) push(b, 8);
  bitLength += Math.min(4, capacity * 8 - bitLength); // terminator: zero bits, already zero
  bitLength = Math.ceil(bitLength / 8) * 8; // zero bits up to a codeword boundary
  for (let i = bitLength / 8, pad = 0xec; i < capacity; i++, pad ^= 0xec ^ 0x11) out[i] = pad;
  return out;
}

/** Splits into blocks (shorter ones first), adds error correction, interleaves. */
function finalCodewords(data: Uint8Array, version: number, ecLevel: EcLevel): Uint8Array {
  const blocks = ecBlockCount(version, ecLevel);
  const ecLen = ecCodewordsPerBlock(version, ecLevel);
  const shortLen = Math.floor(data.length / blocks);
  const longBlocks = data.length % blocks;
  const dataBlocks: Uint8Array[] = [];
  const ecBlocks: Uint8Array[] = [];
  for (let b = 0, offset = 0; b < blocks; b++) {
    const len = shortLen + (b >= blocks - longBlocks ? 1 : 0);
    const block = data.subarray(offset, offset + len);
    offset += len;
    dataBlocks.push(block);
    ecBlocks.push(reedSolomonRemainder(block, ecLen));
  }
  const out = new Uint8Array(totalCodewords(version));
  let k = 0;
  for (let i = 0; i <= shortLen; i++) for (const block of dataBlocks) if (i < block.length) out[k++] = block[i]!;
  for (let i = 0; i < ecLen; i++) for (const block of ecBlocks) out[k++] = block[i]!;
  return out;
}

/** Places the codewords, most significant bit first, in the two-column zigzag from the bottom right. */
function placeCodewords(t: Template, codewords: Uint8Array): Uint8Array {
  const { size, isFunction } = t;
  const modules = t.modules.slice();
  const totalBits = codewords.length * 8;
  let i = 0;
  for (let right = size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5; // the vertical timing pattern is skipped as a whole column
    const upward = ((right + 1) & 2) === 0;
    for (let v = 0; v < size; v++) {
      const y = upward ? size - 1 - v : v;
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        const at = y * size + x;
        if (isFunction[at]) continue;
        // Remainder bits after the last codeword stay 0 (light before masking).
        if (i < totalBits) modules[at] = (codewords[i >>> 3]! >>> (7 - (i & 7))) & 1;
        i++;
      }
    }
  }
  return modules;
}

/** Whether mask `mask` inverts the module at row `i`, column `j`. */
function maskHits(mask: number, i: number, j: number): boolean {
  switch (mask) {
    case 0: return (i + j) % 2 === 0;
    case 1: return i % 2 === 0;
    case 2: return j % 3 === 0;
    case 3: return (i + j) % 3 === 0;
    case 4: return (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0;
    case 5: return ((i * j) % 2) + ((i * j) % 3) === 0;
    case 6: return (((i * j) % 2) + ((i * j) % 3)) % 2 === 0;
    case 7: return (((i + j) % 2) + ((i * j) % 3)) % 2 === 0;
    default: throw new RangeError(`no QR mask ${mask}`);
  }
}

/** The symbol with `mask` applied to the data modules and the format information written. */
function masked(t: Template, placed: Uint8Array, ecLevel: EcLevel, mask: number): Uint8Array {
  const { size, isFunction } = t;
  const modules = placed.slice();
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const at = y * size + x;
      if (!isFunction[at] && maskHits(mask, y, x)) modules[at] = modules[at]! ^ 1;
    }
  }
  const bits = formatBits(ecLevel, mask);
  const put = (x: number, y: number, i: number) => {
    modules[y * size + x] = (bits >>> i) & 1;
  };
  for (let i = 0; i <= 5; i++) put(8, i, i);
  put(8, 7, 6);
  put(8, 8, 7);
  put(7, 8, 8);
  for (let i = 9; i < 15; i++) put(14 - i, 8, i);
  for (let i = 0; i < 8; i++) put(size - 1 - i, 8, i);
  for (let i = 8; i < 15; i++) put(8, size - 15 + i, i);
  return modules;
}

const FINDER_LIKE = [
  [1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0],
  [0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1],
] as const;

/** The penalty score of a masked symbol (lower is better). */
export function penalty(modules: Uint8Array, size: number): number {
  let score = 0;
  const at = (x: number, y: number) => modules[y * size + x]!;
  for (let pass = 0; pass < 2; pass++) {
    // pass 0: rows; pass 1: columns.
    const get = pass === 0 ? (line: number, k: number) => at(k, line) : (line: number, k: number) => at(line, k);
    for (let line = 0; line < size; line++) {
      // N1: runs of five or more modules of one colour.
      let run = 1;
      for (let k = 1; k <= size; k++) {
        if (k < size && get(line, k) === get(line, k - 1)) run++;
        else {
          if (run >= 5) score += 3 + (run - 5);
          run = 1;
        }
      }
      // N3: 1:1:3:1:1 finder-like patterns with four light modules on one side (the quiet zone counts as light).
      const cell = (k: number) => (k < 0 || k >= size ? 0 : get(line, k));
      for (let k = -4; k + 11 <= size + 4; k++) {
        for (const pattern of FINDER_LIKE) {
          let same = true;
          for (let m = 0; m < 11 && same; m++) same = cell(k + m) === pattern[m];
          if (same) score += 40;
        }
      }
    }
  }
  // N2: 2×2 blocks of one colour.
  for (let y = 0; y + 1 < size; y++) {
    for (let x = 0; x + 1 < size; x++) {
      const c = at(x, y);
      if (c === at(x + 1, y) && c === at(x, y + 1) && c === at(x + 1, y + 1)) score += 3;
    }
  }
  // N4: 10 per full 5 % the dark share is away from 50 %.
  let dark = 0;
  for (const m of modules) dark += m;
  const k = Math.floor(Math.abs((dark * 100) / (size * size) - 50) / 5);
  return score + 10 * k;
}

/** Encodes bytes (or a string as UTF-8) as one byte-mode QR code. */
export function encodeQr(data: string | Uint8Array, options: QrOptions = {}): QrCode {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const ecLevel = options.ecLevel ?? 'M';
  const minVersion = options.minVersion ?? MIN_VERSION;
  const maxVersion = options.maxVersion ?? MAX_VERSION;
  let version = minVersion;
  while (version <= maxVersion && byteCapacity(version, ecLevel) < bytes.length) version++;
  if (version > maxVersion) throw new RangeError(`${bytes.length} bytes do not fit a version ${maxVersion} QR code at level ${ecLevel}`);

  const t = template(version);
  const placed = placeCodewords(t, finalCodewords(dataCodewordSequence(bytes, version, ecLevel), version, ecLevel));
  let best: { mask: number; modules: Uint8Array; score: number } | undefined;
  for (const mask of options.mask === undefined ? [0, 1, 2, 3, 4, 5, 6, 7] : [options.mask]) {
    const modules = masked(t, placed, ecLevel, mask);
    const score = penalty(modules, t.size);
    if (!best || score < best.score) best = { mask, modules, score };
  }
  return { version, ecLevel, mask: best!.mask, size: t.size, modules: best!.modules };
}
