/**
 * @module Stage 2 of SigV4 verification: rebuild, from the received request, the canonical request
 * and the string to sign exactly as the client built them before signing.
 *
 * CanonicalRequest = Method \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n PayloadHash
 *
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 * (checked against the aws-c-auth v4 suite in test/fixtures/sigv4/)
 */

import { nobleSha256, type Sha256Provider } from './hash';
import { canonicalQueryComponent, encodePath, forEachQueryPair } from './_uri';
import { SCOPE_TERMINATOR, SIGV4_ALGORITHM, type CredentialScope, type ParsedAuth, type SigV4Request } from './types';

/** Options of `canonicalRequest`. */
export interface CanonicalOptions {
  /**
   * Remove `.`/`..` segments and empty segments from the path (RFC 3986 §5.2.4), as every service but
   * S3 does. The suite's `context.json` calls this `normalize`.
   */
  readonly normalizePath: boolean;
  /** Hex SHA-256 that ends the canonical request: the server's own hash of the received body. */
  readonly payloadHash: string;
  /**
   * Leave `X-Amz-Security-Token` out of the canonical query of a presigned request: some signers
   * append the token after signing (the suite's `omit_session_token`, aws4fetch's `appendSessionToken`).
   */
  readonly omitQuerySessionToken?: boolean;
}

/** Removes empty, `.` and `..` segments, keeping a leading and (when something is left) a trailing `/`. */
function normalizeSegments(path: string): string {
  // Fast path: nothing to remove in `/`, `/a/b`, `/a/b/`.
  if (path.indexOf('//') === -1 && path.indexOf('/.') === -1 && path.indexOf('./') === -1 && path !== '.' && path !== '..') {
    return path;
  }
  const kept: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') kept.pop();
    else kept.push(seg);
  }
  const lead = path.startsWith('/') ? '/' : '';
  const trail = kept.length > 0 && path.endsWith('/') ? '/' : '';
  return lead + kept.join('/') + trail;
}

/**
 * The canonical URI: the raw path, normalized for non-S3 services, then URI-encoded with `/` kept.
 * An empty path is `/`.
 */
export function canonicalUri(path: string, normalizePath: boolean): string {
  const p = normalizePath ? normalizeSegments(path) : path;
  return p === '' ? '/' : encodePath(p);
}

const SIGNATURE_PARAM = 'X-Amz-Signature';
const TOKEN_PARAM = 'X-Amz-Security-Token';

/**
 * The canonical query string: every `key=value` pair re-encoded, sorted by key then value, joined
 * with `&`. The presigned form leaves out `X-Amz-Signature` (and the token when asked to).
 */
export function canonicalQuery(query: string, form: ParsedAuth['form'], omitSessionToken = false): string {
  if (query === '') return '';
  const pairs: Array<[string, string]> = [];
  forEachQueryPair(query, (rawKey, rawValue) => {
    const key = canonicalQueryComponent(rawKey);
    if (form === 'query' && (key === SIGNATURE_PARAM || (omitSessionToken && key === TOKEN_PARAM))) return;
    pairs.push([key, canonicalQueryComponent(rawValue)]);
  });
  if (pairs.length > 1) {
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  }
  let out = '';
  for (let i = 0; i < pairs.length; i++) out += (i === 0 ? '' : '&') + pairs[i]![0] + '=' + pairs[i]![1];
  return out;
}

/** True for the whitespace a header value may carry (space, tab, CR, LF: obs-fold included). */
const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;

/** Trims a header value and collapses each inner run of whitespace to one space ("Trimall"). */
export function trimAll(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isSpace(value.charCodeAt(start))) start++;
  while (end > start && isSpace(value.charCodeAt(end - 1))) end--;
  // Fast path: no run of two, and no tab/CR/LF inside.
  let clean = true;
  for (let i = start; i < end; i++) {
    const c = value.charCodeAt(i);
    if (c !== 0x20 ? isSpace(c) : isSpace(value.charCodeAt(i + 1))) {
      clean = false;
      break;
    }
  }
  if (clean) return start === 0 && end === value.length ? value : value.slice(start, end);
  let out = '';
  let inSpace = false;
  for (let i = start; i < end; i++) {
    const c = value.charCodeAt(i);
    if (isSpace(c)) {
      if (!inSpace) out += ' ';
      inSpace = true;
    } else {
      out += value[i];
      inSpace = false;
    }
  }
  return out;
}

/**
 * The canonical headers block: one `name:value\n` line per signed header, in the signed-header order.
 * Values of a repeated header are trimmed and joined with `,` in the order received; a signed header
 * the request lacks gets an empty value (the signature check then fails on its own).
 */
export function canonicalHeaders(headers: SigV4Request['headers'], signedHeaders: readonly string[]): string {
  // A handful of signed names and received headers: a linear indexOf beats a Map here.
  const values: Array<string | undefined> = new Array(signedHeaders.length);
  for (const [name, value] of headers) {
    const at = signedHeaders.indexOf(name.toLowerCase());
    if (at === -1) continue;
    const prev = values[at];
    values[at] = prev === undefined ? trimAll(value) : prev + ',' + trimAll(value);
  }
  let out = '';
  for (let i = 0; i < signedHeaders.length; i++) out += signedHeaders[i] + ':' + (values[i] ?? '') + '\n';
  return out;
}

/**
 * Builds the canonical request of a received request, as the client built it before signing.
 *
 * @param req - the request as plain data
 * @param parsed - what `parseSigV4` read (form and signed headers)
 * @param options - path normalization and the payload hash to end with
 * @example
 * canonicalRequest(req, parsed, { normalizePath: true, payloadHash: EMPTY_SHA256_HEX });
 */
export function canonicalRequest(req: SigV4Request, parsed: Pick<ParsedAuth, 'form' | 'signedHeaders'>, options: CanonicalOptions): string {
  return (
    req.method +
    '\n' +
    canonicalUri(req.path, options.normalizePath) +
    '\n' +
    canonicalQuery(req.query, parsed.form, options.omitQuerySessionToken === true) +
    '\n' +
    canonicalHeaders(req.headers, parsed.signedHeaders) +
    '\n' +
    parsed.signedHeaders.join(';') +
    '\n' +
    options.payloadHash
  );
}

/** Lower-case hex SHA-256 of the canonical request (its UTF-8 bytes), with `hash` (default: @noble/hashes). */
export const hashCanonicalRequest = (canonical: string, hash: Sha256Provider = nobleSha256): string => hash.sha256Hex(canonical);

/** `date/region/service/aws4_request`. */
export const credentialScopeString = (scope: CredentialScope): string =>
  scope.date + '/' + scope.region + '/' + scope.service + '/' + SCOPE_TERMINATOR;

/**
 * The string to sign: `AWS4-HMAC-SHA256 \n <amzDate> \n <scope> \n <hash of canonical request>`.
 *
 * @param parsed - request time and credential scope
 * @param canonicalRequestHashHex - `hashCanonicalRequest(canonicalRequest(...))`
 */
export function stringToSign(parsed: Pick<ParsedAuth, 'amzDate' | 'scope'>, canonicalRequestHashHex: string): string {
  return SIGV4_ALGORITHM + '\n' + parsed.amzDate + '\n' + credentialScopeString(parsed.scope) + '\n' + canonicalRequestHashHex;
}
