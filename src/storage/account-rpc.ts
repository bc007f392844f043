/**
 * @module The messages exchanged with an AccountDO over RPC. Plain data only: errors cross as
 * {@link WireError} because class instances do not survive structured cloning.
 */
import type { AccountRecord } from '../core/records';
import type { DecodedAuthorization } from '../services/authorization-message';
import type { LookupEventsInput, LookupEventsOutput } from '../services/cloudtrail/lookup-events';
import type { Caller } from '../services/context';

/** An AwsError as data. */
export interface WireError {
  code: string;
  message: string;
  status: number;
  type: 'Sender' | 'Receiver';
  /** AccessDenied only: the encoded authorization message. */
  authorizationMessage?: string;
  /** AccessDenied by the policy engine only: the decision, for the edge's denial log (never sent to the client). */
  decision?: DecodedAuthorization;
  /** With `decision`: the account whose principals may decode the message. */
  decisionAccountId?: string;
}

/** An IAM call for the object to authorize and execute against its current state. */
export interface ExecuteCall {
  requestId: string;
  /**
   * The API the action is of: `iam` (the default) or `cloudtrail` (LookupEvents, services/cloudtrail/),
   * each with its own registry of action names.
   */
  service?: 'iam' | 'cloudtrail';
  action: string;
  input: unknown;
  caller: Caller;
  /** The request's time, read once at the edge: the object authorizes and dates the call at the instant the isolate authenticated it. */
  now: Date;
  region: string;
  signingService: string;
  sourceIp: string | null;
  userAgent: string | null;
  secureTransport: boolean;
  /**
   * The caller's `x-iam-bookmark`, if any: what the object reads from D1 for the call (the service
   * catalog) is at least that fresh.
   */
  bookmark?: string | null;
}

/** The answer to a call; `bookmark` is the D1 bookmark of the call's projection, when it had one. */
export type ExecuteResult =
  | { ok: true; output: unknown; bookmark: string | null }
  | { ok: false; error: WireError; bookmark: string | null };

/** Tenant lifecycle operations, for the operator API. */
export type AdminOp =
  | { op: 'create'; accountId: string; email: string; alias: string | null }
  | { op: 'get' }
  | { op: 'close' }
  | { op: 'create-root-key' }
  /**
   * Sets (a password) or removes (null) the root user's console password. The password crosses to the
   * object only to be hashed there; it is never stored, logged or answered.
   */
  | { op: 'root-password'; password: string | null; passwordResetRequired: boolean }
  /** A page of the account's audit trail, as LookupEvents answers it, without authorization (the operator reads any account's). */
  | { op: 'events'; input: LookupEventsInput }
  | WorkloadTokenOp;

/**
 * Workload tokens of the account (operator API). Only the token's hash crosses to the object: the token is
 * made, shown and forgotten in the isolate that answers the operator.
 */
export type WorkloadTokenOp =
  | { op: 'workload-token'; action: 'create'; tokenId: string; tokenHash: string; instanceProfileName: string; createdAt: string; expiresAt: string }
  | { op: 'workload-token'; action: 'list' }
  | { op: 'workload-token'; action: 'revoke'; tokenId: string };

/** A workload token as the operator sees it (never the token or its hash). */
export interface WorkloadTokenInfo {
  tokenId: string;
  instanceProfileName: string;
  instanceProfileArn: string;
  createdAt: string;
  expiresAt: string;
}

/** The answer to an admin operation. */
export type AdminResult =
  | {
      ok: true;
      account?: AccountRecord;
      accessKey?: { AccessKeyId: string; SecretAccessKey: string };
      closed?: boolean;
      /** Closing: whether the read model marks the account closing, so the data plane refuses it. */
      dataPlaneRefused?: boolean;
      workloadToken?: WorkloadTokenInfo;
      workloadTokens?: WorkloadTokenInfo[];
      events?: LookupEventsOutput;
      bookmark: string | null;
    }
  | { ok: false; error: WireError };

/**
 * A use of a key or a role, recorded for GetAccessKeyLastUsed / GetRole's RoleLastUsed, and with it (or
 * alone, `kind: 'attempt'`) an IAM user's or role's attempt at an action, for service last accessed.
 */
export type UseReport = ({ kind: 'key'; accessKeyId: string; service: string; region: string } | { kind: 'role'; roleId: string; region: string } | { kind: 'attempt' }) & {
  /** When it was used: the request's time (epoch milliseconds). */
  atMs: number;
  attempt?: AttemptReport;
};

/** An attempt of a user or role at `service:action` from `region` (services/iam/last-accessed/track.ts). */
export interface AttemptReport {
  entityType: 'user' | 'role';
  entityId: string;
  service: string;
  action: string;
  region: string;
}
