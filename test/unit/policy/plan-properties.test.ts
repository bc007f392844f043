/**
 * The property that makes a plan safe to filter with: for random policies over a small vocabulary
 * (actions and NotAction, ARN patterns with wildcards and variables, Resource and NotResource, conditions
 * on resource tags, the SaaS's keys and request keys, deny statements, boundaries, session policies) and
 * random resources with tags, a resource passes an exact plan iff `authorize()` allows it; an allowed
 * resource always passes some allow filter; a resource matching a deny filter is never allowed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorize, compilePolicy, parsePolicyValue, type AuthzRequest } from '../../../src/core/policy';
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

  it('never throws and stays sound on any parsed document, valid or not', () => {
    const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('*', 'acme:*', 'acme:GetProject', 'arn:aws:acme:*:*:*', 'arn:aws:acme:*:*:${aws:username}', '${aws:PrincipalTag/team}', 'aws:ResourceTag/team'));
    const anyStatement = fc.record({
      Effect: fc.constantFrom('Allow', 'Deny'),
      Action: fc.oneof(text, fc.array(text, { maxLength: 3 })),
      Resource: fc.oneof(text, fc.array(text, { maxLength: 3 })),
      Condition: fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('StringLike', 'ForAnyValue:StringEquals', 'Null', 'NumericLessThanIfExists', 'Bool')),
        fc.dictionary(text, fc.oneof(text, fc.array(text, { maxLength: 3 })), { maxKeys: 2 }), { maxKeys: 2 }),
    });
    const arn = fc.oneof(fc.constantFrom(...ARNS), fc.string({ maxLength: 20 }));
    fc.assert(fc.property(fc.array(anyStatement, { minLength: 1, maxLength: 3 }), arn, fc.dictionary(text, text, { maxKeys: 3 }), (Statement, resource, keys) => {
      const parsed = parsePolicyValue({ Version: '2012-10-17', Statement });
      if (!parsed.ok) return;
      const identityPolicies = [compilePolicy(parsed.value, { policyId: 'x', policyType: 'identity' })];
      const request = { principal: { arn: 'arn:aws:iam::111122223333:user/alice', accountId: '111122223333', type: 'User' as const, userName: 'alice', tags: { team: 'ops' } }, action: 'acme:GetProject', context: {} };
      const plan = planResources({ request, identityPolicies });
      const allowed = authorize({ request: { ...request, resource, context: keys }, identityPolicies }).decision === 'Allow';
      if (allowed) expect(plan.kind === 'Allow' || plan.allow.some((f) => filterMatches(f, resource, keys))).toBe(true);
      if (plan.exact) expect(planMatches(plan, resource, keys)).toBe(allowed);
      if (plan.deny.some((f) => filterMatches(f, resource, keys))) expect(allowed).toBe(false);
    }), { numRuns: 1000 });
  });
});
