/**
 * @module Reed–Solomon error correction as QR codes use it: arithmetic in GF(2⁸) reduced by the primitive
 * polynomial x⁸ + x⁴ + x³ + x² + 1 (0x11D) with α = 2, and a generator polynomial of degree n,
 * g(x) = (x − α⁰)(x − α¹)…(x − αⁿ⁻¹). The error-correction codewords of a block are the remainder of
 * data(x)·xⁿ divided by g(x). Spec: ISO/IEC 18004, "Error correction codeword generation".
 */

const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
  // A doubled table saves a modulo in gfMul.
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;
}

/** Product of two field elements. */
export function gfMul(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  return EXP[LOG[a]! + LOG[b]!]!;
}

/** αⁱ. */
export const gfPow2 = (i: number): number => EXP[i % 255]!;

const generators = new Map<number, Uint8Array>();

/** The monic generator polynomial of degree `n`, coefficients from xⁿ down to x⁰. */
export function generatorPolynomial(n: number): Uint8Array {
  const cached = generators.get(n);
  if (cached) return cached;
  let poly = Uint8Array.of(1);
  for (let i = 0; i < n; i++) {
    // poly · (x + αⁱ)   (− is + in characteristic 2)
    const next = new Uint8Array(poly.length + 1);
    const root = gfPow2(i);
    for (let j = 0; j < poly.length; j++) {
      next[j] = next[j]! ^ poly[j]!;
      next[j + 1] = next[j + 1]! ^ gfMul(poly[j]!, root);
    }
    poly = next;
  }
  generators.set(n, poly);
  return poly;
}

/** The `n` error-correction codewords of a block of data codewords. */
export function reedSolomonRemainder(data: Uint8Array, n: number): Uint8Array {
  const gen = generatorPolynomial(n);
  const rem = new Uint8Array(n);
  for (const byte of data) {
    const factor = byte ^ rem[0]!;
    rem.copyWithin(0, 1);
    rem[n - 1] = 0;
    for (let j = 0; j < n; j++) rem[j] = rem[j]! ^ gfMul(gen[j + 1]!, factor);
  }
  return rem;
}
