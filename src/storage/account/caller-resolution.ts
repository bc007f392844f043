/**
 * @module The caller of an IAM call as the object's current state knows it (execute.ts): the key must still
 * exist, be Active and belong to the same principal, the account must be active, a session must be of this
 * incarnation and its role or user still there, a console session's password unchanged. Refreshes the
 * user's name and ARN (renames).
 *
 * A long-term key's resolution (the account row, the key, its user: three SQLite statements) is kept
 * between calls behind the object's write generation (context.ts, `AccountContext.generation`), as the
 * caller's policies are (caller-policy-cache.ts): every statement that can write the object's SQLite bumps
 * the generation before it runs, so an entry read at generation `g` is exactly the state while the
 * generation is still `g`. A key deleted or deactivated, its user deleted or renamed, the account closing,
 * purged or created again: each is a write, so the next call reads again. Refusals are never kept (they
 * are read again each time), and an entry only answers the same key id, principal and account it was read
 * for. Sessions and console sessions are resolved uncached.
 */
import { rootArn } from '../../core/arn';
import { BoundedCache } from '../../core/bounded-cache';
import { constantTimeEqualString } from '../../core/bytes';
import { invalidClientTokenId } from '../../core/errors';
import { passwordVersionOf } from '../../core/password-hash';
import { ROOT_PASSWORD_OWNER, type AccessKeyRecord } from '../../core/records';
import { isSessionOfIncarnation } from '../../core/session-token';
import type { Caller, SessionInfo } from '../../services/context';
import type { SqliteAccountStore } from '../account-store/index';

/** Keys whose resolution one object keeps at most. */
const MAX_KEYS = 500;

/** A long-term key's resolution at one generation: for whom it was read, its record, and what the caller becomes. */
interface KeyEntry {
  readonly generation: number;
  readonly accountId: string;
  readonly type: Caller['type'];
  readonly principalId: string;
  readonly key: AccessKeyRecord;
  readonly resolved: Partial<Caller>;
}

/** Resolves callers against one object's state; see the module comment. */
export class CallerResolver {
  readonly #keys = new BoundedCache<string, KeyEntry>({ maxEntries: MAX_KEYS });
  readonly #partition: () => string;
  readonly #generation: () => number;

  constructor(partition: () => string, generation: () => number) {
    this.#partition = partition;
    this.#generation = generation;
  }

  /**
   * The caller as `store` holds it now, or InvalidClientTokenId. `onKey` receives the caller's key record
   * when it has one (for the use record after the call: its last-use fields are current, see last-use.ts).
   */
  resolve(store: SqliteAccountStore, caller: Caller, onKey: (key: AccessKeyRecord) => void): Caller {
    if (!caller.session && !caller.console) return this.#resolveKey(store, caller, onKey);
    const account = store.getAccount();
    if (!account || account.status !== 'active' || account.accountId !== caller.accountId) throw invalidClientTokenId();
    if (caller.session) {
      // A session of an earlier account that had this id is not a session of this one.
      if (!isSessionOfIncarnation(caller.session, account.createdAt)) throw invalidClientTokenId();
      return resolveSession(store, caller, caller.session);
    }
    return this.#resolveConsole(store, caller, caller.console!.passwordVersion, account.createdAt);
  }

  /** A long-term key (root or user), through the cache. */
  #resolveKey(store: SqliteAccountStore, caller: Caller, onKey: (key: AccessKeyRecord) => void): Caller {
    // Read before the statements below: none of them writes, so an entry stored is of exactly this generation.
    const generation = this.#generation();
    const hit = this.#keys.get(caller.accessKeyId);
    const entry = hit && hit.generation === generation && answers(hit, caller) ? hit : this.#readKey(store, caller, generation);
    onKey(entry.key);
    return { ...caller, ...entry.resolved };
  }

  /** Reads a key's resolution (and keeps it); throws InvalidClientTokenId, keeping nothing, when refused. */
  #readKey(store: SqliteAccountStore, caller: Caller, generation: number): KeyEntry {
    const account = store.getAccount();
    if (!account || account.status !== 'active' || account.accountId !== caller.accountId) throw invalidClientTokenId();
    const key = store.findAccessKey(caller.accessKeyId);
    const expectedUser = caller.type === 'User' ? caller.principalId : null;
    if (!key || key.status !== 'Active' || key.userId !== expectedUser) throw invalidClientTokenId();
    let resolved: Partial<Caller>;
    if (caller.type === 'Account') {
      resolved = { arn: rootArn(this.#partition(), account.accountId), principalId: account.accountId };
    } else {
      const user = store.findUserById(caller.principalId);
      if (!user) throw invalidClientTokenId();
      resolved = { arn: user.arn, userName: user.userName };
    }
    const entry: KeyEntry = { generation, accountId: caller.accountId, type: caller.type, principalId: caller.principalId, key, resolved };
    this.#keys.set(caller.accessKeyId, entry);
    return entry;
  }

  /**
   * A console session (src/console/): it acts as its principal while the account is the incarnation it
   * signed in to and the principal's password is the one it signed in with (a changed password or a
   * deleted login profile ends it, as AWS ends console sessions).
   */
  #resolveConsole(store: SqliteAccountStore, caller: Caller, passwordVersion: string, incarnation: string): Caller {
    if (caller.accountCreatedAt !== incarnation) throw invalidClientTokenId();
    const owner = caller.type === 'Account' ? ROOT_PASSWORD_OWNER : caller.type === 'User' ? caller.principalId : undefined;
    const profile = owner === undefined ? undefined : store.findLoginProfile(owner);
    if (!profile || !constantTimeEqualString(passwordVersionOf(profile.passwordHash, profile.passwordChangedAt), passwordVersion)) throw invalidClientTokenId();
    if (caller.type === 'Account') return { ...caller, arn: rootArn(this.#partition(), caller.accountId), principalId: caller.accountId, accessKeyId: '' };
    const user = store.findUserById(caller.principalId);
    if (!user) throw invalidClientTokenId();
    return { ...caller, arn: user.arn, userName: user.userName, accessKeyId: '' };
  }
}

/** Whether a kept resolution was read for this caller: the same key id (the cache's key), account, kind and principal. */
const answers = (entry: KeyEntry, caller: Caller): boolean =>
  entry.accountId === caller.accountId && entry.type === caller.type && entry.principalId === caller.principalId;

/**
 * A caller with temporary credentials (the token was verified in the isolate). As in AWS, credentials
 * from GetFederationToken can never call IAM, nor can those from GetSessionToken without MFA; a role
 * session acts as its role, which must still exist.
 */
function resolveSession(store: SqliteAccountStore, caller: Caller, session: SessionInfo): Caller {
  if (session.kind === 'federated-user') throw invalidClientTokenId();
  if (session.kind === 'session-token') {
    if (!session.mfa) throw invalidClientTokenId();
    if (caller.type === 'Account') return caller;
    const user = store.findUserById(caller.principalId);
    if (!user) throw invalidClientTokenId();
    return { ...caller, arn: user.arn, userName: user.userName };
  }
  if (!store.findRoleById(caller.principalId)) throw invalidClientTokenId();
  return caller;
}
