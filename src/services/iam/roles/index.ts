/**
 * @module The roles actions (roles, their tags and policies, instance profiles, service-linked roles), registered by
 * services/iam/index.ts.
 */
import type { AccountAction } from '../../action';
import { INSTANCE_PROFILE_ACTIONS } from './instance-profiles';
import { ROLE_POLICY_ACTIONS } from './role-policies';
import { ListRoleTags, TagRole, UntagRole } from './role-tags';
import { SERVICE_LINKED_ROLE_ACTIONS } from './service-linked';
import { createRole, DeleteRole, getRole, listRoles, updateAssumeRolePolicy, UpdateRole, UpdateRoleDescription } from './roles';
import type { ForeignPrincipals } from './trust-bindings';

/** Every action of this folder; `foreign` reads other accounts' principals for trust policies. */
export const rolesActions = (foreign: ForeignPrincipals): readonly AccountAction[] => [
  createRole(foreign),
  getRole(foreign),
  listRoles(foreign),
  UpdateRole,
  UpdateRoleDescription,
  updateAssumeRolePolicy(foreign),
  DeleteRole,
  TagRole,
  UntagRole,
  ListRoleTags,
  ...ROLE_POLICY_ACTIONS,
  ...INSTANCE_PROFILE_ACTIONS,
  ...SERVICE_LINKED_ROLE_ACTIONS,
];

export { MAX_ROLES_PER_ACCOUNT } from './lookup';
export { MAX_INSTANCE_PROFILES_PER_ACCOUNT } from './instance-profiles';
export { backfillBinding, type ForeignFacts, type ForeignPrincipals, type ForeignQuery } from './trust-bindings';
