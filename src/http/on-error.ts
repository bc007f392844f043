/**
 * @module The one place errors become responses (STYLE habit 7). An AwsError is rendered as AWS's
 * `<ErrorResponse>`; an operator error as `{"code","message"}`; anything else is logged server side
 * (message only, never request contents) and answered as a generic `ServiceFailure` with the request id.
 */
import type { Context } from 'hono';
import { AwsError, serviceFailure } from '../core/errors';
import { IAM_MODEL, serializeError } from '../protocol/query/index';
import type { AppEnv } from '../env';
import { OperatorError } from './operator';

/** Hono `onError` handler. */
export function onError(e: Error, c: Context<AppEnv>): Response {
  const requestId = c.get('requestId') ?? crypto.randomUUID();
  if (e instanceof OperatorError) return c.json({ code: e.code, message: e.message }, e.status);
  if (c.req.path.startsWith('/operator')) {
    logUnexpected(e, requestId, c.req.path);
    return c.json({ code: 'InternalError', message: `Internal error. Request ID: ${requestId}` }, 500);
  }
  const error = e instanceof AwsError ? e : (logUnexpected(e, requestId, c.req.path), serviceFailure(requestId));
  // AWS's error documents carry the service's namespace; before the service is known, IAM's.
  const xmlns = c.get('xmlns') ?? IAM_MODEL.metadata.xmlNamespace;
  // AccessDenied carries the decision sealed for the caller's account; DecodeAuthorizationMessage opens it.
  if (error.authorizationMessage) c.header('x-iam-authorization-message', error.authorizationMessage);
  return c.body(serializeError(error, requestId, xmlns), error.status as 400, { 'content-type': 'text/xml' });
}

function logUnexpected(e: Error, requestId: string, path: string): void {
  console.error(JSON.stringify({ event: 'unexpected-error', requestId, path, name: e.name, message: e.message, stack: e.stack }));
}
