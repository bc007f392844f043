/**
 * @module The caller's compiled policy set and principal tags, kept inside the account's object between
 * calls, behind the object's write generation (context.ts, `AccountContext.generation`).
 *
 * Resolving them costs about six SQLite statements per IAM call (the inline and attached policies of the
 * principal and of each of its groups, its boundary, the password policy's grant, its tags); a caller
 * usually calls again before anything in the account changes. The object is single-threaded and every
 * statement that can write its SQLite bumps the generation before it runs, so an entry read at generation
 * `g` is exactly the state while the generation is still `g`: the cache never outlives a write (committed
 * or rolled back), an account's incarnation (deleting, closing and re-creating the account all write) or a
 * migration (which bumps it too). A new object instance starts empty.
 */
import { BoundedCache } from '../../core/bounded-cache';
import type { AccountStore } from '../../core/ports';
import type { TagRecord } from '../../core/records';
import type { Caller } from '../../services/context';
import { callerPolicyDocs, type PolicyCompileCache, type PrincipalPolicies } from '../../services/policy-set';

/** Callers kept at most per object (each entry holds compiled policies shared with the compile cache). */
const MAX_CALLERS = 500;

/** What authorization reads of its caller from the account's state. */
export interface CallerAuthz {
  /** The user's or role's tags (`aws:PrincipalTag/*`). */
  readonly tags: readonly TagRecord[];
  readonly policies: PrincipalPolicies;
}

interface Entry extends CallerAuthz {
  readonly generation: number;
}

/** The tags `aws:PrincipalTag/*` reads: the user's or the role's; none for the root user or a federated user. */
function principalTags(store: AccountStore, caller: Caller): TagRecord[] {
  if (caller.type === 'User') return store.listTags('user', caller.principalId);
  if (caller.type === 'AssumedRole') return store.listTags('role', caller.principalId);
  return [];
}

/** Reads (and compiles) a caller's tags and policies from `store`, uncached. */
export function readCallerAuthz(store: AccountStore, partition: string, caller: Caller, policies: PolicyCompileCache): CallerAuthz {
  return { tags: principalTags(store, caller), policies: policies.compile(callerPolicyDocs(store, partition, caller)) };
}

/**
 * The key of a caller whose policies depend on the account's state only: its kind, principal and ARN (the
 * password policy's grant names the ARN). A caller with session policies is not cached (its policies also
 * depend on its session), nor is a federated user (it cannot call IAM). Session tags are not part of an
 * entry: they are merged over the cached principal tags per request (services/authz-enforce.ts principalOf).
 */
function keyOf(caller: Caller): string | undefined {
  const s = caller.session;
  if (caller.type === 'FederatedUser') return undefined;
  if (s && (s.policy !== undefined || s.policyArns?.length)) return undefined;
  return `${caller.type}\0${caller.principalId}\0${caller.arn}`;
}

/** See the module comment; `generation` is the object's write generation. */
export class CallerPolicyCache {
  readonly #entries = new BoundedCache<string, Entry>({ maxEntries: MAX_CALLERS });
  readonly #generation: () => number;

  constructor(generation: () => number) {
    this.#generation = generation;
  }

  /** The caller's tags and compiled policies as `store` holds them now. */
  get(store: AccountStore, partition: string, caller: Caller, policies: PolicyCompileCache): CallerAuthz {
    const key = keyOf(caller);
    if (key === undefined) return readCallerAuthz(store, partition, caller, policies);
    // Read before the statements below: none of them writes, so the entry is of exactly this generation.
    const generation = this.#generation();
    const hit = this.#entries.get(key);
    if (hit && hit.generation === generation) return hit;
    const fresh = readCallerAuthz(store, partition, caller, policies);
    this.#entries.set(key, { ...fresh, generation });
    return fresh;
  }
}
