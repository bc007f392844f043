/**
 * @module The one mapping from a SigV4 failure to the AWS error the client sees. Messages follow
 * AWS's wording; the mismatch reasons collapse to one generic message so a caller cannot tell which
 * check failed (workers-oauth-provider's `ema/result.ts` habit), and no message ever carries a
 * signature, a secret or a computed value.
 *
 * spec: https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html and
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html
 */

import { AwsError, invalidClientTokenId } from '../errors';
import type { SigV4Failure } from './types';

/** The AWS error codes a SigV4 failure can become. */
export const SIGV4_ERROR_CODES = [
  'MissingAuthenticationToken',
  'IncompleteSignature',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
] as const;

/** One of `SIGV4_ERROR_CODES`. */
export type SigV4ErrorCode = (typeof SIGV4_ERROR_CODES)[number];

/** AWS's message for any signature that does not verify. */
export const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

const mismatch = (message = SIGNATURE_MISMATCH_MESSAGE): AwsError => new AwsError('SignatureDoesNotMatch', message, 403);
const incomplete = (message: string): AwsError => new AwsError('IncompleteSignature', message, 400);

/**
 * Maps a SigV4 failure to the AWS error to send back (code, message, HTTP status, Sender fault).
 * The `switch` is exhaustive: a new reason does not compile until it is mapped here.
 *
 * @example
 * const parsed = parseSigV4(req);
 * if (!parsed.ok) throw sigV4FailureToAwsError(parsed.error);
 */
export function sigV4FailureToAwsError(f: SigV4Failure): AwsError {
  switch (f.reason) {
    // IAM and STS say "Request is missing Authentication Token" (API Gateway says "Missing Authentication Token").
    case 'missing':
      return new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
    // Malformed signatures: 400 with AWS's specific wording, which names only client-supplied fields.
    case 'ambiguous':
    case 'incomplete':
    case 'malformed-credential':
    case 'malformed-date':
    case 'unsupported-algorithm':
    case 'bad-expires':
      return incomplete(f.detail);
    // Scope, host and time problems: AWS answers SignatureDoesNotMatch with a specific message
    // ("Signature expired: … is now earlier than … (… - 5 min.)", "Credential should be scoped …").
    case 'bad-scope':
    case 'host-not-signed':
    case 'expired':
    case 'not-yet-current':
    case 'presigned-expired':
      return mismatch(f.detail);
    // Anything that means "the bytes do not verify" gets the one generic message.
    case 'payload-hash-mismatch':
    case 'malformed-signature':
    case 'signature-mismatch':
      return mismatch();
    case 'unknown-access-key':
      return invalidClientTokenId();
    default: {
      const unreachable: never = f.reason;
      return unreachable;
    }
  }
}
