/**
 * @module Service-linked roles: CreateServiceLinkedRole, DeleteServiceLinkedRole,
 * GetServiceLinkedRoleDeletionStatus.
 *
 * The services this deployment knows are the SaaS's, from its service catalog (issue 9): the service
 * principal of catalog service `acme` is `acme.amazonaws.com`, as AWS names its own (`ecs.amazonaws.com`).
 * IAM and STS have none: on AWS neither has a service-linked role, and no service of this deployment
 * assumes roles on an account's behalf except through the catalog's services.
 *
 * - The role: path `/aws-service-role/<principal>/`, name `AWSServiceRoleFor<Service>` with the prefix in
 *   upper camel case (`acme` → `Acme`, `my-saas` → `MySaas`), `_<CustomSuffix>` appended when given (as
 *   AWS's `AWSServiceRoleForAutoScaling_<suffix>`); trust policy allowing `sts:AssumeRole` to the service
 *   principal; no permissions policy (the catalog declares none: only the service sets them, on AWS too),
 *   MaxSessionDuration 3,600.
 * - A name taken (any case, as every role name) → InvalidInput `Service role name X has been taken in this
 *   account, please try a different suffix.` (AWS's message, as AWS CLI users meet it); an unknown
 *   service → InvalidInput; 1,000 roles per account, as CreateRole.
 * - Only the service changes the role afterwards: the role actions answer UnmodifiableEntity (./lookup.ts);
 *   its description and tags may change (IAM User Guide, "Update a service-linked role").
 * - DeleteServiceLinkedRole deletes the role in the call's own transaction (the catalog's services hold no
 *   resources IAM could ask about, so nothing can make the deletion fail later) and records the task as
 *   SUCCEEDED; its id has AWS's form `task/aws-service-role/<principal>/<role name>/<uuid>`. A role
 *   outside the reserved path is not a service-linked role: NoSuchEntity.
 * - GetServiceLinkedRoleDeletionStatus: the task's status; a malformed id → InvalidInput, an unknown one →
 *   NoSuchEntity. It is authorized on the role the task names (reference: resource type `role`).
 * Spec: IAM API Reference, API_CreateServiceLinkedRole.html, API_DeleteServiceLinkedRole.html,
 * API_GetServiceLinkedRoleDeletionStatus.html; IAM User Guide, "Create a service-linked role"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create-service-linked-role.html).
 */
import { invalidInput, noSuchEntity } from '../../../core/errors';
import { ID_PREFIX, newUniqueId, type RandomBytes } from '../../../core/ids';
import type { RoleRecord } from '../../../core/records';
import type { AccountAction } from '../../action';
import { buildTarget } from '../../authz-target';
import type { CallContext } from '../../context';
import { SERVICE_LINKED_ROLE_PATH } from '../../fixed-decisions';
import { checkQuota } from '../guards';
import { isServiceLinkedRole, MAX_ROLES_PER_ACCOUNT, requireRole, roleArn, roleTarget, rolesResource, toListedRole } from './lookup';
import { DEFAULT_MAX_SESSION_DURATION } from './roles';

/** The start of every service-linked role's name. */
export const SERVICE_LINKED_ROLE_NAME_PREFIX = 'AWSServiceRoleFor';
/** Role names are 1–64 characters (API_CreateRole.html, RoleName). */
const MAX_ROLE_NAME_LENGTH = 64;
/** `acme.amazonaws.com` → `acme`. */
const SERVICE_PRINCIPAL = /^([a-z0-9][a-z0-9-]*)\.amazonaws\.com$/;

/** `acme` → `Acme`, `my-saas` → `MySaas`. */
const upperCamel = (prefix: string) =>
  prefix
    .split('-')
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');

/** The role name of `prefix`'s service-linked role, with `suffix` when given. */
export const serviceLinkedRoleName = (prefix: string, suffix?: string) =>
  `${SERVICE_LINKED_ROLE_NAME_PREFIX}${upperCamel(prefix)}${suffix !== undefined ? `_${suffix}` : ''}`;

/** The trust policy of a service-linked role: only its service may assume it. */
export const serviceLinkedTrustPolicy = (principal: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: principal }, Action: 'sts:AssumeRole' }] });

/** The catalog prefix `principal` names, or InvalidInput when this deployment has no such service. */
function requireKnownService(ctx: CallContext, principal: string): string {
  const prefix = SERVICE_PRINCIPAL.exec(principal)?.[1];
  if (prefix === undefined || !ctx.catalog?.service(prefix)) {
    throw invalidInput(`Service principal ${principal} is not a service of this deployment; service-linked roles exist for its catalog services (<prefix>.amazonaws.com).`);
  }
  return prefix;
}

interface CreateInput {
  AWSServiceName: string;
  Description?: string;
  CustomSuffix?: string;
}

/** The role a CreateServiceLinkedRole request names (its name may not be valid yet: `run` checks it). */
const requestedRole = (input: CreateInput) => {
  const prefix = SERVICE_PRINCIPAL.exec(input.AWSServiceName)?.[1] ?? input.AWSServiceName;
  return { path: `${SERVICE_LINKED_ROLE_PATH}${input.AWSServiceName}/`, name: serviceLinkedRoleName(prefix, input.CustomSuffix) };
};

/** CreateServiceLinkedRole. */
export const CreateServiceLinkedRole: AccountAction<CreateInput> = {
  name: 'CreateServiceLinkedRole',
  usesCatalog: true,
  target(ctx, _store, input) {
    const { path, name } = requestedRole(input);
    const arn = roleArn(ctx.partition, ctx.caller.accountId, path, name);
    return buildTarget('iam:CreateServiceLinkedRole', { type: 'role', arn }, { AWSServiceName: input.AWSServiceName });
  },
  run(ctx, store, input) {
    requireKnownService(ctx, input.AWSServiceName);
    const { path, name } = requestedRole(input);
    if (name.length > MAX_ROLE_NAME_LENGTH) throw invalidInput(`Role name ${name} is longer than ${MAX_ROLE_NAME_LENGTH} characters; use a shorter suffix.`);
    if (store.findRoleByName(name)) throw invalidInput(`Service role name ${name} has been taken in this account, please try a different suffix.`);
    checkQuota(store.countRoles(), MAX_ROLES_PER_ACCOUNT, 'RolesPerAccount');
    const role: RoleRecord = {
      roleId: newUniqueId(ID_PREFIX.role, ctx.random),
      roleName: name,
      path,
      arn: roleArn(ctx.partition, ctx.caller.accountId, path, name),
      trustPolicy: serviceLinkedTrustPolicy(input.AWSServiceName),
      trustBindings: '{}', // a service principal names no user, role or account to bind
      description: input.Description ?? null,
      maxSessionDuration: DEFAULT_MAX_SESSION_DURATION,
      createDate: ctx.now.toISOString(),
      permissionsBoundaryArn: null,
      lastUsedDate: null,
      lastUsedRegion: null,
    };
    store.insertRole(role);
    const { MaxSessionDuration: _omitted, ...created } = toListedRole(store, role);
    return { Role: created };
  },
};

/** A version 4 UUID (RFC 9562 §5.4) from `random`. */
function uuid(random: RandomBytes): string {
  const b = random(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** DeleteServiceLinkedRole: deletes the role now and answers the id of its (completed) deletion task. */
export const DeleteServiceLinkedRole: AccountAction<{ RoleName: string }> = {
  name: 'DeleteServiceLinkedRole',
  target: (ctx, store, i) => roleTarget(ctx, store, 'iam:DeleteServiceLinkedRole', i.RoleName),
  run(ctx, store, input) {
    const role = requireRole(store, input.RoleName);
    if (!isServiceLinkedRole(role)) throw noSuchEntity(`The role with name ${input.RoleName} is not a service-linked role.`);
    const taskId = `task${role.path}${role.roleName}/${uuid(ctx.random)}`;
    store.deleteRole(role.roleId);
    store.insertRoleDeletionTask({ taskId, status: 'SUCCEEDED', submittedAt: ctx.now.toISOString() });
    return { DeletionTaskId: taskId };
  },
};

/** `task/aws-service-role/<principal>/<role name>/<uuid>` → the role's path and name. */
const DELETION_TASK_ID = /^task(\/aws-service-role\/[^/]+\/)([\w+=,.@-]{1,64})\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** GetServiceLinkedRoleDeletionStatus. */
export const GetServiceLinkedRoleDeletionStatus: AccountAction<{ DeletionTaskId: string }> = {
  name: 'GetServiceLinkedRoleDeletionStatus',
  target(ctx, store, input) {
    const action = 'iam:GetServiceLinkedRoleDeletionStatus';
    const m = DELETION_TASK_ID.exec(input.DeletionTaskId);
    if (!m) return buildTarget(action, { type: 'role', arn: rolesResource(ctx) });
    // The role the task names, with its tags while a role of that name exists; once deleted, its ARN.
    if (store.findRoleByName(m[2]!)) return roleTarget(ctx, store, action, m[2]!);
    return buildTarget(action, { type: 'role', arn: roleArn(ctx.partition, ctx.caller.accountId, m[1]!, m[2]!) });
  },
  run(_ctx, store, input) {
    if (!DELETION_TASK_ID.test(input.DeletionTaskId)) throw invalidInput(`Invalid deletion task id: ${input.DeletionTaskId}`);
    const task = store.findRoleDeletionTask(input.DeletionTaskId);
    if (!task) throw noSuchEntity(`Deletion task ${input.DeletionTaskId} cannot be found.`);
    return { Status: task.status };
  },
};

/** Every service-linked-role action. */
export const SERVICE_LINKED_ROLE_ACTIONS: readonly AccountAction[] = [CreateServiceLinkedRole, DeleteServiceLinkedRole, GetServiceLinkedRoleDeletionStatus];
