/**
 * @module Roles on SQLite (`roles`), the first half of the roles aggregate (instance-profiles.ts is the
 * other). A role's principal row (ARN, tags, boundary, trust policy and its bindings, session limit) is
 * projected to the read model whenever one of those changes; its last use is not.
 */
import { eq } from 'drizzle-orm';
import type { RoleTable } from '../../core/ports';
import type { RoleRecord } from '../../core/records';
import * as t from '../schema/account';
import type { StoreContext } from './context';
import { namedRows } from './named-rows';
import { dropPrincipal, putPrincipal } from './principal-row';

const toRole = ({ nameLc: _, ...r }: typeof t.roles.$inferSelect): RoleRecord => r;

const rolesOf = (c: StoreContext) => namedRows(c, t.roles, { id: t.roles.roleId, nameLc: t.roles.nameLc, path: t.roles.path }, toRole);

/** The fields of a role its principal row carries: a change to one of them is projected. */
const PROJECTED = ['trustPolicy', 'trustBindings', 'maxSessionDuration', 'permissionsBoundaryArn'] as const;

/** The principal row of a role: ARN, tags, boundary, trust policy (and its bindings) and session limit. */
export function projectRole(c: StoreContext, roleId: string): void {
  const role = rolesOf(c).byId(roleId);
  if (!role) return;
  putPrincipal(
    c,
    'role',
    { id: roleId, name: role.roleName, path: role.path, arn: role.arn, boundaryArn: role.permissionsBoundaryArn },
    { trustPolicy: role.trustPolicy, trustBindings: role.trustBindings, maxSessionDuration: role.maxSessionDuration },
  );
}

/** The roles of one transaction. */
export function roleTable(c: StoreContext): RoleTable {
  const roles = rolesOf(c);
  const byRoleId = (roleId: string) => eq(t.roles.roleId, roleId);
  return {
    findRoleByName: roles.byName,
    findRoleById: roles.byId,
    listRoles: roles.list,
    countRoles: roles.count,

    insertRole(role) {
      c.db.insert(t.roles).values({ ...role, nameLc: role.roleName.toLowerCase() }).run();
      projectRole(c, role.roleId);
    },

    updateRole(roleId, changes) {
      c.db.update(t.roles).set(changes).where(byRoleId(roleId)).run();
      if (PROJECTED.some((k) => changes[k] !== undefined)) projectRole(c, roleId);
    },

    deleteRole(roleId) {
      c.db.delete(t.roles).where(byRoleId(roleId)).run();
      dropPrincipal(c, 'role', roleId);
    },
  };
}
