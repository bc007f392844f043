/**
 * @module The policy simulator's evaluation: every action × resource decided by the SAME engine calls as
 * enforcement (`decide` of services/authz-enforce.ts, or the engine's `authorize` with the resource policy
 * when one is simulated), then shaped as IAM's `EvaluationResult`.
 *
 * Result shape (IAM API Reference, data types EvaluationResult, ResourceSpecificResult, Statement,
 * PermissionsBoundaryDecisionDetail):
 * - one EvaluationResult per action ("The simulator now returns a single EvaluationResult per action,
 *   regardless of how many resource ARNs are provided"); its decision is the most restrictive across the
 *   resources, its MatchedStatements the union of the statements behind that decision, its
 *   MissingContextValues the union, and `ResourceSpecificResults` holds one entry per resource when a
 *   list of resources (not `*`) was given;
 * - top-level `EvalResourceName` is `*` without resources, else "the ARN template for the simulated
 *   resource type", known here for IAM and STS actions (others get `*`);
 * - `EvalDecisionDetails` "is populated for only cross-account simulations"; in the same account it is
 *   "present but empty" with resource ARNs and absent for `*`;
 * - `PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary` when a boundary is simulated: true
 *   when the boundary has an Allow that matches and no Deny.
 */
import {
  authorize,
  evaluatePolicies,
  prepareRequest,
  type AuthzPrincipal,
  type AuthzRequest,
  type AuthzResult,
  type CompiledPolicy,
  type ContextValue,
  type Decision,
  type PolicyDocument,
} from '../../../core/policy/index';
import { decide } from '../../authz-enforce';
import { NO_PERMISSION_ACTIONS, protectedTarget, TRUST_POLICY_ACTIONS } from '../../fixed-decisions';
import { decideWithTrust } from '../../trust-policy';
import { lookupAction } from '../../authz-resources';
import { AUTHZ_TABLE } from '../../authz-table.gen';
import { statementSpans, type StatementSpan } from './positions';
import { missingContextKeys } from './context-keys';

/** `SourcePolicyType` values (PolicySourceType). */
export type SourcePolicyType = 'user' | 'group' | 'role' | 'aws-managed' | 'user-managed' | 'resource' | 'none';

/** One policy in a simulation, with what the answer says about where it came from. */
export interface SimPolicy {
  /** `SourcePolicyId`: inline policy name, managed policy name, `PolicyInputList.1`, … */
  sourceId: string;
  sourceType: SourcePolicyType;
  /** The document text the positions refer to. */
  text: string;
  doc: PolicyDocument;
  compiled: CompiledPolicy;
}

/** Everything a simulation needs. */
export interface Simulation {
  identity: SimPolicy[];
  /** Empty when no boundary is simulated. */
  boundary: SimPolicy[];
  resourcePolicy?: SimPolicy;
  principal: AuthzPrincipal;
  /** Lowercased keys the simulated caller provides (derived by the engine from `principal`). */
  derivedKeys: ReadonlySet<string>;
  context: Readonly<Record<string, ContextValue>>;
  actions: readonly string[];
  /** Undefined when ResourceArns was not given. */
  resources: readonly string[] | undefined;
  /** Owner of the simulated resources. */
  resourceAccountId: string;
  /**
   * The trust policy of a role of the simulating account, by ARN, as enforcement compiles it (with its
   * principal bindings): `missing` when the ARN names no role of this account, `foreign` for another
   * account's ARN (whose trust policy is not this account's to read).
   */
  trustOf(roleArn: string): SimPolicy | 'missing' | 'foreign';
}

type ApiDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

/** An IAM role ARN (`arn:<partition>:iam::<account>:role/…`). */
const ROLE_ARN = /^arn:[^:]+:iam::\d{12}:role\//;

/** Refused whatever the policies say (nothing matched: no statement decided it). */
const IMPLICIT_DENY: AuthzResult = { decision: 'ImplicitDeny', matched: [], reasonDetail: { kind: 'implicitDeny', policyType: 'resource' } };

const API_DECISION: Record<Decision, ApiDecision> = { Allow: 'allowed', ExplicitDeny: 'explicitDeny', ImplicitDeny: 'implicitDeny' };
const RESTRICTIVENESS: Record<ApiDecision, number> = { allowed: 0, implicitDeny: 1, explicitDeny: 2 };
const mostRestrictive = (a: ApiDecision, b: ApiDecision): ApiDecision => (RESTRICTIVENESS[b] > RESTRICTIVENESS[a] ? b : a);

/** A Statement of the answer. */
export interface MatchedStatement extends Partial<StatementSpan> {
  SourcePolicyId: string;
  SourcePolicyType: SourcePolicyType;
}

/** One resource's outcome (ResourceSpecificResult). */
interface ResourceOutcome {
  EvalResourceName: string;
  EvalResourceDecision: ApiDecision;
  MatchedStatements: MatchedStatement[];
  MissingContextValues: string[];
  EvalDecisionDetails?: Record<string, ApiDecision>;
  PermissionsBoundaryDecisionDetail?: { AllowedByPermissionsBoundary: boolean };
  /** Keys of the matched statements, for the union at the top. */
  keys: string[];
}

/** The engine decision for policies' own statements: any Deny, else any Allow, else nothing. */
function decisionOf(m: { allows: readonly unknown[]; denies: readonly unknown[] }): ApiDecision {
  return m.denies.length > 0 ? 'explicitDeny' : m.allows.length > 0 ? 'allowed' : 'implicitDeny';
}

/** `arn:${Partition}:iam::${Account}:user/${UserNameWithPath}` → a RegExp matching its ARNs. */
function templatePattern(template: string): RegExp {
  const source = template
    .split(/\$\{\w+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i');
}

/** The top-level EvalResourceName: the action's resource-type ARN template, or `*`. */
export function resourceTemplateFor(action: string, resources: readonly string[] | undefined): string {
  if (!resources) return '*';
  const found = lookupAction(action);
  if (!found || found.entry.resources.length === 0) return '*';
  const types = AUTHZ_TABLE[found.service].resourceTypes as Readonly<Record<string, { arn: string }>>;
  const templates = found.entry.resources.map((r) => types[r.type]!.arn);
  return templates.find((t) => resources.some((r) => templatePattern(t).test(r))) ?? templates[0]!;
}

/** Runs a simulation over the actions `from` (inclusive) to `to` (exclusive). */
export function simulate(sim: Simulation, from: number, to: number): unknown[] {
  const bySourceKey = new Map<string, SimPolicy>();
  const all = [...sim.identity, ...sim.boundary, ...(sim.resourcePolicy ? [sim.resourcePolicy] : [])];
  for (const p of all) bySourceKey.set(p.compiled.policyId, p);

  const spans = new Map<SimPolicy, StatementSpan[]>();
  const spansOf = (p: SimPolicy) => {
    let s = spans.get(p);
    if (!s) spans.set(p, (s = statementSpans(p.text)));
    return s;
  };

  const provided = new Set([...sim.derivedKeys, ...Object.keys(sim.context).map((k) => k.toLowerCase())]);
  const missing = missingContextKeys(all.map((p) => p.doc), provided);
  const identityPolicies = sim.identity.map((p) => p.compiled);
  const boundaryPolicies = sim.boundary.map((p) => p.compiled);
  const hasBoundary = boundaryPolicies.length > 0;
  const crossAccount = sim.resourceAccountId !== sim.principal.accountId;
  const listed = sim.resources !== undefined && !(sim.resources.length === 1 && sim.resources[0] === '*');
  const resources = sim.resources && sim.resources.length > 0 ? sim.resources : ['*'];

  /**
   * The decision enforcement would make (services/fixed-decisions.ts): no permission needed; refused for
   * every caller; the role's trust policy with the caller's policies; else the same decision function as
   * enforcement (the engine's authorize when a resource policy is simulated).
   */
  function decideAsEnforcement(request: AuthzRequest): AuthzResult {
    const action = request.action.toLowerCase();
    if (NO_PERMISSION_ACTIONS.has(action)) return { decision: 'Allow', matched: [], reasonDetail: { kind: 'allowed', via: 'identity' } };
    if (TRUST_POLICY_ACTIONS.has(action) && ROLE_ARN.test(request.resource)) {
      // The role's account owns the request, whatever ResourceOwner says.
      const roleAccount = request.resource.split(':')[4]!;
      request = { ...request, resourceAccountId: roleAccount };
      const trust = sim.trustOf(request.resource);
      if (trust === 'missing') return IMPLICIT_DENY; // AssumeRole answers an unknown role like a refused one.
      if (trust !== 'foreign') {
        // The trust policy's statements are listed like the other policies' when they decide.
        bySourceKey.set(trust.compiled.policyId, trust);
        return decideWithTrust(request, { identity: identityPolicies, boundary: boundaryPolicies }, trust.compiled);
      }
      // Another account's role: its trust policy is not this account's to read; the given ResourcePolicy
      // stands for it, and without one the cross-account request is not allowed.
    }
    const result: AuthzResult = sim.resourcePolicy
      ? authorize({ request, identityPolicies, boundaryPolicies, resourcePolicy: sim.resourcePolicy.compiled, resourcePolicyKind: 'resource' })
      : decide(request, { identity: identityPolicies, boundary: boundaryPolicies });
    if (protectedTarget(request.action, request.resource) && result.decision === 'Allow') return IMPLICIT_DENY;
    return result;
  }

  function outcome(action: string, resource: string): ResourceOutcome {
    const request: AuthzRequest = {
      principal: sim.principal,
      action,
      resource,
      resourceAccountId: sim.resourceAccountId,
      context: sim.context,
    };
    const result = decideAsEnforcement(request);
    const matched: MatchedStatement[] = [];
    const keys: string[] = [];
    for (const ref of result.matched) {
      const source = bySourceKey.get(ref.policyId);
      if (!source) continue;
      const key = `${ref.policyId}#${ref.index}`;
      if (keys.includes(key)) continue;
      keys.push(key);
      matched.push({ SourcePolicyId: source.sourceId, SourcePolicyType: source.sourceType, ...spansOf(source)[ref.index] });
    }
    const out: ResourceOutcome = {
      EvalResourceName: resource,
      EvalResourceDecision: API_DECISION[result.decision],
      MatchedStatements: matched,
      MissingContextValues: missing,
      keys,
    };
    if (hasBoundary || crossAccount) {
      const prepared = prepareRequest(request, { hasBoundary });
      if (hasBoundary) {
        out.PermissionsBoundaryDecisionDetail = {
          AllowedByPermissionsBoundary: decisionOf(evaluatePolicies(boundaryPolicies, prepared)) === 'allowed',
        };
      }
      if (crossAccount) {
        out.EvalDecisionDetails = {
          'IAM Policy': decisionOf(evaluatePolicies(identityPolicies, prepared)),
          'Resource Policy': sim.resourcePolicy
            ? decisionOf(evaluatePolicies([sim.resourcePolicy.compiled], prepared, true))
            : 'implicitDeny',
        };
      }
    }
    return out;
  }

  const results: unknown[] = [];
  for (const action of sim.actions.slice(from, to)) {
    const outcomes = resources.map((r) => outcome(action, r));
    const decision = outcomes.map((o) => o.EvalResourceDecision).reduce(mostRestrictive);
    const matched: MatchedStatement[] = [];
    const seen = new Set<string>();
    for (const o of outcomes) {
      if (o.EvalResourceDecision !== decision) continue;
      o.MatchedStatements.forEach((m, i) => {
        if (seen.has(o.keys[i]!)) return;
        seen.add(o.keys[i]!);
        matched.push(m);
      });
    }
    let details: Record<string, ApiDecision> | undefined;
    if (crossAccount) {
      details = {};
      for (const o of outcomes) {
        for (const [k, v] of Object.entries(o.EvalDecisionDetails ?? {})) details[k] = details[k] ? mostRestrictive(details[k]!, v) : v;
      }
    } else if (listed) {
      details = {};
    }
    results.push({
      EvalActionName: action,
      EvalResourceName: listed ? resourceTemplateFor(action, resources) : '*',
      EvalDecision: decision,
      MatchedStatements: matched,
      MissingContextValues: missing,
      ...(hasBoundary
        ? { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: outcomes.every((o) => o.PermissionsBoundaryDecisionDetail!.AllowedByPermissionsBoundary) } }
        : {}),
      ...(details ? { EvalDecisionDetails: details } : {}),
      ...(listed
        ? {
            ResourceSpecificResults: outcomes.map(({ keys: _keys, ...o }) => o),
          }
        : {}),
    });
  }
  return results;
}
