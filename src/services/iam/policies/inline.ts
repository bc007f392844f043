/**
 * @module Inline policies embedded in an IAM entity: Put/Get/Delete/List{User,Group}Policy, written once over
 * the entity kind ({@link PolicyHolderKind}, holders.ts) so the role variants plug in with the role kind.
 *
 * Rules (IAM API Reference, API_PutUserPolicy.html and siblings; "IAM and AWS STS quotas"):
 * - the document is an identity policy (MalformedPolicyDocument, 400, in IAM's words);
 * - the AGGREGATE of an entity's inline policies, counted without white space, is at most 2,048 characters
 *   for a user, 5,120 for a group (10,240 for a role); replacing a policy counts the new text instead of the
 *   old; past it LimitExceeded (409);
 * - Put replaces a policy of the same name; names are as the model allows them;
 * - Get returns the document as submitted, URL-encoded per RFC 3986 ("Policies returned by this operation
 *   are URL-encoded compliant with RFC 3986");
 * - an unknown policy is NoSuchEntity `The user policy with name X cannot be found.` (and `group`, `role`).
 */
import { AwsError, limitExceeded, noSuchEntity } from '../../../core/errors';
import type { AccountStore } from '../../../core/ports';
import { checkInlinePolicySize, checkPolicy, policySize, type PolicyDocument, type ValidationError } from '../../../core/policy/index';
import type { AccountAction, AuthzTarget } from '../../action';
import type { CallContext } from '../../context';
import { USER_TAGGABLE } from '../entities';
import { pageOfSorted } from '../pagination';
import { entityTarget } from '../taggable';
import { GROUP_HOLDER, holderName, USER_HOLDER, type PolicyHolderKind } from './holders';

// ---- shared helpers -------------------------------------------------------------------------------------

/** The AwsError for the policy engine's findings: the first one, with the code and wording IAM uses. */
export function policyDocumentError(errors: readonly ValidationError[]): AwsError {
  const first = errors[0] ?? { code: 'MalformedPolicyDocument', message: 'Syntax errors in policy.' };
  return first.code === 'LimitExceeded' ? limitExceeded(first.message) : new AwsError('MalformedPolicyDocument', first.message, 400);
}

/** Parses and validates `text` as a policy of `kind`, or throws MalformedPolicyDocument. */
export function requirePolicyDocument(text: string, partition: string): PolicyDocument {
  // An inline policy may omit Version or use 2008-10-17 (only managed policies need 2012-10-17).
  const checked = checkPolicy(text, 'identity', partition);
  if (!checked.ok) throw policyDocumentError(checked.error);
  return checked.value;
}

/** RFC 3986 percent-encoding, as IAM returns policy documents: `encodeURIComponent` plus `!'()*`. */
export const rfc3986 = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * The authorization target of an action on a user (resource type `user`, services/authz-target.ts): the
 * user's real ARN, or `user/<name>` when it does not exist; its tags as `aws:ResourceTag/<k>` and
 * `iam:ResourceTag/<k>`; `iam:PermissionsBoundary` where the reference lists it: `boundary` when given (the
 * one a request sets), else the user's current boundary.
 */
export function userTarget(ctx: CallContext, store: AccountStore, action: string, userName: string, boundary?: string): AuthzTarget {
  return entityTarget(ctx, store, USER_TAGGABLE, action, userName, boundary !== undefined ? { PermissionsBoundary: boundary } : {});
}

// ---- actions --------------------------------------------------------------------------------------------

type EntityInput = Readonly<Record<string, string | number | undefined>>;
type PolicyInput = EntityInput & { PolicyName: string };

function targetOf(kind: PolicyHolderKind, verb: string) {
  const action = `iam:${verb}${kind.noun}${verb === 'List' ? 'Policies' : 'Policy'}`;
  return (ctx: CallContext, store: AccountStore, input: EntityInput) => kind.target(ctx, store, action, holderName(kind, input));
}

const notFound = (kind: PolicyHolderKind, policyName: string) =>
  noSuchEntity(`The ${kind.type} policy with name ${policyName} cannot be found.`);

/** Put<Entity>Policy: creates or replaces; the entity's aggregate inline size is checked after the change. */
export function putInlinePolicy(kind: PolicyHolderKind): AccountAction<PolicyInput & { PolicyDocument: string }> {
  return {
    name: `Put${kind.noun}Policy`,
    target: targetOf(kind, 'Put'),
    run(ctx, store, input) {
      const entity = kind.requireWritable(store, holderName(kind, input));
      requirePolicyDocument(input.PolicyDocument, ctx.partition);
      const others = store.listInlinePolicies(kind.type, entity.id).filter((p) => p.policyName !== input.PolicyName);
      const aggregate = others.reduce((n, p) => n + policySize(p.document), policySize(input.PolicyDocument));
      const tooBig = checkInlinePolicySize(kind.type, entity.name, aggregate);
      if (tooBig) throw policyDocumentError([tooBig]);
      store.putInlinePolicy({ entityType: kind.type, entityId: entity.id, policyName: input.PolicyName, document: input.PolicyDocument });
      return {};
    },
  };
}

/** Get<Entity>Policy: the document as submitted, URL-encoded. */
export function getInlinePolicy(kind: PolicyHolderKind): AccountAction<PolicyInput> {
  return {
    name: `Get${kind.noun}Policy`,
    target: targetOf(kind, 'Get'),
    run(_ctx, store, input) {
      const entity = kind.require(store, holderName(kind, input));
      const policy = store.findInlinePolicy(kind.type, entity.id, input.PolicyName);
      if (!policy) throw notFound(kind, input.PolicyName);
      return { [kind.nameMember]: entity.name, PolicyName: policy.policyName, PolicyDocument: rfc3986(policy.document) };
    },
  };
}

/** Delete<Entity>Policy. */
export function deleteInlinePolicy(kind: PolicyHolderKind): AccountAction<PolicyInput> {
  return {
    name: `Delete${kind.noun}Policy`,
    target: targetOf(kind, 'Delete'),
    run(_ctx, store, input) {
      const entity = kind.requireWritable(store, holderName(kind, input));
      if (!store.findInlinePolicy(kind.type, entity.id, input.PolicyName)) throw notFound(kind, input.PolicyName);
      store.deleteInlinePolicy(kind.type, entity.id, input.PolicyName);
      return {};
    },
  };
}

/** List<Entity>Policies: the names, in name order, paginated. */
export function listInlinePolicies(kind: PolicyHolderKind): AccountAction<EntityInput & { Marker?: string; MaxItems?: number }> {
  return {
    name: `List${kind.noun}Policies`,
    target: targetOf(kind, 'List'),
    run(_ctx, store, input) {
      const entity = kind.require(store, holderName(kind, input));
      const names = store.listInlinePolicies(kind.type, entity.id).map((p) => p.policyName);
      const { items, ...pageFields } = pageOfSorted(names, input, (n) => n);
      return { PolicyNames: items, ...pageFields };
    },
  };
}

/** The four inline-policy actions of one entity kind. */
export const inlinePolicyActions = (kind: PolicyHolderKind) =>
  [putInlinePolicy(kind), getInlinePolicy(kind), deleteInlinePolicy(kind), listInlinePolicies(kind)] as const;

/** Every inline-policy action this file registers (users and groups; roles add their kind). */
export const INLINE_POLICY_ACTIONS: readonly AccountAction[] = [
  ...inlinePolicyActions(USER_HOLDER),
  ...inlinePolicyActions(GROUP_HOLDER),
];
