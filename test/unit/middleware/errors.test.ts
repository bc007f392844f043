/** The middleware's answers: AWS's JSON error shape, API Gateway's types for signature failures. */
import { describe, expect, it } from 'vitest';
import { errorResponse, fromDecisionError, IamError, MISSING_TOKEN, SERVICE_UNAVAILABLE } from '../../../src/middleware/errors';

describe('fromDecisionError', () => {
  it("maps the IAM Worker's codes to the types API Gateway answers, all 403", () => {
    expect(fromDecisionError({ code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token', status: 403 })).toEqual(MISSING_TOKEN);
    expect(fromDecisionError({ code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.', status: 403 })).toEqual({
      type: 'AccessDeniedException',
      message: 'The security token included in the request is invalid.',
      status: 403,
    });
    expect(fromDecisionError({ code: 'SignatureDoesNotMatch', message: 'Signature expired: x', status: 403 })).toEqual({
      type: 'InvalidSignatureException',
      message: 'Signature expired: x',
      status: 403,
    });
    expect(fromDecisionError({ code: 'IncompleteSignature', message: 'm', status: 400 })).toMatchObject({ type: 'IncompleteSignatureException', status: 403 });
    expect(fromDecisionError({ code: 'ExpiredToken', message: 'm', status: 403 })).toMatchObject({ type: 'ExpiredTokenException', status: 403 });
  });

  it('keeps client errors with an Exception type, and turns server errors or garbage into ServiceUnavailable', () => {
    expect(fromDecisionError({ code: 'ValidationError', message: 'too many items', status: 400 })).toEqual({ type: 'ValidationException', message: 'too many items', status: 400 });
    expect(fromDecisionError({ code: 'NoSuchService', message: 'm', status: 404 })).toEqual({ type: 'NoSuchServiceException', message: 'm', status: 404 });
    expect(fromDecisionError({ code: 'InternalFailure', message: 'stack trace here', status: 500 })).toEqual(SERVICE_UNAVAILABLE);
    expect(fromDecisionError({ code: 'X', message: 'm', status: 200 })).toEqual(SERVICE_UNAVAILABLE);
    expect(fromDecisionError({ code: 5, message: 'm', status: 400 } as never)).toEqual(SERVICE_UNAVAILABLE);
  });
});

describe('errorResponse', () => {
  it('answers the type in x-amzn-ErrorType and __type, the message, the request id, and a denial its encoded message', async () => {
    const res = errorResponse({ type: 'AccessDeniedException', message: 'User: arn:aws:iam::111122223333:user/a is not authorized', status: 403, encodedAuthorizationMessage: 'v1.abc' }, 'rid-1');
    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-ErrorType')).toBe('AccessDeniedException');
    expect(res.headers.get('x-amzn-RequestId')).toBe('rid-1');
    expect(res.headers.get('x-iam-authorization-message')).toBe('v1.abc');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ __type: 'AccessDeniedException', message: 'User: arn:aws:iam::111122223333:user/a is not authorized', encodedAuthorizationMessage: 'v1.abc' });
  });

  it('is what an IamError thrown from a handler answers', async () => {
    const res = new IamError(MISSING_TOKEN, 'rid-2').getResponse();
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
  });
});
