/**
 * @module Choosing the JWK that may have signed a token, and checking the signature with it through
 * WebCrypto (`crypto.subtle`, a web standard in Workers and Node).
 *
 * Selection (RFC 7515 §4.1.4, RFC 7517 §4): with a `kid`, only keys of that id are candidates (none →
 * `no-matching-key`, which makes the caller refetch the set once; some but none fitting → `key-mismatch`).
 * Without a `kid`, every key that fits the algorithm is a candidate. A key fits when its `kty` (and EC
 * `crv`) is the algorithm's, its `use` is absent or `sig`, its `key_ops` absent or include `verify`, and its
 * `alg` absent or equal. Keys embedded in the token (`jwk`, `jku`, `x5u`, `x5c` headers) are never used.
 * RSA moduli under 2048 bits are refused (RFC 7518 §3.3).
 */
import { err, ok, type Result } from '../result';
import { base64UrlDecode } from './parse';
import type { Jwk, Jwks, JwsAlgorithm, JwtFailure } from './types';

/** Keys tried at most for a token without `kid` (each try is one signature verification). */
export const MAX_KEYS_TRIED = 8;
/** Smallest RSA modulus accepted, in bytes (2048 bits, RFC 7518 §3.3 and §3.5). */
const MIN_RSA_MODULUS_BYTES = 256;

interface AlgorithmSpec {
  kty: 'RSA' | 'EC';
  crv?: 'P-256' | 'P-384';
  importParams: { name: string; hash?: string; namedCurve?: string };
  verifyParams: { name: string; hash?: string; saltLength?: number };
  /** ECDSA signatures are R || S of fixed length (RFC 7518 §3.4). */
  signatureBytes?: number;
}

const rsa = (name: 'RSASSA-PKCS1-v1_5' | 'RSA-PSS', bits: 256 | 384 | 512): AlgorithmSpec => ({
  kty: 'RSA',
  importParams: { name, hash: `SHA-${bits}` },
  verifyParams: name === 'RSA-PSS' ? { name, saltLength: bits / 8 } : { name },
});
const ecdsa = (crv: 'P-256' | 'P-384', bits: 256 | 384, signatureBytes: number): AlgorithmSpec => ({
  kty: 'EC',
  crv,
  importParams: { name: 'ECDSA', namedCurve: crv },
  verifyParams: { name: 'ECDSA', hash: `SHA-${bits}` },
  signatureBytes,
});

/** The WebCrypto parameters of each accepted algorithm (RFC 7518 §3.1). */
const SPECS: Record<JwsAlgorithm, AlgorithmSpec> = {
  RS256: rsa('RSASSA-PKCS1-v1_5', 256),
  RS384: rsa('RSASSA-PKCS1-v1_5', 384),
  RS512: rsa('RSASSA-PKCS1-v1_5', 512),
  PS256: rsa('RSA-PSS', 256),
  PS384: rsa('RSA-PSS', 384),
  PS512: rsa('RSA-PSS', 512),
  ES256: ecdsa('P-256', 256, 64),
  ES384: ecdsa('P-384', 384, 96),
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

/** Only the public members WebCrypto needs: `alg`, `use`, `key_ops` are checked above, not re-checked by import. */
function publicJwk(key: Jwk): JsonWebKey {
  return key.kty === 'RSA' ? { kty: 'RSA', n: key.n, e: key.e, ext: true } : { kty: 'EC', crv: key.crv, x: key.x, y: key.y, ext: true };
}

/**
 * Verifies the JWS signature over `signingInput` with `key` (already checked to fit `alg`). A key that
 * does not import is `key-mismatch`; a signature that does not verify (or has the wrong length) is
 * `bad-signature`.
 */
export async function verifySignature(
  alg: JwsAlgorithm,
  key: Jwk,
  signingInput: Uint8Array,
  signature: Uint8Array,
): Promise<Result<true, JwtFailure>> {
  const spec = SPECS[alg];
  let cryptoKey: CryptoKey;
  try {
    cryptoKey = await crypto.subtle.importKey('jwk', publicJwk(key), spec.importParams, false, ['verify']);
  } catch {
    return err({ reason: 'key-mismatch', detail: 'The key of the issuer could not be imported.' });
  }
  if (spec.signatureBytes !== undefined && signature.length !== spec.signatureBytes) {
    return err({ reason: 'bad-signature', detail: 'The token signature has the wrong length.' });
  }
  try {
    const valid = await crypto.subtle.verify(spec.verifyParams, cryptoKey, signature, signingInput);
    return valid ? ok(true) : err({ reason: 'bad-signature', detail: 'The token signature does not verify.' });
  } catch {
    return err({ reason: 'bad-signature', detail: 'The token signature does not verify.' });
  }
}
