/**
 * @module Group membership: AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser.
 *
 * A user belongs to at most 10 groups (LimitExceeded `Cannot exceed quota for GroupsPerUser: 10`). Adding a
 * member again, or removing a user that is not a member, succeeds without change, as AWS answers both
 * (observed against IAM in cloud-custodian/cloud-custodian#4730); an unknown group or user is NoSuchEntity.
 * Spec: IAM API Reference (https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html and
 * siblings); "IAM and AWS STS quotas" (groups an IAM user can be a member of).
 */
import type { AccountAction } from '../../action';
import { requireUser } from '../entities';
import { pageOfSorted } from '../pagination';
import { userTarget } from '../policies/inline';
import { groupTarget, requireGroup, toApiGroup } from './lookup';
import { checkQuota } from '../guards';

/** Groups one IAM user may be a member of. */
export const MAX_GROUPS_PER_USER = 10;

/** AddUserToGroup. */
export const AddUserToGroup: AccountAction<{ GroupName: string; UserName: string }> = {
  name: 'AddUserToGroup',
  target: (ctx, store, i) => groupTarget(ctx, store, 'iam:AddUserToGroup', i.GroupName),
  run(_ctx, store, input) {
    const group = requireGroup(store, input.GroupName);
    const user = requireUser(store, input.UserName);
    if (store.isGroupMember(group.groupId, user.userId)) return {};
    checkQuota(store.listGroupsForUser(user.userId).length, MAX_GROUPS_PER_USER, 'GroupsPerUser');
    store.addGroupMember(group.groupId, user.userId);
    return {};
  },
};

/** RemoveUserFromGroup. */
export const RemoveUserFromGroup: AccountAction<{ GroupName: string; UserName: string }> = {
  name: 'RemoveUserFromGroup',
  target: (ctx, store, i) => groupTarget(ctx, store, 'iam:RemoveUserFromGroup', i.GroupName),
  run(_ctx, store, input) {
    const group = requireGroup(store, input.GroupName);
    const user = requireUser(store, input.UserName);
    if (store.isGroupMember(group.groupId, user.userId)) store.removeGroupMember(group.groupId, user.userId);
    return {};
  },
};

/** ListGroupsForUser: the user's groups ordered by name, paginated. */
export const ListGroupsForUser: AccountAction<{ UserName: string; Marker?: string; MaxItems?: number }> = {
  name: 'ListGroupsForUser',
  target: (ctx, store, i) => userTarget(ctx, store, 'iam:ListGroupsForUser', i.UserName),
  run(_ctx, store, input) {
    const user = requireUser(store, input.UserName);
    const { items, ...pageFields } = pageOfSorted(store.listGroupsForUser(user.userId), input, (g) => g.groupName.toLowerCase());
    return { Groups: items.map(toApiGroup), ...pageFields };
  },
};
