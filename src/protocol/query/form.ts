/**
 * @module Parses an AWS Query request's parameters: an `application/x-www-form-urlencoded` body or a URL query
 * string, into an ordered map of decoded names and values.
 *
 * Rules (WHATWG URL "application/x-www-form-urlencoded parsing", which AWS SDKs produce):
 * - pairs split on `&`, name and value on the first `=`; a pair without `=` has the value `''`; empty pairs
 *   (`a=1&&b=2`, a trailing `&`) are skipped; a leading `?` of a query string is dropped;
 * - `+` is a space, `%XX` a byte; decoded bytes are UTF-8, and invalid UTF-8 becomes U+FFFD (as Java's
 *   `URLDecoder` does);
 * - a `%` not followed by two hex digits is the client's error: `InvalidQueryParameter` (400, AWS Common
 *   Errors: "The AWS query string is malformed or does not adhere to AWS standards"), never a crash;
 * - a repeated name keeps its FIRST value (what a Java servlet's `getParameter` returns; SDKs never repeat
 *   a name, so this only decides which of two hand-written values wins).
 *
 * Spec: https://url.spec.whatwg.org/#urlencoded-parsing; https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html
 */
import { AwsError } from '../../core/errors';

/** Decoded request parameters in the order they arrived (first value of a repeated name). */
export type QueryParams = ReadonlyMap<string, string>;

const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;
const UTF8 = new TextDecoder(); // non-fatal: invalid UTF-8 becomes U+FFFD

/** The error for a malformed percent escape. */
const malformed = (): AwsError =>
  new AwsError('InvalidQueryParameter', 'The AWS query string is malformed or does not adhere to AWS standards.', 400);

/**
 * Percent-decodes one name or value (`+` is a space). Throws only `AwsError('InvalidQueryParameter')`.
 */
export function decodeComponent(raw: string): string {
  const s = raw.includes('+') ? raw.replaceAll('+', ' ') : raw;
  if (!s.includes('%')) return s; // fast path: nothing escaped
  try {
    return decodeURIComponent(s);
  } catch {
    // Either a bad escape (client error) or escapes that are not valid UTF-8 (replaced, like Java).
    return decodeBytes(s);
  }
}

/** Slow path: decodes escapes byte by byte, rejecting bad escapes and replacing invalid UTF-8. */
function decodeBytes(s: string): string {
  const bytes: number[] = [];
  let out = '';
  const flush = (): void => {
    if (bytes.length > 0) out += UTF8.decode(new Uint8Array(bytes));
    bytes.length = 0;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 /* % */) {
      const hex = s.slice(i + 1, i + 3);
      if (!HEX_PAIR.test(hex)) throw malformed();
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      flush();
      out += s[i];
    }
  }
  flush();
  return out;
}

/**
 * Parses a form body or query string into decoded parameters (first value wins for a repeated name).
 * Throws only `AwsError('InvalidQueryParameter')` for a malformed percent escape.
 */
export function parseQuery(text: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const [name, value] of parseQueryPairs(text)) if (!params.has(name)) params.set(name, value);
  return params;
}

/** Like {@link parseQuery} but keeps every pair, repeats included, in arrival order. */
export function parseQueryPairs(text: string): Array<[string, string]> {
  const body = text.startsWith('?') ? text.slice(1) : text;
  const pairs: Array<[string, string]> = [];
  if (body.length === 0) return pairs;
  for (const piece of body.split('&')) {
    if (piece.length === 0) continue;
    const eq = piece.indexOf('=');
    const name = eq < 0 ? piece : piece.slice(0, eq);
    const value = eq < 0 ? '' : piece.slice(eq + 1);
    pairs.push([decodeComponent(name), decodeComponent(value)]);
  }
  return pairs;
}
