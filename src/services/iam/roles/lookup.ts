/**
 * @module Lookups and projections shared by the role and instance-profile actions: role ARNs, the role by
 * name with AWS's NoSuchEntity wording, the authorization target of an action on a role, the Role shapes of
 * the API, and the role kinds the generic inline-policy and attachment actions take.
 *
 * Spec: IAM API Reference, "Role" and "RoleLastUsed" data types, API_GetRole.html, API_ListRoles.html
 * ("This operation does not return the following attributes … PermissionsBoundary, RoleLastUsed, Tags");
 * Service Authorization Reference, resource type `role` (`aws:ResourceTag/<k>`, `iam:ResourceTag/<k>`).
 */
import { AwsError } from '../../../core/errors';
import type { AccountStore } from '../../../core/ports';
import type { RoleRecord } from '../../../core/records';
import type { AuthzTarget } from '../../action';
import type { CallContext } from '../../context';
import { holderKind } from '../policies/holders';
import { rfc3986 } from '../policies/inline';
import { entityTarget, namedKind } from '../taggable';
import { toApiTags } from '../tags';
import { boundaryOf } from '../boundary-shape';
import { displayedTrustPolicy } from './trust-bindings';
import { found } from '../guards';
import { isServiceLinkedRolePath } from '../../fixed-decisions';

/** IAM roles one account may have (IAM quotas: "Roles in an AWS account"). */
export const MAX_ROLES_PER_ACCOUNT = 1000;

/** `arn:aws:iam::123456789012:role/path/name`; `path` starts and ends with `/`. */
export const roleArn = (partition: string, accountId: string, path: string, name: string) =>
  `arn:${partition}:iam::${accountId}:role${path}${name}`;

/** The ARN AWS names for account-wide role listings (`…:role/`), as ListUsers names `…:user/`. */
export const rolesResource = (ctx: CallContext) => roleArn(ctx.partition, ctx.caller.accountId, '/', '');

/** The role named `roleName` (any case), or NoSuchEntity as AWS words it. */
export function requireRole(store: AccountStore, roleName: string): RoleRecord {
  return found(store.findRoleByName(roleName), `The role with name ${roleName} cannot be found.`);
}

/** Whether `role` is a service-linked role: its path lies in the namespace IAM reserves for them. */
export const isServiceLinkedRole = (role: Pick<RoleRecord, 'path'>): boolean => isServiceLinkedRolePath(role.path);

/**
 * IAM's refusal of a change to a service-linked role: UnmodifiableEntity (400), worded as AWS words it
 * ("Cannot perform the operation on the protected role 'AWSServiceRoleForConfig' - this role is only
 * modifiable by AWS"). The model lists the error for DeleteRole, UpdateAssumeRolePolicy, Put/DeleteRolePolicy,
 * Attach/DetachRolePolicy, Put/DeleteRolePermissionsBoundary, Add/RemoveRoleToInstanceProfile, UpdateRole.
 * Spec: IAM API Reference, UnmodifiableEntityException; IAM User Guide, "Update a service-linked role"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-service-linked-role.html).
 */
export const unmodifiableRole = (roleName: string) =>
  new AwsError('UnmodifiableEntity', `Cannot perform the operation on the protected role '${roleName}' - this role is only modifiable by AWS`, 400);

/** The role named `roleName` for a change only its service may make: NoSuchEntity, or UnmodifiableEntity for a service-linked role. */
export function requireModifiableRole(store: AccountStore, roleName: string): RoleRecord {
  const role = requireRole(store, roleName);
  if (isServiceLinkedRole(role)) throw unmodifiableRole(role.roleName);
  return role;
}

/** Roles as a taggable kind (resource type `role`), named by `RoleName`. */
export const ROLE_TAGGABLE = namedKind({
  type: 'role',
  noun: 'Role',
  idMember: 'RoleName',
  lookup: (store, name) => store.findRoleByName(name),
  required: requireRole,
  view: (r) => ({ arn: r.arn, tagId: r.roleId, permissionsBoundary: r.permissionsBoundaryArn }),
  absentArn: (ctx, name) => roleArn(ctx.partition, ctx.caller.accountId, '/', name),
});

/**
 * The authorization target of an action on a role (resource type `role`, services/authz-target.ts): the
 * role's real ARN, or `role/<name>` when it does not exist (AWS authorizes before it looks the role up); its
 * tags as `aws:ResourceTag/<k>` and `iam:ResourceTag/<k>`; `iam:PermissionsBoundary` where the reference
 * lists it: `boundary` when given (the one a request sets), else the role's current boundary.
 */
export function roleTarget(ctx: CallContext, store: AccountStore, action: string, roleName: string, boundary?: string): AuthzTarget {
  return entityTarget(ctx, store, ROLE_TAGGABLE, action, roleName, boundary !== undefined ? { PermissionsBoundary: boundary } : {});
}

/** The AttachedPermissionsBoundary shape, or nothing when the role has no boundary. */
export { boundaryOf };

/** The RoleLastUsed shape: empty until the role is first assumed (GetRole always carries it). */
export const lastUsedOf = (role: RoleRecord) => ({
  ...(role.lastUsedDate ? { LastUsedDate: role.lastUsedDate } : {}),
  ...(role.lastUsedRegion ? { Region: role.lastUsedRegion } : {}),
});

/** What every Role shape starts with (Role, RoleDetail): path, name, id, ARN and creation date. */
export const roleIdentity = (role: RoleRecord) => ({
  Path: role.path,
  RoleName: role.roleName,
  RoleId: role.roleId,
  Arn: role.arn,
  CreateDate: role.createDate,
});

/**
 * The Role shape as ListRoles (and the Roles of an InstanceProfile) give it: without PermissionsBoundary,
 * RoleLastUsed and Tags. The trust policy comes back URL-encoded (RFC 3986), as every IAM policy document;
 * `foreignHolders` (the current holders of other accounts' bound ARNs) lets it show stale ones by id.
 */
export function toListedRole(store: AccountStore, role: RoleRecord, foreignHolders?: ReadonlyMap<string, string>) {
  return {
    ...roleIdentity(role),
    AssumeRolePolicyDocument: rfc3986(displayedTrustPolicy(store, role, foreignHolders)),
    ...(role.description !== null ? { Description: role.description } : {}),
    MaxSessionDuration: role.maxSessionDuration,
  };
}

/** The Role shape of GetRole and UpdateRoleDescription: everything, RoleLastUsed included. */
export function toFullRole(store: AccountStore, role: RoleRecord, foreignHolders?: ReadonlyMap<string, string>) {
  const tags = store.listTags('role', role.roleId);
  return {
    ...toListedRole(store, role, foreignHolders),
    ...boundaryOf(role.permissionsBoundaryArn),
    ...(tags.length ? { Tags: toApiTags(tags) } : {}),
    RoleLastUsed: lastUsedOf(role),
  };
}

// ---- the role kinds of the generic policy actions ---------------------------------------------------------

/** Roles as policy holders: the inline-policy actions (aggregate 10,240 characters), the attachment actions and ListEntitiesForPolicy. */
export const ROLE_HOLDER = holderKind({
  type: 'role',
  noun: 'Role',
  nameMember: 'RoleName',
  required: requireRole,
  requiredWritable: requireModifiableRole,
  findById: (store, id) => store.findRoleById(id),
  holder: (r) => ({ id: r.roleId, name: r.roleName, path: r.path, arn: r.arn }),
  scan: (store) => store.listRoles({ limit: MAX_ROLES_PER_ACCOUNT + 1 }),
  target: (ctx, store, action, name, input) => entityTarget(ctx, store, ROLE_TAGGABLE, action, name, input),
});
