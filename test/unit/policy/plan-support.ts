/**
 * The meaning of a plan, written independently of the planner: what a SaaS does with one. A filter
 * matches a resource when its ARN matches one of `resources` by IAM's matching (compileArn / arnMatches,
 * no variables), none of `notResources`, and each condition holds as the IAM operator holds with these
 * literal values on the resource's keys (conditions/index.ts). The tests compare this with `authorize()`.
 */
import type { ResourceFilter } from '../../../src/core/decision/contract';
import { compileConditions, conditionHolds } from '../../../src/core/policy/conditions';
import { arnMatches, compileArn } from '../../../src/core/policy/match';
import type { ResourcePlan } from '../../../src/core/policy/plan';
import { prepareRequest, type AuthzRequest } from '../../../src/core/policy';

const arnIn = (patterns: readonly string[], arn: string) => patterns.some((p) => arnMatches(compileArn(p, false), arn, undefined));

/** Whether one filter matches the resource `arn` whose request (context included) is `req`. */
export function filterMatches(f: ResourceFilter, req: AuthzRequest): boolean {
  if (!arnIn(f.resources, req.resource)) return false;
  if (f.notResources && arnIn(f.notResources, req.resource)) return false;
  const ctx = prepareRequest(req);
  for (const c of f.conditions ?? []) {
    const compiled = compileConditions({ [c.operator]: { [c.key]: c.values } }, false);
    if (!compiled.ok) throw new Error(`plan has an unknown operator ${c.operator}`);
    if (!conditionHolds(compiled.conditions[0]!, ctx)) return false;
  }
  return true;
}

/** Whether the plan lets the resource through: some allow filter and no deny filter match. */
export function planMatches(plan: ResourcePlan, req: AuthzRequest): boolean {
  if (plan.kind === 'Allow') return true;
  if (plan.kind === 'Deny') return false;
  return plan.allow.some((f) => filterMatches(f, req)) && !plan.deny.some((f) => filterMatches(f, req));
}
