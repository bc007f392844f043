/**
 * @module A plan applied in memory: for a SaaS that filters a list it already holds (or a page it
 * fetched wider than the plan's SQL could say), and the reference meaning of a plan for the tests.
 * Compiled once per plan with the engine's own matchers: ARN patterns by IAM's matching (`compileArn`,
 * no variables: a plan's patterns are literal), conditions by IAM's operators with literal values on the
 * resource's own keys (`conditionHolds`: absent keys, `…IfExists`, `ForAnyValue:`/`ForAllValues:`).
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
import type { ResourceFilter } from '../decision/contract';
import { compileConditions, conditionsHold, type CompiledCondition, type ConditionContext } from './conditions';
import { arnMatches, compileArn, type ArnPattern } from './match';
import type { ResourcePlan } from './plan';
import type { ContextValue } from './types';

/** A resource's own keys (`aws:ResourceTag/team`, `acme:ProjectVisibility`), any case. */
export type ResourceKeys = Readonly<Record<string, ContextValue>>;

interface CompiledFilter {
  readonly resources: readonly ArnPattern[];
  readonly notResources: readonly ArnPattern[];
  readonly conditions: readonly CompiledCondition[];
}

/** The resource's keys as conditions read them: lowercased, no policy variables, parses not cached. */
function keyContext(keys: ResourceKeys): ConditionContext {
  const m = new Map<string, ContextValue>();
  for (const [k, v] of Object.entries(keys)) if (v !== undefined) m.set(k.toLowerCase(), v);
  return {
    value: (k) => m.get(k),
    variable: () => undefined,
    memo: (parse, value) => parse(value),
  };
}

function compileFilter(f: ResourceFilter): CompiledFilter {
  const conditions: CompiledCondition[] = [];
  for (const c of f.conditions ?? []) {
    const compiled = compileConditions({ [c.operator]: { [c.key]: c.values } }, false);
    // A plan only carries operators IAM knows; one that is not is a broken plan, never an allow.
    if (!compiled.ok) throw new Error(`plan condition with unknown operator ${c.operator}`);
    conditions.push(...compiled.conditions);
  }
  return {
    resources: f.resources.map((p) => compileArn(p, false)),
    notResources: (f.notResources ?? []).map((p) => compileArn(p, false)),
    conditions,
  };
}

function filterHolds(f: CompiledFilter, arn: string, ctx: ConditionContext): boolean {
  return f.resources.some((p) => arnMatches(p, arn, undefined))
    && !f.notResources.some((p) => arnMatches(p, arn, undefined))
    && conditionsHold(f.conditions, ctx);
}

/** Whether one filter matches the resource. */
export function filterMatches(f: ResourceFilter, arn: string, keys: ResourceKeys = {}): boolean {
  return filterHolds(compileFilter(f), arn, keyContext(keys));
}

/**
 * Compiles a plan into a test of one resource: passes when some allow filter matches and no deny filter
 * does. For a plan that is not exact, passing makes the resource a candidate for a per-resource
 * decision, never an allow.
 */
export function compilePlan(plan: ResourcePlan): (arn: string, keys?: ResourceKeys) => boolean {
  if (plan.kind === 'Allow') return () => true;
  if (plan.kind === 'Deny') return () => false;
  const allow = plan.allow.map(compileFilter);
  const deny = plan.deny.map(compileFilter);
  return (arn, keys = {}) => {
    const ctx = keyContext(keys);
    return allow.some((f) => filterHolds(f, arn, ctx)) && !deny.some((f) => filterHolds(f, arn, ctx));
  };
}
