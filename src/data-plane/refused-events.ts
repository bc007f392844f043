/**
 * @module Recording a refused request of any of the edge's APIs (the Query API, CloudTrail's and Access
 * Analyzer's JSON endpoints) in the caller's account, through the audit queue after the answer: refused by
 * authentication when the key showed an account (an unknown key belongs to no account's trail: nothing is
 * recorded), or authenticated and then refused for its input, as CloudTrail records such failures with their
 * error (IAM User Guide, "Logging IAM and AWS STS API calls with AWS CloudTrail": failed authenticated
 * requests are logged). The endpoints decide what names an operation; a request that names none is not
 * recorded by them.
 */
import { AwsError } from '../core/errors';
import { refusedRequestEventOf } from '../services/audit/auth-failure-events';
import { userIdentityOf } from '../services/audit/identity';
import type { Caller } from '../services/context';
import { newEventId, recordLater } from './audit';
import type { SigV4Request } from '../core/sigv4/index';
import { authenticatorFor, refusedCallerOf, type Authenticated } from './authenticate';
import type { Edge } from './edge';

/** The request a refusal is recorded for: the API (`iam`, `sts`, `cloudtrail`, `access-analyzer`) and what it asked. */
export interface RefusedCall {
  service: string;
  /** The operation asked for, as sent. */
  action: string;
  requestId: string;
  now: Date;
  sourceIp: string | null;
  userAgent: string | null;
}

/** Records `e`, a refusal of `caller`'s authenticated request in `region`. */
export function recordRefused(edge: Edge, caller: Caller, region: string, e: AwsError, call: RefusedCall): void {
  const { service, action, requestId, now, sourceIp, userAgent } = call;
  const facts = { requestId, now, region, sourceIp, userAgent };
  recordLater(edge, [refusedRequestEventOf({ accountId: caller.accountId, identity: userIdentityOf(caller), service, action, facts, error: { code: e.code, message: e.message } }, newEventId)]);
}

/**
 * Authenticates the request (./authenticate.ts); a refusal of a key that names an account is recorded as
 * `call` (none when the request names no operation), and thrown.
 */
export async function authenticateRecorded(edge: Edge, request: SigV4Request, body: Uint8Array, now: Date, bookmark: string | null, call: RefusedCall | undefined): Promise<Authenticated> {
  try {
    return await authenticatorFor(edge.env).authenticate(request, body, now, bookmark);
  } catch (e) {
    const refused = refusedCallerOf(e);
    if (call && refused && e instanceof AwsError) recordRefused(edge, refused.caller, refused.scope.region, e, call);
    throw e;
  }
}

/** `decode()`'s value; an AwsError it throws for `auth`'s request is recorded as `call` (none: not recorded), and thrown. */
export function decodeRecorded<T>(edge: Edge, auth: Authenticated, call: RefusedCall | undefined, decode: () => T): T {
  try {
    return decode();
  } catch (e) {
    if (call && e instanceof AwsError) recordRefused(edge, auth.caller, auth.scope.region, e, call);
    throw e;
  }
}
