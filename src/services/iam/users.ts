/**
 * @module IAM user actions: CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser.
 * Spec: IAM API Reference (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html and
 * siblings); quotas from "IAM and AWS STS quotas".
 */
import { userArn } from '../../core/arn';
import { deleteConflict, entityAlreadyExists } from '../../core/errors';
import { ID_PREFIX, newUniqueId } from '../../core/ids';
import type { AccountStore, PageQuery } from '../../core/ports';
import { ROOT_PASSWORD_OWNER, type UserRecord } from '../../core/records';
import type { AccountAction } from '../action';
import { buildTarget } from '../authz-target';
import { requireUser, subjectTarget, subjectUser, toApiUser, toListedUser, USER_TAGGABLE, usersResource } from './entities';
import { pageOfQuery } from './pagination';
import { requireCreateBoundary } from './policies/boundaries';
import { entityTarget } from './taggable';
import { checkRequestTags, mergeTags, toApiTags, type Tag } from './tags';
import { checkQuota } from './guards';

/** IAM users one account may have (IAM quotas: "Users in an AWS account"). */
export const MAX_USERS_PER_ACCOUNT = 5000;

const iam = (action: string) => `iam:${action}`;

/** CreateUser. */
export const CreateUser: AccountAction<{ UserName: string; Path?: string; PermissionsBoundary?: string; Tags?: Tag[] }> = {
  name: 'CreateUser',
  target: (ctx, _s, i) => buildTarget(iam('CreateUser'), { type: 'user', arn: userArn(ctx.partition, ctx.caller.accountId, i.Path ?? '/', i.UserName) }, i),
  run(ctx, store, input) {
    const tags = input.Tags ?? [];
    checkRequestTags(tags);
    if (input.PermissionsBoundary !== undefined) requireCreateBoundary(ctx, store, input.PermissionsBoundary);
    if (store.findUserByName(input.UserName)) throw entityAlreadyExists(`User with name ${input.UserName} already exists.`);
    checkQuota(store.countUsers(), MAX_USERS_PER_ACCOUNT, 'UsersPerAccount');
    const path = input.Path ?? '/';
    const user: UserRecord = {
      userId: newUniqueId(ID_PREFIX.user, ctx.random),
      userName: input.UserName,
      path,
      arn: userArn(ctx.partition, ctx.caller.accountId, path, input.UserName),
      createDate: ctx.now.toISOString(),
      permissionsBoundaryArn: input.PermissionsBoundary ?? null,
    };
    const tagRecords = mergeTags([], tags, USER_TAGGABLE);
    store.insertUser(user);
    store.replaceTags('user', user.userId, tagRecords);
    return { User: { ...toApiUser(user), ...(tags.length ? { Tags: toApiTags(tagRecords) } : {}) } };
  },
};

/** GetUser; without UserName it describes the caller (the root user too). */
export const GetUser: AccountAction<{ UserName?: string }> = {
  name: 'GetUser',
  target: (ctx, store, i) => subjectTarget(ctx, store, iam('GetUser'), i.UserName),
  run(ctx, store, input) {
    const user = subjectUser(ctx, store, input.UserName);
    if (!user) {
      const account = store.getAccount();
      return {
        User: { UserId: ctx.caller.accountId, Arn: ctx.caller.arn, CreateDate: account?.createdAt ?? ctx.now.toISOString(), ...passwordLastUsed(store, ROOT_PASSWORD_OWNER) },
      };
    }
    const tags = store.listTags('user', user.userId);
    return { User: { ...toApiUser(user), ...passwordLastUsed(store, user.userId), ...(tags.length ? { Tags: toApiTags(tags) } : {}) } };
  },
};

/**
 * `PasswordLastUsed` when the owner's password was ever used to sign in (also after its login profile was
 * deleted: "the date and time when the user's password was last used … if the user does not currently
 * have a password but had one in the past, this field contains the date and time the most recent password
 * was used", API_User.html).
 */
function passwordLastUsed(store: AccountStore, owner: string) {
  const used = store.passwordLastUsed(owner);
  return used ? { PasswordLastUsed: used } : {};
}

/** ListUsers, ordered by name, filtered by PathPrefix, paginated. */
export const ListUsers: AccountAction<{ PathPrefix?: string; Marker?: string; MaxItems?: number }> = {
  name: 'ListUsers',
  target: (ctx) => buildTarget(iam('ListUsers'), { type: 'user', arn: usersResource(ctx) }),
  run(_ctx, store, input) {
    const query = (q: PageQuery) => store.listUsers({ ...q, pathPrefix: input.PathPrefix ?? '/' });
    const { items, ...pageFields } = pageOfQuery(input, query, (u) => u.userName.toLowerCase());
    return { Users: items.map((u) => ({ ...toListedUser(u), ...passwordLastUsed(store, u.userId) })), ...pageFields };
  },
};

/** UpdateUser: a new name and/or path; names stay unique regardless of case. */
export const UpdateUser: AccountAction<{ UserName: string; NewPath?: string; NewUserName?: string }> = {
  name: 'UpdateUser',
  target: (ctx, store, i) => entityTarget(ctx, store, USER_TAGGABLE, iam('UpdateUser'), i.UserName),
  run(ctx, store, input) {
    const user = requireUser(store, input.UserName);
    const userName = input.NewUserName ?? user.userName;
    const path = input.NewPath ?? user.path;
    if (input.NewUserName !== undefined) {
      const clash = store.findUserByName(input.NewUserName);
      if (clash && clash.userId !== user.userId) throw entityAlreadyExists(`User with name ${input.NewUserName} already exists.`);
    }
    const changes = { userName, path, arn: userArn(ctx.partition, ctx.caller.accountId, path, userName) };
    store.updateUser(user.userId, changes);
    return {};
  },
};

/**
 * DeleteUser: refused with DeleteConflict while anything is still attached to the user, checked in the
 * order the DeleteUser API reference lists what must go first (the password, access keys, SSH public keys
 * and service-specific credentials, MFA devices, inline policies, attached managed policies, group
 * memberships). Tags, the password history and the
 * password's last use go with the user.
 */
export const DeleteUser: AccountAction<{ UserName: string }> = {
  name: 'DeleteUser',
  target: (ctx, store, i) => entityTarget(ctx, store, USER_TAGGABLE, iam('DeleteUser'), i.UserName),
  run(_ctx, store, input) {
    const user = requireUser(store, input.UserName);
    if (store.findLoginProfile(user.userId)) throw deleteConflict('Cannot delete entity, must delete login profile first.');
    if (store.listAccessKeys(user.userId).length > 0) throw deleteConflict('Cannot delete entity, must delete access keys first.');
    if (store.listSigningCertificates(user.userId).length > 0) throw deleteConflict('Cannot delete entity, must delete signing certificates first.');
    // SSH public keys and service-specific (Git) credentials: AWS's message names neither (recorded answers:
    // aws-nuke issues #522 and #308, localstack's validated TestIAMServiceSpecificCredentials).
    if (store.listSshPublicKeys(user.userId).length > 0 || store.listServiceCredentials(user.userId).length > 0) {
      throw deleteConflict('Cannot delete entity, must remove referenced objects first.');
    }
    if (store.listMfaDevicesFor(user.userId).length > 0) throw deleteConflict('Cannot delete entity, must delete MFA device first.');
    if (store.listInlinePolicies('user', user.userId).length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
    if (store.listAttachedPolicies('user', user.userId).length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
    if (store.listGroupsForUser(user.userId).length > 0) throw deleteConflict('Cannot delete entity, must remove users from group first.');
    store.forgetPasswords(user.userId);
    store.deleteUser(user.userId);
    return {};
  },
};
