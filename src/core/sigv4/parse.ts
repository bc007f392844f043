/**
 * @module Stage 1 of SigV4 verification: find the signature in a request and read its parts, without
 * judging them (time, scope and the signature itself are verify's job). Total: any input string gives a
 * `ParsedAuth` or a tagged failure, never an exception, so it is safe on hostile input.
 *
 * Two forms: the `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` header,
 * or the presigned query parameters `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`,
 * `X-Amz-SignedHeaders`, `X-Amz-Signature` (plus optional `X-Amz-Expires` and `X-Amz-Security-Token`).
 *
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-authentication-methods.html
 */

import { err, ok, type Result } from '../result';
import { decodeQueryComponent, forEachQueryPair } from './_uri';
import { parseAmzDate, rfc1123ToAmzDate } from './_date';
import {
  SCOPE_TERMINATOR,
  SIGV4_ALGORITHM,
  type ParsedAuth,
  type SigV4Failure,
  type SigV4FailureReason,
  type SigV4Form,
  type SigV4Request,
} from './types';

/** Longest presigned lifetime AWS documents: 7 days, in seconds. */
export const PRESIGNED_EXPIRES_MAX_SECONDS = 604_800;

/** Client text echoed in an error message is cut to this many characters. */
const ECHO_MAX_CHARS = 64;

const fail = (reason: SigV4FailureReason, detail: string): Result<never, SigV4Failure> => err({ reason, detail });
const echo = (s: string): string => (s.length > ECHO_MAX_CHARS ? s.slice(0, ECHO_MAX_CHARS) + '…' : s);

/** The headers the parser reads, first occurrence of each. */
interface AuthHeaders {
  authorization?: string;
  amzDate?: string;
  date?: string;
  securityToken?: string;
}

function readAuthHeaders(headers: SigV4Request['headers']): AuthHeaders {
  const out: AuthHeaders = {};
  for (const [name, value] of headers) {
    // Cheap length filter first: most headers are none of these four.
    const n = name.length;
    if (n !== 4 && n !== 10 && n !== 13 && n !== 20) continue;
    const lower = name.toLowerCase();
    if (lower === 'authorization') out.authorization ??= value;
    else if (lower === 'x-amz-date') out.amzDate ??= value;
    else if (lower === 'date') out.date ??= value;
    else if (lower === 'x-amz-security-token') out.securityToken ??= value;
  }
  return out;
}

/** The decoded `X-Amz-*` query parameters, first occurrence of each. */
interface AuthQuery {
  algorithm?: string;
  credential?: string;
  date?: string;
  expires?: string;
  signedHeaders?: string;
  signature?: string;
  securityToken?: string;
}

const QUERY_FIELDS: Readonly<Record<string, keyof AuthQuery>> = {
  'X-Amz-Algorithm': 'algorithm',
  'X-Amz-Credential': 'credential',
  'X-Amz-Date': 'date',
  'X-Amz-Expires': 'expires',
  'X-Amz-SignedHeaders': 'signedHeaders',
  'X-Amz-Signature': 'signature',
  'X-Amz-Security-Token': 'securityToken',
};

function readAuthQuery(query: string): AuthQuery {
  const out: AuthQuery = {};
  if (query.indexOf('X-Amz-') === -1 && query.indexOf('%') === -1) return out;
  forEachQueryPair(query, (rawKey, rawValue) => {
    const key = decodeQueryComponent(rawKey);
    // INVARIANT: hasOwn first, so keys like `toString` or `__proto__` never reach the prototype.
    if (Object.hasOwn(QUERY_FIELDS, key)) out[QUERY_FIELDS[key]!] ??= decodeQueryComponent(rawValue);
  });
  return out;
}

/**
 * Reads `Credential=keyid/date/region/service/aws4_request` into the key id and scope.
 * AWS wording: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term".
 */
function parseCredential(credential: string, form: SigV4Form, rest: Omit<ParsedAuth, 'accessKeyId' | 'scope' | 'form'>): Result<ParsedAuth, SigV4Failure> {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts.some((p) => p.length === 0)) {
    return fail(
      'malformed-credential',
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${echo(credential)}'`,
    );
  }
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  if (terminator !== SCOPE_TERMINATOR) {
    return fail('bad-scope', `Credential should be scoped with a valid terminator: 'aws4_request', not '${echo(terminator)}'.`);
  }
  return ok({ form, accessKeyId, scope: { date, region, service }, ...rest });
}

/** SignedHeaders `host;x-amz-date` → lower-cased names; undefined when empty or with an empty name. */
function parseSignedHeaders(list: string): string[] | undefined {
  const names = list.toLowerCase().split(';');
  return names.some((n) => n.length === 0) ? undefined : names;
}

/** True for exactly 64 lower-case hex digits. */
function isSignatureHex(s: string): boolean {
  if (s.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

/** Splits the part after the algorithm into `key=value` components (commas and/or spaces separate them). */
function authComponents(rest: string): Result<Map<string, string>, SigV4Failure> {
  const out = new Map<string, string>();
  for (const piece of rest.split(/[,\s]+/)) {
    if (piece.length === 0) continue;
    const eq = piece.indexOf('=');
    if (eq <= 0) {
      // AWS echoes the piece and the whole header here ("'…' not a valid key=value pair (missing
      // equal-sign) in Authorization header: '…'"). Either can hold (part of) the signature, so we don't.
      return fail('incomplete', 'Authorization header component is not a valid key=value pair (missing equal-sign).');
    }
    const key = piece.slice(0, eq);
    if (!out.has(key)) out.set(key, piece.slice(eq + 1));
  }
  return ok(out);
}

function parseHeaderForm(authorization: string, h: AuthHeaders, q: AuthQuery): Result<ParsedAuth, SigV4Failure> {
  const value = authorization.trim();
  const space = value.search(/\s/);
  const algorithm = space === -1 ? value : value.slice(0, space);
  if (algorithm.startsWith('AWS4-') && algorithm !== SIGV4_ALGORITHM) {
    return fail('unsupported-algorithm', `Unsupported AWS 'algorithm': '${echo(algorithm)}'`);
  }
  const isSigV4 = algorithm === SIGV4_ALGORITHM;
  // The first token is the algorithm whatever it says ("mock" is an algorithm without components).
  const comps = authComponents(value.slice(algorithm.length));
  if (!comps.ok) return comps;
  const credential = comps.value.get('Credential');
  const signedHeaders = comps.value.get('SignedHeaders');
  const signature = comps.value.get('Signature');
  const hasDate = h.amzDate !== undefined || h.date !== undefined;
  // AWS lists every missing part in one message, in this order.
  let missing = '';
  if (credential === undefined) missing += "Authorization header requires 'Credential' parameter. ";
  if (signature === undefined) missing += "Authorization header requires 'Signature' parameter. ";
  if (signedHeaders === undefined) missing += "Authorization header requires 'SignedHeaders' parameter. ";
  if (!hasDate) missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  // A header that is not SigV4 at all ("mock", "Bearer …") gets the same answer from AWS.
  if (missing !== '') return fail('incomplete', missing.trimEnd());
  if (!isSigV4) return fail('unsupported-algorithm', `Unsupported AWS 'algorithm': '${echo(algorithm)}'`);
  let amzDate: string | undefined;
  if (h.amzDate !== undefined) {
    amzDate = parseAmzDate(h.amzDate.trim()) === undefined ? undefined : h.amzDate.trim();
    if (amzDate === undefined) return fail('malformed-date', dateMessage(h.amzDate));
  } else {
    amzDate = parseAmzDate(h.date!.trim()) === undefined ? rfc1123ToAmzDate(h.date!) : h.date!.trim();
    if (amzDate === undefined) return fail('malformed-date', dateMessage(h.date!));
  }
  const names = parseSignedHeaders(signedHeaders!);
  if (names === undefined) return fail('incomplete', "Authorization header requires 'SignedHeaders' parameter.");
  if (!isSignatureHex(signature!)) return fail('malformed-signature', 'Signature is not 64 lower-case hex digits');
  const sessionToken = h.securityToken ?? q.securityToken;
  return parseCredential(credential!, 'header', {
    signedHeaders: names,
    signature: signature!,
    amzDate,
    ...(sessionToken !== undefined ? { sessionToken } : {}),
  });
}

const dateMessage = (got: string): string =>
  `Date must be in ISO-8601 'basic format'. Got '${echo(got)}'. See http://en.wikipedia.org/wiki/ISO_8601`;

/** Integer 1..604800 written in plain decimal digits, or undefined. */
function parseExpires(s: string): number | undefined {
  if (s.length === 0 || s.length > 6) return undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return undefined;
  }
  const n = Number(s);
  return n >= 1 && n <= PRESIGNED_EXPIRES_MAX_SECONDS ? n : undefined;
}

function parseQueryForm(q: AuthQuery, h: AuthHeaders): Result<ParsedAuth, SigV4Failure> {
  if (q.algorithm !== SIGV4_ALGORITHM) {
    return fail('unsupported-algorithm', `Unsupported AWS 'algorithm': '${echo(q.algorithm ?? '')}'`);
  }
  let missing = '';
  if (q.credential === undefined) missing += "AWS query-string parameters must include 'X-Amz-Credential'. ";
  if (q.signature === undefined) missing += "AWS query-string parameters must include 'X-Amz-Signature'. ";
  if (q.signedHeaders === undefined) missing += "AWS query-string parameters must include 'X-Amz-SignedHeaders'. ";
  if (q.date === undefined) missing += "AWS query-string parameters must include 'X-Amz-Date'. ";
  if (missing !== '') return fail('incomplete', missing + 'Re-examine the query-string parameters.');
  if (parseAmzDate(q.date!) === undefined) return fail('malformed-date', dateMessage(q.date!));
  let expiresSeconds: number | undefined;
  if (q.expires !== undefined) {
    expiresSeconds = parseExpires(q.expires);
    if (expiresSeconds === undefined) {
      return fail(
        'bad-expires',
        "X-Amz-Expires must be an integer from 1 to 604800 (seconds); that is, the given X-Amz-Expires must be less than a week.",
      );
    }
  }
  const names = parseSignedHeaders(q.signedHeaders!);
  if (names === undefined) return fail('incomplete', "AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the query-string parameters.");
  if (!isSignatureHex(q.signature!)) return fail('malformed-signature', 'X-Amz-Signature is not 64 lower-case hex digits');
  const sessionToken = q.securityToken ?? h.securityToken;
  return parseCredential(q.credential!, 'query', {
    signedHeaders: names,
    signature: q.signature!,
    amzDate: q.date!,
    ...(expiresSeconds !== undefined ? { expiresSeconds } : {}),
    ...(sessionToken !== undefined ? { sessionToken } : {}),
  });
}

/**
 * Finds and reads the SigV4 signature of a request.
 *
 * @param req - the request as plain data (raw path and query, headers as received)
 * @returns the parsed parts, or `missing` when the request carries no signature at all, `ambiguous`
 *   when it carries both forms, and the other reasons for a signature that cannot be read
 * @example
 * const parsed = parseSigV4({ method: 'POST', path: '/', query: '', headers: [['Authorization', a], …] });
 * if (!parsed.ok) throw sigV4FailureToAwsError(parsed.error);
 */
export function parseSigV4(req: SigV4Request): Result<ParsedAuth, SigV4Failure> {
  const h = readAuthHeaders(req.headers);
  const q = readAuthQuery(req.query);
  if (h.authorization !== undefined && q.algorithm !== undefined) {
    return fail(
      'ambiguous',
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified',
    );
  }
  if (h.authorization !== undefined) return parseHeaderForm(h.authorization, h, q);
  if (q.algorithm !== undefined) return parseQueryForm(q, h);
  return fail('missing', 'Request is missing Authentication Token');
}
