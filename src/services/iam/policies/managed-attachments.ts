/**
 * @module Managed-policy attachments: Attach/Detach/ListAttached{User,Group}Policies, written once over the
 * entity kind so the role variants plug in with a third {@link AttachableKind} (one registration line).
 *
 * Rules (IAM API Reference, API_AttachUserPolicy.html and siblings; "IAM and AWS STS quotas"):
 * - the policy is a customer policy of this account or an AWS-managed one in the catalog, else NoSuchEntity
 *   `Policy <arn> does not exist or is not attachable.`;
 * - attaching an attached policy changes nothing and succeeds;
 * - at most 10 managed policies per user, group or role (LimitExceeded `Cannot exceed quota for
 *   PoliciesPerUser: 10`, `PoliciesPerGroup`, `PoliciesPerRole`);
 * - detaching a policy that is not attached is NoSuchEntity `Policy <arn> was not found.`;
 * - the authorization context carries `iam:PolicyARN`.
 */
import { limitExceeded, noSuchEntity } from '../../../core/errors';
import type { AccountStore } from '../../../core/ports';
import type { PolicyEntityType } from '../../../core/records';
import type { AccountAction, AuthzTarget } from '../../action';
import type { TargetInput } from '../../authz-target';
import type { CallContext } from '../../context';
import { requireUser, USER_TAGGABLE } from '../entities';
import { groupTarget, requireGroup } from '../groups/lookup';
import { DEFAULT_MAX_ITEMS, decodeMarker, page } from '../pagination';
import { entityTarget } from '../taggable';
import { MAX_USERS_PER_ACCOUNT } from '../users';
import { findAnyPolicy, notAttachable, splitPolicyArn } from './managed-lookup';

/** Managed policies one user, group or role may have attached (IAM quotas, default). */
export const MAX_ATTACHED_POLICIES = 10;

/** An entity that can hold managed policies, as these actions see it. */
export interface PolicyHolder {
  id: string;
  name: string;
  path: string;
  arn: string;
}

/** What the attachment actions need to know about one kind of entity. */
export interface AttachableKind {
  type: PolicyEntityType;
  /** `User` in `AttachUserPolicy`, `Group`, `Role`. */
  noun: 'User' | 'Group' | 'Role';
  /** The request member naming the entity. */
  nameMember: 'UserName' | 'GroupName' | 'RoleName';
  /** The entity by name, or NoSuchEntity as AWS words it. */
  require(store: AccountStore, name: string): PolicyHolder;
  /** The entity by id (ListEntitiesForPolicy), if it still exists. */
  byId(store: AccountStore, id: string): PolicyHolder | undefined;
  /** The entities using `policyArn` as their permissions boundary (none for groups). */
  withBoundary(store: AccountStore, policyArn: string): PolicyHolder[];
  /** The authorization target of `action` on the named entity (real ARN with path when it exists). */
  target(ctx: CallContext, store: AccountStore, action: string, name: string, input?: TargetInput): AuthzTarget;
}

export const USER_ATTACHABLE: AttachableKind = {
  type: 'user',
  noun: 'User',
  nameMember: 'UserName',
  require(store, name) {
    const u = requireUser(store, name);
    return { id: u.userId, name: u.userName, path: u.path, arn: u.arn };
  },
  byId(store, id) {
    const u = store.findUserById(id);
    return u && { id: u.userId, name: u.userName, path: u.path, arn: u.arn };
  },
  // The store counts boundary uses but has no listing by boundary: users are few enough to scan.
  withBoundary: (store, policyArn) =>
    store
      .listUsers({ limit: MAX_USERS_PER_ACCOUNT + 1 })
      .filter((u) => u.permissionsBoundaryArn === policyArn)
      .map((u) => ({ id: u.userId, name: u.userName, path: u.path, arn: u.arn })),
  target: (ctx, store, action, name, input) => entityTarget(ctx, store, USER_TAGGABLE, action, name, input),
};

export const GROUP_ATTACHABLE: AttachableKind = {
  type: 'group',
  noun: 'Group',
  nameMember: 'GroupName',
  require(store, name) {
    const g = requireGroup(store, name);
    return { id: g.groupId, name: g.groupName, path: g.path, arn: g.arn };
  },
  byId(store, id) {
    const g = store.findGroupById(id);
    return g && { id: g.groupId, name: g.groupName, path: g.path, arn: g.arn };
  },
  withBoundary: () => [],
  target: (ctx, store, action, name, input) => groupTarget(ctx, store, action, name, input),
};

type EntityInput = Readonly<Record<string, string | number | undefined>>;
type AttachInput = EntityInput & { PolicyArn: string };

const entityName = (kind: AttachableKind, input: EntityInput) => input[kind.nameMember] as string;

/** The target of Attach/Detach: the entity, with the request's `PolicyArn` as `iam:PolicyARN`. */
function attachTarget(kind: AttachableKind, verb: 'Attach' | 'Detach') {
  const action = `iam:${verb}${kind.noun}Policy`;
  return (ctx: CallContext, store: AccountStore, input: AttachInput): AuthzTarget =>
    kind.target(ctx, store, action, entityName(kind, input), { PolicyArn: input.PolicyArn });
}

/** Attach<Entity>Policy. */
export function attachPolicy(kind: AttachableKind): AccountAction<AttachInput> {
  return {
    name: `Attach${kind.noun}Policy`,
    target: attachTarget(kind, 'Attach'),
    run(ctx, store, input) {
      const entity = kind.require(store, entityName(kind, input));
      if (!findAnyPolicy(ctx, store, input.PolicyArn)) throw notAttachable(input.PolicyArn);
      const attached = store.listAttachedPolicies(kind.type, entity.id);
      if (attached.includes(input.PolicyArn)) return {};
      if (attached.length >= MAX_ATTACHED_POLICIES) {
        throw limitExceeded(`Cannot exceed quota for PoliciesPer${kind.noun}: ${MAX_ATTACHED_POLICIES}`);
      }
      store.attachPolicy({ entityType: kind.type, entityId: entity.id, policyArn: input.PolicyArn });
      return {};
    },
  };
}

/** Detach<Entity>Policy. */
export function detachPolicy(kind: AttachableKind): AccountAction<AttachInput> {
  return {
    name: `Detach${kind.noun}Policy`,
    target: attachTarget(kind, 'Detach'),
    run(_ctx, store, input) {
      const entity = kind.require(store, entityName(kind, input));
      if (!store.listAttachedPolicies(kind.type, entity.id).includes(input.PolicyArn)) {
        throw noSuchEntity(`Policy ${input.PolicyArn} was not found.`);
      }
      store.detachPolicy({ entityType: kind.type, entityId: entity.id, policyArn: input.PolicyArn });
      return {};
    },
  };
}

/** ListAttached<Entity>Policies: by policy name, filtered by policy path, paginated. */
export function listAttachedPolicies(
  kind: AttachableKind,
): AccountAction<EntityInput & { PathPrefix?: string; Marker?: string; MaxItems?: number }> {
  const action = `iam:ListAttached${kind.noun}Policies`;
  return {
    name: `ListAttached${kind.noun}Policies`,
    target: (ctx, store, input) => kind.target(ctx, store, action, entityName(kind, input)),
    run(_ctx, store, input) {
      const entity = kind.require(store, entityName(kind, input));
      const prefix = input.PathPrefix ?? '/';
      const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
      const after = decodeMarker(input.Marker);
      const rows = store
        .listAttachedPolicies(kind.type, entity.id)
        .map((arn) => ({ arn, ...splitPolicyArn(arn) }))
        .filter((r) => r.path.startsWith(prefix))
        .map((r) => ({ ...r, key: `${r.name.toLowerCase()}\u0000${r.arn}` }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .filter((r) => after === undefined || r.key > after);
      const { items, ...pageFields } = page(rows.slice(0, limit + 1), limit, (r) => r.key);
      return { AttachedPolicies: items.map((r) => ({ PolicyName: r.name, PolicyArn: r.arn })), ...pageFields };
    },
  };
}

/** The three attachment actions of one entity kind. */
export const attachmentActions = (kind: AttachableKind) => [attachPolicy(kind), detachPolicy(kind), listAttachedPolicies(kind)];
