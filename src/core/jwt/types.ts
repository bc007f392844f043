/**
 * @module The plain data of JWT verification: the algorithms accepted, a parsed compact JWS, a JWK Set,
 * the claims, and the tagged failure union every stage returns. No behaviour lives here.
 *
 * spec: RFC 7515 (JWS), RFC 7517 (JWK), RFC 7518 (JWA) §3.1, RFC 7519 (JWT) §4.1.
 */

/**
 * Signature algorithms accepted (RFC 7518 §3.1): RSASSA-PKCS1-v1_5, RSASSA-PSS and ECDSA on P-256/P-384.
 * `none` and the HMAC family are refused by design: a verifier that holds only public keys must never
 * accept a MAC (RFC 8725 §2.1, §3.1).
 */
export const JWS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384'] as const;

/** One of {@link JWS_ALGORITHMS}. */
export type JwsAlgorithm = (typeof JWS_ALGORITHMS)[number];

/** The protected header of a JWS as received (RFC 7515 §4.1); members other than these are ignored. */
export interface JwsHeader {
  readonly alg: string;
  readonly kid?: string;
  readonly typ?: string;
  readonly crit?: unknown;
  readonly [member: string]: unknown;
}

/** The claims of a JWT: a JSON object (RFC 7519 §4). */
export type JwtClaims = Readonly<Record<string, unknown>>;

/** A compact JWS taken apart, nothing verified yet; `jose` verifies the signature over `token` itself. */
export interface ParsedJws {
  readonly header: JwsHeader;
  readonly claims: JwtClaims;
  /** The compact serialization as received. */
  readonly token: string;
}

/** A JSON Web Key as published in a JWK Set (RFC 7517 §4); only public members matter here. */
export interface Jwk {
  readonly kty: string;
  readonly kid?: string;
  readonly use?: string;
  readonly key_ops?: readonly string[];
  readonly alg?: string;
  /** RSA modulus and exponent (RFC 7518 §6.3.1). */
  readonly n?: string;
  readonly e?: string;
  /** EC curve and coordinates (RFC 7518 §6.2.1). */
  readonly crv?: string;
  readonly x?: string;
  readonly y?: string;
  readonly [member: string]: unknown;
}

/** A JWK Set (RFC 7517 §5). */
export interface Jwks {
  readonly keys: readonly Jwk[];
}

/** A token that verified: its header, claims and the key that signed it. */
export interface VerifiedJwt {
  readonly header: JwsHeader & { readonly alg: JwsAlgorithm };
  readonly claims: JwtClaims;
  readonly key: Jwk;
}

/**
 * Why a token was refused. `detail` is a short note in our words, safe to show the client (it never
 * holds key material or the token); `jwtFailureToAwsError` (errors.ts) decides what the client sees.
 */
export type JwtFailure =
  /** Not three base64url parts, not JSON objects, or a header without `alg`. */
  | { readonly reason: 'malformed'; readonly detail: string }
  /** `alg` is `none`, an HMAC, or anything outside {@link JWS_ALGORITHMS}. */
  | { readonly reason: 'unsupported-algorithm'; readonly detail: string }
  /** A `crit` header (RFC 7515 §4.1.11): we understand no extension, so it must be refused. */
  | { readonly reason: 'unsupported-critical-header'; readonly detail: string }
  /** `iss` is not the provider's issuer. */
  | { readonly reason: 'wrong-issuer'; readonly issuer: string }
  /** No key of the JWK Set has the token's `kid` (or, without a kid, fits its `alg`), even after a refetch. */
  | { readonly reason: 'no-matching-key'; readonly detail: string }
  /** The key named by `kid` does not fit `alg` (type, curve, `use`, `key_ops`, `alg`), is too weak, or does not import. */
  | { readonly reason: 'key-mismatch'; readonly detail: string }
  /** The signature does not verify. */
  | { readonly reason: 'bad-signature'; readonly detail: string }
  /** A required claim (`iss`, `aud`, `exp`, `sub`) is absent or of the wrong JSON type. */
  | { readonly reason: 'missing-claim'; readonly claim: string }
  /** A claim is present with a value no client can accept (`sub` empty or longer than 255 characters). */
  | { readonly reason: 'invalid-claim'; readonly claim: string; readonly detail: string }
  /** None of the provider's client ids is the token's audience (or authorized party). */
  | { readonly reason: 'wrong-audience' }
  /** `exp` is at or before now (seconds since the epoch). */
  | { readonly reason: 'expired'; readonly now: number; readonly exp: number }
  /** `nbf` is after now plus the leeway. */
  | { readonly reason: 'not-yet-valid'; readonly now: number; readonly nbf: number }
  /** `iat` is after now plus the leeway. */
  | { readonly reason: 'issued-in-future'; readonly now: number; readonly iat: number }
  /** The issuer's discovery document or JWK Set could not be fetched in time (network, timeout, 5xx, 429). */
  | { readonly reason: 'idp-unreachable'; readonly detail: string }
  /** The issuer answered, but with no usable discovery document or JWK Set (4xx, not JSON, no `jwks_uri`…). */
  | { readonly reason: 'keys-unavailable'; readonly detail: string };

/** The `reason` of a {@link JwtFailure}. */
export type JwtFailureReason = JwtFailure['reason'];
