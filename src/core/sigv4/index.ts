/**
 * @module Public API of SigV4 verification, the only entry point other folders may import.
 * Stages: `parseSigV4` → `canonicalRequest`/`stringToSign` → `deriveSigningKey` (via `SigningKeyCache`)
 * → `verifySigV4`; failures become AWS errors through `sigV4FailureToAwsError`. The SHA-256 primitives
 * are a `Sha256Provider` option (default `nobleSha256`, pure JS; the Worker injects native ones).
 *
 * Why hand-written (checked for issue 8 with `npm view` and their exported APIs): no maintained library
 * verifies SigV4. aws4fetch 1.0 (exports AwsClient, AwsV4Signer), aws4 1.13 and @smithy/signature-v4 5.7
 * (SignatureV4: sign, presign) only sign. Re-signing a received request with them would not reproduce
 * what the server must check: the client's own SignedHeaders list, presigned-URL expiry, the credential
 * scope's date and region against the request, and AWS's distinct error for each failure.
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
export { requestTarget } from './request-target';
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
