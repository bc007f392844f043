/**
 * @module The errors the middleware answers, in the shape AWS's JSON services use: the type in the
 * `x-amzn-ErrorType` header and in the body's `__type`, the text in `message`, a fresh `x-amzn-RequestId`.
 * AWS SDKs read the type from either place.
 *
 * A failed signature answers as API Gateway's IAM authorization does (the closest AWS analogue of an API
 * protected by a tenant's IAM policies): `MissingAuthenticationTokenException` "Missing Authentication
 * Token" for an unsigned request (and, as API Gateway, for a route the table does not know), the IAM
 * Worker's own words for the rest under API Gateway's types (`InvalidSignatureException` for a signature
 * that does not match or has expired, `AccessDeniedException` "The security token included in the request
 * is invalid." for an unknown key), all 403.
 * A denial is `AccessDeniedException` with AWS's `User: … is not authorized to perform: …` message and the
 * encoded authorization message (body `encodedAuthorizationMessage`, header `x-iam-authorization-message`
 * as the IAM API sends it), which `sts:DecodeAuthorizationMessage` opens for the caller's account.
 * Spec: https://repost.aws/knowledge-center/api-gateway-troubleshoot-403-forbidden (API Gateway's 403s);
 * Smithy, "AWS restJson1 protocol", Operation error serialization (x-amzn-ErrorType, __type);
 * IAM API Reference, "Common Errors" (InternalFailure, ServiceUnavailable, ValidationError).
 */
import { HTTPException } from 'hono/http-exception';
import type { DecisionError } from '../core/decision/contract';

/** An error as the middleware answers it. */
export interface MiddlewareError {
  /** The `x-amzn-ErrorType` / `__type`: `AccessDeniedException`. */
  type: string;
  message: string;
  status: number;
  /** For a denial: the encoded authorization message. */
  encodedAuthorizationMessage?: string;
}

export const MISSING_TOKEN: MiddlewareError = { type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token', status: 403 };
export const INVALID_TOKEN: MiddlewareError = { type: 'AccessDeniedException', message: 'The security token included in the request is invalid.', status: 403 };
/** IAM's InternalFailure wording: nothing about what failed reaches the client. */
export const INTERNAL_FAILURE: MiddlewareError = {
  type: 'InternalFailure',
  message: 'The request processing has failed because of an unknown error, exception or failure.',
  status: 500,
};
/** The decision service could not be reached or answered nonsense: retryable, as AWS's ServiceUnavailable. */
export const SERVICE_UNAVAILABLE: MiddlewareError = {
  type: 'ServiceUnavailableException',
  message: 'The request has failed due to a temporary failure of the server.',
  status: 503,
};
export const validation = (message: string): MiddlewareError => ({ type: 'ValidationException', message, status: 400 });
export const tooLarge = (maxBytes: number): MiddlewareError => ({
  type: 'RequestEntityTooLargeException',
  message: `Request must be smaller than ${maxBytes} bytes.`,
  status: 413,
});

/** IAM Worker error codes (the Query API's names) → the types API Gateway answers them with. */
const TYPE_OF: Readonly<Record<string, string>> = {
  MissingAuthenticationToken: 'MissingAuthenticationTokenException',
  IncompleteSignature: 'IncompleteSignatureException',
  SignatureDoesNotMatch: 'InvalidSignatureException',
  InvalidClientTokenId: 'AccessDeniedException',
  ExpiredToken: 'ExpiredTokenException',
  AccessDenied: 'AccessDeniedException',
  AccessDeniedException: 'AccessDeniedException',
  ValidationError: 'ValidationException',
  InvalidParameterValue: 'ValidationException',
  InvalidInput: 'ValidationException',
  MalformedPolicyDocument: 'ValidationException',
  Throttling: 'ThrottlingException',
};

/** Statuses of authentication failures: API Gateway answers every one of them 403. */
const AUTH_TYPES = new Set(['MissingAuthenticationTokenException', 'IncompleteSignatureException', 'InvalidSignatureException', 'ExpiredTokenException']);

/**
 * The answer for an error the decision service gave. Its 5xx become ServiceUnavailable (the SaaS's
 * dependency failed; its words stay out), and its messages are kept (they are written for the client:
 * AWS's wording, no secret).
 */
export function fromDecisionError(e: DecisionError): MiddlewareError {
  if (typeof e?.code !== 'string' || typeof e.message !== 'string') return SERVICE_UNAVAILABLE;
  if (!(e.status >= 400 && e.status < 500)) return SERVICE_UNAVAILABLE;
  if (e.code === 'MissingAuthenticationToken') return MISSING_TOKEN;
  if (e.code === 'InvalidClientTokenId') return INVALID_TOKEN;
  const type = TYPE_OF[e.code] ?? (e.code.endsWith('Exception') ? e.code : `${e.code}Exception`);
  return { type, message: e.message, status: AUTH_TYPES.has(type) || type === 'AccessDeniedException' ? 403 : e.status };
}

/** A fresh request id (AWS's are UUIDs). */
export const newRequestId = (): string => crypto.randomUUID();

/** The response for `e`, with request id `requestId`. */
export function errorResponse(e: MiddlewareError, requestId: string): Response {
  const headers = new Headers({
    'content-type': 'application/json',
    'x-amzn-ErrorType': e.type,
    'x-amzn-RequestId': requestId,
  });
  if (e.encodedAuthorizationMessage !== undefined) headers.set('x-iam-authorization-message', e.encodedAuthorizationMessage);
  const body: Record<string, string> = { __type: e.type, message: e.message };
  if (e.encodedAuthorizationMessage !== undefined) body.encodedAuthorizationMessage = e.encodedAuthorizationMessage;
  return new Response(JSON.stringify(body), { status: e.status, headers });
}

/**
 * An error a handler's helper call (`authorizeBatch`, `planResources`) throws; Hono answers it with its
 * AWS-shaped response when the handler does not catch it.
 */
export class IamError extends HTTPException {
  override readonly name = 'IamError';
  constructor(
    readonly error: MiddlewareError,
    readonly requestId: string = newRequestId(),
  ) {
    super(error.status as 400, { message: error.message, res: errorResponse(error, requestId) });
  }
}
