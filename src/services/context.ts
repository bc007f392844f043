/**
 * @module Who is calling and under what circumstances: the context every action runs with.
 */
import type { Catalog } from '../core/catalog/types';
import type { RandomBytes } from '../core/ids';
import type { SessionClaims } from '../core/session-token';

/** The kind of principal making a call, as `aws:PrincipalType` names it. */
export type CallerType = 'Account' | 'User' | 'AssumedRole' | 'FederatedUser';

/** A session's facts as they travel with the caller: the claims without the secret. */
export type SessionInfo = Omit<SessionClaims, 'secret'>;

/** An authenticated caller, resolved from its access key. */
export interface Caller {
  /** `Account` for the root user, `User` for an IAM user. */
  type: CallerType;
  accountId: string;
  /** `arn:aws:iam::123456789012:root` or the user's ARN. */
  arn: string;
  /**
   * The principal's unique id as GetCallerIdentity reports it: the user id (AIDA…), the account id for
   * the root user, the role id for a role session, the account id for a federated user.
   */
  principalId: string;
  /** The user's name (also for a federated user's federating user); null otherwise. */
  userName: string | null;
  /** The access key the request was signed with. */
  accessKeyId: string;
  /** Present when the request was signed with temporary (ASIA) credentials. */
  session?: SessionInfo;
  /**
   * When the caller's account was created: the incarnation of the account id that authentication found
   * live (set for keys and sessions alike); sessions it issues carry it as `acctAt`.
   */
  accountCreatedAt?: string;
  /**
   * Set when the caller is a console session (src/console/) instead of a key: `accessKeyId` is empty and
   * the object checks that the principal's password is still this version (core/password-hash.ts
   * passwordVersionOf) and that the account is still the incarnation in `accountCreatedAt`.
   */
  console?: ConsoleFacts;
}

/**
 * A console session's facts (src/console/session.ts). AWS's console acts with temporary credentials, so
 * its calls carry `aws:MultiFactorAuthPresent` (true or false), `aws:MultiFactorAuthAge` and
 * `aws:TokenIssueTime` as sessions do (IAM User Guide, "AWS global condition context keys").
 */
export interface ConsoleFacts {
  passwordVersion: string;
  /** When the session began, in seconds since the epoch. */
  issuedAt?: number;
  /** When the sign-in's MFA step passed, in seconds since the epoch; absent without MFA. */
  mfaAt?: number;
}

/** Everything an action may know about the request besides its input. */
export interface CallContext {
  requestId: string;
  now: Date;
  /** ARN partition of this deployment (`aws`). */
  partition: string;
  /** Region of the request's SigV4 scope. */
  region: string;
  /** The service of the request's SigV4 scope (`iam` or `sts`). */
  signingService: string;
  caller: Caller;
  random: RandomBytes;
  sourceIp: string | null;
  userAgent: string | null;
  secureTransport: boolean;
  /**
   * The deployment's service catalog (issue 9 §1) as this call sees it, for the actions that read it (the
   * policy simulator: resource types and ARN templates of catalog actions); loaded by whoever runs the
   * call (the account's object, storage/service-catalog.ts) for actions that declare `usesCatalog`.
   * Undefined: no catalog services.
   */
  catalog?: Catalog;
}
