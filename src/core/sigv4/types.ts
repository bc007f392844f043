/**
 * @module The plain data that flows between the SigV4 stages (parse → canonical → signing key → verify):
 * the request description the edge hands in, what the parser found in it, the tagged failure union and the
 * verified identity. No behaviour lives here.
 *
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-elements.html
 */

/** The only signing algorithm this service accepts (SigV4a is not supported). */
export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

/** The fixed last element of every SigV4 credential scope. */
export const SCOPE_TERMINATOR = 'aws4_request';

/** Hex SHA-256 of the empty string: the payload hash of a request without a body. */
export const EMPTY_SHA256_HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * A received request as plain data. The edge builds it from the platform's `Request`; the core never
 * sees a `Request` object.
 */
export interface SigV4Request {
  /** HTTP method as received, for example `POST`. */
  readonly method: string;
  /** Raw path, still percent-encoded as it came on the wire, without the query. */
  readonly path: string;
  /** Raw query string without the leading `?` (empty when there is none). */
  readonly query: string;
  /**
   * Headers in the order received, names in any case, one entry per header line (duplicates
   * possible). Do not pre-join duplicates with `", "`: SigV4 joins them with `","`.
   */
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

/** The `<date>/<region>/<service>` part of a credential scope (the terminator is always `aws4_request`). */
export interface CredentialScope {
  /** `YYYYMMDD` as written by the client. */
  readonly date: string;
  readonly region: string;
  readonly service: string;
}

/** Where the client put its signature. */
export type SigV4Form = 'header' | 'query';

/** What the parser found: everything the later stages need, nothing verified yet. */
export interface ParsedAuth {
  readonly form: SigV4Form;
  readonly accessKeyId: string;
  readonly scope: CredentialScope;
  /** Lower-cased signed header names, in the order the client listed them. */
  readonly signedHeaders: readonly string[];
  /** The client's signature: 64 lower-case hex digits (checked by the parser). */
  readonly signature: string;
  /** Request time as `YYYYMMDDTHHMMSSZ`, from `X-Amz-Date` (header or query) or an RFC 1123 `Date` header. */
  readonly amzDate: string;
  /** `X-Amz-Expires` of a presigned URL, when present (already checked to be an integer 1..604800). */
  readonly expiresSeconds?: number;
  /** `x-amz-security-token` header or `X-Amz-Security-Token` query parameter, when present. */
  readonly sessionToken?: string;
}

/**
 * Why a request did not authenticate. `detail` is either AWS's own wording for the client
 * (incomplete, malformed, scope and time reasons) or an internal note for logs (the mismatch
 * reasons, which all collapse to one generic wire message). It never holds a signature or a secret.
 */
export type SigV4FailureReason =
  /** No `Authorization` header and no `X-Amz-Algorithm` query parameter. */
  | 'missing'
  /** Both an `Authorization` header and presigned query parameters. */
  | 'ambiguous'
  /** A required component (Credential, SignedHeaders, Signature, date) is missing or not key=value. */
  | 'incomplete'
  /** `Credential` is not `keyid/date/region/service/aws4_request`. */
  | 'malformed-credential'
  /** `X-Amz-Date` / `Date` is not a valid timestamp in the expected format. */
  | 'malformed-date'
  /** An algorithm other than `AWS4-HMAC-SHA256`. */
  | 'unsupported-algorithm'
  /** `X-Amz-Expires` is not an integer in 1..604800. */
  | 'bad-expires'
  /** The credential scope does not fit the request (terminator, date, region or service). */
  | 'bad-scope'
  /** `host` is not among the signed headers. */
  | 'host-not-signed'
  /** The request time is more than the allowed skew before the server's clock. */
  | 'expired'
  /** The request time is more than the allowed skew after the server's clock. */
  | 'not-yet-current'
  /** A presigned URL is used after `X-Amz-Date + X-Amz-Expires`. */
  | 'presigned-expired'
  /** A signed `x-amz-content-sha256` header differs from the server's hash of the body. */
  | 'payload-hash-mismatch'
  /** The signature is not 64 lower-case hex digits. */
  | 'malformed-signature'
  /** The signature does not match the one the server computed. */
  | 'signature-mismatch'
  /** The access key id is unknown or inactive (raised by the edge after its key lookup, not by the core). */
  | 'unknown-access-key';

/** A tagged SigV4 failure; map it to the wire with `sigV4FailureToAwsError`. */
export interface SigV4Failure {
  readonly reason: SigV4FailureReason;
  readonly detail: string;
}

/** The outcome of a successful verification: who signed, for which scope, when. */
export interface Verified {
  readonly accessKeyId: string;
  readonly scope: CredentialScope;
  readonly signedAt: Date;
  readonly form: SigV4Form;
  readonly sessionToken?: string;
}
