/**
 * @module CloudTrail's `userIdentity` of an authenticated caller.
 * spec: CloudTrail User Guide, "CloudTrail userIdentity element" (cloudtrail-event-reference-user-identity.html).
 */
import type { SessionContext, UserIdentity } from '../../core/audit/event';
import type { Caller } from '../context';

const isoOfSeconds = (s: number) => new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The identity element of `caller`; `roleAccountId` defaults to the caller's account. */
export function userIdentityOf(caller: Caller): UserIdentity {
  const base = { principalId: caller.principalId, arn: caller.arn, accountId: caller.accountId, accessKeyId: caller.accessKeyId };
  const session = caller.session;
  const consoleFacts = caller.console;
  // A console session acts with temporary credentials on AWS; here it has no key (accessKeyId `""`).
  const attributes = (issuedAt: number | undefined, mfa: boolean): SessionContext['attributes'] => ({
    creationDate: issuedAt !== undefined ? isoOfSeconds(issuedAt) : '',
    mfaAuthenticated: mfa ? 'true' : 'false',
  });
  switch (caller.type) {
    case 'Account': {
      const id: UserIdentity = { type: 'Root', ...base };
      if (session) id.sessionContext = { attributes: attributes(session.iat, session.mfa) };
      else if (consoleFacts) id.sessionContext = { attributes: attributes(consoleFacts.issuedAt, consoleFacts.mfaAt !== undefined) };
      return id;
    }
    case 'User': {
      const id: UserIdentity = { type: 'IAMUser', ...base, userName: caller.userName ?? undefined };
      if (session) id.sessionContext = { attributes: attributes(session.iat, session.mfa) };
      else if (consoleFacts) id.sessionContext = { attributes: attributes(consoleFacts.issuedAt, consoleFacts.mfaAt !== undefined) };
      return id;
    }
    case 'AssumedRole': {
      const id: UserIdentity = { type: 'AssumedRole', ...base };
      if (session) {
        id.sessionContext = {
          sessionIssuer: { type: 'Role', principalId: session.roleId ?? '', arn: session.roleArn ?? '', accountId: caller.accountId, userName: session.roleName ?? '' },
          webIdFederationData: {},
          attributes: attributes(session.iat, session.mfa),
        };
        if (session.sourceIdentity) id.sessionContext.sourceIdentity = session.sourceIdentity;
      }
      return id;
    }
    case 'FederatedUser': {
      const id: UserIdentity = { type: 'FederatedUser', ...base };
      if (session) {
        id.sessionContext = {
          sessionIssuer: { type: 'IAMUser', principalId: session.userId ?? '', arn: `arn:${caller.arn.split(':')[1]}:iam::${caller.accountId}:user/${caller.userName ?? ''}`, accountId: caller.accountId, userName: caller.userName ?? '' },
          webIdFederationData: {},
          attributes: attributes(session.iat, session.mfa),
        };
      }
      return id;
    }
  }
}
