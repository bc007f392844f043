/**
 * @module Errors of the AWS JSON 1.1 protocol: `{"__type": "<code>", "message": "..."}` with the error's
 * HTTP status (Smithy, "AWS JSON 1.1 protocol", Operation error serialization). JSON services name the
 * common authentication and authorization errors differently from the Query services (the same failure
 * is `InvalidClientTokenId` for IAM and `UnrecognizedClientException` for CloudTrail: AWS General
 * Reference / each JSON service's "Common Errors"), so the service's one AwsError is renamed here.
 */
import type { AwsError } from '../../core/errors';

/** Query (IAM, STS) code → the JSON services' code of the same failure. */
const JSON_CODES: Readonly<Record<string, string>> = {
  InvalidClientTokenId: 'UnrecognizedClientException',
  SignatureDoesNotMatch: 'InvalidSignatureException',
  AccessDenied: 'AccessDeniedException',
  ExpiredToken: 'ExpiredTokenException',
  IncompleteSignature: 'IncompleteSignatureException',
  MissingAuthenticationToken: 'MissingAuthenticationTokenException',
  ServiceFailure: 'InternalFailure',
};

/** The JSON code of `code`. */
export const jsonErrorCode = (code: string): string => JSON_CODES[code] ?? code;

/** The body of `error` in the JSON 1.1 protocol. */
export function jsonErrorBody(error: AwsError): string {
  return JSON.stringify({ __type: jsonErrorCode(error.code), message: error.message });
}

/** The protocol's content type. */
export const JSON_11 = 'application/x-amz-json-1.1';
