/**
 * @module acme's errors, in the shape of an AWS JSON service and of the edge-iam middleware's own answers
 * (REST-JSON protocol: the error's type in the `x-amzn-ErrorType` header and `__type`, a `message`), so a
 * client reads acme's errors and the middleware's AccessDenied alike. An `AcmeError` is Hono's
 * HTTPException: thrown from the middleware's `resolve` callback (a bad tag in the body) it is answered as
 * it is, not as an internal failure.
 */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The JSON error answer. */
export function errorResponse(status: ContentfulStatusCode, type: string, message: string): Response {
  return new Response(JSON.stringify({ __type: type, message }), {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-ErrorType': type },
  });
}

/** An error acme answers as it is (never a 500 for bad input). */
export class AcmeError extends HTTPException {
  override readonly name = 'AcmeError';
  constructor(
    override readonly status: ContentfulStatusCode,
    readonly type: string,
    message: string,
  ) {
    super(status, { message, res: errorResponse(status, type, message) });
  }
}

export const notFound = (what: string, id: string) => new AcmeError(404, 'ResourceNotFoundException', `${what} ${id} does not exist.`);
