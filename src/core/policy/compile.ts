/**
 * @module Compile: a parsed, validated `PolicyDocument` → matchers, once per policy version. Actions
 * are lowercased and split into an exact-match set plus globs, and every statement is indexed by the
 * actions it can match (exact actions by the full action, wildcard actions by service prefix, the rest
 * as "any service"), so statements that cannot match the requested action are never looked at. For each
 * requested action the candidate list is resolved once and memoized on the compiled policy, so a
 * decision touches only statements whose Action/NotAction element matches. Callers cache the result per
 * policy version; evaluation never re-parses or re-compiles.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 */
import { compileConditions, type CompiledCondition } from './conditions';
import { compileAction, compileArn, globMatch, type ActionPattern, type ArnPattern } from './match';
import { compilePrincipal, type PrincipalSet } from './principal';
import type { Effect, PolicyDocument, PolicyType, Statement, StatementRef } from './types';

/** A compiled `Action` or `NotAction` list. */
export interface ActionSet {
  /** Lowercased actions without wildcards, for an O(1) check. */
  readonly exact: ReadonlySet<string>;
  readonly globs: readonly ActionPattern[];
}

/** One statement, ready to evaluate. */
export interface CompiledStatement {
  readonly ref: StatementRef;
  readonly effect: Effect;
  readonly action?: ActionSet;
  readonly notAction?: ActionSet;
  readonly resource?: readonly ArnPattern[];
  readonly notResource?: readonly ArnPattern[];
  readonly principal?: PrincipalSet;
  readonly notPrincipal?: PrincipalSet;
  readonly conditions: readonly CompiledCondition[];
  /** Variable keys (lowercased, no default) the statement needs; if one is unresolved it does not apply. */
  readonly required: readonly string[];
}

/** One compiled policy: its statements, indexed by the actions they can match. */
export interface CompiledPolicy {
  readonly policyId: string;
  readonly policyType: PolicyType;
  readonly versionId?: string;
  readonly statements: readonly CompiledStatement[];
  /**
   * Statements with an exact (wildcard-free) action, keyed by the full lowercased action
   * (`iam:createuser`), except those that also have a wildcard action in that action's service: they
   * are in `byServiceWildcard` only, so no statement is listed twice for one request.
   */
  readonly byAction: ReadonlyMap<string, readonly CompiledStatement[]>;
  /** Statements with a wildcard action (`iam:Get*`) in this lowercased service prefix. */
  readonly byServiceWildcard: ReadonlyMap<string, readonly CompiledStatement[]>;
  /** Statements that may match any service (`*`, service wildcards, `NotAction`, malformed actions). */
  readonly anyService: readonly CompiledStatement[];
  /**
   * Memo, lowercased action → the statements whose Action/NotAction matches it, in statement order.
   * Filled by `statementsForAction`, bounded by `ACTION_MEMO_MAX`; the only mutable part of a compiled
   * policy, and invisible in results (a hit and a miss yield the same list).
   */
  readonly actionMemo: Map<string, readonly CompiledStatement[]>;
}

/** Where a policy comes from, for `StatementRef`s. */
export interface PolicySource {
  readonly policyId: string;
  readonly policyType: PolicyType;
  readonly versionId?: string;
  /**
   * For a role trust policy: the principal ARNs IAM resolved to unique ids when the policy was saved
   * (ARN → `AIDA…` / `AROA…`); a bound ARN names only that principal (principal.ts, `boundIds`). A
   * 12-digit key pins another account to its incarnation (account id → creation time; principal.ts,
   * `incarnations`), for `Principal` and `NotPrincipal` alike.
   */
  readonly principalIds?: Readonly<Record<string, string>>;
}

/**
 * Splits an action list into exact actions (one Set lookup at evaluation) and wildcard patterns.
 * INVARIANT: everything is lowercased here, and the request action is lowercased once in
 * `prepareRequest`, so matching never folds case at evaluation time.
 */
function compileActions(list: readonly string[]): ActionSet {
  const exact = new Set<string>();
  const globs: ActionPattern[] = [];
  for (const a of list) {
    const p = compileAction(a);
    if (p.glob.exact !== undefined) exact.add(p.glob.exact);
    else globs.push(p);
  }
  return { exact, globs };
}

/** Whether the lowercased action is in the set. */
export function actionInSet(set: ActionSet, actionLower: string): boolean {
  if (set.exact.has(actionLower)) return true;
  for (let i = 0; i < set.globs.length; i++) {
    const g = set.globs[i]!.glob;
    if (globMatch(g, actionLower, 0, actionLower.length, undefined)) return true;
  }
  return false;
}

/**
 * Compiles one statement. Resource patterns and condition values report the variables they need, so
 * evaluation can check once, up front, that the statement is resolvable for the request.
 */
function compileStatement(st: Statement, index: number, source: PolicySource, variables: boolean): CompiledStatement {
  const ref: StatementRef = {
    policyId: source.policyId,
    policyType: source.policyType,
    ...(source.versionId !== undefined ? { versionId: source.versionId } : {}),
    ...(st.sid !== undefined ? { sid: st.sid } : {}),
    index,
    effect: st.effect,
  };
  const required: string[] = [];
  const arns = (list: readonly string[]) =>
    list.map((r) => {
      const p = compileArn(r, variables);
      if (p.kind === 'segments') required.push(...p.required);
      return p;
    });
  const compiled = st.condition ? compileConditions(st.condition, variables) : undefined;
  // INVARIANT: validation rejects unknown operators before compile; if one slips through, the statement
  // gets an impossible condition so it never applies (fail closed for Allow, open only for its Deny).
  const conditions = compiled === undefined ? [] : compiled.ok ? compiled.conditions : [IMPOSSIBLE];
  if (compiled?.ok) for (const c of compiled.conditions) required.push(...c.required);
  return {
    ref,
    effect: st.effect,
    ...(st.action ? { action: compileActions(st.action) } : {}),
    ...(st.notAction ? { notAction: compileActions(st.notAction) } : {}),
    ...(st.resource ? { resource: arns(st.resource) } : {}),
    ...(st.notResource ? { notResource: arns(st.notResource) } : {}),
    ...(st.principal ? { principal: compilePrincipal(st.principal, source.principalIds) } : {}),
    ...(st.notPrincipal ? { notPrincipal: compilePrincipal(st.notPrincipal, source.principalIds) } : {}),
    conditions,
    required: [...new Set(required)],
  };
}

// A condition that never holds: a presence test with no values.
const IMPOSSIBLE: CompiledCondition = {
  op: { name: 'Null', negated: false, variables: false, presence: true, compile: () => undefined, test: () => undefined },
  set: 'none',
  ifExists: false,
  key: '',
  values: [],
  required: [],
};

/** Service prefix of a lowercased action (or action pattern), the same way `prepareRequest` splits it. */
const serviceOf = (actionLower: string): string => {
  const colon = actionLower.indexOf(':');
  return colon < 0 ? actionLower : actionLower.slice(0, colon);
};

function push<K>(m: Map<K, CompiledStatement[]>, k: K, st: CompiledStatement) {
  const list = m.get(k);
  if (list) list.push(st);
  else m.set(k, [st]);
}

/** Compiles a policy document once. Variables are substituted only under `Version: 2012-10-17`. */
export function compilePolicy(doc: PolicyDocument, source: PolicySource): CompiledPolicy {
  const variables = doc.version === '2012-10-17';
  const statements = doc.statements.map((st, i) => compileStatement(st, i, source, variables));
  const byAction = new Map<string, CompiledStatement[]>();
  const byServiceWildcard = new Map<string, CompiledStatement[]>();
  const anyService: CompiledStatement[] = [];
  // INVARIANT: for a request action A of service S, every statement whose Action/NotAction can match A
  // is in exactly one of byAction[A], byServiceWildcard[S], anyService, and each list is in statement
  // order. A glob with a wildcard-free service `svc` starts with the literal `svc:`, so it can only match
  // actions of that service. Statements are visited in order, so the lists come out sorted.
  for (const st of statements) {
    const globs = st.action?.globs;
    // NotAction, `*`, wildcard services, and (invalid) statements without Action can match any service.
    if (!st.action || !globs || globs.some((g) => g.service === undefined)) {
      anyService.push(st);
      continue;
    }
    const wildServices = new Set(globs.map((g) => g.service as string));
    for (const svc of wildServices) push(byServiceWildcard, svc, st);
    for (const a of st.action.exact) if (!wildServices.has(serviceOf(a))) push(byAction, a, st);
  }
  return {
    policyId: source.policyId,
    policyType: source.policyType,
    ...(source.versionId !== undefined ? { versionId: source.versionId } : {}),
    statements,
    byAction,
    byServiceWildcard,
    anyService,
    actionMemo: new Map(),
  };
}

/** Whether a statement's Action / NotAction element matches the lowercased action. */
export function actionApplies(st: CompiledStatement, actionLower: string): boolean {
  return st.action ? actionInSet(st.action, actionLower) : st.notAction ? !actionInSet(st.notAction, actionLower) : true;
}

/**
 * Distinct actions memoized per compiled policy. Real action names are a bounded set (a few thousand
 * across all of AWS, far fewer per service); the bound keeps odd callers from growing the memo without
 * limit. Past it, lists are still resolved through the index, just not kept. Not a BoundedCache
 * (core/bounded-cache.ts) on purpose: the memo is read for every statement lookup of every request, it
 * never expires (a compiled policy is immutable) and never needs to evict (the cap only stops filling),
 * so a bare Map lookup is all it costs.
 */
export const ACTION_MEMO_MAX = 1024;

const NONE: readonly CompiledStatement[] = [];

/**
 * The statements of `p` whose Action / NotAction matches the lowercased `actionLower` (service prefix
 * `service`), in statement order. Resolved through the index on first use, then one Map lookup.
 */
export function statementsForAction(p: CompiledPolicy, actionLower: string, service: string): readonly CompiledStatement[] {
  const hit = p.actionMemo.get(actionLower);
  if (hit !== undefined) return hit;
  const exact = p.byAction.get(actionLower) ?? NONE;
  const wild = p.byServiceWildcard.get(service) ?? NONE;
  const any = p.anyService;
  // Three-way merge by statement index; byAction entries match by construction, the others are tested.
  const out: CompiledStatement[] = [];
  let i = 0, j = 0, k = 0;
  for (;;) {
    const a = i < exact.length ? exact[i]!.ref.index : Infinity;
    const b = j < wild.length ? wild[j]!.ref.index : Infinity;
    const c = k < any.length ? any[k]!.ref.index : Infinity;
    if (a === Infinity && b === Infinity && c === Infinity) break;
    if (a < b && a < c) out.push(exact[i++]!);
    else if (b < c) { const st = wild[j++]!; if (actionApplies(st, actionLower)) out.push(st); }
    else { const st = any[k++]!; if (actionApplies(st, actionLower)) out.push(st); }
  }
  const list = out.length === 0 ? NONE : out;
  if (p.actionMemo.size < ACTION_MEMO_MAX) p.actionMemo.set(actionLower, list);
  return list;
}
