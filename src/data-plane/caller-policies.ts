/**
 * @module The policies of a caller as the data plane sees them: read from the D1 read model (one round
 * trip for the policies, plus one for the principal of a session), compiled once per policy version, and
 * cached per isolate for {@link POLICY_SET_TTL_MS}. Used for calls answered in the isolate (STS); IAM calls
 * are authorized by the account's object against its own state. The propagation bound of a policy change
 * here is replica lag plus this TTL.
 */
import { BoundedCache } from '../core/bounded-cache';
import type { TagRecord } from '../core/records';
import type { Caller } from '../services/context';
import { docsFromRows, PolicyCompileCache, type PrincipalPolicies } from '../services/policy-set';
import { partitionOf, type Env } from '../env';
import { ensureAwsManagedCatalog } from '../storage/aws-managed-catalog';
import { findPrincipal, loadPolicyRows, principalTags, readModelFor, type D1Like } from '../storage/read-model';
import type { Authenticated } from './authenticate';

/** How long an isolate reuses a principal's policy set (milliseconds); same bound as key records. */
export const POLICY_SET_TTL_MS = 5_000;
/** Principals whose policy sets an isolate keeps at most. */
const POLICY_SET_MAX_ENTRIES = 5_000;

/** A caller's compiled policies and the tags its requests carry as `aws:PrincipalTag/*`. */
export interface CallerPolicies {
  policies: PrincipalPolicies;
  tags: TagRecord[];
}

const NONE: CallerPolicies = { policies: { identity: [], boundary: [] }, tags: [] };

/** Per-isolate cache of callers' compiled policy sets. */
export class DataPlanePolicies {
  readonly #env: Env;
  readonly #compiled = new PolicyCompileCache();
  readonly #sets = new BoundedCache<string, CallerPolicies>({ maxEntries: POLICY_SET_MAX_ENTRIES, ttlMs: POLICY_SET_TTL_MS, order: 'recently-written' });

  constructor(env: Env) {
    this.#env = env;
  }

  /** The caller's compiled policies and tags; the root user has none (it needs none in its account). */
  async of(auth: Authenticated, nowMs: number, bookmark: string | null): Promise<CallerPolicies> {
    const { caller } = auth;
    if (caller.type === 'Account') return NONE;
    const s = caller.session;
    // The account's incarnation is part of the key: no set outlives the account it was read for.
    const key = `${caller.accountId}/${caller.accountCreatedAt ?? ''}/${caller.type}/${caller.principalId}/${(s?.policyArns ?? []).join(',')}/${s?.policy ?? ''}`;
    const hit = bookmark === null ? this.#sets.get(key, nowMs) : undefined;
    if (hit) return hit;
    const db = readModelFor(this.#env, caller.accountId).withSession(bookmark ?? 'first-unconstrained');
    const value = await this.#load(db, auth, caller, nowMs);
    this.#sets.set(key, value, nowMs);
    return value;
  }

  async #load(db: D1Like, auth: Authenticated, caller: Caller, nowMs: number): Promise<CallerPolicies> {
    const partition = partitionOf(this.#env);
    const entityType = caller.type === 'AssumedRole' ? 'role' : 'user';
    const principal = auth.principal ?? (await findPrincipal(db, caller.accountId, caller.principalId)) ?? null;
    if (!principal) return NONE;
    const rows = await loadPolicyRows(db, caller.accountId, entityType, caller.principalId, principal.boundaryArn, caller.session?.policyArns ?? []);
    // AWS-managed documents come from the deployment's catalog, made current here (one small query per 5 s).
    if (rows.some((r) => r.document === null)) await ensureAwsManagedCatalog(this.#env.DB, nowMs);
    const docs = docsFromRows(rows, partition, caller.session);
    // Federated users carry only their session tags; users and roles their own (sessions override them).
    const tags = caller.type === 'FederatedUser' ? [] : principalTags(principal.tags);
    return { policies: this.#compiled.compile(docs), tags };
  }
}

const instances = new WeakMap<Env, DataPlanePolicies>();

/** The isolate's DataPlanePolicies for this env. */
export function dataPlanePoliciesFor(env: Env): DataPlanePolicies {
  let p = instances.get(env);
  if (!p) instances.set(env, (p = new DataPlanePolicies(env)));
  return p;
}
