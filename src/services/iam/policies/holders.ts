/**
 * @module The entities that hold policies (users, groups, roles), as the inline-policy actions (inline.ts),
 * the attachment actions (managed-attachments.ts) and ListEntitiesForPolicy (managed-entities.ts) see them:
 * one {@link PolicyHolderKind} per kind, built by {@link holderKind} from the kind's record lookups. The
 * role kind is declared beside the other role lookups (roles/lookup.ts).
 */
import type { AccountStore } from '../../../core/ports';
import type { PolicyEntityType } from '../../../core/records';
import type { AuthzTarget } from '../../action';
import type { TargetInput } from '../../authz-target';
import type { CallContext } from '../../context';
import { requireUser, USER_TAGGABLE } from '../entities';
import { groupTarget, requireGroup } from '../groups/lookup';
import { entityTarget } from '../taggable';
import { MAX_USERS_PER_ACCOUNT } from '../users';

/** An entity that holds policies, as these actions see it. */
export interface PolicyHolder {
  id: string;
  name: string;
  path: string;
  arn: string;
}

/** What the policy actions need to know about one kind of policy holder. */
export interface PolicyHolderKind {
  type: PolicyEntityType;
  /** `User` in `PutUserPolicy` and `AttachUserPolicy`, `Group`, `Role`. */
  noun: 'User' | 'Group' | 'Role';
  /** The request (and GetXPolicy response) member naming the entity. */
  nameMember: 'UserName' | 'GroupName' | 'RoleName';
  /** The entity by name, or NoSuchEntity as AWS words it. */
  require(store: AccountStore, name: string): PolicyHolder;
  /**
   * The entity by name for a change of its policies (Put/Delete inline, Attach/Detach): as `require`, and
   * UnmodifiableEntity for a service-linked role, whose policies only its service sets (roles/lookup.ts).
   */
  requireWritable(store: AccountStore, name: string): PolicyHolder;
  /** The entity by id (ListEntitiesForPolicy), if it still exists. */
  byId(store: AccountStore, id: string): PolicyHolder | undefined;
  /** The entities using `policyArn` as their permissions boundary (none for groups). */
  withBoundary(store: AccountStore, policyArn: string): PolicyHolder[];
  /** The authorization target of `action` on the named entity (real ARN with path when it exists). */
  target(ctx: CallContext, store: AccountStore, action: string, name: string, input?: TargetInput): AuthzTarget;
}

/** A holder kind from its record lookups: `holder` is the view of a record these actions use. */
export function holderKind<R>(
  kind: Pick<PolicyHolderKind, 'type' | 'noun' | 'nameMember' | 'target'> & {
    required(store: AccountStore, name: string): R;
    /** The record for a change of its policies, when some entities of the kind refuse one (roles); `required` otherwise. */
    requiredWritable?(store: AccountStore, name: string): R;
    findById(store: AccountStore, id: string): R | undefined;
    holder(record: R): PolicyHolder;
    /**
     * Every entity of the kind, scanned for a boundary: the store counts boundary uses but has no listing
     * by boundary, and users and roles are few enough to scan. Absent for groups, which take no boundary.
     */
    scan?(store: AccountStore): readonly (R & { permissionsBoundaryArn: string | null })[];
  },
): PolicyHolderKind {
  const { required, requiredWritable, findById, holder, scan, ...named } = kind;
  return {
    ...named,
    require: (store, name) => holder(required(store, name)),
    requireWritable: (store, name) => holder((requiredWritable ?? required)(store, name)),
    byId(store, id) {
      const record = findById(store, id);
      return record && holder(record);
    },
    withBoundary: (store, policyArn) => (scan?.(store) ?? []).filter((r) => r.permissionsBoundaryArn === policyArn).map(holder),
  };
}

/** The request member naming the holder in `input`. */
export const holderName = (kind: PolicyHolderKind, input: Readonly<Record<string, unknown>>) => input[kind.nameMember] as string;

/** Users as policy holders (resource type `user`; inline aggregate 2,048 characters). */
export const USER_HOLDER = holderKind({
  type: 'user',
  noun: 'User',
  nameMember: 'UserName',
  required: requireUser,
  findById: (store, id) => store.findUserById(id),
  holder: (u) => ({ id: u.userId, name: u.userName, path: u.path, arn: u.arn }),
  scan: (store) => store.listUsers({ limit: MAX_USERS_PER_ACCOUNT + 1 }),
  target: (ctx, store, action, name, input) => entityTarget(ctx, store, USER_TAGGABLE, action, name, input),
});

/** Groups as policy holders (resource type `group`; inline aggregate 5,120 characters; no boundary). */
export const GROUP_HOLDER = holderKind({
  type: 'group',
  noun: 'Group',
  nameMember: 'GroupName',
  required: requireGroup,
  findById: (store, id) => store.findGroupById(id),
  holder: (g) => ({ id: g.groupId, name: g.groupName, path: g.path, arn: g.arn }),
  target: groupTarget,
});
