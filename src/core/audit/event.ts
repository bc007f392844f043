/**
 * @module The audit trail's record: one event in CloudTrail's record format, and the attributes
 * LookupEvents finds events by.
 *
 * spec: CloudTrail User Guide, "CloudTrail record contents for management, data, and network activity
 * events" (cloudtrail-event-reference-record-contents.html) and "CloudTrail userIdentity element"
 * (cloudtrail-event-reference-user-identity.html); LookupEvents: the CloudTrail API Reference
 * (API_LookupEvents.html, API_Event.html, API_LookupAttribute.html).
 */

/** The record format's version this service writes (the current one of CloudTrail's documentation). */
export const EVENT_VERSION = '1.11';

/** AWS's placeholder for a value CloudTrail does not show (a secret, an unknown user name at sign-in). */
export const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/** `userIdentity.type`. */
export type IdentityType = 'Root' | 'IAMUser' | 'AssumedRole' | 'FederatedUser' | 'WebIdentityUser' | 'SAMLUser' | 'AWSAccount' | 'AWSService' | 'Unknown';

/** `userIdentity.sessionContext`: present for calls made with temporary credentials (and console sessions). */
export interface SessionContext {
  /** The role (or the federating user) the session was issued for. */
  sessionIssuer?: { type: 'Role' | 'IAMUser' | 'Root'; principalId: string; arn: string; accountId: string; userName: string };
  webIdFederationData?: { federatedProvider?: string; attributes?: Record<string, string> };
  attributes: {
    /** ISO 8601, when the credentials were issued. */
    creationDate: string;
    /** `"true"` or `"false"`, as CloudTrail writes it. */
    mfaAuthenticated: 'true' | 'false';
  };
  sourceIdentity?: string;
}

/** `userIdentity`: who made the request. Fields absent where CloudTrail omits them for the type. */
export interface UserIdentity {
  type: IdentityType;
  principalId?: string;
  arn?: string;
  accountId?: string;
  /** Empty for a console sign-in (CloudTrail writes `""`); absent when no key signed the request. */
  accessKeyId?: string;
  /** IAM users' name; `HIDDEN_DUE_TO_SECURITY_REASONS` for a sign-in with a name the account does not have. */
  userName?: string;
  sessionContext?: SessionContext;
  /** For calls an AWS service makes on a principal's behalf (`signin.amazonaws.com` for console sign-in). */
  invokedBy?: string;
  /** SAML and web identity callers: the identity provider. */
  identityProvider?: string;
}

/** A resource an event names, as LookupEvents reports it (`AWS::IAM::User` and its name, ...). */
export interface EventResource {
  type: string;
  name: string;
}

/** `eventType`. */
export type EventType = 'AwsApiCall' | 'AwsServiceEvent' | 'AwsConsoleAction' | 'AwsConsoleSignIn';

/** One event: CloudTrail's record. Serialized as the `CloudTrailEvent` string of LookupEvents' output. */
export interface CloudTrailEvent {
  eventVersion: string;
  userIdentity: UserIdentity;
  /** ISO 8601 in UTC, to the second (`2026-12-02T13:01:55Z`), as CloudTrail writes it. */
  eventTime: string;
  /** `iam.amazonaws.com`, `sts.amazonaws.com`, `signin.amazonaws.com`, or a SaaS service's source. */
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  /** The request's parameters in CloudTrail's member names (lower camel case), secrets redacted; null when none. */
  requestParameters: Record<string, unknown> | null;
  /** What a write answered, secrets redacted; null for read-only calls and failures, as in CloudTrail. */
  responseElements: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  /** A failed call: the error's code and message. */
  errorCode?: string;
  errorMessage?: string;
  /** The request's `x-amzn-RequestId`. */
  requestID: string;
  /** A UUID, unique per event: the key that makes recording idempotent. */
  eventID: string;
  /** A call recorded in two accounts (cross-account AssumeRole): the same id in both events. */
  sharedEventID?: string;
  readOnly: boolean;
  /** CloudTrail's `resources` element, when the event names resources (LookupEvents' `Resources`). */
  resources?: { type: string; ARN?: string; accountId?: string }[];
  eventType: EventType;
  managementEvent: boolean;
  /** The account whose trail the event is in. */
  recipientAccountId: string;
  eventCategory: 'Management' | 'Data';
  /** `"true"` when the call came from a console session. */
  sessionCredentialFromConsole?: 'true';
}

/** What LookupEvents filters by (API_LookupAttribute.html); at most one attribute per lookup. */
export type LookupAttributeKey = 'EventId' | 'EventName' | 'ReadOnly' | 'Username' | 'ResourceType' | 'ResourceName' | 'EventSource' | 'AccessKeyId';

export const LOOKUP_ATTRIBUTE_KEYS: readonly LookupAttributeKey[] = ['EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId'];

/** An event as the account's store keeps it: the record, and the columns LookupEvents searches. */
export interface StoredEvent {
  eventId: string;
  /** `eventTime` in epoch milliseconds. */
  eventTimeMs: number;
  eventName: string;
  eventSource: string;
  readOnly: boolean;
  /** LookupEvents' `Username` (API_Event.html): the user's name, the role session's name, `root`; null for none. */
  username: string | null;
  accessKeyId: string | null;
  /** LookupEvents' `Resources`. */
  resources: EventResource[];
  /** The record, as JSON: LookupEvents answers it verbatim as `CloudTrailEvent`. */
  record: string;
}

/**
 * LookupEvents' `Username` of an identity: an IAM user's name, the session name of an assumed role
 * (the part of its ARN after the role name), a federated user's name, `root` for the root user.
 */
export function lookupUsernameOf(identity: UserIdentity): string | null {
  if (identity.userName) return identity.userName;
  if (identity.type === 'Root') return 'root';
  if ((identity.type === 'AssumedRole' || identity.type === 'FederatedUser') && identity.arn) {
    const slash = identity.arn.lastIndexOf('/');
    return slash >= 0 ? identity.arn.slice(slash + 1) : null;
  }
  return null;
}

/**
 * The stored form of an event; `resources` are LookupEvents' (derived by whoever built the event), `at`
 * the event's time to the millisecond (the record's `eventTime` keeps only seconds; the store orders by this).
 */
export function storedEventOf(event: CloudTrailEvent, resources: readonly EventResource[], at: Date): StoredEvent {
  return {
    eventId: event.eventID,
    eventTimeMs: at.getTime(),
    eventName: event.eventName,
    eventSource: event.eventSource,
    readOnly: event.readOnly,
    username: lookupUsernameOf(event.userIdentity),
    accessKeyId: event.userIdentity.accessKeyId || null,
    resources: [...resources],
    record: JSON.stringify(event),
  };
}

/** CloudTrail's `eventTime`: ISO 8601 UTC to the second. */
export function eventTimeOf(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
