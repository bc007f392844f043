/**
 * @module Stage 3 of SigV4 verification: the signing key, derived from the secret access key by four
 * chained HMAC-SHA256 steps, and a small bounded cache of derived keys.
 *
 * kSecret = "AWS4" + secret; kDate = HMAC(kSecret, date); kRegion = HMAC(kDate, region);
 * kService = HMAC(kRegion, service); kSigning = HMAC(kService, "aws4_request").
 *
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 * ("Derive a signing key for SigV4")
 */

import { BoundedCache } from '../bounded-cache';
import { utf8 } from '../bytes';
import { nobleSha256, type KeyedMac, type Sha256Provider } from './hash';
import { SCOPE_TERMINATOR, type CredentialScope } from './types';

const TERMINATOR_BYTES = utf8(SCOPE_TERMINATOR);

/**
 * Derives the SigV4 signing key for one day, region and service.
 *
 * @param secretAccessKey - the secret of the access key (never logged, never a cache key)
 * @param date - `YYYYMMDD` of the credential scope
 * @param hash - the HMAC-SHA256 to use (default: @noble/hashes)
 * @returns the 32-byte key that signs the string to sign
 */
export function deriveSigningKey(
  secretAccessKey: string,
  date: string,
  region: string,
  service: string,
  hash: Sha256Provider = nobleSha256,
): Uint8Array {
  const kSecret = utf8('AWS4' + secretAccessKey);
  const kDate = hash.hmacSha256(kSecret, utf8(date));
  kSecret.fill(0);
  const kRegion = hash.hmacSha256(kDate, utf8(region));
  const kService = hash.hmacSha256(kRegion, utf8(service));
  const kSigning = hash.hmacSha256(kService, TERMINATOR_BYTES);
  kDate.fill(0);
  kRegion.fill(0);
  kService.fill(0);
  return kSigning;
}

/** A cached signing key and the provider's MAC keyed with it (the key's pads absorbed once). */
interface CacheEntry {
  readonly key: Uint8Array;
  readonly mac: KeyedMac;
}

/** Options of a `SigningKeyCache`. */
export interface SigningKeyCacheOptions {
  /** SHA-256 primitives for deriving keys and signing (default: @noble/hashes). */
  readonly hash?: Sha256Provider;
}

/** Default number of signing keys a `SigningKeyCache` holds: one per busy key id and day is plenty. */
export const SIGNING_KEY_CACHE_DEFAULT_ENTRIES = 1_000;

/**
 * A bounded least-recently-used cache of signing keys, keyed by `accessKeyId/date/region/service`
 * and NEVER by the secret (aws4fetch keys its cache by the secret, a habit to avoid: the secret would
 * live on as a map key and show up in heap dumps).
 *
 * Why the key id alone is a safe key: access key ids are random, server-generated and never reused,
 * and the secret of a key id never changes for the key's whole life (AWS has no "change secret"; a
 * rotation is a new key id). So `id → secret` is a function, and so is `id/date/region/service →
 * signing key`.
 *
 * Why there is no secret fingerprint in the entry: checking one means hashing the secret on every
 * request (a SHA-256 over the secret costs about as much as one of the four derivation steps) to
 * defend only against a storage bug that hands two different secrets for one id, which would break
 * authentication everywhere else too. Instead the contract is written down:
 * - INVARIANT: callers pass the secret from the key store, never anything taken from the request.
 * - INVARIANT: callers check that the key exists and is Active BEFORE verifying; a cached entry says
 *   nothing about status. `evictAccessKey` drops a deleted key's entries early (they also age out).
 *
 * One instance per isolate is fine: entries hold no tenant data beyond an opaque id, and a key
 * derived for one tenant's id is useless for any other id.
 */
export class SigningKeyCache {
  readonly #hash: Sha256Provider;
  readonly #entries: BoundedCache<string, CacheEntry>;

  /**
   * @param maxEntries - capacity; the least recently used entry is evicted beyond it
   * @param options - the SHA-256 provider (it derives and signs for every caller of this cache)
   */
  constructor(maxEntries: number = SIGNING_KEY_CACHE_DEFAULT_ENTRIES, options: SigningKeyCacheOptions = {}) {
    this.#entries = new BoundedCache({ maxEntries });
    this.#hash = options.hash ?? nobleSha256;
  }

  /** Number of cached keys. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * The signing key for this id and scope, derived from `secret()` on a miss. The secret is asked
   * for only on a miss, so a caller may decrypt it lazily. Hits return the same `Uint8Array`
   * instance: treat it as read-only.
   */
  get(accessKeyId: string, scope: CredentialScope, secret: () => string): Uint8Array {
    return this.#entry(accessKeyId, scope, secret).key;
  }

  /**
   * HMAC-SHA256 of `message` under the cached signing key, with this cache's provider. The entry
   * keeps the provider's keyed MAC (`Sha256Provider.keyedHmacSha256`), so a provider can absorb the
   * key's two pads once instead of on every call (two of the six SHA-256 blocks of a typical string to sign).
   */
  sign(accessKeyId: string, scope: CredentialScope, secret: () => string, message: Uint8Array): Uint8Array {
    return this.#entry(accessKeyId, scope, secret).mac(message);
  }

  #entry(accessKeyId: string, scope: CredentialScope, secret: () => string): CacheEntry {
    const k = accessKeyId + '/' + scope.date + '/' + scope.region + '/' + scope.service;
    const hit = this.#entries.get(k);
    if (hit !== undefined) return hit;
    const key = deriveSigningKey(secret(), scope.date, scope.region, scope.service, this.#hash);
    const entry: CacheEntry = { key, mac: this.#hash.keyedHmacSha256(key) };
    this.#entries.set(k, entry);
    return entry;
  }

  /** Drops every cached key of one access key id (call it when the key is deleted or deactivated). */
  evictAccessKey(accessKeyId: string): void {
    const prefix = accessKeyId + '/';
    this.#entries.deleteWhere((k) => k.startsWith(prefix));
  }

  /** Drops every entry. */
  clear(): void {
    this.#entries.clear();
  }
}
