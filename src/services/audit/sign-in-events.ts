/**
 * @module The console's sign-in events: `ConsoleLogin` (success or failure, root and IAM users) and
 * `SwitchRole`, eventSource `signin.amazonaws.com`, eventType `AwsConsoleSignIn`, in the account signed in
 * to (the role's account for a switch). Never a password, nor a code.
 *
 * spec: CloudTrail User Guide, "AWS Management Console sign-in events"
 * (cloudtrail-event-reference-aws-console-sign-in-events.html): `responseElements` `{ConsoleLogin:
 * "Success"|"Failure"}`, `additionalEventData` `{LoginTo, MobileVersion: "No", MFAUsed}`, a failure's
 * `errorMessage` "Failed authentication" (no errorCode); a failed IAM user's identity carries no ARN and an
 * empty `accessKeyId`, and its `userName` is `HIDDEN_DUE_TO_SECURITY_REASONS` when the name typed is no user
 * of the account; a root user's sign-in is recorded in us-east-1, as an IAM user's through the global
 * endpoint without an alias cookie. AWS documents no sign-out event: none is recorded.
 */
import { HIDDEN, type UserIdentity } from '../../core/audit/event';
import { auditEventOf, type RequestFacts } from './event';
import type { AuditDelivery, NewEventId } from './delivery';

export const SIGNIN_EVENT_SOURCE = 'signin.amazonaws.com';
/** Where sign-in events are recorded (see the module comment). */
export const SIGNIN_REGION = 'us-east-1';
export const FAILED_AUTHENTICATION = 'Failed authentication';

/** Who signed in, as far as the attempt established it. */
export interface SignInPrincipalFacts {
  /** The user's id; absent for the root user. */
  userId?: string;
  userName: string | null;
  arn: string;
}

/** One sign-in attempt. */
export interface ConsoleLogin {
  accountId: string;
  root: boolean;
  /** The principal the name typed named; null when it named none (a failure). */
  principal: SignInPrincipalFacts | null;
  success: boolean;
  mfaUsed: boolean;
  /** The console page the sign-in leads to. */
  loginTo: string;
  /** The request's circumstances (the region is {@link SIGNIN_REGION}). */
  facts: Omit<RequestFacts, 'region'>;
}

function loginIdentity(l: ConsoleLogin, partition: string): UserIdentity {
  if (l.root) return { type: 'Root', principalId: l.accountId, arn: `arn:${partition}:iam::${l.accountId}:root`, accountId: l.accountId, accessKeyId: '' };
  const p = l.principal;
  if (!p) return { type: 'IAMUser', accountId: l.accountId, accessKeyId: '', userName: HIDDEN };
  if (!l.success) return { type: 'IAMUser', principalId: p.userId, accountId: l.accountId, accessKeyId: '', userName: p.userName ?? undefined };
  return { type: 'IAMUser', principalId: p.userId, arn: p.arn, accountId: l.accountId, userName: p.userName ?? undefined };
}

/** The `ConsoleLogin` event of an attempt. */
export function consoleLoginEventOf(l: ConsoleLogin, partition: string, newId: NewEventId): AuditDelivery {
  return {
    accountId: l.accountId,
    event: auditEventOf({
      eventId: newId(),
      eventSource: SIGNIN_EVENT_SOURCE,
      eventName: 'ConsoleLogin',
      identity: loginIdentity(l, partition),
      recipientAccountId: l.accountId,
      facts: { ...l.facts, region: SIGNIN_REGION },
      request: null,
      responseElements: { ConsoleLogin: l.success ? 'Success' : 'Failure' },
      ...(l.success ? {} : { error: { message: FAILED_AUTHENTICATION } }),
      readOnly: false,
      eventType: 'AwsConsoleSignIn',
      additionalEventData: { LoginTo: l.loginTo, MobileVersion: 'No', MFAUsed: l.mfaUsed ? 'Yes' : 'No' },
    }),
  };
}

/** A console session that switched to a role. */
export interface SwitchRole {
  /** The role session: its ARN (`…:assumed-role/Role/session`), its id (`AROA…:session`) and key. */
  sessionArn: string;
  assumedRoleId: string;
  accessKeyId: string;
  roleArn: string;
  /** The principal that switched (user or root ARN). */
  switchFrom: string;
  mfaUsed: boolean;
  redirectTo: string;
  facts: Omit<RequestFacts, 'region'>;
}

/** The `SwitchRole` event, in the role's account, its caller the new role session. */
export function switchRoleEventOf(s: SwitchRole, newId: NewEventId): AuditDelivery {
  const accountId = s.sessionArn.split(':')[4] ?? '';
  const roleName = s.roleArn.slice(s.roleArn.lastIndexOf('/') + 1);
  const identity: UserIdentity = {
    type: 'AssumedRole',
    principalId: s.assumedRoleId,
    arn: s.sessionArn,
    accountId,
    accessKeyId: s.accessKeyId,
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: s.assumedRoleId.split(':')[0] ?? '', arn: s.roleArn, accountId, userName: roleName },
      attributes: { creationDate: s.facts.now.toISOString().replace(/\.\d{3}Z$/, 'Z'), mfaAuthenticated: s.mfaUsed ? 'true' : 'false' },
    },
  };
  return {
    accountId,
    event: auditEventOf({
      eventId: newId(),
      eventSource: SIGNIN_EVENT_SOURCE,
      eventName: 'SwitchRole',
      identity,
      recipientAccountId: accountId,
      facts: { ...s.facts, region: SIGNIN_REGION },
      request: null,
      responseElements: { SwitchRole: 'Success' },
      readOnly: false,
      eventType: 'AwsConsoleSignIn',
      additionalEventData: { SwitchFrom: s.switchFrom, RedirectTo: s.redirectTo },
    }),
  };
}
