/**
 * @module AccountDO: one Durable Object per tenant account, the account's source of truth (docs/DESIGN.md §1).
 *
 * Every call runs its authorization, checks and writes in one `transactionSync`, together with the outbox
 * rows that describe the change for the read model, so a write is all-or-nothing and strongly ordered.
 * After the commit the outbox is projected into D1 (in order, idempotently) and the call answers with
 * the projection's bookmark; if D1 fails the call still succeeds, and an alarm retries with backoff.
 *
 * The RPC surface is five methods (`execute`, `admin`, `touch`, `consumeMfaCode`, `consumeSamlAssertion`)
 * over a private
 * implementation (STYLE habit 8): every public method of a Durable Object can be called over RPC.
 */
import { DurableObject } from 'cloudflare:workers';
import { drizzle } from 'drizzle-orm/durable-sqlite';
import { asc, eq, lte } from 'drizzle-orm';
import { rootArn } from '../core/arn';
import { AwsError, entityAlreadyExists, limitExceeded, noSuchEntity } from '../core/errors';
import { cryptoRandomBytes, ID_PREFIX, newAccessKeyId, newSecretAccessKey } from '../core/ids';
import type { ProjectionOp } from '../core/projection';
import type { AccessKeyRecord, AccountRecord } from '../core/records';
import { SecretBox } from '../core/secret-box';
import { isSessionOfIncarnation } from '../core/session-token';
import type { AccountAction } from '../services/action';
import { enforce, principalOf, requestFor } from '../services/authz-enforce';
import { AuthorizationDenied, sealAuthorization } from '../services/authorization-message';
import { callerPolicyDocs, PolicyCompileCache, type PrincipalPolicies } from '../services/policy-set';
import type { Caller, CallContext, SessionInfo } from '../services/context';
import { iamActions, MAX_ACCESS_KEYS_PER_USER } from '../services/iam/index';
import type { Env } from '../env';
import { ACCOUNT_MIGRATIONS } from './account-migrations';
import type { AdminOp, AdminResult, ExecuteCall, ExecuteResult, UseReport, WireError } from './account-rpc';
import { checkAndConsumeMfaCode, openMfaSeed } from '../services/iam/mfa/verify';
import type { MfaOutcome, SamlUseOutcome } from '../services/sts/ports';
import { SqliteAccountStore, type AccountDb } from './account-store';
import { claimAlias, markAccountClosing, projectEntries, purgeAccount, readModelFor, type OutboxEntry } from './read-model';
import * as t from './schema/account';

/** Outbox entries projected per D1 batch (each entry is a handful of statements). */
const PROJECTION_BATCH_ENTRIES = 50;
/** First retry delay after a failed projection; doubles per failure up to the maximum. */
const PROJECTION_RETRY_BASE_MS = 1_000;
/** Longest delay between projection retries (5 minutes). */
const PROJECTION_RETRY_MAX_MS = 300_000;
/** Wrong MFA codes in a row before a device is locked (RFC 4226 §7.3 asks for throttling). */
const MFA_MAX_FAILURES = 5;
/** How long a device stays locked after too many wrong codes (5 minutes). */
const MFA_LOCK_MS = 300_000;
/** A key's last-use record is rewritten at most this often, to keep reads from becoming writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Symbol-keyed hooks for tests (fault injection). A symbol cannot be named over RPC, so this is not part
 * of the object's remote surface.
 */
export const TEST_HOOKS = Symbol('edge-iam.account-do.test-hooks');

/** What tests can do to an object from inside it (`runInDurableObject`). */
export interface AccountTestHooks {
  /** The next N projection batches fail as if D1 were unreachable. */
  failProjections: number;
  /** The next N attempts to mark a closing account in D1 fail as if D1 were unreachable. */
  failClosingMarkers: number;
  /** The next N purges of a closed account's rows from D1 fail as if D1 were unreachable. */
  failPurges: number;
  /** The current outbox contents. */
  outbox(): OutboxEntry[];
}

const toWire = (e: AwsError): WireError => ({ code: e.code, message: e.message, status: e.status, type: e.type });
const invalidToken = () => new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);

/** The Durable Object class; see the module comment. */
export class AccountDO extends DurableObject<Env> {
  readonly #impl: AccountImpl;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#impl = new AccountImpl(ctx, env);
    ctx.blockConcurrencyWhile(async () => this.#impl.migrate());
  }

  /** Authorizes and executes an IAM call. */
  async execute(call: ExecuteCall): Promise<ExecuteResult> {
    return this.#impl.execute(call);
  }

  /** Operator lifecycle operations. */
  async admin(op: AdminOp): Promise<AdminResult> {
    return this.#impl.admin(op);
  }

  /** Records the use of a key or a role by a call served outside the object (STS). */
  async touch(use: UseReport): Promise<void> {
    if (use.kind === 'key') this.#impl.touch(use.accessKeyId, use.service, use.region);
    else this.#impl.touchRole(use.roleId, use.region);
  }

  /**
   * Checks a TOTP code of an MFA device enabled for `owner` (a user id or ROOT_MFA_OWNER) and consumes it,
   * so the same code is never accepted twice. For STS calls that carry SerialNumber and TokenCode.
   */
  async consumeMfaCode(owner: string, serialNumber: string, code: string): Promise<MfaOutcome> {
    return this.#impl.consumeMfaCode(owner, serialNumber, code);
  }

  /**
   * Records that the SAML assertion `assertionId` of `providerArn` was accepted, until `expiresAtMs`:
   * `replayed` when it already was (SAML 2.0 core §2.5.1.5, OneTimeUse), `no-account` when the account is
   * not active. For AssumeRoleWithSAML, which runs outside the object.
   */
  async consumeSamlAssertion(providerArn: string, assertionId: string, expiresAtMs: number): Promise<SamlUseOutcome> {
    return this.#impl.consumeSamlAssertion(providerArn, assertionId, expiresAtMs);
  }

  override async alarm(): Promise<void> {
    await this.#impl.alarm();
  }

  get [TEST_HOOKS](): AccountTestHooks {
    return this.#impl.hooks;
  }
}

class AccountImpl {
  readonly #ctx: DurableObjectState;
  readonly #env: Env;
  readonly #db: AccountDb;
  readonly #actions: ReadonlyMap<string, AccountAction>;
  /** Compiled policies of this account, per policy version. */
  readonly #policies = new PolicyCompileCache();
  #secrets: Promise<SecretBox> | undefined;
  /** Serializes projection runs: each waits for the previous one, then drains what is left. */
  #projection: Promise<unknown> = Promise.resolve();
  #bookmark: string | null = null;
  readonly hooks: AccountTestHooks;

  constructor(ctx: DurableObjectState, env: Env) {
    this.#ctx = ctx;
    this.#env = env;
    this.#db = drizzle(ctx.storage, { schema: t });
    this.#actions = iamActions(() => this.secrets());
    const db = this.#db;
    this.hooks = {
      failProjections: 0,
      failClosingMarkers: 0,
      failPurges: 0,
      outbox: () => db.select().from(t.outbox).orderBy(asc(t.outbox.seq)).all().map((r) => ({ seq: r.seq, ops: JSON.parse(r.ops) })),
    };
  }

  secrets(): Promise<SecretBox> {
    this.#secrets ??= SecretBox.create(
      this.#env.IAM_MASTER_KEY,
      (this.#env.IAM_PREVIOUS_MASTER_KEYS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    );
    return this.#secrets;
  }

  /** Applies the DDL entries not yet applied. */
  migrate(): void {
    const sql = this.#ctx.storage.sql;
    sql.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    const row = sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'schema_version'").toArray()[0];
    const applied = row ? Number(row.value) : 0;
    for (let i = applied; i < ACCOUNT_MIGRATIONS.length; i++) {
      this.#ctx.storage.transactionSync(() => {
        sql.exec(ACCOUNT_MIGRATIONS[i]!);
        sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", String(i + 1));
      });
    }
  }

  /** A store for reads outside a call (its account id is only used by writes). */
  #readStore(): SqliteAccountStore {
    const row = this.#db.select({ id: t.account.accountId }).from(t.account).get();
    return new SqliteAccountStore(this.#db, row?.id ?? '');
  }

  #partition(): string {
    return this.#env.IAM_PARTITION || 'aws';
  }

  /**
   * Runs `fn` in one transaction with a fresh store; the ops it emits are appended to the outbox in the
   * same transaction. Returns `fn`'s result and whether anything was queued for projection.
   */
  #transact<T>(accountId: string, fn: (store: SqliteAccountStore) => T): { value: T; queued: boolean } {
    return this.#ctx.storage.transactionSync(() => {
      const store = new SqliteAccountStore(this.#db, accountId);
      const value = fn(store);
      const ops: readonly ProjectionOp[] = store.pendingOps;
      if (ops.length > 0) this.#db.insert(t.outbox).values({ ops: JSON.stringify(ops), createdAt: new Date().toISOString() }).run();
      return { value, queued: ops.length > 0 };
    });
  }

  async execute(call: ExecuteCall): Promise<ExecuteResult> {
    try {
      const action = this.#actions.get(call.action);
      if (!action) throw new AwsError('InvalidAction', `Could not find operation ${call.action} for version 2010-05-08`, 400);
      const ctx: CallContext = {
        requestId: call.requestId,
        now: new Date(),
        partition: this.#partition(),
        region: call.region,
        signingService: call.signingService,
        caller: call.caller,
        random: cryptoRandomBytes,
        sourceIp: call.sourceIp,
        userAgent: call.userAgent,
        secureTransport: call.secureTransport,
      };
      const prepared = action.prepare ? await action.prepare(ctx, call.input, this.#readStore()) : undefined;
      const { value, queued } = this.#transact(call.caller.accountId, (store) => {
        ctx.caller = this.#resolveCaller(store, call.caller);
        const target = action.target(ctx, store, call.input);
        // INVARIANT: authorization reads the same transaction's state the action then changes, so a
        // permission removed by an earlier write can never let this one through.
        enforce(requestFor(ctx, this.#principal(store, ctx.caller), target), this.#policiesOf(store, ctx.caller));
        return action.run(ctx, store, call.input, prepared);
      });
      this.touch(call.caller.accessKeyId, call.signingService, call.region);
      return { ok: true, output: value, bookmark: queued ? await this.#projectNow() : null };
    } catch (e) {
      if (!(e instanceof AwsError)) throw e;
      if (e.code !== 'InvalidClientTokenId') this.touch(call.caller.accessKeyId, call.signingService, call.region);
      const error = toWire(e);
      if (e instanceof AuthorizationDenied) {
        // Only raised once the caller was resolved against this account, so the account row exists.
        const incarnation = this.#readStore().getAccount()?.createdAt ?? '';
        error.authorizationMessage = await sealAuthorization(await this.secrets(), e, incarnation);
        error.decision = e.details;
        error.decisionAccountId = e.accountId;
      }
      return { ok: false, error, bookmark: null };
    }
  }

  /**
   * The caller as the object's current state knows it: the key must still exist, be Active and belong to
   * the same principal, and the account must be active. Refreshes the user's name and ARN (renames).
   */
  #resolveCaller(store: SqliteAccountStore, caller: Caller): Caller {
    const account = store.getAccount();
    if (!account || account.status !== 'active' || account.accountId !== caller.accountId) throw invalidToken();
    if (caller.session) {
      // A session of an earlier account that had this id is not a session of this one.
      if (!isSessionOfIncarnation(caller.session, account.createdAt)) throw invalidToken();
      return this.#resolveSession(store, caller, caller.session);
    }
    const key = store.findAccessKey(caller.accessKeyId);
    const expectedUser = caller.type === 'User' ? caller.principalId : null;
    if (!key || key.status !== 'Active' || key.userId !== expectedUser) throw invalidToken();
    if (caller.type === 'Account') return { ...caller, arn: rootArn(this.#partition(), account.accountId), principalId: account.accountId };
    const user = store.findUserById(caller.principalId);
    if (!user) throw invalidToken();
    return { ...caller, arn: user.arn, userName: user.userName };
  }

  /**
   * A caller with temporary credentials (the token was verified in the isolate). As in AWS, credentials
   * from GetFederationToken can never call IAM, nor can those from GetSessionToken without MFA; a role
   * session acts as its role, which must still exist.
   */
  #resolveSession(store: SqliteAccountStore, caller: Caller, session: SessionInfo): Caller {
    if (session.kind === 'federated-user') throw invalidToken();
    if (session.kind === 'session-token') {
      if (!session.mfa) throw invalidToken();
      if (caller.type === 'Account') return caller;
      const user = store.findUserById(caller.principalId);
      if (!user) throw invalidToken();
      return { ...caller, arn: user.arn, userName: user.userName };
    }
    if (!store.findRoleById(caller.principalId)) throw invalidToken();
    return caller;
  }

  #principal(store: SqliteAccountStore, caller: Caller) {
    const tags =
      caller.type === 'User' ? store.listUserTags(caller.principalId) : caller.type === 'AssumedRole' ? store.listRoleTags(caller.principalId) : [];
    return principalOf(caller, tags);
  }

  #policiesOf(store: SqliteAccountStore, caller: Caller): PrincipalPolicies {
    return this.#policies.compile(callerPolicyDocs(store, this.#partition(), caller));
  }

  /**
   * Records a key's use (GetAccessKeyLastUsed), also for calls that were then denied or failed, as AWS
   * does. Rewritten at most once per LAST_USED_RESOLUTION_MS unless the service or region changed.
   */
  touch(accessKeyId: string, service: string, region: string): void {
    const store = this.#readStore();
    const key = store.findAccessKey(accessKeyId);
    if (!key) return;
    const now = new Date();
    const fresh = key.lastUsedDate !== null && now.getTime() - Date.parse(key.lastUsedDate) < LAST_USED_RESOLUTION_MS;
    if (fresh && key.lastUsedService === service && key.lastUsedRegion === region) return;
    store.recordAccessKeyUse(accessKeyId, now.toISOString(), service, region);
  }

  /** Records a role's last use (GetRole's RoleLastUsed), at most once per LAST_USED_RESOLUTION_MS. */
  touchRole(roleId: string, region: string): void {
    const store = this.#readStore();
    const role = store.findRoleById(roleId);
    if (!role) return;
    const now = new Date();
    const fresh = role.lastUsedDate !== null && now.getTime() - Date.parse(role.lastUsedDate) < LAST_USED_RESOLUTION_MS;
    if (fresh && role.lastUsedRegion === region) return;
    store.updateRole(roleId, { lastUsedDate: now.toISOString(), lastUsedRegion: region });
  }

  async consumeMfaCode(owner: string, serialNumber: string, code: string): Promise<MfaOutcome> {
    const device = this.#readStore().findMfaDevice(serialNumber);
    if (!device || device.userId !== owner) return 'unknown-device';
    const seed = await openMfaSeed(await this.secrets(), device);
    if (seed === undefined) return 'unknown-device';
    // INVARIANT: re-read inside the transaction: a concurrent call may have consumed a code meanwhile.
    return this.#ctx.storage.transactionSync(() => {
      const store = this.#readStore();
      const current = store.findMfaDevice(serialNumber);
      if (current === undefined || current.userId !== owner) return 'unknown-device';
      const now = Date.now();
      const key = `mfa-failures:${serialNumber}`;
      const row = this.#ctx.storage.sql.exec<{ value: string }>('SELECT value FROM meta WHERE key = ?', key).toArray()[0];
      const failures = row ? (JSON.parse(row.value) as { n: number; until: number }) : { n: 0, until: 0 };
      // RFC 4226 §7.3: throttle guessing. A locked device refuses every code until the lock ends.
      if (failures.until > now) return 'invalid-code';
      if (checkAndConsumeMfaCode(store, current, seed, code, now)) {
        if (row) this.#ctx.storage.sql.exec('DELETE FROM meta WHERE key = ?', key);
        return 'ok';
      }
      const n = failures.n + 1;
      const until = n >= MFA_MAX_FAILURES ? now + MFA_LOCK_MS : 0;
      this.#ctx.storage.sql.exec('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', key, JSON.stringify({ n: until ? 0 : n, until }));
      return 'invalid-code';
    });
  }

  consumeSamlAssertion(providerArn: string, assertionId: string, expiresAtMs: number): SamlUseOutcome {
    // INVARIANT: check and insert in one transaction of the one object of the account: two isolates that
    // receive the same assertion at once cannot both be told `ok`.
    return this.#ctx.storage.transactionSync(() => {
      const account = this.#readStore().getAccount();
      if (!account || account.status !== 'active') return 'no-account';
      const now = Date.now();
      // Opportunistic purge: an expired assertion is refused by its NotOnOrAfter, so its ID is no longer needed.
      this.#db.delete(t.samlAssertionsUsed).where(lte(t.samlAssertionsUsed.expiresAt, now)).run();
      const inserted = this.#ctx.storage.sql.exec(
        'INSERT INTO saml_assertions_used (provider_arn, assertion_id, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
        providerArn,
        assertionId,
        Math.max(expiresAtMs, now + 1),
      );
      return inserted.rowsWritten > 0 ? 'ok' : 'replayed';
    });
  }

  // ---- projection -------------------------------------------------------------------------------------

  /** Projects now; on failure, schedules a retry and answers without a bookmark. */
  async #projectNow(): Promise<string | null> {
    try {
      return await this.#project();
    } catch (e) {
      console.warn(JSON.stringify({ event: 'projection-failed', error: String(e) }));
      await this.#scheduleRetry();
      return null;
    }
  }

  #project(): Promise<string | null> {
    const run = this.#projection.then(() => this.#drain());
    this.#projection = run.catch(() => undefined);
    return run;
  }

  /** Projects the outbox in order until it is empty; each batch is deleted only after D1 accepted it. */
  async #drain(): Promise<string | null> {
    for (;;) {
      const account = this.#db.select({ id: t.account.accountId }).from(t.account).get();
      const rows = this.#db.select().from(t.outbox).orderBy(asc(t.outbox.seq)).limit(PROJECTION_BATCH_ENTRIES).all();
      if (!account || rows.length === 0) break;
      if (this.hooks.failProjections > 0) {
        this.hooks.failProjections--;
        throw new Error('injected D1 failure');
      }
      const session = readModelFor(this.#env, account.id).withSession('first-primary');
      const entries = rows.map((r) => ({ seq: r.seq, ops: JSON.parse(r.ops) as ProjectionOp[] }));
      this.#bookmark = await projectEntries(session, account.id, entries);
      this.#db.delete(t.outbox).where(lte(t.outbox.seq, rows[rows.length - 1]!.seq)).run();
    }
    this.#ctx.storage.sql.exec("DELETE FROM meta WHERE key = 'projection_failures'");
    return this.#bookmark;
  }

  async #scheduleRetry(): Promise<void> {
    const sql = this.#ctx.storage.sql;
    const row = sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'projection_failures'").toArray()[0];
    const failures = (row ? Number(row.value) : 0) + 1;
    sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('projection_failures', ?)", String(failures));
    const delay = Math.min(PROJECTION_RETRY_BASE_MS * 2 ** (failures - 1), PROJECTION_RETRY_MAX_MS);
    const current = await this.#ctx.storage.getAlarm();
    if (current === null || current > Date.now() + delay) await this.#ctx.storage.setAlarm(Date.now() + delay);
  }

  async alarm(): Promise<void> {
    const account = this.#readStore().getAccount();
    if (account?.status === 'closing') {
      await this.#close(account);
      return;
    }
    await this.#projectNow();
  }

  // ---- tenant lifecycle -------------------------------------------------------------------------------

  async admin(op: AdminOp): Promise<AdminResult> {
    try {
      switch (op.op) {
        case 'create':
          return await this.#create(op.accountId, op.email, op.alias);
        case 'get': {
          const account = this.#readStore().getAccount();
          if (!account) throw noSuchEntity('The account cannot be found.');
          return { ok: true, account, bookmark: null };
        }
        case 'close': {
          const account = this.#readStore().getAccount();
          if (!account) throw noSuchEntity('The account cannot be found.');
          return await this.#close(account);
        }
        case 'create-root-key':
          return await this.#createRootKey();
        case 'workload-token':
          return await this.#workloadToken(op);
      }
    } catch (e) {
      if (e instanceof AwsError) return { ok: false, error: toWire(e) };
      throw e;
    }
  }

  async #create(accountId: string, email: string, alias: string | null): Promise<AdminResult> {
    const existing = this.#readStore().getAccount();
    if (existing) throw entityAlreadyExists(`The account ${accountId} already exists.`);
    if (alias !== null && !(await claimAlias(this.#env.DB, alias, accountId))) {
      throw entityAlreadyExists(`The account alias ${alias} already exists.`);
    }
    const account: AccountRecord = { accountId, email, alias, status: 'active', createdAt: new Date().toISOString() };
    // INVARIANT: re-checked inside the transaction; the alias claim above awaited D1, so another create
    // for this id could have committed meanwhile.
    this.#transact(accountId, (store) => {
      if (store.getAccount()) throw entityAlreadyExists(`The account ${accountId} already exists.`);
      this.#db.insert(t.account).values(account).run();
      store.emit({ op: 'put', table: 'accounts', row: { ...account } });
    });
    return { ok: true, account, bookmark: await this.#projectNow() };
  }

  /**
   * Workload tokens (operator API). Only the token's hash reaches the object. Creating binds it to an
   * existing instance profile (and forgets the account's expired tokens, so they do not count against the
   * quota); revoking deletes it. The store projects both to D1 (`workload_tokens`).
   */
  async #workloadToken(op: Extract<AdminOp, { op: 'workload-token' }>): Promise<AdminResult> {
    /** Live workload tokens per account at most. */
    const MAX_WORKLOAD_TOKENS = 1000;
    const account = this.#readStore().getAccount();
    if (!account || account.status !== 'active') throw noSuchEntity('The account cannot be found.');
    const view = (store: SqliteAccountStore, token: { tokenId: string; instanceProfileId: string; createdAt: string; expiresAt: string }) => {
      const profile = store.findInstanceProfileById(token.instanceProfileId);
      return profile
        ? [{ tokenId: token.tokenId, instanceProfileName: profile.instanceProfileName, instanceProfileArn: profile.arn, createdAt: token.createdAt, expiresAt: token.expiresAt }]
        : [];
    };
    switch (op.action) {
      case 'list': {
        const store = this.#readStore();
        return { ok: true, workloadTokens: store.listWorkloadTokens().flatMap((token) => view(store, token)), bookmark: null };
      }
      case 'revoke': {
        const { value: found } = this.#transact(account.accountId, (store) => {
          if (!store.findWorkloadToken(op.tokenId)) return false;
          store.deleteWorkloadToken(op.tokenId);
          return true;
        });
        if (!found) throw noSuchEntity(`The workload token ${op.tokenId} cannot be found.`);
        return { ok: true, bookmark: await this.#projectNow() };
      }
      case 'create': {
        const now = new Date();
        const { value } = this.#transact(account.accountId, (store) => {
          const profile = store.findInstanceProfileByName(op.instanceProfileName);
          if (!profile) throw noSuchEntity(`Instance Profile ${op.instanceProfileName} cannot be found.`);
          for (const token of store.listWorkloadTokens()) {
            if (Date.parse(token.expiresAt) <= now.getTime()) store.deleteWorkloadToken(token.tokenId);
          }
          if (store.listWorkloadTokens().length >= MAX_WORKLOAD_TOKENS) {
            throw limitExceeded(`Cannot exceed quota for WorkloadTokensPerAccount: ${MAX_WORKLOAD_TOKENS}`);
          }
          const token = {
            tokenId: op.tokenId,
            tokenHash: op.tokenHash,
            instanceProfileId: profile.instanceProfileId,
            createdAt: now.toISOString(),
            expiresAt: op.expiresAt,
          };
          store.insertWorkloadToken(token);
          return view(store, token)[0]!;
        });
        return { ok: true, workloadToken: value, bookmark: await this.#projectNow() };
      }
    }
  }

  async #createRootKey(): Promise<AdminResult> {
    const account = this.#readStore().getAccount();
    if (!account || account.status !== 'active') throw noSuchEntity('The account cannot be found.');
    const accessKeyId = newAccessKeyId(account.accountId, ID_PREFIX.longTermKey);
    const secret = newSecretAccessKey();
    const sealed = await (await this.secrets()).seal(secret, accessKeyId);
    this.#transact(account.accountId, (store) => {
      if (store.listAccessKeys(null).length >= MAX_ACCESS_KEYS_PER_USER) {
        throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${MAX_ACCESS_KEYS_PER_USER}`);
      }
      const key: AccessKeyRecord = {
        accessKeyId,
        userId: null,
        status: 'Active',
        createDate: new Date().toISOString(),
        secretSealed: sealed,
        lastUsedDate: null,
        lastUsedService: null,
        lastUsedRegion: null,
      };
      store.insertAccessKey(key);
    });
    return { ok: true, accessKey: { AccessKeyId: accessKeyId, SecretAccessKey: secret }, bookmark: await this.#projectNow() };
  }

  /**
   * Closes the account: refuse every IAM call at once, mark the account closing in the read model (which
   * the data plane checks on every key and session, http/account-state.ts), purge the read model, then
   * delete the object's data. If D1 fails at either step, the account stays `closing` and the alarm
   * retries both (marking again is harmless); the answer says whether the data plane refuses it yet.
   */
  async #close(account: AccountRecord): Promise<AdminResult> {
    if (account.status !== 'closing') {
      this.#ctx.storage.transactionSync(() => {
        this.#db.update(t.account).set({ status: 'closing' }).where(eq(t.account.accountId, account.accountId)).run();
        this.#db.delete(t.outbox).run();
      });
    }
    // INVARIANT: the marker is written after the last projection run settled (the outbox was emptied in
    // the same transaction as the status), so no later projection can put the account row back `active`.
    await this.#projection.catch(() => undefined);
    const db = readModelFor(this.#env, account.accountId);
    let bookmark: string | null;
    try {
      if (this.hooks.failClosingMarkers > 0) {
        this.hooks.failClosingMarkers--;
        throw new Error('injected D1 failure');
      }
      bookmark = await markAccountClosing(db, account.accountId);
    } catch (e) {
      console.warn(JSON.stringify({ event: 'closing-marker-failed', error: String(e) }));
      await this.#ctx.storage.setAlarm(Date.now() + PROJECTION_RETRY_BASE_MS);
      return { ok: true, closed: false, dataPlaneRefused: false, bookmark: null };
    }
    try {
      if (this.hooks.failPurges > 0) {
        this.hooks.failPurges--;
        throw new Error('injected D1 failure');
      }
      await purgeAccount(db, account.accountId);
    } catch (e) {
      console.warn(JSON.stringify({ event: 'purge-failed', error: String(e) }));
      await this.#ctx.storage.setAlarm(Date.now() + PROJECTION_RETRY_BASE_MS);
      return { ok: true, closed: false, dataPlaneRefused: true, bookmark };
    }
    await this.#ctx.storage.deleteAlarm();
    await this.#ctx.storage.deleteAll();
    this.#bookmark = null;
    this.migrate();
    return { ok: true, closed: true, bookmark: null };
  }
}
