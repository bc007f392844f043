/**
 * Test keys and tokens: key pairs generated with WebCrypto in the test, tokens signed by `jose`. The
 * verifier checks signatures with jose too, so signature.test.ts also signs tokens with WebCrypto directly.
 */
import { CompactSign, exportJWK, SignJWT, type JWTPayload } from 'jose';
import type { Jwk, Jwks } from '../../../src/core/jwt/index';

export const ISSUER = 'https://token.example.test';
export const CLIENT_ID = 'sts.amazonaws.com';
/** A fixed clock: 2026-01-01T00:00:00Z. */
export const NOW_MS = Date.UTC(2026, 0, 1);
export const NOW = NOW_MS / 1000;

export interface TestKey {
  alg: string;
  kid: string;
  privateKey: CryptoKey;
  jwk: Jwk;
}

const RSA = (name: 'RSASSA-PKCS1-v1_5' | 'RSA-PSS', hash: string, modulusLength = 2048) => ({
  name,
  modulusLength,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash,
});

/** Generation parameters per JWS algorithm. */
const PARAMS: Record<string, Record<string, unknown>> = {
  RS256: RSA('RSASSA-PKCS1-v1_5', 'SHA-256'),
  RS384: RSA('RSASSA-PKCS1-v1_5', 'SHA-384'),
  RS512: RSA('RSASSA-PKCS1-v1_5', 'SHA-512'),
  PS256: RSA('RSA-PSS', 'SHA-256'),
  PS384: RSA('RSA-PSS', 'SHA-384'),
  PS512: RSA('RSA-PSS', 'SHA-512'),
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  ES384: { name: 'ECDSA', namedCurve: 'P-384' },
};

/** A fresh key pair for `alg`, its public half as a JWK with `kid` (and `alg`/`use` unless told not to). */
export async function newKey(alg: string, kid = `${alg}-${crypto.randomUUID()}`, opts: { modulusLength?: number; bare?: boolean } = {}): Promise<TestKey> {
  const params = { ...PARAMS[alg]!, ...(opts.modulusLength ? { modulusLength: opts.modulusLength } : {}) };
  const pair = (await crypto.subtle.generateKey(params as never, true, ['sign', 'verify'])) as CryptoKeyPair;
  const pub = await exportJWK(pair.publicKey);
  const jwk = (opts.bare ? { ...pub, kid } : { ...pub, kid, alg, use: 'sig' }) as Jwk;
  return { alg, kid, privateKey: pair.privateKey, jwk };
}

/** Standard valid claims at {@link NOW}. */
export const claims = (extra: JWTPayload = {}): JWTPayload => ({
  iss: ISSUER,
  aud: CLIENT_ID,
  sub: 'repo:octo/app:ref:refs/heads/main',
  iat: NOW - 10,
  exp: NOW + 600,
  ...extra,
});

/** A token signed by jose with `key` (header alg/kid from the key unless overridden). */
export async function sign(key: TestKey, payload: JWTPayload = claims(), header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...header }).sign(key.privateKey);
}

/** A token with an arbitrary protected header, signed by jose's CompactSign. */
export async function signRaw(key: TestKey | CryptoKey | Uint8Array, header: Record<string, unknown>, payload: unknown): Promise<string> {
  const k = 'privateKey' in (key as object) ? (key as TestKey).privateKey : (key as CryptoKey | Uint8Array);
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader(header as never).sign(k);
}

export const jwks = (...keys: (TestKey | Jwk)[]): Jwks => ({ keys: keys.map((k) => ('jwk' in k ? (k as TestKey).jwk : (k as Jwk))) });

/** base64url of a string or bytes (for hand-made tokens). */
export function b64url(input: string | Uint8Array): string {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
