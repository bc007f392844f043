/**
 * @module Evaluate: compiled policies × prepared request → the statements that apply, split into
 * allows and denies (no decision here; that is `decide.ts`). A statement applies when its action,
 * principal (resource policies only), resource and every condition match. A statement that uses a
 * policy variable with no value in the request and no default does not apply: "any attempt to match it
 * fails and causes the statement to be invalid".
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html and
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
 */
import { actionInSet, type CompiledPolicy, type CompiledStatement } from './compile';
import { conditionsHold } from './conditions';
import { arnMatches, type ArnPattern } from './match';
import { matchPrincipal, notPrincipalApplies, type PrincipalMatch } from './principal';
import type { PreparedRequest } from './request';

/** The applicable statements of one policy set. For resource policies, `allowMatches[i]` says how `allows[i]` named the caller. */
export interface PolicyMatches {
  readonly allows: CompiledStatement[];
  readonly allowMatches: PrincipalMatch[];
  readonly denies: CompiledStatement[];
}

/** Whether the request resource matches any pattern of a Resource / NotResource list (OR). */
function anyArn(list: readonly ArnPattern[], req: PreparedRequest): boolean {
  for (let i = 0; i < list.length; i++) if (arnMatches(list[i]!, req.resource, req)) return true;
  return false;
}

/**
 * Whether one statement applies. Returns how the principal was named for resource policies
 * (`'direct'` for others), or undefined when the statement does not apply.
 */
export function statementApplies(
  st: CompiledStatement,
  req: PreparedRequest,
  principalRequired: boolean,
): PrincipalMatch | undefined {
  // Cheapest test first: the action (a Set lookup for exact actions), then who, then what, then when.
  if (st.action ? !actionInSet(st.action, req.action) : st.notAction ? actionInSet(st.notAction, req.action) : true) {
    return undefined;
  }
  let how: PrincipalMatch | undefined = 'direct';
  if (principalRequired) {
    if (st.principal) how = matchPrincipal(st.principal, req.principal);
    else if (st.notPrincipal) how = notPrincipalApplies(st.notPrincipal, req.principal, req.hasBoundary) ? 'wildcard' : undefined;
    else how = undefined; // INVARIANT: a resource policy statement that names nobody grants nothing.
    if (how === undefined) return undefined;
  }
  for (let i = 0; i < st.required.length; i++) if (req.variable(st.required[i]!) === undefined) return undefined;
  // Trust policies have neither Resource nor NotResource: the role itself is the resource.
  if (st.resource && !anyArn(st.resource, req)) return undefined;
  if (st.notResource && anyArn(st.notResource, req)) return undefined;
  return conditionsHold(st.conditions, req) ? how : undefined;
}

/** Appends the applicable statements of one index list to `out` (allocates nothing for non-matches). */
function scan(list: readonly CompiledStatement[] | undefined, req: PreparedRequest, principalRequired: boolean, out: PolicyMatches) {
  if (!list) return;
  for (let i = 0; i < list.length; i++) {
    const st = list[i]!;
    const how = statementApplies(st, req, principalRequired);
    if (how === undefined) continue;
    if (st.effect === 'Deny') out.denies.push(st);
    else { out.allows.push(st); out.allowMatches.push(how); }
  }
}

/**
 * Finds the applicable statements of a policy set. Only the statements indexed under the request's
 * service and those that may match any service are examined.
 */
export function evaluatePolicies(
  policies: readonly CompiledPolicy[],
  req: PreparedRequest,
  principalRequired = false,
): PolicyMatches {
  const out: PolicyMatches = { allows: [], allowMatches: [], denies: [] };
  for (let i = 0; i < policies.length; i++) {
    const p = policies[i]!;
    scan(p.byService.get(req.service), req, principalRequired, out);
    scan(p.anyService, req, principalRequired, out);
  }
  return out;
}
