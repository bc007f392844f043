/**
 * @module Public API of JWT (web identity token) verification, the only entry point other folders may
 * import. Pure: the core and `jose` (a pure JOSE library on WebCrypto, which checks the signatures);
 * fetching an issuer's keys is the edge's (data-plane/oidc-keys.ts), handed in as a {@link KeySetSource}.
 *
 * Stages: `parseJws` → `checkHeader` → `checkIssuer` → `candidateKeys` → `verifySignature` →
 * `validateClaims`, run in that order by `verifyJwt`; failures become AWS errors through
 * `jwtFailureToAwsError`.
 *
 * spec: RFC 7515, 7517, 7518, 7519; OpenID Connect Core 1.0 §3.1.3.7; OpenID Connect Discovery 1.0.
 */
export {
  JWS_ALGORITHMS,
  type Jwk,
  type Jwks,
  type JwsAlgorithm,
  type JwsHeader,
  type JwtClaims,
  type JwtFailure,
  type JwtFailureReason,
  type ParsedJws,
  type VerifiedJwt,
} from './types';
export { base64UrlDecode, checkHeader, isSupportedAlgorithm, parseJws } from './parse';
export { MAX_KEYS_TRIED, candidateKeys, keyMisfit } from './keys';
export { verifySignature } from './signature';
export { DEFAULT_LEEWAY_SECONDS, MAX_SUBJECT_LENGTH, checkIssuer, validateClaims, type ClaimExpectations, type ValidClaims } from './claims';
export { issuerOfProviderUrl, parseProviderUrl, providerUrlOfIssuer } from './issuer';
export { verifyJwt, type KeySetSource, type VerifiedWebIdentity } from './verify';
export { KEY_RETRIEVAL_MESSAGE, WEB_IDENTITY_ERROR_CODES, jwtFailureToAwsError, noOidcProviderError } from './errors';
