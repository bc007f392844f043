/**
 * @module Building an audit event: one call's facts in CloudTrail's record (core/audit/event.ts), with its
 * parameters redacted (./parameters.ts) and its identity (./identity.ts), in the stored form the account's
 * trail keeps. Pure: the event id comes from the caller (a random UUID at the edge), the time from the request.
 */
import { EVENT_VERSION, eventTimeOf, storedEventOf, type CloudTrailEvent, type EventResource, type EventType, type StoredEvent, type UserIdentity } from '../../core/audit/event';
import { elementOf } from './parameters';

/** The request's circumstances, as the edge saw them. */
export interface RequestFacts {
  requestId: string;
  now: Date;
  /** The region of the request's signature scope (IAM's events say `us-east-1`, its only region). */
  region: string;
  sourceIp: string | null;
  userAgent: string | null;
}

/** One call to record. */
export interface AuditedCall {
  eventId: string;
  /** `iam.amazonaws.com`, `sts.amazonaws.com`, `signin.amazonaws.com`, `cloudtrail.amazonaws.com`, ... */
  eventSource: string;
  eventName: string;
  identity: UserIdentity;
  /** The account whose trail gets the event. */
  recipientAccountId: string;
  facts: RequestFacts;
  /** The decoded input (model member names); redacted and renamed here. */
  request: unknown;
  /** The output of a write that succeeded; ignored for read-only calls and failures, as CloudTrail does. */
  response?: unknown;
  /**
   * Record `response` whatever the call's kind: STS's read-only calls that issue credentials (AssumeRole*,
   * GetSessionToken, GetFederationToken) and console sign-in events (`{ConsoleLogin: "Failure"}`, on a
   * failure too) carry a responseElements in CloudTrail.
   */
  recordResponse?: boolean;
  /**
   * The response element exactly as CloudTrail writes it, whatever the outcome: sign-in events'
   * `{ConsoleLogin: "Success"}` keep their member names (no renaming, no redaction: constants only).
   */
  responseElements?: Record<string, unknown>;
  /** A failed call; `code` absent where CloudTrail writes only a message (a failed ConsoleLogin). */
  error?: { code?: string; message: string };
  /** One call delivered to two accounts (cross-account AssumeRole): the id both events share (`sharedEventID`). */
  sharedEventId?: string;
  readOnly: boolean;
  eventType?: EventType;
  additionalEventData?: Record<string, unknown>;
  /** LookupEvents' resources of the event (`AWS::IAM::User` and the user's name, ...). */
  resources?: readonly EventResource[];
  /** The call came from a console session. */
  fromConsole?: boolean;
}

/** Where nothing was observed: CloudTrail's own words for calls without a client address or agent. */
const INTERNAL = 'AWS Internal';

/** The record of `call`. */
export function cloudTrailEventOf(call: AuditedCall): CloudTrailEvent {
  const event: CloudTrailEvent = {
    eventVersion: EVENT_VERSION,
    userIdentity: call.identity,
    eventTime: eventTimeOf(call.facts.now),
    eventSource: call.eventSource,
    eventName: call.eventName,
    awsRegion: call.facts.region,
    sourceIPAddress: call.facts.sourceIp ?? INTERNAL,
    userAgent: call.facts.userAgent ?? INTERNAL,
    requestParameters: elementOf(call.request),
    responseElements: call.responseElements ?? (call.recordResponse || !(call.error || call.readOnly) ? elementOf(call.response) : null),
    requestID: call.facts.requestId,
    eventID: call.eventId,
    readOnly: call.readOnly,
    eventType: call.eventType ?? 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: call.recipientAccountId,
    eventCategory: 'Management',
  };
  if (call.additionalEventData) event.additionalEventData = call.additionalEventData;
  if (call.error) {
    if (call.error.code !== undefined) event.errorCode = call.error.code;
    event.errorMessage = call.error.message;
  }
  if (call.sharedEventId) event.sharedEventID = call.sharedEventId;
  if (call.fromConsole) event.sessionCredentialFromConsole = 'true';
  return event;
}

/** The event of `call` as the trail stores it. */
export function auditEventOf(call: AuditedCall): StoredEvent {
  return storedEventOf(cloudTrailEventOf(call), call.resources ?? [], call.facts.now);
}
