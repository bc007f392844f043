/**
 * @module Byte helpers shared by SigV4, the secret box and the id generators: UTF-8, hex, base64 and a
 * constant-time comparison.
 */

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** UTF-8 encodes a string. */
export const utf8 = (s: string): Uint8Array => ENCODER.encode(s);
/** Decodes UTF-8, replacing invalid sequences (never throws). */
export const fromUtf8 = (b: Uint8Array): string => DECODER.decode(b);

/** Lower-case hex of the bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!];
  return out;
}

/** Parses lower- or upper-case hex; undefined when the input is not hex of whole bytes. */
export function fromHex(hex: string): Uint8Array | undefined {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Standard base64 (with padding) of the bytes. */
export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]!);
  return btoa(bin);
}

/** Unpadded base64url (RFC 4648 §5) of the bytes: for tokens, markers and envelopes. */
export const toBase64Url = (bytes: Uint8Array): string => toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** Parses base64url (padded or not); undefined when it is not valid base64url. */
export function fromBase64Url(s: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(s)) return undefined;
  return fromBase64(s.replace(/-/g, '+').replace(/_/g, '/'));
}

/** Parses standard base64; undefined when it is not valid base64. */
export function fromBase64(s: string): Uint8Array | undefined {
  try {
    const bin = atob(s);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return undefined;
  }
}

/**
 * Compares two byte strings in time that depends only on their lengths, never on where they differ
 * (XOR-accumulate, as hono's `utils/buffer.ts` does). Use it for signatures and tokens.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Constant-time comparison of two strings by their UTF-8 bytes. */
export const constantTimeEqualString = (a: string, b: string): boolean => constantTimeEqual(utf8(a), utf8(b));
