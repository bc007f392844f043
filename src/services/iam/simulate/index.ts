/**
 * @module The policy simulator API: SimulateCustomPolicy, SimulatePrincipalPolicy,
 * GetContextKeysForCustomPolicy and GetContextKeysForPrincipalPolicy.
 *
 * Spec: IAM API Reference (API_SimulateCustomPolicy.html, API_SimulatePrincipalPolicy.html,
 * API_GetContextKeysForCustomPolicy.html, API_GetContextKeysForPrincipalPolicy.html) and IAM User Guide,
 * "Testing IAM policies with the IAM policy simulator".
 *
 * - Authorization: `iam:SimulatePrincipalPolicy` / `iam:GetContextKeysForPrincipalPolicy` on the
 *   PolicySourceArn (the reference gives them the user, group and role resource types); the custom
 *   variants on `*` (no resource type).
 * - ActionNames must name `service:Action` without wildcards ("This operation does not support using
 *   wildcards (*) in an action name"); InvalidInput otherwise.
 * - CallerArn "is required if you include a ResourcePolicy" (SimulateCustomPolicy), and for
 *   SimulatePrincipalPolicy when the PolicySourceArn is not a user; InvalidInput otherwise.
 * - PermissionsBoundaryPolicyInputList: "You can input only one permissions boundary"; for a principal it
 *   replaces the entity's own boundary ("the new permissions boundary policy is used for the simulation").
 * - The simulated request carries the keys of ContextEntries and those derived from the simulated caller,
 *   not the global keys of this call (time, source IP…): the simulator does not perform the request, and
 *   AWS asks for such keys through ContextEntries and reports them in MissingContextValues otherwise.
 * - ResourceHandlingOption is accepted and otherwise ignored (its EC2 scenarios have no counterpart here).
 * - MaxItems / Marker page the EvaluationResults (one per action; default 100 items).
 * - The decision is the one enforcement makes for the same request (services/fixed-decisions.ts):
 *   `sts:GetCallerIdentity` and `sts:GetSessionToken` are always allowed; `sts:AssumeRole` (and
 *   `sts:TagSession`, `sts:SetSourceIdentity`) on a role of this account is decided with the role's trust
 *   policy as AssumeRole decides it (an unknown role is implicitDeny; another account's role is decided
 *   cross-account with the given ResourcePolicy standing for its trust policy, which is not this account's
 *   to read, and is implicitDeny without one; with ResourceArns `*` no role is named and only the caller's
 *   policies count); writes on AWS-managed policies and on
 *   service-linked roles are implicitDeny (explicitDeny when a policy denies them) for every caller.
 */
import { invalidInput, validationError } from '../../../core/errors';
import type { AccountStore } from '../../../core/ports';
import type { AccountAction, AuthzTarget } from '../../action';
import { buildTarget, type TargetEntity } from '../../authz-target';
import type { CallContext } from '../../context';
import { USER_TAGGABLE } from '../entities';
import { DEFAULT_MAX_ITEMS, decodeMarker, encodeMarker } from '../pagination';
import { ROLE_TAGGABLE } from '../roles/lookup';
import { targetEntityOf } from '../taggable';
import { contextFromEntries, type ContextEntryInput } from './context-entries';
import { referencedContextKeys } from './context-keys';
import { simulate, type SimPolicy, type Simulation } from './simulate';
import {
  callerFromArn,
  inputPolicies,
  inputPolicy,
  noCaller,
  PolicyIds,
  requirePolicySource,
  resourceOwnerAccount,
  roleTrustPolicies,
  sourceDocs,
  storedPolicies,
  userCaller,
  type SimCaller,
} from './sources';

/** The request members both Simulate actions share. */
interface SimulateInput {
  PolicyInputList?: string[];
  PermissionsBoundaryPolicyInputList?: string[];
  ActionNames: string[];
  ResourceArns?: string[];
  ResourcePolicy?: string;
  ResourceOwner?: string;
  CallerArn?: string;
  ContextEntries?: ContextEntryInput[];
  ResourceHandlingOption?: string;
  MaxItems?: number;
  Marker?: string;
}

const ACTION_NAME = /^[A-Za-z0-9-]+:[A-Za-z0-9_-]+$/;

function checkActionNames(names: readonly string[]): void {
  if (names.length === 0) throw invalidInput('ActionNames must name at least one action.');
  for (const a of names) {
    if (!ACTION_NAME.test(a)) {
      throw invalidInput(
        a.includes('*') || a.includes('?')
          ? `Action name ${a} is not valid: wildcards are not supported in action names.`
          : `Action name ${a} is not valid: an action is service:Action, such as iam:CreateUser.`,
      );
    }
  }
}

function checkBoundaryList(list: readonly string[] | undefined): void {
  if (list && list.length > 1) throw invalidInput('Only one permissions boundary policy can be simulated.');
}

/** Runs the simulation and pages its results. */
function pageOfResults(sim: Simulation, input: SimulateInput) {
  const max = input.MaxItems ?? DEFAULT_MAX_ITEMS;
  const markerText = decodeMarker(input.Marker);
  let from = 0;
  if (markerText !== undefined) {
    from = /^[1-9]\d*$/.test(markerText) ? Number(markerText) : NaN;
    if (!(from > 0 && from < sim.actions.length)) throw validationError('Invalid Marker.');
  }
  const to = Math.min(sim.actions.length, from + max);
  const EvaluationResults = simulate(sim, from, to);
  return to < sim.actions.length
    ? { EvaluationResults, IsTruncated: true, Marker: encodeMarker(String(to)) }
    : { EvaluationResults, IsTruncated: false };
}

/** Puts the common members together with the simulated policies and caller. */
function simulation(
  ctx: CallContext,
  store: AccountStore,
  input: SimulateInput,
  identity: SimPolicy[],
  boundary: SimPolicy[],
  resourcePolicy: SimPolicy | undefined,
  caller: SimCaller,
): Simulation {
  return {
    trustOf: roleTrustPolicies(ctx, store),
    identity,
    boundary,
    ...(resourcePolicy ? { resourcePolicy } : {}),
    principal: caller.principal,
    derivedKeys: caller.derivedKeys,
    context: contextFromEntries(input.ContextEntries),
    actions: input.ActionNames,
    resources: input.ResourceArns,
    resourceAccountId: input.ResourceOwner !== undefined ? resourceOwnerAccount(input.ResourceOwner) : caller.principal.accountId,
    ...(ctx.catalog ? { catalog: ctx.catalog } : {}),
  };
}

const customTarget = (action: string) => (): AuthzTarget => buildTarget(action, undefined);

/**
 * The PolicySourceArn as authorization sees it (services/authz-target.ts): a user or role of this account
 * with its tags (`aws:ResourceTag/*`, `iam:ResourceTag/*`) when the ARN is exactly its ARN, else the ARN alone.
 */
function policySourceEntity(ctx: CallContext, store: AccountStore, arn: string): TargetEntity {
  const m = /^arn:[^:]+:iam::(\d{12}):(user|group|role)\/(?:.*\/)?([^/]+)$/.exec(arn);
  const kind = m?.[1] === ctx.caller.accountId ? (m[2] === 'user' ? USER_TAGGABLE : m[2] === 'role' ? ROLE_TAGGABLE : undefined) : undefined;
  const entity = kind && targetEntityOf(ctx, store, kind, m![3]!);
  return entity && entity.arn.toLowerCase() === arn.toLowerCase() ? entity : { type: m?.[2] ?? 'user', arn };
}

const principalTarget = (action: string) => (ctx: CallContext, store: AccountStore, input: { PolicySourceArn: string }): AuthzTarget =>
  buildTarget(action, policySourceEntity(ctx, store, input.PolicySourceArn));

/** SimulateCustomPolicy: the given policies only. */
export const SimulateCustomPolicy: AccountAction<SimulateInput & { PolicyInputList: string[] }> = {
  name: 'SimulateCustomPolicy',
  usesCatalog: true,
  target: customTarget('iam:SimulateCustomPolicy'),
  run(ctx, store, input) {
    checkActionNames(input.ActionNames);
    checkBoundaryList(input.PermissionsBoundaryPolicyInputList);
    if (input.ResourcePolicy !== undefined && input.CallerArn === undefined) {
      throw invalidInput('CallerArn is required when a ResourcePolicy is included in the simulation.');
    }
    const ids = new PolicyIds();
    const identity = inputPolicies(ids, ctx.partition, input.PolicyInputList, 'identity', 'PolicyInputList');
    const boundary = inputPolicies(ids, ctx.partition, input.PermissionsBoundaryPolicyInputList, 'boundary', 'PermissionsBoundaryPolicyInputList');
    const resourcePolicy = input.ResourcePolicy !== undefined ? inputPolicy(ids, ctx.partition, input.ResourcePolicy, 'resource', 'ResourcePolicy', 'resource') : undefined;
    const caller = input.CallerArn !== undefined ? callerFromArn(ctx, store, input.CallerArn) : noCaller(ctx);
    return pageOfResults(simulation(ctx, store, input, identity, boundary, resourcePolicy, caller), input);
  },
};

/** SimulatePrincipalPolicy: a user's or group's policies, plus the given ones. */
export const SimulatePrincipalPolicy: AccountAction<SimulateInput & { PolicySourceArn: string }> = {
  name: 'SimulatePrincipalPolicy',
  usesCatalog: true,
  target: principalTarget('iam:SimulatePrincipalPolicy'),
  run(ctx, store, input) {
    checkActionNames(input.ActionNames);
    checkBoundaryList(input.PermissionsBoundaryPolicyInputList);
    const source = requirePolicySource(ctx, store, input.PolicySourceArn);
    if (input.ResourcePolicy !== undefined && input.CallerArn === undefined && source.kind !== 'user') {
      throw invalidInput('CallerArn is required when a ResourcePolicy is included and the PolicySourceArn is not a user.');
    }
    const ids = new PolicyIds();
    const stored = storedPolicies(ids, sourceDocs(ctx, store, source));
    const identity = [...stored.identity, ...inputPolicies(ids, ctx.partition, input.PolicyInputList, 'identity', 'PolicyInputList')];
    const boundary =
      input.PermissionsBoundaryPolicyInputList !== undefined
        ? inputPolicies(ids, ctx.partition, input.PermissionsBoundaryPolicyInputList, 'boundary', 'PermissionsBoundaryPolicyInputList')
        : stored.boundary;
    const resourcePolicy = input.ResourcePolicy !== undefined ? inputPolicy(ids, ctx.partition, input.ResourcePolicy, 'resource', 'ResourcePolicy', 'resource') : undefined;
    const caller =
      input.CallerArn !== undefined
        ? callerFromArn(ctx, store, input.CallerArn)
        : source.kind === 'user'
          ? userCaller(ctx, store, source.user)
          : noCaller(ctx);
    return pageOfResults(simulation(ctx, store, input, identity, boundary, resourcePolicy, caller), input);
  },
};

/** GetContextKeysForCustomPolicy: the keys the given policies reference. */
export const GetContextKeysForCustomPolicy: AccountAction<{ PolicyInputList: string[] }> = {
  name: 'GetContextKeysForCustomPolicy',
  target: customTarget('iam:GetContextKeysForCustomPolicy'),
  run(ctx, _store, input) {
    const policies = inputPolicies(new PolicyIds(), ctx.partition, input.PolicyInputList, 'identity', 'PolicyInputList');
    return { ContextKeyNames: referencedContextKeys(policies.map((p) => p.doc)) };
  },
};

/**
 * GetContextKeysForPrincipalPolicy: the keys of the entity's identity-based policies (a user's include
 * its groups') and of the given ones. "Only context keys referenced by the identity-based policies
 * attached to the specified entity, and any additional policies that you provide, are included": the
 * permissions boundary is not.
 */
export const GetContextKeysForPrincipalPolicy: AccountAction<{ PolicySourceArn: string; PolicyInputList?: string[] }> = {
  name: 'GetContextKeysForPrincipalPolicy',
  target: principalTarget('iam:GetContextKeysForPrincipalPolicy'),
  run(ctx, store, input) {
    const source = requirePolicySource(ctx, store, input.PolicySourceArn);
    const ids = new PolicyIds();
    const policies = [...storedPolicies(ids, sourceDocs(ctx, store, source)).identity, ...inputPolicies(ids, ctx.partition, input.PolicyInputList, 'identity', 'PolicyInputList')];
    return { ContextKeyNames: referencedContextKeys(policies.map((p) => p.doc)) };
  },
};

/** Every simulator action, registered in account/index.ts. */
export const SIMULATE_ACTIONS: readonly AccountAction[] = [
  SimulateCustomPolicy,
  SimulatePrincipalPolicy,
  GetContextKeysForCustomPolicy,
  GetContextKeysForPrincipalPolicy,
];
