/**
 * @module Compile: a parsed, validated `PolicyDocument` → matchers, once per policy version. Actions
 * are lowercased and split into an exact-match set plus globs, and every statement is indexed by the
 * service prefixes it can match, so statements that cannot match the requested action are never looked
 * at. Callers cache the result per policy version; evaluation never re-parses or re-compiles.
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

/** One compiled policy: its statements, indexed by lowercased service prefix. */
export interface CompiledPolicy {
  readonly policyId: string;
  readonly policyType: PolicyType;
  readonly versionId?: string;
  readonly statements: readonly CompiledStatement[];
  /** Statements whose actions all name this service. */
  readonly byService: ReadonlyMap<string, readonly CompiledStatement[]>;
  /** Statements that may match any service (`*`, service wildcards, `NotAction`). */
  readonly anyService: readonly CompiledStatement[];
}

/** Where a policy comes from, for `StatementRef`s. */
export interface PolicySource {
  readonly policyId: string;
  readonly policyType: PolicyType;
  readonly versionId?: string;
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
    ...(st.principal ? { principal: compilePrincipal(st.principal) } : {}),
    ...(st.notPrincipal ? { notPrincipal: compilePrincipal(st.notPrincipal) } : {}),
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

/** Compiles a policy document once. Variables are substituted only under `Version: 2012-10-17`. */
export function compilePolicy(doc: PolicyDocument, source: PolicySource): CompiledPolicy {
  const variables = doc.version === '2012-10-17';
  const statements = doc.statements.map((st, i) => compileStatement(st, i, source, variables));
  const byService = new Map<string, CompiledStatement[]>();
  const anyService: CompiledStatement[] = [];
  // INVARIANT: a statement is listed under every service its Action list names, or in `anyService`
  // when it could match a service not known here; `evaluatePolicies` scans exactly these two lists, so a
  // statement is examined at most once per request and never when it cannot match the action.
  for (const st of statements) {
    const patterns = st.action ? [...st.action.exact].map((a) => a.slice(0, a.indexOf(':'))) : undefined;
    const globServices = st.action?.globs.map((g) => g.service);
    // Statements with NotAction, `*`, wildcard services or malformed actions can match any service.
    if (!patterns || !globServices || globServices.includes(undefined) || patterns.some((s) => s === '')) {
      anyService.push(st);
      continue;
    }
    for (const svc of new Set([...patterns, ...(globServices as string[])])) {
      let list = byService.get(svc);
      if (!list) byService.set(svc, (list = []));
      list.push(st);
    }
  }
  return {
    policyId: source.policyId,
    policyType: source.policyType,
    ...(source.versionId !== undefined ? { versionId: source.versionId } : {}),
    statements,
    byService,
    anyService,
  };
}
