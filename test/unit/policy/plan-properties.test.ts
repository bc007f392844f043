/**
 * The property that makes a plan safe to filter with: for random policies over a small vocabulary
 * (actions and NotAction, ARN patterns with wildcards and variables, Resource and NotResource, conditions
 * on resource tags, the SaaS's keys and request keys, deny statements, boundaries, session policies) and
 * random resources with tags, a resource passes an exact plan iff `authorize()` allows it; an allowed
 * resource always passes some allow filter; a resource matching a deny filter is never allowed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorize, type AuthzRequest } from '../../../src/core/policy';
import { planResources } from '../../../src/core/policy/plan';
import { filterMatches, planMatches } from './plan-support';
import { compileJson } from './support';
import { ARNS, scenario } from './plan-arbitraries';

describe('plan properties', () => {
  it('an exact plan passes exactly the resources authorize() allows; otherwise allow is a superset and deny certain', () => {
    const seen = { Allow: 0, Deny: 0, exactFilter: 0, inexact: 0, allowedInExactFilter: 0, deniedInExactFilter: 0, denyFilterHit: 0 };
    fc.assert(fc.property(scenario, (s) => {
      const identityPolicies = s.identity.map((d, i) => compileJson(d, 'identity', 'identity', `identity-${i}`));
      const boundaryPolicies = s.boundary ? [compileJson(s.boundary, 'boundary', 'boundary', 'boundary')] : undefined;
      const sessionPolicies = s.session ? [compileJson(s.session, 'session', 'session', 'session')] : undefined;
      const base = { principal: s.principal, action: s.action, context: s.context };
      const plan = planResources({ request: base, identityPolicies, boundaryPolicies, sessionPolicies });
      if (plan.kind === 'Deny' || plan.kind === 'Allow') expect(plan.exact).toBe(true);
      if (plan.kind !== 'Filter') seen[plan.kind]++;
      if (plan.exact && plan.kind === 'Filter') seen.exactFilter++;
      if (!plan.exact) seen.inexact++;
      ARNS.forEach((arn, i) => {
        const keys = Object.fromEntries(Object.entries(s.keys[i]!).filter(([, v]) => v !== undefined));
        const req: AuthzRequest = { ...base, resource: arn, context: { ...s.context, ...keys } };
        const allowed = authorize({ request: req, identityPolicies, boundaryPolicies, sessionPolicies }).decision === 'Allow';
        const passes = planMatches(plan, arn, keys);
        if (plan.exact) expect(passes, JSON.stringify({ arn, keys, plan })).toBe(allowed);
        if (allowed) expect(plan.kind === 'Allow' || plan.allow.some((f) => filterMatches(f, arn, keys)), JSON.stringify({ arn, keys, plan })).toBe(true);
        if (plan.deny.some((f) => filterMatches(f, arn, keys))) {
          seen.denyFilterHit++;
          expect(allowed, JSON.stringify({ arn, keys, plan })).toBe(false);
        }
        if (plan.exact && plan.kind === 'Filter') {
          if (allowed) seen.allowedInExactFilter++;
          else seen.deniedInExactFilter++;
        }
      });
    }), { numRuns: 1500 });
    // The vocabulary must exercise the interesting cases, or the property proves little.
    expect(seen.exactFilter).toBeGreaterThan(150);
    expect(seen.inexact).toBeGreaterThan(50);
    expect(seen.allowedInExactFilter).toBeGreaterThan(300);
    expect(seen.deniedInExactFilter).toBeGreaterThan(300);
    expect(seen.denyFilterHit).toBeGreaterThan(50);
  });
});
