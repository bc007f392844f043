/**
 * @module ListPoliciesGrantingServiceAccess: for each service namespace asked about, the permissions
 * policies of a user, group or role that allow some action of that service.
 *
 * - Which policies (API_ListPoliciesGrantingServiceAccess.html): for a user, its own inline and managed
 *   policies and those of its groups; for a group or a role, only its own. Boundaries, resource-based and
 *   trust policies are not considered ("It only applies permissions policy logic").
 * - A policy grants a service when one of its Allow statements can allow an action of it, whatever its
 *   Resource and Condition: an `Action` element whose service part matches the namespace (`*`, `iam:*`,
 *   `iam:Get*`, `i?m:*`), or a `NotAction` that does not exclude the whole service (`iam:*` or `*` among its
 *   elements excludes it). A NotAction listing every action of a service one by one is taken as granting it
 *   (this service does not enumerate other services' actions).
 * - Entries: managed policies with PolicyName, PolicyType MANAGED and PolicyArn, once each even when the
 *   user holds one directly and through a group; inline ones with PolicyName, PolicyType INLINE,
 *   EntityType (USER, GROUP, ROLE) and EntityName. Namespaces come back in the order asked, each with its
 *   list (empty when nothing grants it); the answer is never truncated (a user holds at most 10 groups × 10
 *   managed policies plus its own, and its inline policies fit in 2,048 characters per user).
 * - Errors: an ARN that names no user, group or role of the caller's account → NoSuchEntity in the kind's
 *   own words ("The user with name X cannot be found."); one that is not such an ARN → InvalidInput.
 * Spec: IAM API Reference, API_ListPoliciesGrantingServiceAccess.html,
 * API_ListPoliciesGrantingServiceAccessEntry.html, API_PolicyGrantingServiceAccess.html.
 */
import { invalidInput } from '../../../core/errors';
import { checkPolicy, type Statement } from '../../../core/policy/index';
import type { AccountStore } from '../../../core/ports';
import type { PolicyEntityType } from '../../../core/records';
import type { AccountAction, AuthzTarget } from '../../action';
import { buildTarget } from '../../authz-target';
import type { CallContext } from '../../context';
import { requireUser, USER_TAGGABLE } from '../entities';
import { groupTarget, requireGroup } from '../groups/lookup';
import { requireRole, roleTarget } from '../roles/lookup';
import { entityTarget } from '../taggable';
import { findAnyPolicy, splitPolicyArn } from './managed-lookup';

/** PolicyGrantingServiceAccess. */
interface Granting {
  PolicyName: string;
  PolicyType: 'INLINE' | 'MANAGED';
  PolicyArn?: string;
  EntityType?: 'USER' | 'GROUP' | 'ROLE';
  EntityName?: string;
}

/** A policy that may grant access, with its document. */
interface Source {
  entry: Granting;
  document: string;
  kind: 'identity' | 'managed';
}

/** `arn:<partition>:iam::<account>:(user|group|role)/<path><name>` → kind, account, name. */
const ENTITY_ARN = /^arn:[^:]+:iam::(\d{12}):(user|group|role)\/(?:[^/]+\/)*([^/]+)$/;

/** The entity `arn` names in the caller's account, as (type, id, name) holders of policies. */
function entitiesOf(ctx: CallContext, store: AccountStore, arn: string): { type: PolicyEntityType; id: string; name: string }[] {
  const m = ENTITY_ARN.exec(arn);
  if (!m || m[1] !== ctx.caller.accountId) throw invalidInput(`ARN ${arn} is not the ARN of a user, group or role of this account.`);
  const name = m[3]!;
  if (m[2] === 'role') {
    const role = requireRole(store, name);
    return [{ type: 'role', id: role.roleId, name: role.roleName }];
  }
  if (m[2] === 'group') {
    const group = requireGroup(store, name);
    return [{ type: 'group', id: group.groupId, name: group.groupName }];
  }
  const user = requireUser(store, name);
  const groups = store.listGroupsForUser(user.userId).map((g) => ({ type: 'group' as const, id: g.groupId, name: g.groupName }));
  return [{ type: 'user', id: user.userId, name: user.userName }, ...groups];
}

/** The document of the managed policy at `arn` (its default version), if it still exists. */
function managedDocument(ctx: CallContext, store: AccountStore, arn: string): string | undefined {
  const found = findAnyPolicy(ctx, store, arn);
  if (!found) return undefined;
  if (found.kind === 'aws') return found.entry.document;
  return store.findPolicyVersion(arn, found.record.defaultVersionId)?.document;
}

/** Every permissions policy of the entities, managed ones once each. */
function sourcesOf(ctx: CallContext, store: AccountStore, entities: ReturnType<typeof entitiesOf>): Source[] {
  const sources: Source[] = [];
  const seen = new Set<string>();
  for (const e of entities) {
    const entityType = e.type.toUpperCase() as Granting['EntityType'];
    for (const p of store.listInlinePolicies(e.type, e.id)) {
      sources.push({ entry: { PolicyName: p.policyName, PolicyType: 'INLINE', EntityType: entityType, EntityName: e.name }, document: p.document, kind: 'identity' });
    }
    for (const arn of store.listAttachedPolicies(e.type, e.id)) {
      const document = seen.has(arn) ? undefined : managedDocument(ctx, store, arn);
      seen.add(arn);
      if (document !== undefined) sources.push({ entry: { PolicyName: splitPolicyArn(arn).name, PolicyType: 'MANAGED', PolicyArn: arn }, document, kind: 'managed' });
    }
  }
  return sources;
}

/** Whether the service part of an action pattern (`iam` of `iam:Get*`, or `*`) matches `namespace`. */
function serviceMatches(pattern: string, namespace: string): boolean {
  const service = pattern === '*' ? '*' : pattern.split(':')[0]!;
  const re = new RegExp(`^${service.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(namespace);
}

/** Whether a NotAction element excludes every action of `namespace` (`*`, `iam:*`, `i*:*`). */
const excludesService = (pattern: string, namespace: string) => (pattern === '*' || /:\*$/.test(pattern)) && serviceMatches(pattern, namespace);

/** The document's statements, parsed once for every namespace asked about (none if it no longer parses). */
function statementsOf({ document, kind }: Source): readonly Statement[] {
  const checked = checkPolicy(document, kind);
  return checked.ok ? checked.value.statements : [];
}

/** Whether one of the statements is an Allow that can allow an action of `namespace`. */
function grants(statements: readonly Statement[], namespace: string): boolean {
  return statements.some((st) => {
    if (st.effect !== 'Allow') return false;
    if (st.action) return st.action.some((a) => serviceMatches(a, namespace));
    return !(st.notAction ?? []).some((a) => excludesService(a, namespace));
  });
}

/**
 * What the call is authorized on: the user, group or role `Arn` names, with its tags when it is one of
 * the caller's account (the reference's resource types `user`, `group`, `role`); else the ARN as given.
 */
function grantingTarget(ctx: CallContext, store: AccountStore, input: { Arn: string }): AuthzTarget {
  const action = 'iam:ListPoliciesGrantingServiceAccess';
  const m = ENTITY_ARN.exec(input.Arn);
  if (!m || m[1] !== ctx.caller.accountId) return buildTarget(action, { type: m?.[2] ?? 'user', arn: input.Arn });
  const name = m[3]!;
  if (m[2] === 'user') return entityTarget(ctx, store, USER_TAGGABLE, action, name);
  if (m[2] === 'group') return groupTarget(ctx, store, action, name);
  return roleTarget(ctx, store, action, name);
}

/** ListPoliciesGrantingServiceAccess (Marker accepted and unused: the answer is never truncated). */
export const ListPoliciesGrantingServiceAccess: AccountAction<{ Arn: string; ServiceNamespaces: string[]; Marker?: string }> = {
  name: 'ListPoliciesGrantingServiceAccess',
  target: grantingTarget,
  run: (ctx, store, input) => policiesGrantingServiceAccess(ctx, store, input.Arn, input.ServiceNamespaces),
};

/** The answer of ListPoliciesGrantingServiceAccess for `arn` and `namespaces`. */
export function policiesGrantingServiceAccess(ctx: CallContext, store: AccountStore, arn: string, namespaces: readonly string[]) {
  const sources = sourcesOf(ctx, store, entitiesOf(ctx, store, arn)).map((s) => ({ entry: s.entry, statements: statementsOf(s) }));
  return {
    PoliciesGrantingServiceAccess: namespaces.map((ServiceNamespace) => ({
      ServiceNamespace,
      Policies: sources.filter((s) => grants(s.statements, ServiceNamespace)).map((s) => s.entry),
    })),
    IsTruncated: false,
  };
}
