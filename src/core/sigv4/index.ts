/**
 * @module Public API of SigV4 verification, the only entry point other folders may import.
 * Stages: `parseSigV4` → `canonicalRequest`/`stringToSign` → `deriveSigningKey` (via `SigningKeyCache`)
 * → `verifySigV4`; failures become AWS errors through `sigV4FailureToAwsError`. The SHA-256 primitives
 * are a `Sha256Provider` option (default `nobleSha256`, pure JS; the Worker injects native ones).
 *
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html
 */

export {
  EMPTY_SHA256_HEX,
  SCOPE_TERMINATOR,
  SIGV4_ALGORITHM,
  type CredentialScope,
  type ParsedAuth,
  type SigV4Failure,
  type SigV4FailureReason,
  type SigV4Form,
  type SigV4Request,
  type Verified,
} from './types';
export { PRESIGNED_EXPIRES_MAX_SECONDS, parseSigV4 } from './parse';
export {
  canonicalHeaders,
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  credentialScopeString,
  hashCanonicalRequest,
  stringToSign,
  trimAll,
  type CanonicalOptions,
} from './canonical';
export { nobleSha256, type KeyedMac, type Sha256Provider } from './hash';
export { SIGNING_KEY_CACHE_DEFAULT_ENTRIES, SigningKeyCache, deriveSigningKey, type SigningKeyCacheOptions } from './signing-key';
export { CLOCK_SKEW_DEFAULT_SECONDS, verifySigV4, type SigningKeySource, type VerifyOptions } from './verify';
export { SIGNATURE_MISMATCH_MESSAGE, SIGV4_ERROR_CODES, sigV4FailureToAwsError, type SigV4ErrorCode } from './errors';
