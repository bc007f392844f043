/**
 * @module The groups actions, registered by services/iam/index.ts.
 */
import type { AccountAction } from '../../action';
import { CreateGroup, DeleteGroup, GetGroup, ListGroups, UpdateGroup } from './groups';
import { AddUserToGroup, ListGroupsForUser, RemoveUserFromGroup } from './membership';

/** Every action of this folder. */
export const GROUPS_ACTIONS: readonly AccountAction[] = [
  CreateGroup,
  GetGroup,
  ListGroups,
  UpdateGroup,
  DeleteGroup,
  AddUserToGroup,
  RemoveUserFromGroup,
  ListGroupsForUser,
];
