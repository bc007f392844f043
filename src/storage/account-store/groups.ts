/**
 * @module The groups aggregate on SQLite: `groups` and `group_members`. Groups themselves are not in the
 * read model; memberships are (they assemble a user's policies on the data plane).
 */
import { and, asc, eq, gt } from 'drizzle-orm';
import type { GroupStore } from '../../core/ports';
import type { GroupRecord } from '../../core/records';
import * as t from '../schema/account';
import { param, pathUnder, prepared, type StoreMethods } from './context';
import { namedRows } from './named-rows';
import { toUser } from './users';

const toGroup = ({ nameLc: _, ...r }: typeof t.groups.$inferSelect): GroupRecord => r;

const GROUPS = namedRows(t.groups, { id: t.groups.groupId, nameLc: t.groups.nameLc, path: t.groups.path }, toGroup);
const byGroupId = (groupId: string) => eq(t.groups.groupId, groupId);
const membership = (groupId: string, userId: string) => and(eq(t.groupMembers.groupId, groupId), eq(t.groupMembers.userId, userId));

/** The groups aggregate's methods. */
export const groupMethods: GroupStore & ThisType<StoreMethods> = {
  findGroupByName(groupName) {
    return GROUPS.byName(this.c, groupName);
  },

  findGroupById(groupId) {
    return GROUPS.byId(this.c, groupId);
  },

  listGroups(query) {
    return GROUPS.list(this.c, query);
  },

  countGroups() {
    return GROUPS.count(this.c);
  },

  insertGroup(group) {
    this.c.db.insert(t.groups).values({ ...group, nameLc: group.groupName.toLowerCase() }).run();
  },

  updateGroup(groupId, changes) {
    this.c.db.update(t.groups).set({ ...changes, nameLc: changes.groupName.toLowerCase() }).where(byGroupId(groupId)).run();
  },

  deleteGroup(groupId) {
    this.c.db.delete(t.groups).where(byGroupId(groupId)).run();
  },

  listGroupMembers(groupId, { pathPrefix, after, limit }) {
    const conditions = [eq(t.groupMembers.groupId, groupId)];
    if (pathPrefix !== undefined) conditions.push(pathUnder(t.users.path, pathPrefix));
    if (after !== undefined) conditions.push(gt(t.users.nameLc, after));
    return this.c.db
      .select({ u: t.users })
      .from(t.groupMembers)
      .innerJoin(t.users, eq(t.users.userId, t.groupMembers.userId))
      .where(and(...conditions))
      .orderBy(asc(t.users.nameLc))
      .limit(limit)
      .all()
      .map((r) => toUser(r.u));
  },

  listGroupsForUser(userId) {
    // Prepared: every call by a user assembles the policies of its groups.
    const q = prepared(this.c.db, 'listGroupsForUser', (db) =>
      db
        .select({ g: t.groups })
        .from(t.groupMembers)
        .innerJoin(t.groups, eq(t.groups.groupId, t.groupMembers.groupId))
        .where(eq(t.groupMembers.userId, param('userId')))
        .orderBy(asc(t.groups.nameLc))
        .prepare(),
    );
    return q.all({ userId }).map((r) => toGroup(r.g));
  },

  isGroupMember(groupId, userId) {
    return !!this.c.db.select({ g: t.groupMembers.groupId }).from(t.groupMembers).where(membership(groupId, userId)).get();
  },

  addGroupMember(groupId, userId) {
    this.c.db.insert(t.groupMembers).values({ groupId, userId }).onConflictDoNothing().run();
    this.c.emit({ op: 'put', table: 'group_members', row: { accountId: this.c.accountId, groupId, userId } });
  },

  removeGroupMember(groupId, userId) {
    this.c.db.delete(t.groupMembers).where(membership(groupId, userId)).run();
    this.c.emit({ op: 'del', table: 'group_members', key: { accountId: this.c.accountId, groupId, userId } });
  },
};
