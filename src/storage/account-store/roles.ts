/**
 * @module Roles on SQLite (`roles`), the first half of the roles aggregate (instance-profiles.ts is the
 * other). A role's principal row (ARN, tags, boundary, trust policy and its bindings, session limit) is
 * projected to the read model whenever one of those changes; its last use is not.
 */
import { eq } from 'drizzle-orm';
import type { RoleTable } from '../../core/ports';
import type { RoleRecord } from '../../core/records';
import * as t from '../schema/account';
import type { StoreContext, StoreMethods } from './context';
import { namedRows } from './named-rows';
import { dropPrincipal, putPrincipal } from './principal-row';

const toRole = ({ nameLc: _, ...r }: typeof t.roles.$inferSelect): RoleRecord => r;

const ROLES = namedRows(t.roles, { id: t.roles.roleId, nameLc: t.roles.nameLc, path: t.roles.path }, toRole);
const byRoleId = (roleId: string) => eq(t.roles.roleId, roleId);

/** The fields of a role its principal row carries: a change to one of them is projected. */
const PROJECTED = ['trustPolicy', 'trustBindings', 'maxSessionDuration', 'permissionsBoundaryArn'] as const;

/** The principal row of a role: ARN, tags, boundary, trust policy (and its bindings) and session limit. */
export function projectRole(c: StoreContext, roleId: string): void {
  const role = ROLES.byId(c, roleId);
  if (!role) return;
  putPrincipal(
    c,
    'role',
    { id: roleId, name: role.roleName, path: role.path, arn: role.arn, boundaryArn: role.permissionsBoundaryArn },
    { trustPolicy: role.trustPolicy, trustBindings: role.trustBindings, maxSessionDuration: role.maxSessionDuration },
  );
}

/** The roles' methods. */
export const roleMethods: RoleTable & ThisType<StoreMethods> = {
  findRoleByName(roleName) {
    return ROLES.byName(this.c, roleName);
  },

  findRoleById(roleId) {
    return ROLES.byId(this.c, roleId);
  },

  listRoles(query) {
    return ROLES.list(this.c, query);
  },

  countRoles() {
    return ROLES.count(this.c);
  },

  insertRole(role) {
    this.c.db.insert(t.roles).values({ ...role, nameLc: role.roleName.toLowerCase() }).run();
    projectRole(this.c, role.roleId);
  },

  updateRole(roleId, changes) {
    this.c.db.update(t.roles).set(changes).where(byRoleId(roleId)).run();
    if (PROJECTED.some((k) => changes[k] !== undefined)) projectRole(this.c, roleId);
  },

  deleteRole(roleId) {
    this.c.db.delete(t.roles).where(byRoleId(roleId)).run();
    dropPrincipal(this.c, 'role', roleId);
  },
};
