/**
 * @module STS on the data plane: signed actions authorized with the caller's policies from D1, and the
 * unsigned federation actions. Never calls an account's object except through the ports (MFA codes, last
 * use). An AccessDenied decided here carries its decision, sealed for the caller's account.
 */
import { AwsError } from '../core/errors';
import { cryptoRandomBytes } from '../core/ids';
import { decodeInput, SERVICES, type QueryParams } from '../protocol/query/index';
import { AuthorizationDenied, sealAuthorization } from '../services/authorization-message';
import { enforce, principalOf, requestFor } from '../services/authz-enforce';
import type { Caller, CallContext } from '../services/context';
import type { IsolateAction, UnsignedAction } from '../services/sts/index';
import { partitionOf } from '../env';
import { authenticatorFor, type Authenticated } from './authenticate';
import { dataPlanePoliciesFor } from './caller-policies';
import type { Edge } from './edge';
import { stsPorts } from './sts-ports';
import { touchLater } from './key-use';
import { newEventId, recordLater } from './audit';
import { federatedIdentityOf, stsEventsOf, type StsCall } from '../services/audit/sts-events';
import { userIdentityOf } from '../services/audit/identity';

/**
 * STS actions temporary credentials may call: GetFederationToken credentials only GetCallerIdentity;
 * GetSessionToken credentials also AssumeRole; role sessions any (IAM User Guide, "Compare AWS STS
 * credentials").
 */
function stsAllowedFor(caller: Caller, action: string): boolean {
  const kind = caller.session?.kind;
  if (kind === 'federated-user') return action === 'GetCallerIdentity';
  if (kind === 'session-token') return action === 'GetCallerIdentity' || action === 'AssumeRole';
  return true;
}

/** What the runner needs of the request besides the action and its input. */
export interface StsRequest {
  /** A D1 bookmark or consistency mode to read past the isolate's caches (./authenticate.ts); null: use them. */
  bookmark: string | null;
  /** Facts of the request that reach condition keys. */
  facts: Pick<CallContext, 'sourceIp' | 'userAgent' | 'secureTransport'>;
}

/** Runs a signed STS action (routed by services/dispatch.ts) for an authenticated caller. */
export async function runSignedSts(c: Edge, req: StsRequest, auth: Authenticated, action: IsolateAction, input: unknown, ctx: CallContext): Promise<unknown> {
  const name = action.name;
  const nowMs = ctx.now.getTime();
  let output: unknown;
  try {
    if (!stsAllowedFor(ctx.caller, name)) {
      throw new AwsError('AccessDenied', `User: ${ctx.caller.arn} is not authorized to perform: sts:${name} with these temporary credentials`, 403);
    }
    const target = action.target(ctx, input);
    if (target) {
      const { policies, tags } = await dataPlanePoliciesFor(c.env).of(auth, nowMs, req.bookmark);
      enforce(requestFor(ctx, principalOf(ctx.caller, tags), target), policies);
    }
    output = await action.run(ctx, input, stsPorts(c, auth, nowMs, req.bookmark));
  } catch (e) {
    if (e instanceof AuthorizationDenied) {
      // A denial is sealed for the caller's own account (AssumeRole seals none for another account's role).
      e.authorizationMessage = await sealAuthorization(await authenticatorFor(c.env).secretBox(), e, ctx.caller.accountCreatedAt ?? '');
    }
    // A refused call is a use of the key and an attempt all the same (as the object records IAM calls).
    if (e instanceof AwsError) {
      touchLater(c, ctx.caller, ctx.signingService, ctx.region, nowMs, name);
      recordSigned(c, ctx, name, input, { error: { code: e.code, message: e.message } });
    }
    throw e;
  }
  touchLater(c, ctx.caller, ctx.signingService, ctx.region, nowMs, name);
  recordSigned(c, ctx, name, input, { output });
  return output;
}

/** The call's events, to the caller's account (and a cross-account role's), after the answer. */
function recordSigned(c: Edge, ctx: CallContext, action: string, input: unknown, outcome: Pick<StsCall, 'output' | 'error'>): void {
  const facts = { requestId: ctx.requestId, now: ctx.now, region: ctx.region, sourceIp: ctx.sourceIp, userAgent: ctx.userAgent };
  const call: StsCall = { action, facts, input, ...outcome, identity: userIdentityOf(ctx.caller), callerAccountId: ctx.caller.accountId, fromConsole: ctx.caller.console !== undefined };
  recordLater(c, stsEventsOf(call, newEventId));
}

/**
 * Runs an unsigned STS action (AssumeRoleWithWebIdentity, AssumeRoleWithSAML). Recorded in the role's
 * account once the input decodes (a request that names no role is nobody's event).
 */
export async function runUnsignedSts(c: Edge, req: StsRequest, action: UnsignedAction, params: QueryParams, now: Date, requestId: string): Promise<unknown> {
  const input = decodeInput(SERVICES.sts.model, action.name, params);
  const ctx = { now, partition: partitionOf(c.env), region: 'us-east-1', random: cryptoRandomBytes, ...req.facts };
  const facts = { requestId, now, region: ctx.region, sourceIp: ctx.sourceIp, userAgent: ctx.userAgent };
  const record = (outcome: Pick<StsCall, 'output' | 'error'>) =>
    recordLater(c, stsEventsOf({ action: action.name, facts, input, ...outcome, identity: federatedIdentityOf(action.name, outcome.output), callerAccountId: null }, newEventId));
  let output: unknown;
  try {
    output = await action.run(ctx, input, stsPorts(c, null, now.getTime(), req.bookmark));
  } catch (e) {
    if (e instanceof AwsError) record({ error: { code: e.code, message: e.message } });
    throw e;
  }
  record({ output });
  return output;
}
