/**
 * @module Choosing the JWKs that may have signed a token: the provider checks, which are ours (the
 * signature itself is checked by `jose`, signature.ts).
 *
 * Selection (RFC 7515 §4.1.4, RFC 7517 §4): with a `kid`, only keys of that id are candidates (none →
 * `no-matching-key`, which makes the caller refetch the set once; some but none fitting → `key-mismatch`).
 * Without a `kid`, every key that fits the algorithm is a candidate. A key fits when its `kty` (and EC
 * `crv`) is the algorithm's, its `use` is absent or `sig`, its `key_ops` absent or include `verify`, and its
 * `alg` absent or equal. Keys embedded in the token (`jwk`, `jku`, `x5u`, `x5c` headers) are never used.
 * RSA moduli under 2048 bits are refused (RFC 7518 §3.3).
 *
 * Why not jose's `createLocalJWKSet`: it answers one key or an error, where AWS's verifier tells a `kid`
 * the set lacks (refetch, then "Couldn't retrieve verification key…") from a `kid` whose key does not fit
 * (InvalidIdentityToken naming why), and tries every fitting key of a kid-less token (rotation).
 */
import { err, ok, type Result } from '../result';
import { base64UrlDecode } from './parse';
import type { Jwk, Jwks, JwsAlgorithm, JwtFailure } from './types';

/** Keys tried at most for a token without `kid` (each try is one signature verification). */
export const MAX_KEYS_TRIED = 8;
/** Smallest RSA modulus accepted, in bytes (2048 bits, RFC 7518 §3.3 and §3.5). */
const MIN_RSA_MODULUS_BYTES = 256;

/** The key type (and EC curve) each accepted algorithm needs (RFC 7518 §3.1, §6.2.1.1). */
const SPECS: Record<JwsAlgorithm, { kty: 'RSA' | 'EC'; crv?: 'P-256' | 'P-384' }> = {
  RS256: { kty: 'RSA' },
  RS384: { kty: 'RSA' },
  RS512: { kty: 'RSA' },
  PS256: { kty: 'RSA' },
  PS384: { kty: 'RSA' },
  PS512: { kty: 'RSA' },
  ES256: { kty: 'EC', crv: 'P-256' },
  ES384: { kty: 'EC', crv: 'P-384' },
};

/** Why `key` cannot verify `alg`, or undefined when it fits. */
export function keyMisfit(key: Jwk, alg: JwsAlgorithm): string | undefined {
  const spec = SPECS[alg];
  if (key.kty !== spec.kty) return `The key is of type ${String(key.kty)}, not ${spec.kty} as ${alg} needs.`;
  if (spec.crv && key.crv !== spec.crv) return `The key is on curve ${String(key.crv)}, not ${spec.crv} as ${alg} needs.`;
  if (key.use !== undefined && key.use !== 'sig') return 'The key is not a signature key (use).';
  if (key.key_ops !== undefined && !(Array.isArray(key.key_ops) && key.key_ops.includes('verify'))) return 'The key may not verify (key_ops).';
  if (key.alg !== undefined && key.alg !== alg) return `The key is for ${String(key.alg)}, not ${alg}.`;
  if (spec.kty === 'RSA') {
    const n = typeof key.n === 'string' ? base64UrlDecode(key.n) : undefined;
    if (!n || typeof key.e !== 'string') return 'The RSA key has no valid modulus or exponent.';
    let significant = n.length;
    for (let i = 0; i < n.length && n[i] === 0; i++) significant--;
    if (significant < MIN_RSA_MODULUS_BYTES) return 'The RSA key is shorter than 2048 bits.';
  } else if (typeof key.x !== 'string' || typeof key.y !== 'string') {
    return 'The EC key has no coordinates.';
  }
  return undefined;
}

/** The keys of `jwks` that may have signed a token with this `alg` and `kid`, at most {@link MAX_KEYS_TRIED}. */
export function candidateKeys(jwks: Jwks, alg: JwsAlgorithm, kid: string | undefined): Result<Jwk[], JwtFailure> {
  const keys = jwks.keys.filter((k): k is Jwk => k !== null && typeof k === 'object');
  if (kid !== undefined) {
    const named = keys.filter((k) => k.kid === kid);
    if (named.length === 0) return err({ reason: 'no-matching-key', detail: 'No key of the issuer has the token kid.' });
    const fitting = named.filter((k) => keyMisfit(k, alg) === undefined);
    if (fitting.length === 0) return err({ reason: 'key-mismatch', detail: keyMisfit(named[0]!, alg)! });
    return ok(fitting.slice(0, MAX_KEYS_TRIED));
  }
  const fitting = keys.filter((k) => keyMisfit(k, alg) === undefined);
  if (fitting.length === 0) return err({ reason: 'no-matching-key', detail: `No key of the issuer fits ${alg}.` });
  return ok(fitting.slice(0, MAX_KEYS_TRIED));
}
