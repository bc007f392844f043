/**
 * @module The event of a request refused by authentication whose key belongs to an account (a signature
 * that does not match, a request signed too long ago, an inactive key, an expired session), or refused for
 * its input once authenticated: in that account's trail, with the error as answered, the caller as far as
 * the key showed it, and the action the request asked for. CloudTrail records such failures (IAM User
 * Guide, "Logging IAM and AWS STS API requests": "CloudTrail logs all authenticated API requests ..."; the
 * key identifies the account). For the Query API (IAM, STS) and the JSON endpoints (CloudTrail, Access
 * Analyzer) alike.
 */
import type { UserIdentity } from '../../core/audit/event';
import { auditEventOf, type RequestFacts } from './event';
import type { AuditDelivery, NewEventId } from './delivery';
import { iamReadOnly } from './read-only';

/** A refused request. */
export interface RefusedRequest {
  accountId: string;
  identity: UserIdentity;
  /** `iam`, `sts`, `cloudtrail` or `access-analyzer`: the service the request addressed. */
  service: string;
  /** The `Action` asked for, as sent. */
  action: string;
  facts: RequestFacts;
  error: { code: string; message: string };
}

/**
 * STS calls are all read-only in CloudTrail, as is Access Analyzer's ValidatePolicy (the only operation its
 * endpoint has) and CloudTrail's reads (Describe*, Get*, List*, LookupEvents); IAM's as its events are marked
 * (./read-only.ts). CloudTrail User Guide, "Read-only and write-only events".
 */
function readOnlyOf(service: string, action: string): boolean {
  switch (service) {
    case 'sts':
    case 'access-analyzer':
      return true;
    case 'cloudtrail':
      return /^(Describe|Get|List|Lookup)[A-Z]/.test(action);
    case 'iam':
      return iamReadOnly(action);
    default:
      return false;
  }
}

/** An action name fit for the record: AWS's shape (letters), at most 128 characters; otherwise none was given. */
const actionNameOf = (action: string) => (/^[A-Za-z][A-Za-z0-9]{0,127}$/.test(action) ? action : 'UnknownAction');

export function refusedRequestEventOf(r: RefusedRequest, newId: NewEventId): AuditDelivery {
  const eventName = actionNameOf(r.action);
  return {
    accountId: r.accountId,
    event: auditEventOf({
      eventId: newId(),
      eventSource: `${r.service}.amazonaws.com`,
      eventName,
      identity: r.identity,
      recipientAccountId: r.accountId,
      facts: r.facts,
      // The parameters were never decoded nor checked: none are recorded.
      request: null,
      error: r.error,
      readOnly: readOnlyOf(r.service, eventName),
    }),
  };
}
