/**
 * @module The one place the data plane decides whether an account is live, and which incarnation of it is:
 * every path that accepts a key or a session (authentication of Query API calls) or issues a session for
 * an account (AssumeRole and the federation actions into its roles, workload credentials) asks here.
 *
 * An account id can be closed and created again; the new account is another tenant. Its incarnation is its
 * creation time, which every session token carries (`acctAt`, core/session-token.ts) and every long-term
 * key's record is read with, so nothing of an earlier incarnation is honoured by a later one. A closing
 * account (marked in D1 before its rows are purged, storage/account/closing.ts) is refused at once, not only
 * once its purge succeeded.
 *
 * The account's row is read from D1 and cached per isolate for {@link ACCOUNT_STATE_TTL_MS} (the key
 * records' TTL, so a closing takes effect within the same propagation bound as a key's deletion); a request
 * carrying `x-iam-bookmark` bypasses the cache. Absent and closing accounts are cached too. A caller that
 * presents an incarnation (a session's `acctAt`, a key record's account) newer than what the cache knows
 * proves the cache stale, and the state is read again: a new tenant is never refused for an old one's
 * cached state, while an old tenant's sessions (older incarnations) are refused without any read.
 */
import { BoundedCache } from '../core/bounded-cache';
import type { Env } from '../env';
import { readAccountState, readModelFor, type AccountState } from '../storage/read-model';

/** How long an isolate trusts an account's state read from D1 (milliseconds): the key records' TTL. */
export const ACCOUNT_STATE_TTL_MS = 5_000;
/** Accounts whose state an isolate keeps at most. */
const ACCOUNT_STATE_MAX_ENTRIES = 5_000;

/** A live account: its incarnation. */
export interface LiveAccount {
  accountId: string;
  /** The account's creation time (ISO 8601), which identifies this incarnation of the id. */
  createdAt: string;
}

/** An account's state as read, and when (an absent account is cached too). */
interface CachedState {
  state: AccountState | undefined;
  readAt: number;
}

/** Per-isolate cache of accounts' states. */
export class AccountStates {
  readonly #env: Env;
  readonly #states = new BoundedCache<string, CachedState>({ maxEntries: ACCOUNT_STATE_MAX_ENTRIES, ttlMs: ACCOUNT_STATE_TTL_MS, order: 'recently-written' });

  constructor(env: Env) {
    this.#env = env;
  }

  /**
   * The account's live incarnation; undefined when the read model has no active account of that id.
   * `presented` is the incarnation the caller claims (ISO 8601), when it claims one: a newer one than the
   * cached state's bypasses the cache.
   */
  async live(accountId: string, nowMs: number, bookmark: string | null, presented?: string): Promise<LiveAccount | undefined> {
    const state = await this.#state(accountId, nowMs, bookmark, presented);
    return state?.status === 'active' ? { accountId, createdAt: state.createdAt } : undefined;
  }

  async #state(accountId: string, nowMs: number, bookmark: string | null, presented: string | undefined): Promise<AccountState | undefined> {
    const hit = bookmark === null ? this.#states.get(accountId, nowMs) : undefined;
    if (hit && !(presented !== undefined && newerThan(presented, hit))) return hit.state;
    const session = readModelFor(this.#env, accountId).withSession(bookmark ?? 'first-unconstrained');
    const state = await readAccountState(session, accountId);
    this.#states.set(accountId, { state, readAt: nowMs }, nowMs);
    return state;
  }
}

/**
 * Whether an incarnation is newer than a cached state: created after the cached account, or, when the
 * cache found none, after it looked. Incarnations never come back, so an older one is simply dead.
 */
function newerThan(presented: string, cached: CachedState): boolean {
  const at = Date.parse(presented);
  return cached.state ? at > Date.parse(cached.state.createdAt) : at > cached.readAt;
}
