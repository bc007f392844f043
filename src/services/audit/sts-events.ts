/**
 * @module The events of an STS call: eventSource `sts.amazonaws.com`, the request's region, its parameters
 * with the assertion, token and MFA code hidden, and for the calls that issue credentials the response with
 * the credentials' key id and expiration (never the secret; the session token hidden), the assumed role or
 * federated user, and the federation's subject. Failed calls too, with the error's code and message.
 *
 * Recipients (IAM User Guide, "Logging IAM and AWS STS API calls with AWS CloudTrail", "Example AWS STS API
 * events in CloudTrail log"): a signed call is recorded in the caller's account; a successful AssumeRole of
 * another account's role is recorded in both, as two events sharing a `sharedEventID`. A failed
 * cross-account AssumeRole is recorded in the caller's account only: the role's account is not told about
 * attempts its trust policy refused (so nobody can fill another tenant's trail by trying its roles).
 * AssumeRoleWithSAML and AssumeRoleWithWebIdentity (unsigned) are recorded in the role's account, the
 * caller a `SAMLUser` or `WebIdentityUser` named by the provider's subject.
 *
 * CloudTrail counts every STS call as read-only (STS changes no resource); those that issue credentials
 * still carry their responseElements.
 */
import type { EventResource, UserIdentity } from '../../core/audit/event';
import { auditEventOf, type RequestFacts } from './event';
import type { AuditDelivery, NewEventId } from './delivery';

export const STS_EVENT_SOURCE = 'sts.amazonaws.com';

/** The calls whose response CloudTrail records. */
const ISSUING = new Set(['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity', 'GetSessionToken', 'GetFederationToken']);
const ASSUMING = new Set(['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity']);

/** One STS call as the edge saw it. */
export interface StsCall {
  action: string;
  facts: RequestFacts;
  /** The decoded input (model member names). */
  input: unknown;
  output?: unknown;
  error?: { code: string; message: string };
  /** Who called: the caller's identity (signed), or the federated user's (unsigned; {@link federatedIdentityOf}). */
  identity: UserIdentity;
  /** The caller's account; null for the unsigned calls. */
  callerAccountId: string | null;
  fromConsole?: boolean;
}

/** The credentials as CloudTrail shows them: no secret, the expiration as a date (written as CloudTrail writes dates). */
function responseOf(output: unknown): unknown {
  if (!output || typeof output !== 'object') return output;
  const o = output as Record<string, unknown>;
  const creds = o['Credentials'] as Record<string, unknown> | undefined;
  if (!creds) return output;
  const { SecretAccessKey: _secret, Expiration, ...rest } = creds;
  return { ...o, Credentials: { ...rest, ...(typeof Expiration === 'string' ? { Expiration: new Date(Expiration) } : {}) } };
}

const roleArnOf = (input: unknown): string | undefined => {
  const arn = (input as { RoleArn?: unknown } | null)?.RoleArn;
  return typeof arn === 'string' ? arn : undefined;
};

/** The 12-digit account of an IAM role ARN, or undefined. */
function roleAccountOf(roleArn: string | undefined): string | undefined {
  const m = roleArn ? /^arn:[\w-]+:iam::(\d{12}):role\//.exec(roleArn) : null;
  return m ? m[1] : undefined;
}

/** The federated caller of AssumeRoleWithSAML or AssumeRoleWithWebIdentity, as far as the call established it. */
export function federatedIdentityOf(action: string, output: unknown): UserIdentity {
  const o = (output ?? {}) as Record<string, string | undefined>;
  if (action === 'AssumeRoleWithSAML') {
    if (o['Subject'] === undefined) return { type: 'SAMLUser' };
    const qualifier = o['NameQualifier'] ?? '';
    return { type: 'SAMLUser', principalId: `${qualifier}:${o['Subject']}`, userName: o['Subject'], identityProvider: qualifier };
  }
  if (o['SubjectFromWebIdentityToken'] === undefined) return { type: 'WebIdentityUser' };
  const provider = o['Provider'] ?? '';
  return { type: 'WebIdentityUser', principalId: `${provider}:${o['Audience'] ?? ''}:${o['SubjectFromWebIdentityToken']}`, userName: o['SubjectFromWebIdentityToken'], identityProvider: provider };
}

/** The events of `call`, one per recipient account (none for an unsigned call naming no account's role). */
export function stsEventsOf(call: StsCall, newId: NewEventId): AuditDelivery[] {
  const roleArn = ASSUMING.has(call.action) ? roleArnOf(call.input) : undefined;
  const roleAccount = roleAccountOf(roleArn);
  const recipients: string[] = [];
  if (call.callerAccountId !== null) {
    recipients.push(call.callerAccountId);
    if (roleAccount && roleAccount !== call.callerAccountId && !call.error) recipients.push(roleAccount);
  } else if (roleAccount) {
    recipients.push(roleAccount);
  }
  const resources: EventResource[] = roleArn && roleAccount ? [{ type: 'AWS::IAM::Role', name: roleArn }] : [];
  const sharedEventId = recipients.length > 1 ? newId() : undefined;
  const issuing = ISSUING.has(call.action);
  return recipients.map((accountId) => ({
    accountId,
    event: auditEventOf({
      eventId: newId(),
      eventSource: STS_EVENT_SOURCE,
      eventName: call.action,
      identity: call.identity,
      recipientAccountId: accountId,
      facts: call.facts,
      request: call.input,
      ...(issuing && !call.error ? { response: responseOf(call.output), recordResponse: true } : {}),
      ...(call.error ? { error: call.error } : {}),
      readOnly: true,
      resources,
      ...(sharedEventId ? { sharedEventId } : {}),
      ...(call.fromConsole ? { fromConsole: true } : {}),
    }),
  }));
}
