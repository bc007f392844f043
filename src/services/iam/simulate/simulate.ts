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
 *   resource type", known here for IAM and STS actions and for the actions of the deployment's service
 *   catalog (its `ARNFormats`: `arn:${Partition}:acme:${Region}:${Account}:project/${ProjectId}`); others get `*`;
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
import { compileArnFormat } from '../../../core/catalog/arn-format';
import type { Catalog } from '../../../core/catalog/types';
import { lookupAction } from '../../authz-resources';
import { actionReference } from '../../catalog-reference';
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
  /** The deployment's service catalog: resource types and ARN templates of its actions. */
  catalog?: Catalog;
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

/**
 * A catalog action's ARN template: the format of one of the action's resource types that a simulated
 * resource matches, else the first format of its first resource type; `*` when it takes none or the
 * catalog does not know it.
 */
function catalogTemplateFor(action: string, resources: readonly string[], catalog: Catalog | undefined): string {
  const found = actionReference(action, catalog);
  if (!found) return '*';
  const formats = found.resources.flatMap((r) => found.arnTemplates(r.type));
  return formats.find((f) => resources.some((r) => compileArnFormat(f).pattern.test(r))) ?? formats[0] ?? '*';
}

/** The top-level EvalResourceName: the action's resource-type ARN template, or `*`. */
function resourceTemplateFor(action: string, resources: readonly string[] | undefined, catalog: Catalog | undefined): string {
  if (!resources) return '*';
  const found = lookupAction(action);
  if (!found) return catalogTemplateFor(action, resources, catalog);
  if (found.entry.resources.length === 0) return '*';
  const types = AUTHZ_TABLE[found.service].resourceTypes as Readonly<Record<string, { arn: string }>>;
  const templates = found.entry.resources.map((r) => types[r.type]!.arn);
  return templates.find((t) => resources.some((r) => templatePattern(t).test(r))) ?? templates[0]!;
}

/** Runs a simulation over the actions `from` (inclusive) to `to` (exclusive). */
export function simulate(sim: Simulation, from: number, to: number): unknown[] {
  const simulator = new Simulator(sim);
  return sim.actions.slice(from, to).map((action) => simulator.evaluationResult(action));
}

/** One simulation's state: the policies by engine id (for MatchedStatements), their statement spans, derived flags. */
class Simulator {
  private readonly bySourceKey = new Map<string, SimPolicy>();
  private readonly spans = new Map<SimPolicy, StatementSpan[]>();
  private readonly missing: string[];
  private readonly identityPolicies: CompiledPolicy[];
  private readonly boundaryPolicies: CompiledPolicy[];
  private readonly hasBoundary: boolean;
  private readonly crossAccount: boolean;
  /** A list of resources (not `*`) was given: ResourceSpecificResults and the ARN template are answered. */
  private readonly listed: boolean;
  private readonly resources: readonly string[];

  constructor(private readonly sim: Simulation) {
    const all = [...sim.identity, ...sim.boundary, ...(sim.resourcePolicy ? [sim.resourcePolicy] : [])];
    for (const p of all) this.bySourceKey.set(p.compiled.policyId, p);
    const provided = new Set([...sim.derivedKeys, ...Object.keys(sim.context).map((k) => k.toLowerCase())]);
    this.missing = missingContextKeys(all.map((p) => p.doc), provided);
    this.identityPolicies = sim.identity.map((p) => p.compiled);
    this.boundaryPolicies = sim.boundary.map((p) => p.compiled);
    this.hasBoundary = this.boundaryPolicies.length > 0;
    this.crossAccount = sim.resourceAccountId !== sim.principal.accountId;
    this.listed = sim.resources !== undefined && !(sim.resources.length === 1 && sim.resources[0] === '*');
    this.resources = sim.resources && sim.resources.length > 0 ? sim.resources : ['*'];
  }

  /** One EvaluationResult per action, over every resource (see the module comment for each field). */
  evaluationResult(action: string): unknown {
    const outcomes = this.resources.map((r) => this.outcome(action, r));
    const decision = outcomes.map((o) => o.EvalResourceDecision).reduce(mostRestrictive);
    const details = this.crossAccount ? mergedDecisionDetails(outcomes) : this.listed ? {} : undefined;
    return {
      EvalActionName: action,
      EvalResourceName: this.listed ? resourceTemplateFor(action, this.resources, this.sim.catalog) : '*',
      EvalDecision: decision,
      MatchedStatements: statementsBehind(decision, outcomes),
      MissingContextValues: this.missing,
      ...(this.hasBoundary
        ? { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: outcomes.every((o) => o.PermissionsBoundaryDecisionDetail!.AllowedByPermissionsBoundary) } }
        : {}),
      ...(details ? { EvalDecisionDetails: details } : {}),
      ...(this.listed ? { ResourceSpecificResults: outcomes.map(({ keys: _keys, ...o }) => o) } : {}),
    };
  }

  private outcome(action: string, resource: string): ResourceOutcome {
    const request: AuthzRequest = { principal: this.sim.principal, action, resource, resourceAccountId: this.sim.resourceAccountId, context: this.sim.context };
    const result = this.decideAsEnforcement(request);
    const { matched, keys } = this.matchedStatements(result);
    const out: ResourceOutcome = {
      EvalResourceName: resource,
      EvalResourceDecision: API_DECISION[result.decision],
      MatchedStatements: matched,
      MissingContextValues: this.missing,
      keys,
    };
    if (this.hasBoundary || this.crossAccount) this.addPolicyTypeDetails(out, request);
    return out;
  }

  /**
   * The decision enforcement would make (services/fixed-decisions.ts): no permission needed; refused for
   * every caller; the role's trust policy with the caller's policies; else the same decision function as
   * enforcement (the engine's authorize when a resource policy is simulated).
   */
  private decideAsEnforcement(request: AuthzRequest): AuthzResult {
    const action = request.action.toLowerCase();
    if (NO_PERMISSION_ACTIONS.has(action)) return { decision: 'Allow', matched: [], reasonDetail: { kind: 'allowed', via: 'identity' } };
    if (TRUST_POLICY_ACTIONS.has(action) && ROLE_ARN.test(request.resource)) {
      // The role's account owns the request, whatever ResourceOwner says.
      request = { ...request, resourceAccountId: request.resource.split(':')[4]! };
      const trusted = this.decideByTrust(request);
      if (trusted) return trusted;
    }
    const { identityPolicies, boundaryPolicies } = this;
    const result: AuthzResult = this.sim.resourcePolicy
      ? authorize({ request, identityPolicies, boundaryPolicies, resourcePolicy: this.sim.resourcePolicy.compiled, resourcePolicyKind: 'resource' })
      : decide(request, { identity: identityPolicies, boundary: boundaryPolicies });
    if (protectedTarget(request.action, request.resource) && result.decision === 'Allow') return IMPLICIT_DENY;
    return result;
  }

  /**
   * A role of this account decides by its trust policy, whose statements are then listed like the other
   * policies'; an unknown role is refused as AssumeRole refuses it. Another account's role (undefined):
   * its trust policy is not this account's to read, so the given ResourcePolicy stands for it, and
   * without one the cross-account request is not allowed.
   */
  private decideByTrust(request: AuthzRequest): AuthzResult | undefined {
    const trust = this.sim.trustOf(request.resource);
    if (trust === 'missing') return IMPLICIT_DENY;
    if (trust === 'foreign') return undefined;
    this.bySourceKey.set(trust.compiled.policyId, trust);
    return decideWithTrust(request, { identity: this.identityPolicies, boundary: this.boundaryPolicies }, trust.compiled);
  }

  /** The statements behind a decision, once each, with their source and position in the document text. */
  private matchedStatements(result: AuthzResult): { matched: MatchedStatement[]; keys: string[] } {
    const matched: MatchedStatement[] = [];
    const keys: string[] = [];
    for (const ref of result.matched) {
      const source = this.bySourceKey.get(ref.policyId);
      if (!source) continue;
      const key = `${ref.policyId}#${ref.index}`;
      if (keys.includes(key)) continue;
      keys.push(key);
      matched.push({ SourcePolicyId: source.sourceId, SourcePolicyType: source.sourceType, ...this.spansOf(source)[ref.index] });
    }
    return { matched, keys };
  }

  private spansOf(p: SimPolicy): StatementSpan[] {
    let s = this.spans.get(p);
    if (!s) this.spans.set(p, (s = statementSpans(p.text)));
    return s;
  }

  /** PermissionsBoundaryDecisionDetail when a boundary is simulated; EvalDecisionDetails per policy type across accounts. */
  private addPolicyTypeDetails(out: ResourceOutcome, request: AuthzRequest): void {
    const prepared = prepareRequest(request, { hasBoundary: this.hasBoundary });
    if (this.hasBoundary) {
      out.PermissionsBoundaryDecisionDetail = { AllowedByPermissionsBoundary: decisionOf(evaluatePolicies(this.boundaryPolicies, prepared)) === 'allowed' };
    }
    if (this.crossAccount) {
      out.EvalDecisionDetails = {
        'IAM Policy': decisionOf(evaluatePolicies(this.identityPolicies, prepared)),
        'Resource Policy': this.sim.resourcePolicy ? decisionOf(evaluatePolicies([this.sim.resourcePolicy.compiled], prepared, true)) : 'implicitDeny',
      };
    }
  }
}

/** The union, once each, of the statements of the resources whose decision is the action's decision. */
function statementsBehind(decision: ApiDecision, outcomes: readonly ResourceOutcome[]): MatchedStatement[] {
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
  return matched;
}

/** Each policy type's most restrictive decision across the resources. */
function mergedDecisionDetails(outcomes: readonly ResourceOutcome[]): Record<string, ApiDecision> {
  const details: Record<string, ApiDecision> = {};
  for (const o of outcomes) {
    for (const [k, v] of Object.entries(o.EvalDecisionDetails ?? {})) details[k] = details[k] ? mostRestrictive(details[k]!, v) : v;
  }
  return details;
}
