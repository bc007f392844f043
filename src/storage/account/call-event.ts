/**
 * @module The audit event of a call the account's object executed (execute.ts): CloudTrail's record built
 * once by services/audit/event.ts from the call, the caller as the object resolved it, and the outcome.
 *
 * IAM's events are in `us-east-1` whatever endpoint received the call (IAM User Guide, "Logging IAM and AWS
 * STS API calls with AWS CloudTrail": IAM is global, its events are delivered in US East (N. Virginia));
 * CloudTrail's own LookupEvents is regional and keeps the request's region.
 */
import type { StoredEvent } from '../../core/audit/event';
import { IAM_MODEL, timestampsAsDates } from '../../protocol/query/index';
import { auditEventOf } from '../../services/audit/event';
import { userIdentityOf } from '../../services/audit/identity';
import { iamReadOnly } from '../../services/audit/read-only';
import { iamResourcesOf } from '../../services/audit/resources';
import type { Caller } from '../../services/context';
import type { ExecuteCall } from '../account-rpc';

/** How the call ended: its output, or the error as the API answered it. */
export type CallOutcome = { output: unknown } | { error: { code: string; message: string } };

const IAM_REGION = 'us-east-1';

/** The stored event of `call`, made by `caller`, that ended with `outcome`. */
export function callEventOf(call: ExecuteCall, caller: Caller, outcome: CallOutcome): StoredEvent {
  const cloudtrail = call.service === 'cloudtrail';
  const readOnly = cloudtrail || iamReadOnly(call.action);
  const failed = 'error' in outcome;
  return auditEventOf({
    eventId: crypto.randomUUID(),
    eventSource: cloudtrail ? 'cloudtrail.amazonaws.com' : 'iam.amazonaws.com',
    eventName: call.action,
    identity: userIdentityOf(caller),
    recipientAccountId: caller.accountId,
    facts: { requestId: call.requestId, now: call.now, region: cloudtrail ? call.region : IAM_REGION, sourceIp: call.sourceIp, userAgent: call.userAgent },
    request: call.input,
    // Only a successful write has response elements: its dates are read from the model then (cloudTrailMembers formats them).
    ...(failed ? { error: outcome.error } : readOnly ? {} : { response: timestampsAsDates(IAM_MODEL, IAM_MODEL.operations[call.action]?.output, outcome.output) }),
    readOnly,
    resources: cloudtrail ? [] : iamResourcesOf(call.input, failed || readOnly ? undefined : outcome.output),
    ...(caller.console ? { fromConsole: true } : {}),
  });
}
