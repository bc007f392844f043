/**
 * @module The requests whose outcome is not decided by the caller's policies alone, shared by enforcement
 * and the policy simulator so the two cannot disagree:
 *
 * - actions that need no permission: `sts:GetCallerIdentity` ("No permissions are required to perform
 *   this operation. If an administrator attaches a policy to your identity that explicitly denies access
 *   to the sts:GetCallerIdentity action, you can still perform this operation") and `sts:GetSessionToken`
 *   ("No permissions are required for a user to get a session token … You cannot use policies to control
 *   authentication operations");
 * - actions decided with a role's trust policy (`sts:AssumeRole` and the `sts:TagSession` /
 *   `sts:SetSourceIdentity` it may need): "the role trust policy must explicitly allow access", even in
 *   one account (services/trust-policy.ts);
 * - writes no caller may perform: on AWS-managed policies (`arn:aws:iam::aws:policy/…`: they belong to
 *   AWS, "you cannot change the permissions defined in AWS managed policies"), and on service-linked roles
 *   (path `/aws-service-role/`: "Path prefix '/aws-service-role/' can only be used for AWS Service linked
 *   Roles"; CreateServiceLinkedRole makes them, their service alone changes them: the actions answer
 *   UnmodifiableEntity, services/iam/roles/lookup.ts, and the simulator denies them).
 * Spec: STS API Reference, GetCallerIdentity; IAM User Guide, "Permissions for GetSessionToken"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getsessiontoken.html),
 * "AWS managed policies", "Using service-linked roles"; IAM API Reference, CreateRole.
 */
import { AUTHZ_TABLE } from './authz-table.gen';
import { isAwsManagedArn } from './iam/aws-managed';

/** Actions every authenticated caller may perform, whatever its policies say (lowercased). */
export const NO_PERMISSION_ACTIONS: ReadonlySet<string> = new Set(['sts:getcalleridentity', 'sts:getsessiontoken']);

/** Actions AssumeRole decides with the role's trust policy as well as the caller's policies (lowercased). */
export const TRUST_POLICY_ACTIONS: ReadonlySet<string> = new Set(['sts:assumerole', 'sts:tagsession', 'sts:setsourceidentity']);

/** The path prefix IAM reserves for service-linked roles. */
export const SERVICE_LINKED_ROLE_PATH = '/aws-service-role/';

/** IAM's refusal of a role path in the service-linked-role namespace (CreateRole, InvalidInput). */
export const SERVICE_LINKED_ROLE_PATH_MESSAGE = `Path prefix '${SERVICE_LINKED_ROLE_PATH}' can only be used for AWS Service linked Roles`;

/** Whether a role path lies in the namespace IAM reserves for service-linked roles. */
export const isServiceLinkedRolePath = (path: string): boolean => path.toLowerCase().startsWith(SERVICE_LINKED_ROLE_PATH);

/**
 * The IAM actions of a resource type that change something (access level Write, Permissions management or
 * Tagging in the Service Authorization Reference), lowercased, less `except`.
 */
function writesOn(type: string, except: readonly string[]): ReadonlySet<string> {
  const out = new Set<string>();
  for (const [name, a] of Object.entries(AUTHZ_TABLE.iam.actions)) {
    if (a.access === 'Read' || a.access === 'List' || except.includes(name)) continue;
    if (a.resources.some((r) => r.type === type)) out.add(`iam:${name.toLowerCase()}`);
  }
  return out;
}

/** The writes on a managed policy (CreatePolicyVersion, DeletePolicy, TagPolicy, …). */
export const POLICY_WRITES = writesOn('policy', []);

/**
 * The writes on a role that a service-linked role refuses: CreateRole at its path, and those the IAM model lists UnmodifiableEntity for,
 * less UpdateRole (its description may change: IAM User Guide, "Update a service-linked role"; only its
 * MaxSessionDuration is refused, which the simulator cannot see). Its description (UpdateRoleDescription)
 * and tags stay changeable; DeleteServiceLinkedRole is AWS's own way to delete it.
 */
export const ROLE_WRITES: ReadonlySet<string> = new Set(
  [
    'CreateRole', // the path is reserved: CreateRole refuses it (InvalidInput)
    'AddRoleToInstanceProfile',
    'AttachRolePolicy',
    'DeleteRole',
    'DeleteRolePermissionsBoundary',
    'DeleteRolePolicy',
    'DetachRolePolicy',
    'PutRolePermissionsBoundary',
    'PutRolePolicy',
    'RemoveRoleFromInstanceProfile',
    'UpdateAssumeRolePolicy',
  ].map((a) => `iam:${a.toLowerCase()}`),
);

/** `arn:<partition>:iam::<account>:role/aws-service-role/…`. */
const SERVICE_LINKED_ROLE_ARN = /^arn:[^:]+:iam::\d{12}:role\/aws-service-role\//i;

/** Why no caller may perform `action` on `resource`, or undefined when its policies decide. */
export function protectedTarget(action: string, resource: string): 'aws-managed-policy' | 'service-linked-role' | undefined {
  const a = action.toLowerCase();
  if (POLICY_WRITES.has(a) && isAwsManagedArn(resource)) return 'aws-managed-policy';
  if (ROLE_WRITES.has(a) && SERVICE_LINKED_ROLE_ARN.test(resource)) return 'service-linked-role';
  return undefined;
}
