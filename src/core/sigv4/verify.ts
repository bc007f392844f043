/**
 * @module Stage 4 of SigV4 verification: check a parsed signature against the server's clock, the
 * expected scope, the server's own hash of the body and, last, the signature itself (constant time).
 *
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 * and https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html
 */

import { constantTimeEqual, utf8 } from '../bytes';
import { err, ok, type Result } from '../result';
import { formatAmzDate, parseAmzDate } from './_date';
import { canonicalRequest, hashCanonicalRequest, stringToSign, trimAll } from './canonical';
import { nobleSha256, type Sha256Provider } from './hash';
import { deriveSigningKey, type SigningKeyCache } from './signing-key';
import type { ParsedAuth, SigV4Failure, SigV4FailureReason, SigV4Request, Verified } from './types';

/**
 * Default allowed clock skew, in seconds: "a request must reach AWS within five minutes of the time
 * stamp in the request" (IAM User Guide, "Elements of an AWS API request signature"). Real STS
 * answers with "- 15 min." in its messages; pass `clockSkewSeconds: 900` to match that.
 */
export const CLOCK_SKEW_DEFAULT_SECONDS = 300;

/** Where the signing key comes from: the secret (derived, through the cache when given) or a key. */
export type SigningKeySource =
  | { readonly secretAccessKey: string | (() => string); readonly signingKey?: undefined }
  | { readonly signingKey: Uint8Array; readonly secretAccessKey?: undefined };

/** Inputs of `verifySigV4`. */
export type VerifyOptions = SigningKeySource & {
  readonly request: SigV4Request;
  readonly parsed: ParsedAuth;
  /** Hex SHA-256 of the body as the server received it (the payload hash is never taken from the client). */
  readonly bodySha256Hex: string;
  /** The server's clock. */
  readonly now: Date;
  /** When set, the credential scope must name this service (for example `iam` or `sts`). */
  readonly expectedService?: string;
  /** When set, the credential scope must name this region. */
  readonly expectedRegion?: string;
  /** Normalize `.`/`..`/`//` in the path (every service but S3). Default true. */
  readonly normalizePath?: boolean;
  /** Signing-key cache, used with `secretAccessKey`. It derives and signs with its own provider. */
  readonly cache?: SigningKeyCache;
  /**
   * SHA-256 primitives for the canonical-request hash and, without a cache, the signing key and the
   * signature (default: @noble/hashes, pure JS, which the Worker uses; hash.ts says why).
   */
  readonly hash?: Sha256Provider;
  /** Allowed difference between the request time and `now`, in seconds. Default 300. */
  readonly clockSkewSeconds?: number;
};

const fail = (reason: SigV4FailureReason, detail: string): Result<never, SigV4Failure> => err({ reason, detail });

/** "5 min" or "90 sec", as AWS prints a window in its expiry messages. */
const window = (seconds: number): string => (seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} sec`);

/** Clock checks, with AWS's wording. Returns the signing time in milliseconds. */
function checkTime(parsed: ParsedAuth, nowMs: number, skewSeconds: number): Result<number, SigV4Failure> {
  const signedMs = parseAmzDate(parsed.amzDate);
  // INVARIANT: the parser only returns amzDate values that parseAmzDate accepts.
  if (signedMs === undefined) return fail('malformed-date', `Date must be in ISO-8601 'basic format'.`);
  // Formatted only on the failure paths: success costs no string work.
  const now = (): string => formatAmzDate(nowMs);
  const skewMs = skewSeconds * 1000;
  if (signedMs > nowMs + skewMs) {
    return fail(
      'not-yet-current',
      `Signature not yet current: ${parsed.amzDate} is still later than ${formatAmzDate(nowMs + skewMs)} (${now()} + ${window(skewSeconds)}.)`,
    );
  }
  if (parsed.expiresSeconds !== undefined) {
    // A presigned URL lives X-Amz-Expires seconds from X-Amz-Date.
    const expiresMs = parsed.expiresSeconds * 1000;
    if (nowMs > signedMs + expiresMs) {
      return fail(
        'presigned-expired',
        `Signature expired: ${parsed.amzDate} is now earlier than ${formatAmzDate(nowMs - expiresMs)} (${now()} - ${window(parsed.expiresSeconds)}.)`,
      );
    }
  } else if (signedMs < nowMs - skewMs) {
    return fail(
      'expired',
      `Signature expired: ${parsed.amzDate} is now earlier than ${formatAmzDate(nowMs - skewMs)} (${now()} - ${window(skewSeconds)}.)`,
    );
  }
  return ok(signedMs);
}

/** Scope checks; AWS reports every mismatch in one message, in this order. */
function checkScope(parsed: ParsedAuth, region?: string, service?: string): Result<true, SigV4Failure> {
  let msg = '';
  if (region !== undefined && parsed.scope.region !== region) {
    msg += `Credential should be scoped to a valid region, not '${parsed.scope.region.slice(0, 64)}'. `;
  }
  if (service !== undefined && parsed.scope.service !== service) {
    msg += `Credential should be scoped to correct service: '${service}'. `;
  }
  const day = parsed.amzDate.slice(0, 8);
  if (parsed.scope.date !== day) {
    msg +=
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ` +
      `'${parsed.scope.date.slice(0, 64)}' != '${day}', from '${parsed.amzDate}'.`;
  }
  return msg === '' ? ok(true) : fail('bad-scope', msg.trimEnd());
}

/** The 32 bytes of a 64-digit lower-case hex signature, or undefined (a plain loop: no regex, no parseInt). */
function signatureBytes(hex: string): Uint8Array | undefined {
  if (hex.length !== 64) return undefined;
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    const hi = nibble(hex.charCodeAt(2 * i));
    const lo = nibble(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) return undefined;
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** Value of a lower-case hex digit, or -1. */
const nibble = (c: number): number => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1);

/** The trimmed value of the first header with this lower-case name, or undefined. */
function headerValue(headers: SigV4Request['headers'], lowerName: string): string | undefined {
  for (const [name, value] of headers) {
    if (name.length === lowerName.length && name.toLowerCase() === lowerName) return trimAll(value);
  }
  return undefined;
}

/** HMAC-SHA256 under the signing key: a given key, the cache's (secret asked for on a miss), or derived now. */
function macFor(options: VerifyOptions, parsed: ParsedAuth, hash: Sha256Provider): (stringToSign: string) => Uint8Array {
  const { signingKey, secretAccessKey, cache } = options;
  const secret = (): string => (typeof secretAccessKey === 'function' ? secretAccessKey() : secretAccessKey!);
  if (signingKey !== undefined) return (sts) => hash.hmacSha256(signingKey, utf8(sts));
  // INVARIANT: the cache is only ever fed the server-side secret of this key id (see SigningKeyCache).
  if (cache !== undefined) return (sts) => cache.sign(parsed.accessKeyId, parsed.scope, secret, utf8(sts));
  const key = deriveSigningKey(secret(), parsed.scope.date, parsed.scope.region, parsed.scope.service, hash);
  return (sts) => hash.hmacSha256(key, utf8(sts));
}

/**
 * Verifies a parsed SigV4 signature.
 *
 * Checks, in order: `host` is signed; the request time is within `clockSkewSeconds` of `now`
 * (a presigned URL instead must not be past `X-Amz-Date + X-Amz-Expires`, nor dated in the future);
 * the scope's date is the request's day (and region/service match when expected); a signed
 * `x-amz-content-sha256` equals the server's body hash; the signature, computed over the server's
 * own body hash, equals the client's (constant-time). `x-amz-date`/`date` need not be signed: AWS does
 * not require it, and the time is covered anyway because it is part of the string to sign.
 *
 * @returns who signed and when, or the first failed check
 * @example
 * const v = verifySigV4({ request, parsed, secretAccessKey, bodySha256Hex, now: new Date(), expectedService: 'iam', cache, hash });
 */
export function verifySigV4(options: VerifyOptions): Result<Verified, SigV4Failure> {
  const { request, parsed } = options;
  if (!parsed.signedHeaders.includes('host')) {
    return fail('host-not-signed', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  const time = checkTime(parsed, options.now.getTime(), options.clockSkewSeconds ?? CLOCK_SKEW_DEFAULT_SECONDS);
  if (!time.ok) return time;
  const scope = checkScope(parsed, options.expectedRegion, options.expectedService);
  if (!scope.ok) return scope;

  const bodyHash = options.bodySha256Hex.toLowerCase();
  if (parsed.signedHeaders.includes('x-amz-content-sha256')) {
    const claimed = headerValue(request.headers, 'x-amz-content-sha256');
    if (claimed !== undefined && claimed.toLowerCase() !== bodyHash) {
      return fail('payload-hash-mismatch', 'x-amz-content-sha256 differs from the hash of the received body');
    }
  }

  const expected = signatureBytes(parsed.signature);
  if (expected === undefined) return fail('malformed-signature', 'signature is not 64 lower-case hex digits');
  const hash = options.hash ?? nobleSha256;
  const mac = macFor(options, parsed, hash);

  const normalizePath = options.normalizePath ?? true;
  const sign = (omitQuerySessionToken: boolean): boolean => {
    const creq = canonicalRequest(request, parsed, { normalizePath, payloadHash: bodyHash, omitQuerySessionToken });
    return constantTimeEqual(mac(stringToSign(parsed, hashCanonicalRequest(creq, hash))), expected);
  };
  // A presigned URL may carry a session token its signer appended after signing (aws4fetch's
  // appendSessionToken, the suite's post-sts-header-after). That is the query twin of an unsigned
  // x-amz-security-token header, which SigV4 allows: the token is bound to the key id by the key
  // store, not by the signature. So a mismatch gets one retry without the token.
  const matched = sign(false) || (parsed.form === 'query' && parsed.sessionToken !== undefined && sign(true));
  if (!matched) return fail('signature-mismatch', 'computed signature differs from the provided one');

  return ok({
    accessKeyId: parsed.accessKeyId,
    scope: parsed.scope,
    signedAt: new Date(time.value),
    form: parsed.form,
    ...(parsed.sessionToken !== undefined ? { sessionToken: parsed.sessionToken } : {}),
  });
}
