/**
 * @module The operator's lifecycle operations on one account (operator API): create it (claiming its alias
 * in D1 first), read it, close it (closing.ts), give it a root access key or a root password, and manage its
 * workload tokens (workload-tokens.ts), and read its audit trail.
 */
import { AwsError, entityAlreadyExists, limitExceeded, noSuchEntity } from '../../core/errors';
import { cryptoRandomBytes, ID_PREFIX, newAccessKeyId, newSecretAccessKey } from '../../core/ids';
import { ROOT_PASSWORD_OWNER, type AccessKeyRecord, type AccountRecord } from '../../core/records';
import { lookupEventsPage } from '../../services/cloudtrail/lookup-events';
import { MAX_ACCESS_KEYS_PER_USER } from '../../services/iam/index';
import { commitPassword, preparePassword } from '../../services/iam/passwords/index';
import type { AdminOp, AdminResult } from '../account-rpc';
import { claimAlias } from '../read-model';
import * as t from '../schema/account';
import { closeAccount } from './closing';
import { toWire, type AccountContext, type ReadModelAccess } from './context';
import type { OutboxProjection } from './projection';
import { workloadTokenOp } from './workload-tokens';

/** Runs the operator's operations on one account; see the module comment. */
export class AccountAdmin {
  readonly #obj: AccountContext;
  readonly #projection: OutboxProjection;
  readonly #readModel: ReadModelAccess;

  constructor(obj: AccountContext, projection: OutboxProjection, readModel: ReadModelAccess) {
    this.#obj = obj;
    this.#projection = projection;
    this.#readModel = readModel;
  }

  async run(op: AdminOp): Promise<AdminResult> {
    try {
      switch (op.op) {
        case 'create':
          return await this.#create(op.accountId, op.email, op.alias);
        case 'get':
          return { ok: true, account: this.#existing(), bookmark: null };
        case 'close':
          return await this.close(this.#existing());
        case 'create-root-key':
          return await this.#createRootKey();
        case 'root-password':
          return await this.#rootPassword(op.password, op.passwordResetRequired);
        case 'workload-token':
          return await workloadTokenOp(this.#obj, this.#projection, op);
        case 'events':
          this.#existing();
          return { ok: true, events: lookupEventsPage(this.#obj.readStore(), op.input), bookmark: null };
      }
    } catch (e) {
      if (e instanceof AwsError) return { ok: false, error: toWire(e) };
      throw e;
    }
  }

  /** Closes the account, or goes on closing it (also from the alarm). */
  close(account: AccountRecord): Promise<AdminResult> {
    return closeAccount(this.#obj, this.#projection, this.#readModel, account);
  }

  #existing(): AccountRecord {
    const account = this.#obj.account();
    if (!account) throw noSuchEntity('The account cannot be found.');
    return account;
  }

  async #create(accountId: string, email: string, alias: string | null): Promise<AdminResult> {
    if (this.#obj.account()) throw entityAlreadyExists(`The account ${accountId} already exists.`);
    // Aliases are unique across all accounts: their claims live in the one main database, not in the
    // account's shard of the read model.
    if (alias !== null && !(await claimAlias(this.#obj.env.DB, alias, accountId))) {
      throw entityAlreadyExists(`The account alias ${alias} already exists.`);
    }
    const account: AccountRecord = { accountId, email, alias, status: 'active', createdAt: new Date(this.#obj.clock()).toISOString() };
    // INVARIANT: re-checked inside the transaction; the alias claim above awaited D1, so another create
    // for this id could have committed meanwhile.
    this.#obj.transact(accountId, (store) => {
      if (store.getAccount()) throw entityAlreadyExists(`The account ${accountId} already exists.`);
      this.#obj.db.insert(t.account).values(account).run();
      store.emit({ op: 'put', table: 'accounts', row: { ...account } });
    });
    return { ok: true, account, bookmark: await this.#projection.projectNow() };
  }

  /**
   * Sets the root user's password (AWS's default password rules: the account's IAM password policy is
   * for IAM users), or removes it (null; NoSuchEntity when there is none). Hashed before the transaction.
   */
  async #rootPassword(password: string | null, passwordResetRequired: boolean): Promise<AdminResult> {
    const account = this.#obj.account();
    if (!account || account.status !== 'active') throw noSuchEntity('The account cannot be found.');
    const now = new Date(this.#obj.clock()).toISOString();
    if (password === null) {
      this.#obj.transact(account.accountId, (store) => {
        if (!store.findLoginProfile(ROOT_PASSWORD_OWNER)) throw noSuchEntity('The root user has no password.');
        store.deleteLoginProfile(ROOT_PASSWORD_OWNER);
      });
      return { ok: true, bookmark: null };
    }
    const prepared = preparePassword(this.#obj.readStore(), ROOT_PASSWORD_OWNER, password, cryptoRandomBytes);
    this.#obj.transact(account.accountId, (store) => {
      commitPassword(store, ROOT_PASSWORD_OWNER, password, prepared, now, 'the root user');
      const existing = store.findLoginProfile(ROOT_PASSWORD_OWNER);
      store.putLoginProfile({
        owner: ROOT_PASSWORD_OWNER,
        passwordHash: prepared.hash,
        createDate: existing?.createDate ?? now,
        passwordResetRequired,
        passwordChangedAt: now,
      });
    });
    return { ok: true, bookmark: null };
  }

  async #createRootKey(): Promise<AdminResult> {
    const account = this.#obj.account();
    if (!account || account.status !== 'active') throw noSuchEntity('The account cannot be found.');
    const accessKeyId = newAccessKeyId(account.accountId, ID_PREFIX.longTermKey);
    const secret = newSecretAccessKey();
    const sealed = await (await this.#obj.secrets()).seal(secret, accessKeyId);
    this.#obj.transact(account.accountId, (store) => {
      if (store.listAccessKeys(null).length >= MAX_ACCESS_KEYS_PER_USER) {
        throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${MAX_ACCESS_KEYS_PER_USER}`);
      }
      const key: AccessKeyRecord = {
        accessKeyId,
        userId: null,
        status: 'Active',
        createDate: new Date(this.#obj.clock()).toISOString(),
        secretSealed: sealed,
        lastUsedDate: null,
        lastUsedService: null,
        lastUsedRegion: null,
      };
      store.insertAccessKey(key);
    });
    return { ok: true, accessKey: { AccessKeyId: accessKeyId, SecretAccessKey: secret }, bookmark: await this.#projection.projectNow() };
  }
}
