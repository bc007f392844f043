/**
 * @module The policies of a principal as the data plane sees them: read from the D1 read model (one round
 * trip), compiled once per policy version, and cached per isolate for {@link POLICY_SET_TTL_MS}. Used for
 * calls answered in the isolate (STS); IAM calls are authorized by the account's object against its own
 * state. The propagation bound of a policy change here is replica lag plus this TTL.
 */
import type { TagRecord } from '../core/records';
import { docsFromRows, PolicyCompileCache, type PrincipalPolicies } from '../services/policy-set';
import type { Env } from '../env';
import { loadUserPolicyRows, readModelFor } from '../storage/read-model';
import type { Authenticated } from './authenticate';

/** How long an isolate reuses a principal's policy set (milliseconds); same bound as key records. */
export const POLICY_SET_TTL_MS = 5_000;
/** Principals whose policy sets an isolate keeps at most. */
const POLICY_SET_MAX_ENTRIES = 5_000;

const NONE: PrincipalPolicies = { identity: [], boundary: [] };

/** Per-isolate cache of principals' compiled policy sets. */
export class DataPlanePolicies {
  readonly #env: Env;
  readonly #compiled = new PolicyCompileCache();
  readonly #sets = new Map<string, { policies: PrincipalPolicies; expires: number }>();

  constructor(env: Env) {
    this.#env = env;
  }

  /** The caller's compiled policies; the root user has none (it needs none in its own account). */
  async of(auth: Authenticated, nowMs: number, bookmark: string | null): Promise<PrincipalPolicies> {
    const { caller, principal } = auth;
    if (caller.type !== 'User' || principal === null) return NONE;
    const key = `${caller.accountId}/${caller.principalId}`;
    const hit = this.#sets.get(key);
    if (hit && hit.expires > nowMs && bookmark === null) return hit.policies;
    const session = readModelFor(this.#env, caller.accountId).withSession(bookmark ?? 'first-unconstrained');
    const rows = await loadUserPolicyRows(session, caller.accountId, caller.principalId, principal.boundaryArn);
    const policies = this.#compiled.compile(docsFromRows(rows, this.#env.IAM_PARTITION || 'aws'));
    this.#sets.delete(key);
    this.#sets.set(key, { policies, expires: nowMs + POLICY_SET_TTL_MS });
    if (this.#sets.size > POLICY_SET_MAX_ENTRIES) this.#sets.delete(this.#sets.keys().next().value as string);
    return policies;
  }
}

/** The caller's tags as records, from the read model's JSON. */
export function tagsOf(auth: Authenticated): TagRecord[] {
  if (!auth.principal) return [];
  try {
    return (JSON.parse(auth.principal.tags) as { Key: string; Value: string }[]).map((t) => ({ key: t.Key, value: t.Value }));
  } catch {
    return [];
  }
}

const instances = new WeakMap<Env, DataPlanePolicies>();

/** The isolate's DataPlanePolicies for this env. */
export function dataPlanePoliciesFor(env: Env): DataPlanePolicies {
  let p = instances.get(env);
  if (!p) instances.set(env, (p = new DataPlanePolicies(env)));
  return p;
}

