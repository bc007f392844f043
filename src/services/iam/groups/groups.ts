/**
 * @module IAM group actions: CreateGroup, GetGroup, ListGroups, UpdateGroup, DeleteGroup.
 *
 * Group names are unique in an account regardless of case; an account holds at most 300 groups
 * (LimitExceeded `Cannot exceed quota for GroupsPerAccount: 300`). A group is deleted only once it has no
 * members, no inline policies and no attached managed policies (DeleteConflict, in that order).
 * Spec: IAM API Reference (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateGroup.html and
 * siblings); "IAM and AWS STS quotas" (groups per account; names "not distinguished by case").
 */
import { deleteConflict, entityAlreadyExists } from '../../../core/errors';
import { ID_PREFIX, newUniqueId } from '../../../core/ids';
import type { PageQuery } from '../../../core/ports';
import type { GroupRecord } from '../../../core/records';
import type { AccountAction } from '../../action';
import { buildTarget } from '../../authz-target';
import { toListedUser } from '../entities';
import { pageOfQuery } from '../pagination';
import { groupArn, groupsResource, groupTarget, requireGroup, toApiGroup } from './lookup';
import { checkQuota } from '../guards';

/** IAM groups one account may have (IAM quotas: "Groups in an AWS account"). */
export const MAX_GROUPS_PER_ACCOUNT = 300;

const iam = (action: string) => `iam:${action}`;

/** CreateGroup. */
export const CreateGroup: AccountAction<{ GroupName: string; Path?: string }> = {
  name: 'CreateGroup',
  target: (ctx, _s, i) => buildTarget(iam('CreateGroup'), { type: 'group', arn: groupArn(ctx.partition, ctx.caller.accountId, i.Path ?? '/', i.GroupName) }),
  run(ctx, store, input) {
    if (store.findGroupByName(input.GroupName)) throw entityAlreadyExists(`Group with name ${input.GroupName} already exists.`);
    checkQuota(store.countGroups(), MAX_GROUPS_PER_ACCOUNT, 'GroupsPerAccount');
    const path = input.Path ?? '/';
    const group: GroupRecord = {
      groupId: newUniqueId(ID_PREFIX.group, ctx.random),
      groupName: input.GroupName,
      path,
      arn: groupArn(ctx.partition, ctx.caller.accountId, path, input.GroupName),
      createDate: ctx.now.toISOString(),
    };
    store.insertGroup(group);
    return { Group: toApiGroup(group) };
  },
};

/** GetGroup: the group and its members, ordered by user name, paginated by MaxItems/Marker. */
export const GetGroup: AccountAction<{ GroupName: string; Marker?: string; MaxItems?: number }> = {
  name: 'GetGroup',
  target: (ctx, store, i) => groupTarget(ctx, store, iam('GetGroup'), i.GroupName),
  run(_ctx, store, input) {
    const group = requireGroup(store, input.GroupName);
    const { items, ...pageFields } = pageOfQuery(input, (q) => store.listGroupMembers(group.groupId, q), (u) => u.userName.toLowerCase());
    // Like ListUsers, a listing returns the users without PermissionsBoundary and Tags (API_ListUsers.html).
    const users = items.map(toListedUser);
    return { Group: toApiGroup(group), Users: users, ...pageFields };
  },
};

/** ListGroups, ordered by name, filtered by PathPrefix, paginated. */
export const ListGroups: AccountAction<{ PathPrefix?: string; Marker?: string; MaxItems?: number }> = {
  name: 'ListGroups',
  target: (ctx) => buildTarget(iam('ListGroups'), { type: 'group', arn: groupsResource(ctx) }),
  run(_ctx, store, input) {
    const query = (q: PageQuery) => store.listGroups({ ...q, pathPrefix: input.PathPrefix ?? '/' });
    const { items, ...pageFields } = pageOfQuery(input, query, (g) => g.groupName.toLowerCase());
    return { Groups: items.map(toApiGroup), ...pageFields };
  },
};

/** UpdateGroup: a new name and/or path; names stay unique regardless of case. */
export const UpdateGroup: AccountAction<{ GroupName: string; NewPath?: string; NewGroupName?: string }> = {
  name: 'UpdateGroup',
  target: (ctx, store, i) => groupTarget(ctx, store, iam('UpdateGroup'), i.GroupName),
  run(ctx, store, input) {
    const group = requireGroup(store, input.GroupName);
    const groupName = input.NewGroupName ?? group.groupName;
    const path = input.NewPath ?? group.path;
    if (input.NewGroupName !== undefined) {
      const clash = store.findGroupByName(input.NewGroupName);
      if (clash && clash.groupId !== group.groupId) throw entityAlreadyExists(`Group with name ${input.NewGroupName} already exists.`);
    }
    store.updateGroup(group.groupId, { groupName, path, arn: groupArn(ctx.partition, ctx.caller.accountId, path, groupName) });
    return {};
  },
};

/** DeleteGroup: refused with DeleteConflict while the group has members, inline policies or attached policies. */
export const DeleteGroup: AccountAction<{ GroupName: string }> = {
  name: 'DeleteGroup',
  target: (ctx, store, i) => groupTarget(ctx, store, iam('DeleteGroup'), i.GroupName),
  run(_ctx, store, input) {
    const group = requireGroup(store, input.GroupName);
    if (store.listGroupMembers(group.groupId, { limit: 1 }).length > 0) {
      throw deleteConflict('Cannot delete entity, must remove users from group first.');
    }
    if (store.listInlinePolicies('group', group.groupId).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    if (store.listAttachedPolicies('group', group.groupId).length > 0) {
      throw deleteConflict('Cannot delete entity, must detach all policies first.');
    }
    store.deleteGroup(group.groupId);
    return {};
  },
};
