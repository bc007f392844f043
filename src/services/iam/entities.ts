/**
 * @module Lookups and projections shared by the user and access-key actions.
 */
import { userArn, userPathArn } from '../../core/arn';
import type { AccountStore } from '../../core/ports';
import type { UserRecord } from '../../core/records';
import type { AuthzTarget } from '../action';
import { buildTarget, type TargetInput } from '../authz-target';
import type { CallContext } from '../context';
import { boundaryOf } from './boundary-shape';
import { entityTarget, foundEntityOf, namedKind, type TaggableEntity } from './taggable';
import { found } from './guards';

/** The user named `userName`, or NoSuchEntity worded as AWS words it. */
export function requireUser(store: AccountStore, userName: string): UserRecord {
  return found(store.findUserByName(userName), `The user with name ${userName} cannot be found.`);
}

/** The ARN AWS names for account-wide user listings (`…:user/`). */
export const usersResource = (ctx: CallContext) => userPathArn(ctx.partition, ctx.caller.accountId);

/**
 * The user an optional `UserName` parameter designates: that user, or the caller itself when it is
 * absent (null for the root user).
 */
export function subjectUser(ctx: CallContext, store: AccountStore, userName: string | undefined): UserRecord | null {
  if (userName !== undefined) return requireUser(store, userName);
  if (ctx.caller.type === 'Account') return null;
  return found(store.findUserById(ctx.caller.principalId), `The user with name ${ctx.caller.userName ?? ''} cannot be found.`);
}

/** What authorization and the tag port need of a user. */
const userView = (u: UserRecord): TaggableEntity => ({ arn: u.arn, tagId: u.userId, permissionsBoundary: u.permissionsBoundaryArn });

/** Users as a taggable kind (resource type `user`), named by `UserName`. */
export const USER_TAGGABLE = namedKind({
  type: 'user',
  noun: 'User',
  idMember: 'UserName',
  lookup: (store, name) => store.findUserByName(name),
  required: requireUser,
  view: userView,
  absentArn: (ctx, name) => userArn(ctx.partition, ctx.caller.accountId, '/', name),
});

/**
 * The authorization target of an action on the user an optional `UserName` designates: that user, or the
 * caller itself when it is absent (the root user: its own ARN, which has no tags).
 */
export function subjectTarget(ctx: CallContext, store: AccountStore, action: string, userName: string | undefined, input?: TargetInput): AuthzTarget {
  if (userName !== undefined) return entityTarget(ctx, store, USER_TAGGABLE, action, userName, input);
  const self = ctx.caller.type === 'Account' ? undefined : store.findUserById(ctx.caller.principalId);
  // The caller's own record, found by id: not looked up again by its name.
  if (self) return buildTarget(action, foundEntityOf(store, 'user', userView(self)), input);
  return buildTarget(action, { type: 'user', arn: ctx.caller.arn }, input);
}

/**
 * The User shape as ListUsers (and GetGroup) give it: without PermissionsBoundary and Tags, which AWS
 * returns only from GetUser ("IAM resource-listing operations return a subset of the available attributes
 * … This operation does not return … PermissionsBoundary, Tags", API_ListUsers.html).
 */
export function toListedUser(user: UserRecord) {
  return { Path: user.path, UserName: user.userName, UserId: user.userId, Arn: user.arn, CreateDate: user.createDate };
}

/** The User shape of CreateUser and GetUser: the listed one and the permissions boundary (tags added by the caller). */
export function toApiUser(user: UserRecord) {
  return { ...toListedUser(user), ...boundaryOf(user.permissionsBoundaryArn) };
}
