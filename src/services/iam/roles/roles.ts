/**
 * @module IAM role actions: CreateRole, GetRole, ListRoles, UpdateRole, UpdateRoleDescription,
 * UpdateAssumeRolePolicy, DeleteRole.
 *
 * - Role names are unique in an account regardless of case (EntityAlreadyExists `Role with name X already
 *   exists.`); at most 1,000 roles per account (LimitExceeded `Cannot exceed quota for RolesPerAccount: 1000`);
 *   ids are `AROA…`; the ARN is `arn:<partition>:iam::<account>:role<path><name>`. Name and path never change.
 * - The trust policy is checked by ./trust.ts (grammar, no `*` principal, 2,048 characters); the users and
 *   roles it names are bound by unique id, other accounts by incarnation (./trust-bindings.ts). What it
 *   names in other accounts is read before the transaction (`prepare`), through the `ForeignPrincipals`
 *   port, and only used once the call is authorized.
 * - A path under `/aws-service-role/` is refused with InvalidInput `Path prefix '/aws-service-role/' can
 *   only be used for AWS Service linked Roles`: that namespace belongs to service-linked roles, which only
 *   AWS services create (services/fixed-decisions.ts).
 * - MaxSessionDuration is 3,600–43,200 seconds, 3,600 when not given; the model's range check answers a
 *   value outside it with ValidationError before the action runs.
 * - A PermissionsBoundary must be a customer-managed policy of the account or an AWS-managed one; an
 *   unknown one is NoSuchEntity `Scope ARN: <arn> does not exist or is not attachable.` (as CreateUser).
 * - ListRoles omits PermissionsBoundary, RoleLastUsed and Tags (API_ListRoles.html); GetRole returns them,
 *   RoleLastUsed always (empty until the role is first used).
 * - A service-linked role (path `/aws-service-role/…`, ./service-linked.ts) is changed only by its service:
 *   DeleteRole, UpdateAssumeRolePolicy and UpdateRole's MaxSessionDuration answer UnmodifiableEntity (its
 *   description and tags may change, as on AWS); DeleteServiceLinkedRole deletes it.
 * - DeleteRole is refused with DeleteConflict while the role has inline policies, attached managed policies
 *   or is in an instance profile, checked in the order API_DeleteRole.html lists what to remove first.
 * Spec: IAM API Reference (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html and
 * siblings); IAM User Guide, "IAM and AWS STS quotas".
 */
import { deleteConflict, entityAlreadyExists, invalidInput, serviceFailure } from '../../../core/errors';
import { checkPolicy } from '../../../core/policy/index';
import type { CallContext } from '../../context';
import { ID_PREFIX, newUniqueId } from '../../../core/ids';
import type { AccountStore } from '../../../core/ports';
import type { RoleRecord } from '../../../core/records';
import type { AccountAction } from '../../action';
import { isServiceLinkedRolePath, SERVICE_LINKED_ROLE_PATH_MESSAGE } from '../../fixed-decisions';
import { buildTarget } from '../../authz-target';
import { pageOfQuery } from '../pagination';
import { requireCreateBoundary } from '../policies/boundaries';
import { checkRequestTags, mergeTags, toApiTags, type Tag } from '../tags';
import {
  boundaryOf,
  isServiceLinkedRole,
  MAX_ROLES_PER_ACCOUNT,
  requireModifiableRole,
  requireRole,
  ROLE_TAGGABLE,
  roleArn,
  roleTarget,
  rolesResource,
  toFullRole,
  toListedRole,
  unmodifiableRole,
} from './lookup';
import { requireTrustPolicy } from './trust';
import {
  bindTrustPrincipals,
  foreignBoundArns,
  foreignQueryOf,
  NO_FOREIGN_FACTS,
  type ForeignFacts,
  type ForeignPrincipals,
} from './trust-bindings';
import { checkQuota } from '../guards';

/** MaxSessionDuration when CreateRole gives none (one hour). */
export const DEFAULT_MAX_SESSION_DURATION = 3_600;
/** Bounds of MaxSessionDuration (API_CreateRole.html: "from 1 hour to 12 hours"), enforced by the model. */
export const MIN_MAX_SESSION_DURATION = 3_600;
export const MAX_MAX_SESSION_DURATION = 43_200;

const iam = (action: string) => `iam:${action}`;

interface CreateRoleInput {
  RoleName: string;
  Path?: string;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration?: number;
  PermissionsBoundary?: string;
  Tags?: Tag[];
}

/** What a trust policy names in other accounts; null when the read model could not be reached. */
type Foreign = ForeignFacts | null;

/**
 * Looks up, before the transaction, what `text` names in other accounts. A policy that does not validate
 * or names no other account needs nothing (run refuses the former after authorizing the call); a failed
 * read is reported by `run` (ServiceFailure), after authorization, so an unauthorized caller learns nothing.
 */
async function lookupForeign(ports: ForeignPrincipals, ctx: CallContext, text: unknown): Promise<Foreign> {
  if (typeof text !== 'string') return NO_FOREIGN_FACTS;
  const checked = checkPolicy(text, 'trust');
  if (!checked.ok) return NO_FOREIGN_FACTS;
  const query = foreignQueryOf(ctx.caller.accountId, checked.value);
  if (query.arns.length === 0 && query.accounts.length === 0) return NO_FOREIGN_FACTS;
  try {
    return await ports.lookupForeignPrincipals(query);
  } catch {
    return null;
  }
}

/** The facts `run` binds with, or ServiceFailure when they could not be read. */
function requireForeign(ctx: CallContext, foreign: Foreign): ForeignFacts {
  if (foreign === null) throw serviceFailure(ctx.requestId);
  return foreign;
}

/** CreateRole. */
export const createRole = (ports: ForeignPrincipals): AccountAction<CreateRoleInput, unknown, Foreign> => ({
  name: 'CreateRole',
  prepare: (ctx, input) => lookupForeign(ports, ctx, input.AssumeRolePolicyDocument),
  target: (ctx, _s, i) => buildTarget(iam('CreateRole'), { type: 'role', arn: roleArn(ctx.partition, ctx.caller.accountId, i.Path ?? '/', i.RoleName) }, i),
  run(ctx, store, input, foreign) {
    if (isServiceLinkedRolePath(input.Path ?? '/')) throw invalidInput(SERVICE_LINKED_ROLE_PATH_MESSAGE);
    const tags = input.Tags ?? [];
    checkRequestTags(tags);
    const tagRecords = mergeTags([], tags, ROLE_TAGGABLE);
    const trust = requireTrustPolicy(input.AssumeRolePolicyDocument);
    const trustBindings = bindTrustPrincipals(store, ctx.caller.accountId, trust, requireForeign(ctx, foreign));
    if (input.PermissionsBoundary !== undefined) requireCreateBoundary(ctx, store, input.PermissionsBoundary);
    if (store.findRoleByName(input.RoleName)) throw entityAlreadyExists(`Role with name ${input.RoleName} already exists.`);
    checkQuota(store.countRoles(), MAX_ROLES_PER_ACCOUNT, 'RolesPerAccount');
    const path = input.Path ?? '/';
    const role: RoleRecord = {
      roleId: newUniqueId(ID_PREFIX.role, ctx.random),
      roleName: input.RoleName,
      path,
      arn: roleArn(ctx.partition, ctx.caller.accountId, path, input.RoleName),
      trustPolicy: input.AssumeRolePolicyDocument,
      trustBindings,
      description: input.Description ?? null,
      maxSessionDuration: input.MaxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
      createDate: ctx.now.toISOString(),
      permissionsBoundaryArn: input.PermissionsBoundary ?? null,
      lastUsedDate: null,
      lastUsedRegion: null,
    };
    store.insertRole(role);
    if (tagRecords.length) store.replaceTags('role', role.roleId, tagRecords);
    const { MaxSessionDuration: _omitted, ...created } = toListedRole(store, role);
    return {
      Role: { ...created, ...boundaryOf(role.permissionsBoundaryArn), ...(tagRecords.length ? { Tags: toApiTags(tagRecords) } : {}) },
    };
  },
});

/**
 * GetRole: the role with its boundary, tags and last use; the trust policy URL-encoded, with the unique id
 * in place of each bound principal that no longer holds its ARN, in this account or another (the current
 * holders of other accounts' ARNs are read before the transaction; if they cannot be, those ARNs are
 * shown as written).
 */
export const getRole = (ports: ForeignPrincipals): AccountAction<{ RoleName: string }, unknown, ReadonlyMap<string, string> | undefined> => ({
  name: 'GetRole',
  async prepare(_ctx, input, store) {
    const role = typeof input.RoleName === 'string' ? store.findRoleByName(input.RoleName) : undefined;
    return foreignHoldersOf(ports, role ? [role] : []);
  },
  target: (ctx, store, i) => roleTarget(ctx, store, iam('GetRole'), i.RoleName),
  run(_ctx, store, input, foreignHolders) {
    const role = requireRole(store, input.RoleName);
    return { Role: toFullRole(store, role, foreignHolders) };
  },
});

type ListRolesInput = { PathPrefix?: string; Marker?: string; MaxItems?: number };

/** The page of roles ListRoles answers with. */
const rolesPage = (store: AccountStore, input: ListRolesInput) =>
  pageOfQuery(input, (q) => store.listRoles({ ...q, pathPrefix: input.PathPrefix ?? '/' }), (r) => r.roleName.toLowerCase());

/**
 * The current holders of the other accounts' ARNs the given roles' trust policies bound, read before the
 * transaction so that a stale one is shown by id; undefined (those ARNs shown as written) when there are
 * none or the read model cannot be reached.
 */
async function foreignHoldersOf(ports: ForeignPrincipals, roles: readonly RoleRecord[]): Promise<ReadonlyMap<string, string> | undefined> {
  const arns = [...new Set(roles.flatMap(foreignBoundArns))];
  if (arns.length === 0) return undefined;
  try {
    return (await ports.lookupForeignPrincipals({ arns, accounts: [] })).holders;
  } catch {
    return undefined;
  }
}

/** ListRoles, ordered by name, filtered by PathPrefix, paginated; trust policies shown as GetRole shows them. */
export const listRoles = (ports: ForeignPrincipals): AccountAction<ListRolesInput, unknown, ReadonlyMap<string, string> | undefined> => ({
  name: 'ListRoles',
  async prepare(_ctx, input, store) {
    let rows: RoleRecord[];
    try {
      rows = rolesPage(store, input).items;
    } catch {
      return undefined; // a bad marker: run refuses it once the call is authorized
    }
    return foreignHoldersOf(ports, rows);
  },
  target: (ctx) => buildTarget(iam('ListRoles'), { type: 'role', arn: rolesResource(ctx) }),
  run(_ctx, store, input, foreignHolders) {
    const { items, ...pageFields } = rolesPage(store, input);
    return { Roles: items.map((r) => toListedRole(store, r, foreignHolders)), ...pageFields };
  },
});

/** The role's new description: an empty one clears it. */
const descriptionOf = (text: string) => (text === '' ? null : text);

/** UpdateRole: the description and/or the maximum session duration; what is not given is kept. */
export const UpdateRole: AccountAction<{ RoleName: string; Description?: string; MaxSessionDuration?: number }> = {
  name: 'UpdateRole',
  target: (ctx, store, i) => roleTarget(ctx, store, iam('UpdateRole'), i.RoleName),
  run(_ctx, store, input) {
    const role = requireRole(store, input.RoleName);
    // A service-linked role's description is the one thing IAM lets its account change.
    if (input.MaxSessionDuration !== undefined && isServiceLinkedRole(role)) throw unmodifiableRole(role.roleName);
    const changes: Parameters<AccountStore['updateRole']>[1] = {
      ...(input.Description !== undefined ? { description: descriptionOf(input.Description) } : {}),
      ...(input.MaxSessionDuration !== undefined ? { maxSessionDuration: input.MaxSessionDuration } : {}),
    };
    if (Object.keys(changes).length) store.updateRole(role.roleId, changes);
    return {};
  },
};

/** UpdateRoleDescription: the older single-purpose action; it answers with the updated role. */
export const UpdateRoleDescription: AccountAction<{ RoleName: string; Description: string }> = {
  name: 'UpdateRoleDescription',
  target: (ctx, store, i) => roleTarget(ctx, store, iam('UpdateRoleDescription'), i.RoleName),
  run(_ctx, store, input) {
    const role = requireRole(store, input.RoleName);
    const description = descriptionOf(input.Description);
    store.updateRole(role.roleId, { description });
    return { Role: toFullRole(store, { ...role, description }) };
  },
};

/** UpdateAssumeRolePolicy: replaces the trust policy, checked as CreateRole checks it. */
export const updateAssumeRolePolicy = (ports: ForeignPrincipals): AccountAction<{ RoleName: string; PolicyDocument: string }, unknown, Foreign> => ({
  name: 'UpdateAssumeRolePolicy',
  prepare: (ctx, input) => lookupForeign(ports, ctx, input.PolicyDocument),
  target: (ctx, store, i) => roleTarget(ctx, store, iam('UpdateAssumeRolePolicy'), i.RoleName),
  run(ctx, store, input, foreign) {
    const role = requireModifiableRole(store, input.RoleName);
    const trust = requireTrustPolicy(input.PolicyDocument);
    const trustBindings = bindTrustPrincipals(store, ctx.caller.accountId, trust, requireForeign(ctx, foreign));
    store.updateRole(role.roleId, { trustPolicy: input.PolicyDocument, trustBindings });
    return {};
  },
});

/** DeleteRole: only once nothing is left attached to the role; its tags go with it. */
export const DeleteRole: AccountAction<{ RoleName: string }> = {
  name: 'DeleteRole',
  target: (ctx, store, i) => roleTarget(ctx, store, iam('DeleteRole'), i.RoleName),
  run(_ctx, store, input) {
    const role = requireModifiableRole(store, input.RoleName);
    if (store.listInlinePolicies('role', role.roleId).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    if (store.listAttachedPolicies('role', role.roleId).length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    if (store.listInstanceProfilesForRole(role.roleId).length > 0) {
      throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
    }
    store.deleteRole(role.roleId);
    return {};
  },
};
