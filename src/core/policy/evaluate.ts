/**
 * @module Evaluate: compiled policies × prepared request → the statements that apply, split into
 * allows and denies (no decision here; that is `decide.ts`). A statement applies when its action,
 * principal (resource policies only), resource and every condition match. A statement that uses a
 * policy variable with no value in the request and no default does not apply: "any attempt to match it
 * fails and causes the statement to be invalid".
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html and
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
 */
import { actionApplies, statementsForAction, type CompiledPolicy, type CompiledStatement } from './compile';
import { conditionsHold } from './conditions';
import { arnMatches, type ArnPattern } from './match';
import { matchPrincipal, notPrincipalApplies, type PrincipalMatch } from './principal';
import type { PreparedRequest } from './request';

/**
 * The applicable statements of one policy set. For resource policies, `allowMatches[i]` says how
 * `allows[i]` named the caller. The arrays may be shared empty arrays: treat them as read-only.
 */
export interface PolicyMatches {
  readonly allows: readonly CompiledStatement[];
  readonly allowMatches: readonly PrincipalMatch[];
  readonly denies: readonly CompiledStatement[];
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
  return actionApplies(st, req.action) ? appliesBeyondAction(st, req, principalRequired) : undefined;
}

/** `statementApplies` for a statement whose Action / NotAction is known to match: who, then what, then when. */
function appliesBeyondAction(st: CompiledStatement, req: PreparedRequest, principalRequired: boolean): PrincipalMatch | undefined {
  let how: PrincipalMatch | undefined = 'direct';
  if (principalRequired) {
    if (st.principal) how = matchPrincipal(st.principal, req.principal);
    else if (st.notPrincipal) {
      how = notPrincipalApplies(st.notPrincipal, req.principal, req.hasBoundary, st.effect) ? 'wildcard' : undefined;
    }
    else how = undefined; // INVARIANT: a resource policy statement that names nobody grants nothing.
    if (how === undefined) return undefined;
  }
  for (let i = 0; i < st.required.length; i++) if (req.variable(st.required[i]!) === undefined) return undefined;
  // Trust policies have neither Resource nor NotResource: the role itself is the resource.
  if (st.resource && !anyArn(st.resource, req)) return undefined;
  if (st.notResource && anyArn(st.notResource, req)) return undefined;
  return conditionsHold(st.conditions, req) ? how : undefined;
}

/** Statement lists shared by every result with no applicable statement of a kind (never mutated). */
const NO_STATEMENTS: CompiledStatement[] = [];
const NO_MATCHES: PrincipalMatch[] = [];

/**
 * Finds the applicable statements of a policy set, in policy then statement order. Only the statements
 * whose Action / NotAction matches the request action are examined (`statementsForAction`: one memo
 * lookup per policy); result arrays are allocated only when something applies.
 */
export function evaluatePolicies(
  policies: readonly CompiledPolicy[],
  req: PreparedRequest,
  principalRequired = false,
): PolicyMatches {
  let allows = NO_STATEMENTS;
  let allowMatches = NO_MATCHES;
  let denies = NO_STATEMENTS;
  for (let i = 0; i < policies.length; i++) {
    const list = statementsForAction(policies[i]!, req.action, req.service);
    for (let j = 0; j < list.length; j++) {
      const st = list[j]!;
      const how = appliesBeyondAction(st, req, principalRequired);
      if (how === undefined) continue;
      if (st.effect === 'Deny') {
        if (denies === NO_STATEMENTS) denies = [];
        denies.push(st);
      } else {
        if (allows === NO_STATEMENTS) { allows = []; allowMatches = []; }
        allows.push(st);
        allowMatches.push(how);
      }
    }
  }
  return { allows, allowMatches, denies };
}
