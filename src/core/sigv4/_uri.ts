/**
 * @module Internal to `sigv4/`: the URI encoding SigV4 needs, written as single passes over the string
 * (no regexes, and the input is returned untouched when nothing needs encoding, which is the common case).
 *
 * UriEncode() rules: the unreserved characters `A-Z a-z 0-9 - _ . ~` stay as they are, every other
 * byte of the UTF-8 form becomes `%XX` with upper-case hex.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */

import { fromUtf8, utf8 } from '../bytes';

const HEX_UPPER = '0123456789ABCDEF';

/** `UNRESERVED[c] === 1` for the ASCII codes SigV4 leaves unencoded. */
const UNRESERVED = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || '-_.~'.includes(ch)) {
    UNRESERVED[c] = 1;
  }
}

const SLASH = 0x2f;
const PERCENT = 0x25;
const PLUS = 0x2b;

/** `%XX` for one byte. */
const pct = (b: number): string => '%' + HEX_UPPER[b >> 4] + HEX_UPPER[b & 15];

/** Value of one hex digit, or -1. */
function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Percent-encodes the UTF-8 bytes of `s[from, to)` (a run of non-ASCII code units). */
function encodeNonAscii(s: string, from: number, to: number): string {
  const bytes = utf8(s.slice(from, to));
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += pct(bytes[i]!);
  return out;
}

/** End of the run of non-ASCII code units that starts at `i`. */
function nonAsciiRunEnd(s: string, i: number): number {
  let j = i + 1;
  while (j < s.length && s.charCodeAt(j) >= 0x80) j++;
  return j;
}

/**
 * Encodes a path for the canonical URI: every character except unreserved ones and `/` is encoded,
 * including `%`. The path arrives still percent-encoded from the wire, so this is AWS's "encode twice"
 * for non-S3 services (what @smithy/signature-v4 and aws4fetch compute from the path they send).
 */
export function encodePath(path: string): string {
  let i = 0;
  // Fast path: a plain path like `/` or `/a/b` needs no new string.
  while (i < path.length) {
    const c = path.charCodeAt(i);
    if (c >= 0x80 || (UNRESERVED[c] !== 1 && c !== SLASH)) break;
    i++;
  }
  if (i === path.length) return path;
  let out = path.slice(0, i);
  while (i < path.length) {
    const c = path.charCodeAt(i);
    if (c >= 0x80) {
      const end = nonAsciiRunEnd(path, i);
      out += encodeNonAscii(path, i, end);
      i = end;
      continue;
    }
    out += UNRESERVED[c] === 1 || c === SLASH ? path[i] : pct(c);
    i++;
  }
  return out;
}

/**
 * Re-encodes one raw query key or value into its canonical form in a single pass: `%XX` escapes are
 * decoded to their byte and re-encoded (so `%7e` becomes `~` and `%2f` becomes `%2F`), `+` means a
 * space (form encoding, as `URLSearchParams` reads it) and becomes `%20`, a `%` that does not start an
 * escape becomes `%25`, and raw non-ASCII text is encoded from its UTF-8 bytes. Never throws.
 */
export function canonicalQueryComponent(raw: string): string {
  let i = 0;
  while (i < raw.length) {
    const c = raw.charCodeAt(i);
    if (c >= 0x80 || UNRESERVED[c] !== 1) break;
    i++;
  }
  if (i === raw.length) return raw;
  let out = raw.slice(0, i);
  while (i < raw.length) {
    const c = raw.charCodeAt(i);
    if (c === PERCENT && i + 2 < raw.length && hexVal(raw.charCodeAt(i + 1)) >= 0 && hexVal(raw.charCodeAt(i + 2)) >= 0) {
      const b = (hexVal(raw.charCodeAt(i + 1)) << 4) | hexVal(raw.charCodeAt(i + 2));
      out += b < 0x80 && UNRESERVED[b] === 1 ? String.fromCharCode(b) : pct(b);
      i += 3;
    } else if (c === PLUS) {
      out += '%20';
      i++;
    } else if (c >= 0x80) {
      const end = nonAsciiRunEnd(raw, i);
      out += encodeNonAscii(raw, i, end);
      i = end;
    } else {
      out += UNRESERVED[c] === 1 ? raw[i] : pct(c);
      i++;
    }
  }
  return out;
}

/**
 * Decodes one raw query key or value to text (`+` is a space, `%XX` a byte, invalid UTF-8 becomes
 * U+FFFD, a stray `%` stays). Used by the parser for the `X-Amz-*` parameters. Never throws.
 */
export function decodeQueryComponent(raw: string): string {
  if (raw.indexOf('%') === -1 && raw.indexOf('+') === -1) return raw;
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === PERCENT && i + 2 < raw.length && hexVal(raw.charCodeAt(i + 1)) >= 0 && hexVal(raw.charCodeAt(i + 2)) >= 0) {
      bytes.push((hexVal(raw.charCodeAt(i + 1)) << 4) | hexVal(raw.charCodeAt(i + 2)));
      i += 2;
    } else if (c === PLUS) {
      bytes.push(0x20);
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      const end = nonAsciiRunEnd(raw, i);
      for (const b of utf8(raw.slice(i, end))) bytes.push(b);
      i = end - 1;
    }
  }
  return fromUtf8(Uint8Array.from(bytes));
}

/** Calls `visit(rawKey, rawValue)` for each non-empty `&`-separated part of a raw query string. */
export function forEachQueryPair(query: string, visit: (rawKey: string, rawValue: string) => void): void {
  let start = 0;
  while (start <= query.length) {
    let end = query.indexOf('&', start);
    if (end === -1) end = query.length;
    if (end > start) {
      const eq = query.indexOf('=', start);
      if (eq === -1 || eq > end) visit(query.slice(start, end), '');
      else visit(query.slice(start, eq), query.slice(eq + 1, end));
    }
    start = end + 1;
  }
}
