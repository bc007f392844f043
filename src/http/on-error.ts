/**
 * @module The one place errors become responses (STYLE habit 7). An AwsError is rendered as AWS's
 * `<ErrorResponse>`, or for a JSON-protocol request (CloudTrail) as `{"__type","message"}`; an operator error as `{"code","message"}`; a refusal by
 * Hono's middleware as the response it built; anything else is logged server side
 * (message only, never request contents) and answered as a generic `ServiceFailure` with the request id.
 * Every AccessDenied is logged as one `access-denied` line with its decision (the principal, the action, the
 * resource and the statements that decided), so a developer sees why without decoding the
 * `x-iam-authorization-message` header; the line holds ARNs, ids and policy names, never a credential.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AwsError, serviceFailure } from '../core/errors';
import { IAM_MODEL, serializeError } from '../protocol/query/index';
import { JSON_11, jsonErrorBody } from '../protocol/json/errors';
import type { AppEnv } from '../env';
import { AuthorizationDenied, deniedLogFields } from '../services/authorization-message';
import { OperatorError } from './operator';

/** Hono `onError` handler. */
export function onError(e: Error, c: Context<AppEnv>): Response {
  const requestId = c.get('requestId') ?? crypto.randomUUID();
  if (e instanceof OperatorError) return c.json({ code: e.code, message: e.message, ...(e.errors ? { errors: e.errors } : {}) }, e.status);
  // Hono's own middleware (operator bearer auth) refuses with its response already built.
  if (e instanceof HTTPException) return e.getResponse();
  if (c.req.path.startsWith('/operator')) {
    logUnexpected(e, requestId, c.req.path);
    return c.json({ code: 'InternalError', message: `Internal error. Request ID: ${requestId}` }, 500);
  }
  const error = e instanceof AwsError ? e : (logUnexpected(e, requestId, c.req.path), serviceFailure(requestId));
  if (error.code === 'AccessDenied') logDenied(error, requestId, c);
  // AWS's error documents carry the service's namespace; before the service is known, IAM's.
  const xmlns = c.get('xmlns') ?? IAM_MODEL.metadata.xmlNamespace;
  // AccessDenied carries the decision sealed for the caller's account; DecodeAuthorizationMessage opens it.
  if (error.authorizationMessage) c.header('x-iam-authorization-message', error.authorizationMessage);
  if (c.get('errorFormat') === 'json') return c.body(jsonErrorBody(error), error.status as 400, { 'content-type': JSON_11 });
  return c.body(serializeError(error, requestId, xmlns), error.status as 400, { 'content-type': 'text/xml' });
}

/**
 * One structured line per denied call. A policy decision (AuthorizationDenied) names its principal, action,
 * resource, whether a Deny matched and which statements decided (policy ARN or inline policy name, type,
 * Sid, position); the condition keys' values are left out (they may carry an `sts:ExternalId`). Other
 * denials (rules no policy can change, e.g. federated-user credentials calling IAM) carry their message,
 * and the caller and action as authentication resolved them.
 */
function logDenied(error: AwsError, requestId: string, c: Context<AppEnv>): void {
  if (error instanceof AuthorizationDenied) {
    console.log(JSON.stringify({ event: 'access-denied', requestId, ...deniedLogFields(error) }));
    return;
  }
  console.log(JSON.stringify({ event: 'access-denied', requestId, principal: c.get('callerArn'), action: c.get('action'), message: error.message }));
}

function logUnexpected(e: Error, requestId: string, path: string): void {
  console.error(JSON.stringify({ event: 'unexpected-error', requestId, path, name: e.name, message: e.message, stack: e.stack }));
}
