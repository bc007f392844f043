/**
 * @module Partial evaluation of one statement for a plan: with the principal and the request context
 * known and the resource not, what is left of "this statement applies" is a filter on the resource (its
 * ARN against the Resource / NotResource patterns, and conditions on its own keys), or never, or
 * always. Everything known is decided here with the engine's own code (variables, `conditionHolds`);
 * only what depends on the resource is left, as IAM operators with literal values.
 *
 * A key is open (resource-specific) when the context has no value for it and it is not derived from the
 * principal: `aws:ResourceTag/*`, the SaaS's keys (`acme:ProjectVisibility`), any other absent key. Keys
 * derived from the principal (`aws:username`, `aws:PrincipalTag/*`…) are known even when absent: no
 * resource can supply them.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import type { ResourceFilter } from '../decision/contract';
import type { CompiledStatement } from './compile';
import { CONDITION_OPERATORS, conditionHolds, type CompiledCondition, type ConditionOperator } from './conditions';
import { parseDate } from './conditions/date';
import { parseNumber } from './conditions/numeric';
import type { ArnPattern, Glob } from './match';
import { minimalArns, renderArn, renderGlob, type KnownKey } from './plan-pattern';
import type { PreparedRequest } from './request';

/** A filter condition, as the contract spells it. */
export type FilterCondition = NonNullable<ResourceFilter['conditions']>[number];

/** What is left of a statement once everything known is decided. */
export type Residual =
  | { readonly kind: 'never' }
  | {
      readonly kind: 'filter';
      readonly filter: ResourceFilter;
      /**
       * False when something could not be said as a filter. For an Allow statement the filter is then
       * wider than the statement (a superset); a Deny statement's filter is then unusable.
       */
      readonly exact: boolean;
    };

const NEVER: Residual = { kind: 'never' };

/** Keys AWS derives from the principal (request.ts, `derivedValue`): known, even when absent. */
const PRINCIPAL_KEYS = new Set(['aws:username', 'aws:userid', 'aws:principalarn', 'aws:principalaccount', 'aws:principaltype']);
const PRINCIPAL_TAG = 'aws:principaltag/';

/** The classifier of keys for a plan request: known now, or open (depends on the resource). */
export function knownKeys(req: PreparedRequest): KnownKey {
  return (k) => req.value(k) !== undefined || PRINCIPAL_KEYS.has(k) || k.startsWith(PRINCIPAL_TAG);
}

const S = CONDITION_OPERATORS;
/** Operators whose values are globs: strings (wildcards in the `Like` ones) and Bool. */
const GLOB_OPERATORS = new Set<ConditionOperator>([
  S.StringEquals, S.StringNotEquals, S.StringEqualsIgnoreCase, S.StringNotEqualsIgnoreCase, S.Bool,
]);
const LIKE_OPERATORS = new Set<ConditionOperator>([S.StringLike, S.StringNotLike]);
const NUMERIC_OPERATORS = new Set<ConditionOperator>([
  S.NumericEquals, S.NumericNotEquals, S.NumericLessThan, S.NumericLessThanEquals, S.NumericGreaterThan, S.NumericGreaterThanEquals,
]);
const DATE_OPERATORS = new Set<ConditionOperator>([
  S.DateEquals, S.DateNotEquals, S.DateLessThan, S.DateLessThanEquals, S.DateGreaterThan, S.DateGreaterThanEquals,
]);

/** The operator as written in a policy: `ForAnyValue:StringLikeIfExists`. */
export function operatorName(c: CompiledCondition): string {
  const set = c.set === 'all' ? 'ForAllValues:' : c.set === 'any' ? 'ForAnyValue:' : '';
  return `${set}${c.op.name}${c.ifExists ? 'IfExists' : ''}`;
}

const isGlob = (v: unknown): v is Glob => typeof v === 'object' && v !== null && 'tokens' in v;
const isArnPattern = (v: unknown): v is ArnPattern => typeof v === 'object' && v !== null && 'kind' in v;

/** Variable keys the condition's values read (String, Bool and ARN operators substitute variables). */
function valueVariables(c: CompiledCondition): string[] {
  const keys: string[] = [];
  const scan = (g: Glob) => { for (const t of g.tokens) if (t.k === 3) keys.push(t.key); };
  for (const v of c.values) {
    if (isGlob(v)) scan(v);
    else if (isArnPattern(v) && v.kind === 'segments') scan(v.rest);
  }
  return keys;
}

/**
 * A condition on an open key as a filter condition with literal values, or undefined when it cannot be
 * said exactly (an operator a SaaS is not asked to implement, a value read from another open key, a
 * literal `*`/`?` in a `Like` value, a number or date that does not print back to itself).
 */
function filterCondition(c: CompiledCondition, req: PreparedRequest, known: KnownKey): FilterCondition | undefined {
  const values: string[] = [];
  if (c.op.presence) for (const v of c.values) values.push(String(v));
  else if (GLOB_OPERATORS.has(c.op) || LIKE_OPERATORS.has(c.op)) {
    for (const v of c.values) {
      const r = renderGlob(v as Glob, req, known, LIKE_OPERATORS.has(c.op), false);
      if (!r || !r.exact) return undefined;
      values.push(r.text);
    }
  } else if (NUMERIC_OPERATORS.has(c.op)) {
    for (const v of c.values) {
      const s = String(v);
      if (parseNumber(s) !== v) return undefined;
      values.push(s);
    }
  } else if (DATE_OPERATORS.has(c.op)) {
    for (const v of c.values) {
      const d = new Date(v as number);
      if (Number.isNaN(d.getTime())) return undefined;
      const s = d.toISOString();
      if (parseDate(s) !== v) return undefined;
      values.push(s);
    }
  } else return undefined;
  return { operator: operatorName(c), key: c.key, values };
}

/**
 * Partially evaluates a statement whose Action / NotAction matches the plan's action. For an Allow
 * statement, what cannot be said is dropped (the filter widens, `exact: false`); for a Deny statement
 * the caller discards an inexact residual.
 */
export function residualOf(st: CompiledStatement, req: PreparedRequest, known: KnownKey): Residual {
  let exact = true;
  // A required variable that is known and has no value: the statement does not apply (evaluate.ts).
  for (const k of st.required) {
    if (!known(k)) exact = false;
    else if (req.variable(k) === undefined) return NEVER;
  }

  let resources = ['*'];
  if (st.resource) {
    const list: string[] = [];
    for (const p of st.resource) {
      const r = renderArn(p, req, known);
      if (!r) continue;
      exact &&= r.exact;
      list.push(r.text);
    }
    if (list.length === 0) return NEVER;
    resources = minimalArns(list);
  }
  const notResources: string[] = [];
  if (st.notResource) {
    for (const p of st.notResource) {
      const r = renderArn(p, req, known);
      if (!r) continue;
      // A widened NotResource would exclude too much: left out, the filter is a superset.
      if (!r.exact) { exact = false; continue; }
      if (r.text === '*') return NEVER;
      notResources.push(r.text);
    }
  }

  const conditions: FilterCondition[] = [];
  for (const c of st.conditions) {
    const valueOpen = valueVariables(c).some((k) => !known(k));
    if (known(c.key) && !valueOpen) {
      if (!conditionHolds(c, req)) return NEVER;
      continue;
    }
    // A presence test without values (an invalid operator's stand-in, compile.ts) never holds.
    if (c.op.presence && c.values.length === 0) return NEVER;
    const fc = valueOpen ? undefined : filterCondition(c, req, known);
    if (fc) conditions.push(fc);
    else exact = false;
  }

  const filter: ResourceFilter = {
    resources,
    ...(notResources.length ? { notResources: minimalArns(notResources) } : {}),
    ...(conditions.length ? { conditions } : {}),
  };
  return { kind: 'filter', filter, exact };
}
