/**
 * @module acme's errors, in the shape of an AWS JSON service (REST-JSON protocol: the error's type in the
 * `x-amzn-ErrorType` header and `__type`, a `message`), so an AWS SDK-style client reads acme's errors and
 * the middleware's AccessDenied alike.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An error acme answers as it is (never a 500 for bad input). */
export class AcmeError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'AcmeError';
  }
}

/** The JSON error answer. */
export function errorResponse(c: Context, status: ContentfulStatusCode, type: string, message: string): Response {
  c.header('x-amzn-ErrorType', type);
  return c.json({ __type: type, message }, status);
}

export const notFound = (what: string, id: string) => new AcmeError(404, 'ResourceNotFoundException', `${what} ${id} does not exist.`);
