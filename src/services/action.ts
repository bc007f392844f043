/**
 * @module The shape of an action: how it is authorized and how it runs against an account's state.
 */
import type { AccountStore } from '../core/ports';
import type { CallContext } from './context';

/** The IAM action and resource a call is authorized as; every action builds it with `buildTarget` (./authz-target.ts). */
export interface AuthzTarget {
  /** `iam:CreateUser`. */
  action: string;
  /** The resource ARN (Service Authorization Reference, "Actions defined by IAM"), or `*`. */
  resource: string;
  /**
   * Condition keys this request carries beyond the global ones the authorizer adds (caller, time, source
   * IP…): `aws:RequestTag/<key>` and `aws:TagKeys` for tagging, `iam:PolicyARN` for attachments,
   * `iam:PermissionsBoundary`, and `aws:ResourceTag/<key>` / `iam:ResourceTag/<key>` of the target.
   */
  context?: Record<string, string | string[]>;
  /**
   * Further permissions the same call needs, each authorized like the target itself, in order, after it:
   * AddRoleToInstanceProfile also needs `iam:PassRole` on the role (IAM API Reference,
   * API_AddRoleToInstanceProfile.html).
   */
  also?: readonly AuthzTarget[];
}

/**
 * An action executed by the account's object.
 *
 * `prepare` does the asynchronous work (generating and sealing a secret, opening a sealed MFA seed it
 * reads from `store`) before the
 * transaction; `target` and `run` then execute synchronously in one transaction, so authorization, checks
 * and writes see one consistent state.
 *
 * The methods are declared as methods, not as function-typed properties, on purpose: TypeScript compares
 * a method's parameters bivariantly, so a registry typed `AccountAction[]` (input `unknown`) holds actions
 * of any input without a cast, while each action, declared `AccountAction<ItsInput>`, is still checked
 * against its own input (test/unit/action-dispatch.test.ts proves both). As property arrows the registry
 * would not compile (strictFunctionTypes).
 */
export interface AccountAction<I = unknown, O = unknown, P = unknown> {
  name: string;
  /** The action reads `ctx.catalog` (the deployment's service catalog): the runner loads it first. */
  usesCatalog?: boolean;
  /** What the call is authorized as; may read the store (a user's path is part of its ARN). */
  target(ctx: CallContext, store: AccountStore, input: I): AuthzTarget;
  /**
   * Runs before the transaction. It may read `store` (to find what it must open asynchronously), but
   * must not write: `run` re-reads and re-validates inside the transaction.
   */
  prepare?(ctx: CallContext, input: I, store: AccountStore): Promise<P>;
  run(ctx: CallContext, store: AccountStore, input: I, prepared: P): O;
  /**
   * Authorize the caller (target and policies, in a transaction of its own) before `prepare`, and again
   * with `run` as always. For actions whose `prepare` is costly or reaches outside the account: hashing a
   * password (about a second of CPU) or claiming an alias in the deployment-wide register must never be
   * done for a caller who may not call the action.
   */
  authorizeFirst?: boolean;
  /**
   * Runs after the transaction, whether it committed (`committed`) or not, once `prepare` has run: work
   * outside the account that must follow the commit (releasing an alias claim). Its own failure is logged,
   * never the call's answer: the change is committed.
   */
  settle?(ctx: CallContext, input: I, prepared: P, committed: boolean): Promise<void>;
  /**
   * A request-rate limit AWS documents for the action, per account and Region: calls beyond it are refused
   * with ThrottlingException before anything else (storage/account/rate-limit.ts).
   */
  rateLimit?: RateLimit;
}

/** A token bucket: `perSecond` calls a second on average, at most `burst` at once. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}
