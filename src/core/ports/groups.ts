/**
 * @module The groups aggregate's port: IAM groups and their members (users; groups do not nest).
 */
import type { GroupRecord, UserRecord } from '../records';
import type { PageQuery } from './page';

/** Groups and membership. */
export interface GroupStore {
  findGroupByName(groupName: string): GroupRecord | undefined;
  findGroupById(groupId: string): GroupRecord | undefined;
  /** Groups ordered by lower-cased name; `after` is a lower-cased name. */
  listGroups(query: PageQuery): GroupRecord[];
  countGroups(): number;
  insertGroup(group: GroupRecord): void;
  updateGroup(groupId: string, changes: Pick<GroupRecord, 'groupName' | 'path' | 'arn'>): void;
  deleteGroup(groupId: string): void;
  /** Members of a group ordered by lower-cased user name; `after` is a lower-cased user name. */
  listGroupMembers(groupId: string, query: PageQuery): UserRecord[];
  /** Groups a user belongs to, ordered by lower-cased group name. */
  listGroupsForUser(userId: string): GroupRecord[];
  isGroupMember(groupId: string, userId: string): boolean;
  addGroupMember(groupId: string, userId: string): void;
  removeGroupMember(groupId: string, userId: string): void;
}
