/**
 * @module Who is calling and under what circumstances: the context every action runs with.
 */
import type { RandomBytes } from '../core/ids';

/** The kind of principal making a call, as `aws:PrincipalType` names it. */
export type CallerType = 'Account' | 'User';

/** An authenticated caller, resolved from its access key. */
export interface Caller {
  /** `Account` for the root user, `User` for an IAM user. */
  type: CallerType;
  accountId: string;
  /** `arn:aws:iam::123456789012:root` or the user's ARN. */
  arn: string;
  /** The user's unique id (AIDA…), or the account id for the root user (as GetCallerIdentity reports it). */
  principalId: string;
  /** The user's name; null for the root user. */
  userName: string | null;
  /** The access key the request was signed with. */
  accessKeyId: string;
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
}
