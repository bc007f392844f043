/**
 * @module The events of the SaaS's decisions, when it asks for them to be recorded (the decision contract's
 * `record`): one per decision, in the caller's account, as a CloudTrail record of a call to the SaaS's
 * service.
 *
 * Choices (the SaaS's service is not AWS's; its events keep AWS's shapes so CloudTrail tools read them):
 * - eventSource `<prefix>.amazonaws.com`: the shape of every CloudTrail source (`iam.amazonaws.com` for the
 *   `iam` prefix), so tools that derive the service from the source (`acme` from `acme.amazonaws.com`) and
 *   LookupEvents' `EventSource` attribute work as they do for AWS's services; ARNs of the SaaS's resources
 *   already use the deployment's partition (`arn:aws:acme:…`) for the same reason.
 * - eventName the action's name in the catalog's spelling (`GetProject`); readOnly when the catalog's access
 *   level is Read or List; awsRegion the region the SaaS serves.
 * - a denial is a failed call: errorCode `AccessDenied` and AWS's message (`User: … is not authorized to
 *   perform: …`), as CloudTrail records a denied call to any AWS service.
 * - requestParameters null: the tenant's request parameters are the SaaS's, never sent to IAM; the resource
 *   is in LookupEvents' resources (type `<Prefix>::<ResourceType>`, as `AWS::IAM::Role` names IAM's), and
 *   `additionalEventData.decision` says which decision it was (`Allow`, `ExplicitDeny`, `ImplicitDeny`).
 */
import type { EventResource } from '../../core/audit/event';
import type { Caller } from '../context';
import { auditEventOf, type RequestFacts } from './event';
import type { AuditDelivery, NewEventId } from './delivery';
import { userIdentityOf } from './identity';

/** One decision to record. */
export interface RecordedDecision {
  caller: Caller;
  /** The SaaS's service prefix (`acme`). */
  service: string;
  /** The action's name without its prefix (`GetProject`). */
  action: string;
  readOnly: boolean;
  /** The resource's ARN, or `*`. */
  resource: string;
  /** The catalog's resource type of `resource` (`project`); undefined for `*`. */
  resourceType: string | undefined;
  decision: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
  /** AWS's AccessDenied message of a denial. */
  message?: string;
  facts: RequestFacts;
}

const initial = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** LookupEvents' resource type of a SaaS resource (`Acme::Project`). */
export const decisionResourceType = (service: string, resourceType: string) => `${initial(service)}::${initial(resourceType)}`;

/** The events of `decisions` (one call's: they share its request id), in their callers' accounts. */
export function decisionEventsOf(decisions: readonly RecordedDecision[], newId: NewEventId): AuditDelivery[] {
  return decisions.map((d) => {
    const resources: EventResource[] = d.resourceType && d.resource !== '*' ? [{ type: decisionResourceType(d.service, d.resourceType), name: d.resource }] : [];
    const accountId = d.caller.accountId;
    return {
      accountId,
      event: auditEventOf({
        eventId: newId(),
        eventSource: `${d.service}.amazonaws.com`,
        eventName: d.action,
        identity: userIdentityOf(d.caller),
        recipientAccountId: accountId,
        facts: d.facts,
        request: null,
        ...(d.decision === 'Allow' ? {} : { error: { code: 'AccessDenied', message: d.message ?? '' } }),
        readOnly: d.readOnly,
        resources,
        additionalEventData: { decision: d.decision },
        ...(d.caller.console ? { fromConsole: true } : {}),
      }),
    };
  });
}
