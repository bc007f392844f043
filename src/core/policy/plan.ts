/**
 * @module Plan for list pages (what Cerbos calls PlanResources and OPA partial evaluation): for one
 * principal and one action, the resources of the principal's own account on which `authorize()` would
 * allow, as filters a SaaS turns into its query (ARN patterns → `GLOB`/`LIKE`, tag conditions →
 * subqueries or joins: plan-sql.ts) or applies in memory (plan-match.ts), instead of deciding row by row.
 *
 * The meaning, checked by a property test against `authorize()` (test/unit/policy/plan-properties.test.ts):
 * a resource with ARN `a` and resource keys `R` (its `aws:ResourceTag/*`, the SaaS's keys) is allowed,
 * with the request context completed by `R`, iff it matches some `allow` filter and no `deny` filter,
 * when `exact`. When not `exact`, `allow` is a superset (candidates to decide one by one) and `deny` holds
 * only resources certainly denied, so filtering never shows what a decision would refuse.
 * A filter matches when the ARN matches one of `resources` (IAM's matching), none of `notResources`, and
 * every condition holds as the IAM operator would hold on the resource's key (absent keys as IAM treats
 * them, `…IfExists`, `ForAnyValue:`/`ForAllValues:` over multivalued keys); condition keys are lowercased.
 *
 * Combined as decide.ts combines: an explicit deny in identity, boundary or session policies wins;
 * identity allows are intersected with the boundary's and the session policies' allows; the account's
 * root user gets everything. No resource-based policy takes part: a plan covers the principal's own
 * account, where identity policies suffice (a resource shared by another account's policy is decided
 * per resource).
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
 */
import type { ResourceFilter } from '../decision/contract';
import { statementsForAction, type CompiledPolicy } from './compile';
import { arnIncludes, arnsDisjoint, intersectArns, minimalArns, MINIMIZE_MAX_PATTERNS, withCompareBudget } from './plan-pattern';
import { knownKeys, residualOf, type FilterCondition } from './plan-statement';
import { prepareRequest, type PreparedRequest } from './request';
import type { AuthzRequest } from './types';

export type { ResourceFilter } from '../decision/contract';

/** A plan: `Allow` every resource, `Deny` every one, or `Filter` with the lists. */
export interface ResourcePlan {
  kind: 'Allow' | 'Deny' | 'Filter';
  allow: ResourceFilter[];
  deny: ResourceFilter[];
  exact: boolean;
}

/** What `planResources` takes: `authorize()`'s input without the resource and the resource policy. */
export interface PlanQuery {
  /**
   * The caller and the action; `context` holds what `authorize()` would get for any resource of the page
   * (the request's global keys, `aws:SourceIp`, `aws:CurrentTime`…, and the SaaS's keys common to the
   * page), never a resource's own keys: the plan is exact only relative to that context.
   */
  request: Omit<AuthzRequest, 'resource'>;
  identityPolicies: readonly CompiledPolicy[];
  boundaryPolicies?: readonly CompiledPolicy[];
  sessionPolicies?: readonly CompiledPolicy[];
}

/**
 * Filter pairs an intersection may build (identity × boundary × session), and 16 times as many pattern
 * pairs. Past it the identity side alone stands (a superset) and the plan is not exact: plans stay small
 * enough to become a query, and quick to build.
 */
export const PLAN_INTERSECTION_MAX = 256;

const allowAll = (): ResourcePlan => ({ kind: 'Allow', allow: [{ resources: ['*'] }], deny: [], exact: true });
const denyAll = (): ResourcePlan => ({ kind: 'Deny', allow: [], deny: [], exact: true });

/** The allow and deny filters of one policy set. */
interface Side {
  allow: ResourceFilter[];
  deny: ResourceFilter[];
  exact: boolean;
}

/** Partially evaluates every statement of `policies` that matches the action. */
function sideOf(policies: readonly CompiledPolicy[], req: PreparedRequest): Side {
  const known = knownKeys(req);
  const side: Side = { allow: [], deny: [], exact: true };
  for (const p of policies) {
    for (const st of statementsForAction(p, req.action, req.service)) {
      const r = residualOf(st, req, known);
      if (r.kind === 'never') continue;
      if (!r.exact) side.exact = false;
      if (st.effect === 'Allow') side.allow.push(r.filter);
      // A Deny that cannot be said exactly is left to the per-resource decision: `deny` stays certain.
      else if (r.exact) side.deny.push(r.filter);
    }
  }
  return side;
}

/** Two filters' conjunction: both ARN lists, every exclusion, every condition. */
function intersectFilters(a: ResourceFilter, b: ResourceFilter): { filter?: ResourceFilter; exact: boolean } {
  const { patterns, exact } = intersectArns(a.resources, b.resources);
  if (patterns.length === 0) return { exact };
  const notResources = minimalArns([...(a.notResources ?? []), ...(b.notResources ?? [])]);
  const conditions = [...(a.conditions ?? []), ...(b.conditions ?? [])];
  const filter: ResourceFilter = {
    resources: patterns,
    ...(notResources.length ? { notResources } : {}),
    ...(conditions.length ? { conditions: dedupeConditions(conditions) } : {}),
  };
  return { filter, exact };
}

/** The union of pairwise conjunctions; past {@link PLAN_INTERSECTION_MAX} pairs, `xs` alone (a superset). */
function intersectSides(xs: ResourceFilter[], ys: ResourceFilter[]): { allow: ResourceFilter[]; exact: boolean } {
  if (ys.some(universal)) return { allow: xs, exact: true };
  const patterns = (list: ResourceFilter[]) => list.reduce((n, f) => n + f.resources.length, 0);
  if (xs.length * ys.length > PLAN_INTERSECTION_MAX || patterns(xs) * patterns(ys) > PLAN_INTERSECTION_MAX * 16) {
    return { allow: xs, exact: false };
  }
  const allow: ResourceFilter[] = [];
  let exact = true;
  for (const x of xs) {
    for (const y of ys) {
      const r = intersectFilters(x, y);
      exact &&= r.exact;
      if (r.filter) allow.push(r.filter);
    }
  }
  return { allow, exact };
}

const conditionId = (c: FilterCondition) => JSON.stringify([c.operator, c.key, [...c.values].sort()]);

function dedupeConditions(list: FilterCondition[]): FilterCondition[] {
  const seen = new Set<string>();
  return list.filter((c) => { const id = conditionId(c); if (seen.has(id)) return false; seen.add(id); return true; });
}

/** A filter every resource matches. */
const universal = (f: ResourceFilter) =>
  f.resources.includes('*') && !f.notResources?.length && !f.conditions?.length;

/** Condition ids of each filter, computed once (filters are compared pairwise). */
const CONDITION_IDS = new WeakMap<ResourceFilter, ReadonlySet<string>>();
function conditionIds(f: ResourceFilter): ReadonlySet<string> {
  let ids = CONDITION_IDS.get(f);
  if (!ids) CONDITION_IDS.set(f, (ids = new Set((f.conditions ?? []).map(conditionId))));
  return ids;
}

/**
 * Whether every resource `x` restricted to `patterns` matches also matches `y` (sound, not complete):
 * `y`'s conditions among `x`'s, each of `y`'s exclusions covered by one of `x`'s or outside `x`'s
 * patterns, `x`'s patterns within `y`'s. Cheapest checks first.
 */
function filterIncludes(y: ResourceFilter, x: ResourceFilter, patterns: readonly string[] = x.resources): boolean {
  const ys = conditionIds(y), xs = conditionIds(x);
  if (ys.size > xs.size) return false;
  for (const id of ys) if (!xs.has(id)) return false;
  for (const n of y.notResources ?? []) {
    const covered = (x.notResources ?? []).some((m) => arnIncludes(m, n)) || patterns.every((p) => arnsDisjoint(p, n));
    if (!covered) return false;
  }
  return patterns.every((p) => y.resources.some((q) => arnIncludes(q, p)));
}

/**
 * The same set of resources in fewer, simpler filters: filters differing only in their ARN patterns are
 * merged, then a pattern is dropped where another filter already covers it (a filter left without
 * patterns goes). Each step keeps the union, given the list as it stands.
 */
function normalize(list: readonly ResourceFilter[]): ResourceFilter[] {
  const merged = new Map<string, ResourceFilter>();
  for (const f of list) {
    const key = JSON.stringify([[...(f.notResources ?? [])].sort(), [...conditionIds(f)].sort()]);
    const seen = merged.get(key);
    if (seen) seen.resources = [...seen.resources, ...f.resources];
    else merged.set(key, { ...f, resources: [...f.resources] });
  }
  const out = [...merged.values()];
  for (const f of out) f.resources = minimalArns(f.resources);
  // Pruning across filters compares every pattern with every filter: only for plans of a sane size.
  if (out.reduce((n, f) => n + f.resources.length, 0) > MINIMIZE_MAX_PATTERNS) return out;
  for (let i = 0; i < out.length; i++) {
    const f = out[i]!;
    f.resources = f.resources.filter((p) => !out.some((g, j) => j !== i && g.resources.length > 0 && filterIncludes(g, f, [p])));
  }
  return out.filter((f) => f.resources.length > 0);
}

/**
 * A deny filter's patterns that may meet an allowed resource: some allow pattern overlaps them and is not
 * wholly inside one of the filter's exclusions. The others deny nothing a filter would show.
 */
function relevantDeny(d: ResourceFilter, allow: readonly ResourceFilter[]): ResourceFilter {
  const reachable = allow.flatMap((a) => a.resources).filter((q) => !(d.notResources ?? []).some((n) => arnIncludes(n, q)));
  return { ...d, resources: d.resources.filter((p) => reachable.some((q) => !arnsDisjoint(p, q))) };
}

/**
 * Glob-comparison work one plan may do (cells of plan-pattern.ts's inclusion tables): a few milliseconds.
 * Past it, patterns are no longer found nested, so plans come out less tidy or not exact, never wrong.
 */
export const PLAN_COMPARE_BUDGET_CELLS = 500_000;

/** The plan for one principal and one action. Pure and total for validated policies. */
export function planResources(q: PlanQuery): ResourcePlan {
  return withCompareBudget(PLAN_COMPARE_BUDGET_CELLS, () => plan(q));
}

function plan(q: PlanQuery): ResourcePlan {
  const { request } = q;
  const p = request.principal;
  // Without a resource-based policy nothing of another account is reachable (decide.ts, `allowedVia`).
  if (request.resourceAccountId !== undefined && request.resourceAccountId !== p.accountId) return denyAll();
  if (p.type === 'Root') return allowAll();
  const isSession = p.type === 'AssumedRole' || p.type === 'FederatedUser';
  // Services, web-identity and anonymous callers have no identity policies: only a resource policy grants.
  if (!isSession && p.type !== 'User') return denyAll();
  const hasBoundary = (q.boundaryPolicies?.length ?? 0) > 0;
  const hasSessionPolicy = isSession && (q.sessionPolicies?.length ?? 0) > 0;
  // A federated user session without a session policy has no permissions (decide.ts, `sessionOk`).
  if (p.type === 'FederatedUser' && !hasSessionPolicy) return denyAll();

  const req = prepareRequest({ ...request, resource: '*' }, { hasBoundary });
  const identity = sideOf(q.identityPolicies, req);
  const sides = [identity];
  let allow = identity.allow;
  let exact = identity.exact;
  for (const [present, policies] of [[hasBoundary, q.boundaryPolicies], [hasSessionPolicy, q.sessionPolicies]] as const) {
    if (!present) continue;
    const side = sideOf(policies!, req);
    sides.push(side);
    const meet = intersectSides(normalize(allow), normalize(side.allow));
    allow = meet.allow;
    // A superset on the limiting side only widens the intersection: still a superset.
    exact &&= side.exact && meet.exact;
  }
  const deny = normalize(sides.flatMap((s) => s.deny));
  if (deny.some(universal)) return denyAll();
  // An allow filter inside a deny filter adds nothing; a deny filter outside every allow filter neither.
  allow = normalize(allow).filter((a) => !deny.some((d) => filterIncludes(d, a)));
  if (allow.length === 0) return denyAll();
  const relevant = deny.map((d) => relevantDeny(d, allow)).filter((d) => d.resources.length > 0);
  if (exact && relevant.length === 0 && allow.some(universal)) return allowAll();
  return { kind: 'Filter', allow, deny: relevant, exact };
}
