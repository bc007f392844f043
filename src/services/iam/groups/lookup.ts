/**
 * @module Lookups and projections shared by the group actions (and by the group variants of the
 * inline-policy actions): the group by name, its authorization resource, its API shape.
 */
import type { AccountStore } from '../../../core/ports';
import type { GroupRecord } from '../../../core/records';
import type { AuthzTarget } from '../../action';
import { nameWithPath, resourceArnFor } from '../../authz-resources';
import { buildTarget, type TargetInput } from '../../authz-target';
import type { CallContext } from '../../context';
import { found } from '../guards';

/** `arn:aws:iam::123456789012:group/path/name`; `path` starts and ends with `/`. */
export const groupArn = (partition: string, accountId: string, path: string, name: string) =>
  `arn:${partition}:iam::${accountId}:group${path}${name}`;

/** The group named `groupName` (any case), or NoSuchEntity as AWS words it. */
export function requireGroup(store: AccountStore, groupName: string): GroupRecord {
  return found(store.findGroupByName(groupName), `The group with name ${groupName} cannot be found.`);
}

/**
 * The resource ARN of a group for authorization (Service Authorization Reference, resource type `group`):
 * the group's real ARN (with its path) when it exists, `group/<name>` otherwise (AWS authorizes before it
 * looks the group up).
 */
export function groupResource(ctx: CallContext, store: AccountStore, action: string, groupName: string): string {
  return (
    store.findGroupByName(groupName)?.arn ??
    resourceArnFor(action, { partition: ctx.partition, account: ctx.caller.accountId, GroupNameWithPath: nameWithPath('/', groupName) }, 'group')
  );
}

/** The authorization target of an action on a group (resource type `group`; services/authz-target.ts). */
export const groupTarget = (ctx: CallContext, store: AccountStore, action: string, groupName: string, input?: TargetInput): AuthzTarget =>
  buildTarget(action, { type: 'group', arn: groupResource(ctx, store, action, groupName) }, input);

/** The ARN AWS names for account-wide group listings (`…:group/`), as ListUsers names `…:user/`. */
export const groupsResource = (ctx: CallContext) => `arn:${ctx.partition}:iam::${ctx.caller.accountId}:group/`;

/** The Group shape of the API (CreateGroup, GetGroup, ListGroups, ListGroupsForUser). */
export function toApiGroup(group: GroupRecord) {
  return { Path: group.path, GroupName: group.groupName, GroupId: group.groupId, Arn: group.arn, CreateDate: group.createDate };
}
