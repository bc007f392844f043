/**
 * @module The one mapping from a web identity token failure to the AWS error AssumeRoleWithWebIdentity
 * answers with. Codes and HTTP statuses are the STS model's (InvalidIdentityToken 400, ExpiredTokenException
 * 400, IDPRejectedClaim 403, IDPCommunicationError 400).
 *
 * Messages: where AWS's wording is known from real responses it is used verbatim —
 * "Incorrect token audience", "No OpenIDConnect provider found in your account for <iss>",
 * "Token expired: current date/time <now> must be before the expiration date/time <exp>", and
 * "Couldn't retrieve verification key from your identity provider,  please reference
 * AssumeRoleWithWebIdentity documentation for requirements" (two spaces, as AWS sends it). Elsewhere the
 * message is ours and says what failed without echoing the token or any key.
 *
 * Which code: the STS API Reference describes ExpiredTokenException as "expired or is not valid" — used
 * for every time-window failure (`exp`, `nbf`, `iat`); IDPRejectedClaim ("the claim is invalid") for a
 * claim present with an unacceptable value; IDPCommunicationError ("could not be reached") for network
 * failures, timeouts and 5xx answers of the issuer; InvalidIdentityToken ("could not be validated") for
 * everything else.
 *
 * spec: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html#API_AssumeRoleWithWebIdentity_Errors
 */
import { AwsError } from '../errors';
import type { JwtFailure } from './types';

/** The AWS error codes a token failure can become. */
export const WEB_IDENTITY_ERROR_CODES = ['InvalidIdentityToken', 'ExpiredTokenException', 'IDPRejectedClaim', 'IDPCommunicationError'] as const;

/** AWS's message when the issuer's keys cannot be had (observed wording, double space included). */
export const KEY_RETRIEVAL_MESSAGE =
  "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";

const invalid = (message: string) => new AwsError('InvalidIdentityToken', message, 400);
const expiredToken = (message: string) => new AwsError('ExpiredTokenException', message, 400);

/** InvalidIdentityToken as AWS words it when the role's account has no provider for the token's issuer. */
export const noOidcProviderError = (issuer: string) => invalid(`No OpenIDConnect provider found in your account for ${issuer}`);

/**
 * Maps a token failure to the AWS error to send back. The `switch` is exhaustive: a new reason does not
 * compile until it is mapped here.
 */
export function jwtFailureToAwsError(f: JwtFailure): AwsError {
  switch (f.reason) {
    case 'malformed':
    case 'unsupported-algorithm':
    case 'unsupported-critical-header':
    case 'key-mismatch':
    case 'bad-signature':
      return invalid(f.detail);
    case 'missing-claim':
      return invalid(`The token has no valid ${f.claim} claim.`);
    case 'wrong-issuer':
      return noOidcProviderError(f.issuer);
    case 'wrong-audience':
      return invalid('Incorrect token audience');
    case 'no-matching-key':
    case 'keys-unavailable':
      return invalid(KEY_RETRIEVAL_MESSAGE);
    case 'expired':
      return expiredToken(`Token expired: current date/time ${f.now} must be before the expiration date/time ${f.exp}`);
    case 'not-yet-valid':
      return expiredToken(`Token not yet valid: current date/time ${f.now} must not be before the not-before date/time ${f.nbf}`);
    case 'issued-in-future':
      return expiredToken(`Token used before issued: current date/time ${f.now} must not be before the issued-at date/time ${f.iat}`);
    case 'invalid-claim':
      return new AwsError('IDPRejectedClaim', f.detail, 403);
    case 'idp-unreachable':
      return new AwsError('IDPCommunicationError', `The identity provider could not be reached: ${f.detail}`, 400);
    default: {
      const unreachable: never = f;
      return unreachable;
    }
  }
}
