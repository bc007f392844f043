/**
 * @module What the issuer key cache (data-plane/oidc-keys.ts) keeps of a fetched JWK Set, and what it costs.
 *
 * An issuer's JWK Set is attacker-controlled: any tenant may register OIDC providers (100 per account) and
 * make the service fetch their sets with an unsigned AssumeRoleWithWebIdentity. Kept whole, a 512 KiB set
 * of `{"kty":"a"}` is ~43,700 objects, and 100 such sets retained ~173 MB in Node, more than an isolate's
 * 128 MB (security review of issue 7, M2). So only what verification can use is kept:
 * - keys of the types the verifier supports (`RSA`, `EC`: RFC 7518 §6.2, §6.3; the accepted algorithms are
 *   RS*, PS*, ES256, ES384), in the set's order, at most {@link MAX_KEYS_PER_SET} of them (the rest are
 *   ignored: real issuers publish a handful, two or three around a rotation);
 * - of each key, only the members the verifier reads (`kty`, `kid`, `alg`, `use`, `key_ops`, `n`, `e`,
 *   `crv`, `x`, `y`), each a string (`key_ops` an array of strings) within {@link MEMBER_CAPS}. A key with
 *   a member of another type or over its cap is dropped: it could never verify (a non-string `use`, `alg`
 *   or `crv` never matches, an RSA modulus over 8192 bits or a `kid` of kilobytes is not a real key).
 *   Members such as `x5c` or private ones (`d`) are never kept.
 *
 * The cost of what is kept is estimated from its strings at two bytes a character (V8 may store them in
 * one) plus a fixed overhead per key and per string, so the estimate bounds the heap from above; the cache
 * spends a byte budget against it.
 * Spec: https://www.rfc-editor.org/rfc/rfc7517#section-4, https://www.rfc-editor.org/rfc/rfc7518#section-6
 */
import type { Jwk } from '../core/jwt/index';

/** Keys of one set kept at most; later ones are ignored. */
export const MAX_KEYS_PER_SET = 100;

/**
 * Longest value of each kept member (characters). `n`: an 8192-bit modulus is 1024 bytes, 1366 base64url
 * characters (1367 with a leading zero byte); `x`/`y`: P-521's 66 bytes are 88 characters.
 */
export const MEMBER_CAPS = {
  kty: 3,
  kid: 256,
  alg: 16,
  use: 16,
  crv: 16,
  n: 1_400,
  e: 16,
  x: 128,
  y: 128,
} as const;

/** `key_ops` entries kept at most (RFC 7517 §4.3 defines eight), each at most `use`'s cap. */
const MAX_KEY_OPS = 8;
/** Estimated bytes of an object or array beyond its strings. */
const OBJECT_OVERHEAD = 64;
/** Estimated bytes of a string beyond its characters. */
const STRING_OVERHEAD = 24;

const SUPPORTED_KTY = new Set(['RSA', 'EC']);
type Member = keyof typeof MEMBER_CAPS;
const MEMBERS = Object.keys(MEMBER_CAPS) as Member[];

/** Estimated bytes a string holds. */
export function stringBytes(s: string): number {
  return STRING_OVERHEAD + 2 * s.length;
}

/** The key as kept, with its estimated size; undefined when it is dropped. */
function retainKey(raw: unknown): { key: Jwk; bytes: number } | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const src = raw as Record<string, unknown>;
  if (typeof src['kty'] !== 'string' || !SUPPORTED_KTY.has(src['kty'])) return undefined;
  const key: Record<string, unknown> = {};
  let bytes = OBJECT_OVERHEAD;
  for (const m of MEMBERS) {
    const v = src[m];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v.length > MEMBER_CAPS[m]) return undefined;
    key[m] = v;
    bytes += stringBytes(v);
  }
  const ops = src['key_ops'];
  if (ops !== undefined) {
    if (!Array.isArray(ops) || ops.length > MAX_KEY_OPS || !ops.every((o) => typeof o === 'string' && o.length <= MEMBER_CAPS.use)) return undefined;
    key['key_ops'] = [...(ops as string[])];
    bytes += OBJECT_OVERHEAD + (ops as string[]).reduce((n, o) => n + stringBytes(o), 0);
  }
  return { key: key as Jwk, bytes };
}

/** The keys of a parsed JWK Set's `keys` array worth keeping, and their estimated size in bytes. */
export function retainKeys(keys: readonly unknown[]): { keys: Jwk[]; bytes: number } {
  const kept: Jwk[] = [];
  let bytes = OBJECT_OVERHEAD;
  for (const raw of keys) {
    if (kept.length >= MAX_KEYS_PER_SET) break;
    const r = retainKey(raw);
    if (!r) continue;
    kept.push(r.key);
    bytes += r.bytes;
  }
  return { keys: kept, bytes };
}
