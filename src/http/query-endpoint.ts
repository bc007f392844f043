/**
 * @module The AWS Query endpoint (`POST /`, and `GET /?Action=…`): parse → authenticate → decode →
 * authorize and execute → serialize. docs/DESIGN.md §3.
 *
 * IAM actions execute in the account's object (strongly consistent reads and writes, authorization against
 * its current state). STS actions are answered in the isolate on the data plane (data-plane/run-sts.ts);
 * AssumeRoleWithWebIdentity and AssumeRoleWithSAML need no signature.
 */
import type { Context } from 'hono';
import { AwsError } from '../core/errors';
import { cryptoRandomBytes } from '../core/ids';
import { decodeInput, outputViolations, resolveOperation, serializeResponse, SERVICES, type ServiceModel } from '../protocol/query/index';
import { AuthorizationDenied } from '../services/authorization-message';
import type { CallContext } from '../services/context';
import { routeOf } from '../services/dispatch';
import { partitionOf, type AppEnv } from '../env';
import type { ExecuteResult } from '../storage/account-rpc';
import { authenticateRecorded, decodeRecorded, type RefusedCall } from '../data-plane/refused-events';
import { readQueryRequest } from './query-request';
import { runSignedSts, runUnsignedSts } from '../data-plane/run-sts';

const xml = (c: Context<AppEnv>, body: string) => c.body(body, 200, { 'content-type': 'text/xml' });

/**
 * The XML of a successful response. With `IAM_CHECK_OUTPUT` set (tests), an output the model does not
 * allow (an enum value it lacks, a member it does not have) fails the request instead of being sent.
 */
function respond(c: Context<AppEnv>, model: ServiceModel, operation: string, output: unknown, requestId: string): Response {
  if (c.env.IAM_CHECK_OUTPUT === 'true') {
    const problems = outputViolations(model, operation, output);
    if (problems.length > 0) throw new Error(`${operation} output does not fit the model: ${problems.join('; ')}`);
  }
  return xml(c, serializeResponse(model, operation, output, requestId));
}

/** Handles one Query API request; errors propagate to http/on-error.ts. */
export async function queryEndpoint(c: Context<AppEnv>): Promise<Response> {
  const requestId = c.get('requestId');
  const req = await readQueryRequest(c);
  const { params } = req;
  const now = c.get('now');
  // A refused request is recorded in the caller's account (data-plane/refused-events.ts).
  const refusal = (service: string, action: string): RefusedCall => ({ service, action, requestId, now, sourceIp: req.facts.sourceIp, userAgent: req.facts.userAgent });
  const addressed = params.get('Version') === SERVICES.sts.version ? SERVICES.sts : SERVICES.iam;
  if (addressed.model.metadata.xmlNamespace) c.set('xmlns', addressed.model.metadata.xmlNamespace);

  // Where the action runs (services/dispatch.ts, the one table of every action).
  const route = routeOf(addressed.name, params.get('Action') ?? '');
  if (route?.runs === 'unsigned') {
    const { action } = route;
    c.set('action', `sts:${action.name}`);
    return respond(c, SERVICES.sts.model, action.name, await runUnsignedSts(c, req, action, params, now, requestId), requestId);
  }

  // Credentials are issued only on the read model's current state: the caller's key, account and policies
  // are read from the D1 primary, past the isolate's caches, so a key deleted or a session revoked ("revoke
  // older sessions") a moment ago cannot obtain a new session that would outlive the revocation. The
  // remaining window is the projection's: a change the object could not yet project (D1 failing) is missed
  // until its retry succeeds. Other calls keep the caches' bound (TTL plus replica lag).
  const issuing = route?.runs === 'isolate' && route.issuesCredentials;
  const consistency = issuing ? 'first-primary' : req.bookmark;
  // Authentication comes first, as in AWS: an unsigned or tampered request learns nothing about actions.
  const auth = await authenticateRecorded(c, req.signed, req.body, now, consistency, refusal(addressed.name, params.get('Action') ?? ''));
  const { caller, scope } = auth;
  const operation = resolveOperation(params);
  c.set('callerArn', caller.arn);
  c.set('action', `${operation.service}:${operation.operation}`);
  const input = decodeRecorded(c, auth, refusal(operation.service, operation.operation), () => {
    if (scope.service !== operation.service) {
      throw new AwsError('SignatureDoesNotMatch', `Credential should be scoped to correct service: '${operation.service}'. `, 403);
    }
    return decodeInput(operation.model, operation.operation, params, SERVICES[operation.service].decodeOptions);
  });

  if (route?.runs === 'isolate') {
    const ctx: CallContext = {
      requestId,
      now,
      partition: partitionOf(c.env),
      region: scope.region,
      signingService: scope.service,
      caller,
      random: cryptoRandomBytes,
      ...req.facts,
    };
    const output = await runSignedSts(c, { ...req, bookmark: consistency }, auth, route.action, input, ctx);
    return respond(c, operation.model, operation.operation, output, requestId);
  }
  // Left without a route: an STS operation of the model this service does not implement.
  if (route?.runs !== 'account-object') throw new AwsError('InvalidAction', `Could not find operation ${operation.operation} for version ${operation.version}`, 400);

  const stub = c.env.ACCOUNT.get(c.env.ACCOUNT.idFromName(caller.accountId));
  // The RPC type maps `output: unknown` to never; the value is the plain ExecuteResult the object built.
  const result = (await stub.execute({
    requestId,
    action: operation.operation,
    input,
    caller,
    now,
    region: scope.region,
    signingService: scope.service,
    ...req.facts,
    bookmark: req.bookmark,
  })) as unknown as ExecuteResult;
  if (result.bookmark) c.header('x-iam-bookmark', result.bookmark);
  if (!result.ok) {
    const { code, message, status, type, authorizationMessage, decision, decisionAccountId } = result.error;
    // A policy decision comes back as the same AuthorizationDenied the object threw, so the error handler
    // logs it as it logs the isolate's own (STS) denials.
    const error = decision && decisionAccountId ? new AuthorizationDenied(message, decisionAccountId, decision) : new AwsError(code, message, status, type);
    if (authorizationMessage) error.authorizationMessage = authorizationMessage;
    throw error;
  }
  return respond(c, operation.model, operation.operation, result.output, requestId);
}
