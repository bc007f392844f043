/**
 * @module Parsing a compact JWS (RFC 7515 §7.1): three base64url parts, a JSON-object header with `alg`,
 * and a JSON-object payload (a JWT's claims, RFC 7519 §7.2), each in strict UTF-8. Nothing is verified here
 * except shape; the algorithm and `crit` checks run before any key is looked at. jose (signature.ts) parses
 * the token again when it verifies; this stricter pass runs first because the issuer must be read before
 * any key is fetched, and because jose decodes JSON leniently (padding, U+FFFD for bad UTF-8).
 */
import { base64url } from 'jose';
import { err, ok, type Result } from '../result';
import { JWS_ALGORITHMS, type JwsAlgorithm, type JwsHeader, type JwtFailure, type ParsedJws } from './types';

const B64URL = /^[A-Za-z0-9_-]*$/;
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Decodes unpadded base64url (RFC 7515 §2, RFC 4648 §5) with jose's decoder; undefined when the text has
 * characters outside the alphabet, padding, or a length no encoding produces. The alphabet and length
 * checks are ours: jose (like `atob`) accepts padding, and a token whose payload part carries `==` must be
 * refused as malformed, not reach the signature check with a signing input it was not signed over.
 */
export function base64UrlDecode(text: string): Uint8Array | undefined {
  if (!B64URL.test(text) || text.length % 4 === 1) return undefined;
  try {
    return base64url.decode(text);
  } catch {
    return undefined;
  }
}

function jsonObject(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(STRICT_UTF8.decode(bytes));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const malformed = (detail: string): Result<never, JwtFailure> => err({ reason: 'malformed', detail });

/** Takes a compact JWS apart. Refuses JWE (five parts), unsigned shapes and non-object JSON. */
export function parseJws(token: string): Result<ParsedJws, JwtFailure> {
  const parts = token.split('.');
  if (parts.length !== 3) return malformed('The token is not a compact JWS (three base64url parts).');
  const [h, p, s] = parts as [string, string, string];
  const headerBytes = base64UrlDecode(h);
  const payloadBytes = base64UrlDecode(p);
  const signature = base64UrlDecode(s);
  if (!headerBytes || !payloadBytes || !signature || h.length === 0 || p.length === 0) {
    return malformed('The token is not valid base64url.');
  }
  const header = jsonObject(headerBytes);
  if (!header) return malformed('The token header is not a JSON object.');
  if (typeof header['alg'] !== 'string') return malformed('The token header has no alg.');
  if (header['kid'] !== undefined && typeof header['kid'] !== 'string') return malformed('The token header kid is not a string.');
  const claims = jsonObject(payloadBytes);
  if (!claims) return malformed('The token payload is not a JSON object.');
  return ok({ header: header as JwsHeader, claims, token });
}

/** True when `alg` is one this verifier accepts. */
export const isSupportedAlgorithm = (alg: string): alg is JwsAlgorithm => (JWS_ALGORITHMS as readonly string[]).includes(alg);

/**
 * Refuses what must be refused before any key is used: `alg` outside the accepted list (`none`, HS*) and
 * any `crit` header (RFC 7515 §4.1.11: a recipient that does not understand a listed extension must reject).
 */
export function checkHeader(header: JwsHeader): Result<JwsHeader & { alg: JwsAlgorithm }, JwtFailure> {
  if (!isSupportedAlgorithm(header.alg)) {
    return err({ reason: 'unsupported-algorithm', detail: `The token is signed with an unsupported algorithm (${header.alg.slice(0, 16)}).` });
  }
  if (header.crit !== undefined) {
    return err({ reason: 'unsupported-critical-header', detail: 'The token header lists critical extensions (crit), which are not supported.' });
  }
  return ok(header as JwsHeader & { alg: JwsAlgorithm });
}
