/**
 * The meaning of a plan for the tests: the in-memory matcher a SaaS may use (core/policy/plan-match.ts),
 * applied to a resource's ARN and its own keys only. Written on the engine's matchers, not on the
 * planner, so the tests compare two independent routes to one answer.
 */
import type { ResourceFilter } from '../../../src/core/decision/contract';
import type { ContextValue } from '../../../src/core/policy';
import type { ResourcePlan } from '../../../src/core/policy/plan';
import { compilePlan, filterMatches as matches } from '../../../src/core/policy/plan-match';

/** The resource's own keys: the per-resource request's context without the page's keys. */
export type Keys = Readonly<Record<string, ContextValue>>;

export const filterMatches = (f: ResourceFilter, arn: string, keys: Keys): boolean => matches(f, arn, keys);
export const planMatches = (plan: ResourcePlan, arn: string, keys: Keys): boolean => compilePlan(plan)(arn, keys);
