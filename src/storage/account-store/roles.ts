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
import { deleteTags, readTags } from './tag-table';

const toRole = ({ nameLc: _, ...r }: typeof t.roles.$inferSelect): RoleRecord => r;

const rolesOf = (c: StoreContext) => namedRows(c, t.roles, { id: t.roles.roleId, nameLc: t.roles.nameLc, path: t.roles.path }, toRole);

/** The fields of a role its principal row carries: a change to one of them is projected. */
const PROJECTED = ['trustPolicy', 'trustBindings', 'maxSessionDuration', 'permissionsBoundaryArn'] as const;

/** The principal row of a role: ARN, tags, boundary, trust policy and session limit. */
export function projectRole(c: StoreContext, roleId: string): void {
  const role = rolesOf(c).byId(roleId);
  if (!role) return;
  const tags = readTags(c, 'role', roleId).map((tag) => ({ Key: tag.key, Value: tag.value }));
  c.emit({
    op: 'put',
    table: 'principals',
    row: {
      accountId: c.accountId,
      principalId: role.roleId,
      type: 'Role',
      name: role.roleName,
      path: role.path,
      arn: role.arn,
      tags: JSON.stringify(tags),
      boundaryArn: role.permissionsBoundaryArn,
      trustPolicy: role.trustPolicy,
      trustBindings: role.trustBindings,
      maxSessionDuration: role.maxSessionDuration,
    },
  });
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
      deleteTags(c, 'role', roleId);
      c.db.delete(t.roles).where(byRoleId(roleId)).run();
      c.emit({ op: 'del', table: 'principals', key: { accountId: c.accountId, principalId: roleId } });
    },
  };
}
