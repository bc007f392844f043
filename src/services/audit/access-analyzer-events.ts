/**
 * @module The event of an Access Analyzer ValidatePolicy call, as CloudTrail records Access Analyzer's API
 * calls (IAM User Guide, "Logging IAM Access Analyzer API calls using AWS CloudTrail"): eventSource
 * `access-analyzer.amazonaws.com`, in the caller's account and the request's region, read-only, the request's
 * members as parameters (policyDocument, policyType, locale, validatePolicyResourceType, maxResults,
 * nextToken) and, when refused, the error. A read-only call records no response elements: the findings are
 * the caller's answer, not the trail's.
 */
import type { UserIdentity } from '../../core/audit/event';
import { auditEventOf, type RequestFacts } from './event';
import type { AuditDelivery, NewEventId } from './delivery';

export const ACCESS_ANALYZER_EVENT_SOURCE = 'access-analyzer.amazonaws.com';

/** One ValidatePolicy call whose input decoded, as the edge saw it. */
export interface ValidatePolicyCall {
  accountId: string;
  identity: UserIdentity;
  facts: RequestFacts;
  /** The decoded input (the model's member names). */
  input: unknown;
  error?: { code: string; message: string };
  fromConsole?: boolean;
}

export function validatePolicyEventOf(call: ValidatePolicyCall, newId: NewEventId): AuditDelivery {
  return {
    accountId: call.accountId,
    event: auditEventOf({
      eventId: newId(),
      eventSource: ACCESS_ANALYZER_EVENT_SOURCE,
      eventName: 'ValidatePolicy',
      identity: call.identity,
      recipientAccountId: call.accountId,
      facts: call.facts,
      request: call.input,
      ...(call.error ? { error: call.error } : {}),
      readOnly: true,
      ...(call.fromConsole ? { fromConsole: true } : {}),
    }),
  };
}
