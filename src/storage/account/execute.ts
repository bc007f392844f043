/**
 * @module Running an IAM call inside the account's object: resolve the caller against the object's current
 * state (caller-resolution.ts), authorize, and run the action, all in one transaction with its outbox rows
 * and, when it wrote anything, its audit event (call-event.ts), so a write and its event commit together or
 * not at all; then record the key's use and project. A call whose action only reads runs outside a
 * transaction, and again in one if it tries to write (context.ts `tryRead`). The event of an IAM call that
 * wrote nothing (a read) is written with the object's next batch of read events (deferred-events.ts), so a
 * read never waits for a durable write; so is a call that failed (after its rollback, with the error as the
 * API answers it). A
 * denial carries its encoded authorization message.
 *
 * The same runner executes CloudTrail's LookupEvents (services/cloudtrail/), an action of another API
 * authorized and recorded as the IAM actions are (`ExecuteCall.service`).
 */
import { EMPTY_CATALOG, type Catalog } from '../../core/catalog/index';
import type { StoredEvent } from '../../core/audit/event';
import type { AccessKeyRecord } from '../../core/records';
import { AwsError } from '../../core/errors';
import { cryptoRandomBytes } from '../../core/ids';
import type { AccountAction } from '../../services/action';
import { AuthorizationDenied, sealAuthorization } from '../../services/authorization-message';
import { CLOUDTRAIL_ACTIONS } from '../../services/cloudtrail/lookup-events';
import type { Caller, CallContext } from '../../services/context';
import { iamActions, type ForeignPrincipals } from '../../services/iam/index';
import { recordAttempt } from '../../services/iam/last-accessed/track';
import { PolicyCompileCache } from '../../services/policy-set';
import type { ExecuteCall, ExecuteResult, WireError } from '../account-rpc';
import { d1AliasRegistry } from '../read-model';
import { authorizedRun, authorizeOnly } from './authorized-run';
import { CallerPolicyCache } from './caller-policy-cache';
import { CallerResolver } from './caller-resolution';
import { toWire, type AccountContext } from './context';
import type { SqliteAccountStore } from '../account-store/index';
import { iamReadOnly } from '../../services/audit/read-only';
import { callEventOf, type CallOutcome } from './call-event';
import { DeferredEvents, type OnRecorded } from './deferred-events';
import { RecentAccess } from './recent-access';
import { touchKey } from './last-use';
import { RateLimiter } from './rate-limit';
import type { OutboxProjection } from './projection';

/** Executes the IAM actions of one account; see the module comment. */
export class ActionRunner {
  readonly #obj: AccountContext;
  readonly #projection: OutboxProjection;
  readonly #actions: Map<string, AccountAction>;
  /** Compiled policies of this account, per policy version. */
  readonly #policies = new PolicyCompileCache();
  /** Each caller's compiled policies and tags, valid until the object's next write. */
  readonly #callers: CallerPolicyCache;
  /** Each long-term key's resolution (its account, key and user), valid until the object's next write. */
  readonly #resolver: CallerResolver;
  readonly #catalog: (nowMs: number, bookmark: string | null) => Promise<Catalog>;
  readonly #awsManaged: (nowMs: number) => Promise<void>;
  /** Events of calls that wrote nothing, waiting for their batch's write. */
  readonly #deferred: DeferredEvents;
  /** The last-accessed rows this object wrote lately, so a call within their resolution writes none. */
  readonly #recentAccess = new RecentAccess();
  /** The actions' request-rate limits (LookupEvents'), per Region. */
  readonly #rates = new RateLimiter();

  /**
   * `foreign` reads other accounts' principals for trust policies (storage/foreign-principals.ts);
   * `catalog` the deployment's service catalog (storage/service-catalog.ts), for the actions that read it;
   * `awsManaged` makes the AWS-managed policy catalog current (storage/aws-managed-catalog.ts), before every
   * call: authorization itself may read an attached AWS-managed policy; `onRecorded` is told of each batch
   * of read events written to the trail (the trail's upkeep).
   */
  constructor(
    obj: AccountContext,
    projection: OutboxProjection,
    foreign: ForeignPrincipals,
    catalog: (nowMs: number, bookmark: string | null) => Promise<Catalog>,
    awsManaged: (nowMs: number) => Promise<void>,
    onRecorded: OnRecorded,
  ) {
    this.#obj = obj;
    this.#projection = projection;
    this.#actions = new Map(iamActions(() => obj.secrets(), foreign, d1AliasRegistry(obj.env.DB)));
    this.#catalog = catalog;
    this.#awsManaged = awsManaged;
    this.#deferred = new DeferredEvents(obj, onRecorded);
    this.#callers = new CallerPolicyCache(() => obj.generation());
    this.#resolver = new CallerResolver(() => obj.partition(), () => obj.generation());
  }

  /**
   * The catalog for an action that reads it, at least as fresh as the call's bookmark. If D1 cannot be read and no catalog was read before, the
   * action runs without catalog services (the simulator then answers `*` for their ARN templates) rather
   * than failing.
   */
  async #catalogFor(call: ExecuteCall): Promise<Catalog> {
    const nowMs = call.now.getTime();
    try {
      if (call.bookmark) {
        // The caller's bookmark may not be one the catalog's database knows (another shard's): then the cache.
        const fresh = await this.#catalog(nowMs, call.bookmark).catch(() => undefined);
        if (fresh) return fresh;
      }
      return await this.#catalog(nowMs, null);
    } catch (e) {
      console.error(JSON.stringify({ event: 'catalog-unavailable', requestId: call.requestId, message: e instanceof Error ? e.message : String(e) }));
      return EMPTY_CATALOG;
    }
  }

  /**
   * Runs `call`; `recorded` says whether its event went into the trail with it (a write's), so the trail's
   * upkeep counts it now (a read's or a failure's is counted when its batch is written).
   */
  async execute(call: ExecuteCall): Promise<{ result: ExecuteResult; recorded: boolean }> {
    // The caller's key record as the resolver read it in the transaction, for the use record after it
    // (touchKey): one read of the key per call instead of two.
    let keyRead: AccessKeyRecord | undefined;
    // The caller as resolved against the object's state, once it was: the failure event names it.
    let resolved: Caller | undefined;
    let action: AccountAction | undefined;
    try {
      const found = this.#registryOf(call).get(call.action);
      if (!found) throw new AwsError('InvalidAction', `Could not find operation ${call.action} for version ${call.service === 'cloudtrail' ? '2013-11-01' : '2010-05-08'}`, 400);
      action = found;
      // A call over its action's rate is refused before any work, and recorded as any refusal (below).
      if (found.rateLimit) this.#rates.take(found.name, found.rateLimit, call.region, this.#obj.clock());
      const ctx = this.#contextOf(call);
      await this.#awsManaged(call.now.getTime());
      if (action.usesCatalog) ctx.catalog = await this.#catalogFor(call);
      if (action.authorizeFirst) {
        this.#obj.transact(call.caller.accountId, (store) => {
          ctx.caller = resolved = this.#resolver.resolve(store, call.caller, (key) => (keyRead = key));
          authorizeOnly(found, ctx, store, call.input, this.#policies, this.#callers);
        });
      }
      const prepared = action.prepare ? await action.prepare(ctx, call.input, this.#obj.readStore()) : undefined;
      let committed = false;
      let result: { value: unknown; queued: boolean };
      let unwritten: StoredEvent | undefined;
      const run = (store: SqliteAccountStore): unknown => {
        unwritten = undefined;
        ctx.caller = resolved = this.#resolver.resolve(store, call.caller, (key) => (keyRead = key));
        const before = this.#obj.generation();
        const output = authorizedRun(found, ctx, store, call.input, prepared, this.#policies, this.#callers);
        const event = callEventOf(call, ctx.caller, { output });
        // INVARIANT: a call that wrote anything appends its event in its own transaction, after it ran: the
        // change and its event commit together. An IAM call that wrote nothing (a read) leaves it to the
        // object's next batch of read events (deferred-events.ts), so a read never waits for a durable write;
        // CloudTrail's own LookupEvents is written here, so a lookup's answer and the trail it read stay in step.
        if (this.#obj.generation() !== before || call.service === 'cloudtrail') store.appendEvents([event]);
        else unwritten = event;
        return output;
      };
      try {
        // A read runs outside a transaction; one that turns out to write runs again in one (context.ts tryRead).
        const reads = call.service !== 'cloudtrail' && iamReadOnly(call.action);
        result = (reads ? this.#obj.tryRead(call.caller.accountId, run) : undefined) ?? this.#obj.transact(call.caller.accountId, run);
        committed = true;
        if (unwritten) this.#deferred.push(call.caller.accountId, unwritten);
      } finally {
        if (action.settle) await this.#settle(action, ctx, call, prepared, committed);
      }
      this.touch(call, keyRead);
      this.#attempted(call);
      return { result: { ok: true, output: result.value, bookmark: result.queued ? await this.#projection.projectNow() : null }, recorded: unwritten === undefined };
    } catch (e) {
      if (!(e instanceof AwsError)) throw e;
      if (e.code !== 'InvalidClientTokenId') {
        this.touch(call, keyRead);
        this.#attempted(call);
      }
      if (action !== undefined) this.#recordFailure(call, resolved ?? call.caller, { error: { code: e.code, message: e.message } });
      return { result: { ok: false, error: await this.#failure(e), bookmark: null }, recorded: false };
    }
  }

  /** Writes the read events held now (before the account's closing). */
  flushEvents(): Promise<void> {
    return this.#deferred.flush();
  }

  #registryOf(call: ExecuteCall): ReadonlyMap<string, AccountAction> {
    return call.service === 'cloudtrail' ? CLOUDTRAIL_ACTIONS : this.#actions;
  }

  /**
   * Records a failed call, after its transaction rolled back: it changed nothing, so its event joins the
   * reads' next batch (deferred-events.ts) and a refusal never waits for a durable write. Only in the
   * caller's own live account (a key of a closed or purged account is refused, but there is no trail to
   * write to). An InvalidClientTokenId from caller resolution is a failed authentication, recorded with the
   * identity the edge authenticated. A name no registry has (not an operation of the API) is not recorded.
   */
  #recordFailure(call: ExecuteCall, caller: Caller, outcome: CallOutcome): void {
    const account = this.#obj.account();
    if (!account || account.status !== 'active' || account.accountId !== call.caller.accountId) return;
    this.#deferred.push(account.accountId, callEventOf(call, caller, outcome));
  }

  /**
   * Replaces the IAM action of the same name: the seam through which a test makes an action fail after
   * its change (account-do.ts `ACTION_SEAM`), to prove that the change and its event roll back together.
   */
  replaceAction(action: AccountAction): void {
    this.#actions.set(action.name, action);
  }

  /** The action's `settle` after its transaction; a failure is logged (the transaction's outcome stands). */
  async #settle(action: AccountAction, ctx: CallContext, call: ExecuteCall, prepared: unknown, committed: boolean): Promise<void> {
    try {
      await action.settle!(ctx, call.input, prepared, committed);
    } catch (e) {
      console.error(JSON.stringify({ event: 'settle-failed', action: action.name, requestId: call.requestId, message: e instanceof Error ? e.message : String(e) }));
    }
  }

  /** Records the use of the call's key (GetAccessKeyLastUsed); `read`: its record, when just read. */
  touch(call: Pick<ExecuteCall, 'caller' | 'signingService' | 'region' | 'now'>, read?: AccessKeyRecord): void {
    touchKey(this.#obj.readStore(), call.caller.accessKeyId, call.signingService, call.region, call.now, read);
  }

  /**
   * Records the call as an attempt of its user or role at the IAM action, allowed or not (service last
   * accessed counts every authenticated attempt: services/iam/last-accessed/track.ts); not for an action
   * this service does not have.
   */
  #attempted(call: ExecuteCall): void {
    if (call.service === 'cloudtrail' || !this.#actions.has(call.action)) return;
    const atMs = call.now.getTime();
    if (this.#recentAccess.covers(call.caller, call.action, call.region, atMs)) return;
    recordAttempt(this.#obj.readStore(), call.caller, 'iam', call.action, call.region, atMs);
    this.#recentAccess.wrote(call.caller, call.action, call.region, atMs);
  }

  #contextOf(call: ExecuteCall): CallContext {
    return {
      requestId: call.requestId,
      now: call.now,
      partition: this.#obj.partition(),
      region: call.region,
      signingService: call.signingService,
      caller: call.caller,
      random: cryptoRandomBytes,
      sourceIp: call.sourceIp,
      userAgent: call.userAgent,
      secureTransport: call.secureTransport,
    };
  }

  /** The error as data; a policy denial also carries its sealed authorization message and its decision. */
  async #failure(e: AwsError): Promise<WireError> {
    const error = toWire(e);
    if (e instanceof AuthorizationDenied) {
      // Only raised once the caller was resolved against this account, so the account row exists.
      const incarnation = this.#obj.account()?.createdAt ?? '';
      error.authorizationMessage = await sealAuthorization(await this.#obj.secrets(), e, incarnation);
      error.decision = e.details;
      error.decisionAccountId = e.accountId;
    }
    return error;
  }
}
