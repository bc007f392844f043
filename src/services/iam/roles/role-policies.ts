/**
 * @module The policies of a role: its permissions boundary (PutRolePermissionsBoundary,
 * DeleteRolePermissionsBoundary), and the role variants of the generic inline-policy actions
 * (Put/Get/Delete/ListRolePolicies; aggregate inline size 10,240 characters) and managed-policy attachment
 * actions (Attach/Detach/ListAttachedRolePolicies; 10 per role), built from ./lookup.ts's role kinds.
 *
 * Boundaries follow the user variant (policies/boundaries.ts): the policy must be a customer-managed policy
 * of the account or an AWS-managed one (NoSuchEntity `Policy <arn> does not exist or is not attachable.`);
 * Put replaces the boundary; Delete of a role without one succeeds; `iam:PermissionsBoundary` carries the
 * boundary set (Put) or removed (Delete).
 * Spec: IAM API Reference, API_PutRolePermissionsBoundary.html, API_DeleteRolePermissionsBoundary.html,
 * API_PutRolePolicy.html, API_AttachRolePolicy.html and siblings.
 */
import type { AccountAction } from '../../action';
import { requireBoundaryPolicy } from '../policies/boundaries';
import { inlinePolicyActions } from '../policies/inline';
import { attachmentActions } from '../policies/managed-attachments';
import { requireModifiableRole, ROLE_HOLDER, roleTarget } from './lookup';

/** PutRolePermissionsBoundary: sets or replaces the role's boundary. */
export const PutRolePermissionsBoundary: AccountAction<{ RoleName: string; PermissionsBoundary: string }> = {
  name: 'PutRolePermissionsBoundary',
  target: (ctx, store, i) => roleTarget(ctx, store, 'iam:PutRolePermissionsBoundary', i.RoleName, i.PermissionsBoundary),
  run(ctx, store, input) {
    const role = requireModifiableRole(store, input.RoleName);
    requireBoundaryPolicy(ctx, store, input.PermissionsBoundary);
    if (role.permissionsBoundaryArn !== input.PermissionsBoundary) store.updateRole(role.roleId, { permissionsBoundaryArn: input.PermissionsBoundary });
    return {};
  },
};

/** DeleteRolePermissionsBoundary: removes the role's boundary; a role without one is left as it is. */
export const DeleteRolePermissionsBoundary: AccountAction<{ RoleName: string }> = {
  name: 'DeleteRolePermissionsBoundary',
  target: (ctx, store, i) => roleTarget(ctx, store, 'iam:DeleteRolePermissionsBoundary', i.RoleName),
  run(_ctx, store, input) {
    const role = requireModifiableRole(store, input.RoleName);
    if (role.permissionsBoundaryArn !== null) store.updateRole(role.roleId, { permissionsBoundaryArn: null });
    return {};
  },
};

/** Every policy action on roles. */
export const ROLE_POLICY_ACTIONS: readonly AccountAction[] = [
  PutRolePermissionsBoundary,
  DeleteRolePermissionsBoundary,
  ...inlinePolicyActions(ROLE_HOLDER),
  ...attachmentActions(ROLE_HOLDER),
];
