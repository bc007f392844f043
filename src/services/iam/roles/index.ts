/**
 * @module The roles actions (roles, their tags and policies, instance profiles), registered by
 * services/iam/index.ts.
 */
import type { AccountAction } from '../../action';
import { INSTANCE_PROFILE_ACTIONS } from './instance-profiles';
import { ROLE_POLICY_ACTIONS } from './role-policies';
import { ListRoleTags, TagRole, UntagRole } from './role-tags';
import { CreateRole, DeleteRole, GetRole, ListRoles, UpdateAssumeRolePolicy, UpdateRole, UpdateRoleDescription } from './roles';

/** Every action of this folder. */
export const ROLES_ACTIONS: readonly AccountAction<never, unknown, never>[] = [
  ...([
    CreateRole,
    GetRole,
    ListRoles,
    UpdateRole,
    UpdateRoleDescription,
    UpdateAssumeRolePolicy,
    DeleteRole,
    TagRole,
    UntagRole,
    ListRoleTags,
  ] as never[]),
  ...ROLE_POLICY_ACTIONS,
  ...INSTANCE_PROFILE_ACTIONS,
];

export { MAX_ROLES_PER_ACCOUNT } from './lookup';
export { MAX_INSTANCE_PROFILES_PER_ACCOUNT } from './instance-profiles';
