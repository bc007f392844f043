/**
 * @module The one error type of the service: AWS's error code, message, HTTP status and fault type.
 *
 * Pure data, so the core can throw it and the edge (`http/on-error.ts`) renders it as an AWS Query
 * `<ErrorResponse>`. Spec: IAM API Reference, "Common Errors"
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html).
 */

/** Who is at fault, as AWS's `<Type>` element says it. */
export type FaultType = 'Sender' | 'Receiver';

/** A business or protocol error that the client sees as an AWS error. */
export class AwsError extends Error {
  override readonly name = 'AwsError';
  /** For AccessDenied: the decision sealed for the caller's account (DecodeAuthorizationMessage). */
  authorizationMessage?: string;
  constructor(
    /** AWS's error code, for example `NoSuchEntity`. */
    readonly code: string,
    message: string,
    /** HTTP status code of the response. */
    readonly status: number = 400,
    readonly type: FaultType = 'Sender',
  ) {
    super(message);
  }
}

/** Type guard that survives structured cloning across RPC (where `instanceof` does not). */
export function isAwsError(e: unknown): e is AwsError {
  return e instanceof AwsError;
}

// Constructors for the errors every part of the service raises. Status codes are from the
// service models' `error.httpStatusCode` and the Common Errors page.

export const noSuchEntity = (message: string) => new AwsError('NoSuchEntity', message, 404);
export const entityAlreadyExists = (message: string) => new AwsError('EntityAlreadyExists', message, 409);
export const limitExceeded = (message: string) => new AwsError('LimitExceeded', message, 409);
export const deleteConflict = (message: string) => new AwsError('DeleteConflict', message, 409);
export const validationError = (message: string) => new AwsError('ValidationError', message, 400);
export const invalidInput = (message: string) => new AwsError('InvalidInput', message, 400);
export const accessDenied = (message: string) => new AwsError('AccessDenied', message, 403);
/** An access key id or session token that names no usable credentials (Common Errors, `InvalidClientTokenId`). */
export const invalidClientTokenId = () => new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
export const serviceFailure = (requestId: string) =>
  new AwsError(
    'ServiceFailure',
    `The request processing has failed because of an unknown error, exception or failure. Request ID: ${requestId}`,
    500,
    'Receiver',
  );
