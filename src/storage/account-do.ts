/**
 * @module AccountDO: one Durable Object per tenant account, the account's source of truth (docs/DESIGN.md §1).
 *
 * Every call runs its authorization, checks and writes in one `transactionSync`, together with the outbox
 * rows that describe the change for the read model, so a write is all-or-nothing and strongly ordered.
 * After the commit the outbox is projected into D1 (in order, idempotently) and the call answers with
 * the projection's bookmark; if D1 fails the call still succeeds, and an alarm retries with backoff.
 *
 * This class only wires the parts in `account/` (one job each, see src/storage/README.md). Its RPC surface
 * is six methods (`execute`, `admin`, `touch`, `consumeMfaCode`, `signIn`, `recordEvents`), messages in
 * account-rpc.ts; everything else is private (STYLE habit 8): every public method of a Durable Object can
 * be called over RPC.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import type { AccountAction } from '../services/action';
import type { MfaOutcome } from '../services/sts/ports';
import { AccountAdmin } from './account/admin';
import { recordEvents, type RecordOutcome } from './account/audit';
import { AuditUpkeep } from './account/audit-upkeep';
import { retentionMsOf } from './account/audit-retention';
import type { StoredEvent } from '../core/audit/event';
import { AccountContext, type ReadModelAccess } from './account/context';
import { ActionRunner } from './account/execute';
import { touchKey, touchRole } from './account/last-use';
import { ACCESS_RESOLUTION_MS, isTracked } from '../services/iam/last-accessed/track';
import { consumeMfaCode } from './account/mfa';
import { signInOp, type BeginAnswer, type SessionAnswer, type SignInOp } from './account/sign-in';
import { OutboxProjection } from './account/projection';
import { backfillTrustBindings } from './account/trust-backfill';
import { backfillServiceCredentials } from './account/service-credential-backfill';
import type { AdminOp, AdminResult, ExecuteCall, ExecuteResult, UseReport } from './account-rpc';
import { foreignPrincipalsOf } from './foreign-principals';
import { readModelFor } from './read-model';
import { ensureAwsManagedCatalog } from './aws-managed-catalog';
import { catalogViewOf } from './service-catalog';

/**
 * The seam between the object and D1, for tests: assigning a function to this key wraps every D1
 * database the object reaches from then on (projection, closing marker, purge), so a test can make D1
 * fail (test/worker/faulty-d1.ts). A symbol cannot be named over RPC, so this is not part of the object's
 * remote surface, and the production paths only ever call {@link ReadModelAccess}.
 */
export const READ_MODEL_SEAM = Symbol('edge-iam.account-do.read-model');

/**
 * The object's clock, for tests: assigning a function (epoch milliseconds) to this key replaces the
 * platform's clock of everything the object times itself (alarms, retention, the archive's delivery time),
 * so a test moves time instead of sleeping. Not callable over RPC, as {@link READ_MODEL_SEAM}.
 */
export const CLOCK_SEAM = Symbol('edge-iam.account-do.clock');

/**
 * The audit archive's bucket, for tests: assigning a bucket (or undefined, no archive) to this key replaces
 * `AUDIT_ARCHIVE`, so a test can run without an archive or with one whose puts fail.
 */
export const ARCHIVE_SEAM = Symbol('edge-iam.account-do.archive');

/**
 * The seam for tests that an IAM write and its audit event commit together: assigning an action to this key
 * replaces the object's action of that name (execute.ts `replaceAction`), e.g. with one that fails after
 * its change. Symbol-keyed, so not callable over RPC, as {@link READ_MODEL_SEAM}.
 */
export const ACTION_SEAM = Symbol('edge-iam.account-do.action');

/** The Durable Object class; see the module comment. */
export class AccountDO extends DurableObject<Env> {
  readonly #obj: AccountContext;
  readonly #projection: OutboxProjection;
  readonly #runner: ActionRunner;
  readonly #admin: AccountAdmin;
  readonly #audit: AuditUpkeep;
  #readModel: ReadModelAccess;
  #now: () => number = Date.now;
  #archive: R2Bucket | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#readModel = (accountId) => readModelFor(env, accountId);
    const readModel: ReadModelAccess = (accountId) => this.#readModel(accountId);
    // The platform clock: the object is an edge of its own for its alarms and the operator's calls.
    this.#obj = new AccountContext(ctx, env, () => this.#now());
    this.#archive = env.AUDIT_ARCHIVE;
    this.#audit = new AuditUpkeep(this.#obj, () => this.#archive, retentionMsOf(env));
    this.#projection = new OutboxProjection(this.#obj, readModel);
    // The catalog is deployment-wide: it lives in the main database (no account's shard).
    const catalog = (nowMs: number, bookmark: string | null) => {
      const db = readModel('');
      return catalogViewOf(db).catalog(db, nowMs, bookmark);
    };
    // So is the AWS-managed policy catalog, read before every call; from the main binding directly, as the
    // alias claim is, so a test's faults injected for the projection are not spent on it.
    const awsManaged = (nowMs: number) => ensureAwsManagedCatalog(env.DB, nowMs);
    this.#runner = new ActionRunner(this.#obj, this.#projection, foreignPrincipalsOf(readModel), catalog, awsManaged, (count, oldestMs) =>
      this.#audit.recorded(count, oldestMs),
    );
    this.#admin = new AccountAdmin(this.#obj, this.#projection, readModel, this.#audit);
    ctx.blockConcurrencyWhile(async () => {
      await this.#obj.migrate();
      // Roles saved before trust bindings existed are bound once the schema is current (issue 7 §5, M1).
      await backfillTrustBindings(this.#obj, this.#projection);
      // Service-specific credentials created before the read model had them (issue 11 §3).
      await backfillServiceCredentials(this.#obj, this.#projection);
      this.#audit.start();
    });
  }

  /** Authorizes and executes an IAM call. */
  async execute(call: ExecuteCall): Promise<ExecuteResult> {
    const { result, recorded } = await this.#runner.execute(call);
    // The call's event is in the trail (account/execute.ts): retention and the archive may be due. A read's
    // is written with the next batch of read events, and counted then.
    if (recorded) await this.#audit.recorded();
    return result;
  }

  /** Operator lifecycle operations. */
  async admin(op: AdminOp): Promise<AdminResult> {
    // Reads answered before a closing or a purge are in the trail before it ends.
    await this.#runner.flushEvents();
    const result = await this.#admin.run(op);
    if (op.op === 'close') this.#audit.reset();
    return result;
  }

  /** Records the use of a key or a role, and an attempt for last accessed, by a call served outside the object (STS, decisions). */
  async touch(use: UseReport): Promise<void> {
    const now = new Date(use.atMs);
    const store = this.#obj.readStore();
    if (use.kind === 'key') touchKey(store, use.accessKeyId, use.service, use.region, now);
    else if (use.kind === 'role') touchRole(store, use.roleId, use.region, now);
    const a = use.attempt;
    if (a && isTracked(a.service, a.action)) store.recordAccess({ ...a, atMs: use.atMs }, ACCESS_RESOLUTION_MS);
  }

  /**
   * Checks a TOTP code of an MFA device enabled for `owner` (a user id or ROOT_MFA_OWNER) and consumes it,
   * so the same code is never accepted twice. For STS calls that carry SerialNumber and TokenCode, at the
   * request's time `nowMs` (epoch milliseconds).
   */
  async consumeMfaCode(owner: string, serialNumber: string, code: string, nowMs: number): Promise<MfaOutcome> {
    return consumeMfaCode(this.#obj, owner, serialNumber, code, nowMs);
  }

  /**
   * Console sign-in's state (account/sign-in.ts): throttling, the password material the isolate verifies,
   * the record of a sign-in, and the facts a console session is checked against.
   */
  async signIn(op: SignInOp): Promise<BeginAnswer | SessionAnswer | { ok: true }> {
    return signInOp(this.#obj, op);
  }

  /**
   * Appends audit events born outside the object (STS, sign-in, decisions) to the account's trail, from
   * the audit queue's consumer (storage/audit-queue.ts); idempotent by event id, so a retried batch is safe.
   */
  async recordEvents(accountId: string, events: StoredEvent[]): Promise<RecordOutcome> {
    const outcome = recordEvents(this.#obj, accountId, events);
    if (outcome.recorded > 0) await this.#audit.recorded(outcome.recorded, events.reduce((m, e) => Math.min(m, e.eventTimeMs), Infinity));
    return outcome;
  }

  /**
   * The object's one alarm, for every job that is due (each idempotent): the closing of a closing account;
   * else the projection's retry, then the trail's retention and archive (account/audit-upkeep.ts).
   */
  override async alarm(): Promise<void> {
    const account = this.#obj.account();
    if (account?.status === 'closing') {
      await this.#admin.close(account);
      this.#audit.reset();
      return;
    }
    await this.#projection.projectNow();
    await this.#audit.onAlarm();
  }

  set [ACTION_SEAM](action: AccountAction) {
    this.#runner.replaceAction(action);
  }

  set [READ_MODEL_SEAM](wrap: (db: D1Database) => D1Database) {
    this.#readModel = (accountId) => wrap(readModelFor(this.env, accountId));
  }

  set [CLOCK_SEAM](now: () => number) {
    this.#now = now;
  }

  set [ARCHIVE_SEAM](bucket: R2Bucket | undefined) {
    this.#archive = bucket;
    this.#audit.reset();
  }
}
