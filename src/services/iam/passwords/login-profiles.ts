/**
 * @module Login profiles (console passwords): CreateLoginProfile, GetLoginProfile, UpdateLoginProfile,
 * DeleteLoginProfile. The password is hashed before the transaction (`prepare`, after the caller was
 * authorized: `authorizeFirst`), never stored, logged or returned.
 *
 * Spec: IAM API Reference, https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateLoginProfile.html
 * and siblings: UserName may be left out to act on the caller's own profile (an IAM user; the root user's
 * password is the operator's, http/operator.ts); one profile per user (EntityAlreadyExists); a profile
 * that does not exist is `Login Profile for User <name> cannot be found.`; every new password is checked
 * against the account password policy and its reuse prevention (PasswordPolicyViolation).
 */
import { AwsError, entityAlreadyExists, validationError } from '../../../core/errors';
import type { AccountStore } from '../../../core/ports';
import type { LoginProfileRecord, UserRecord } from '../../../core/records';
import type { AccountAction } from '../../action';
import type { CallContext } from '../../context';
import { requireUser, subjectTarget, USER_TAGGABLE } from '../entities';
import { found } from '../guards';
import { entityTarget } from '../taggable';
import { commitPassword, preparePassword, type PreparedPassword } from './new-password';

/** The user an optional UserName designates: that user, or the calling IAM user. */
export function profileUser(ctx: CallContext, store: AccountStore, userName: string | undefined): UserRecord {
  if (userName !== undefined) return requireUser(store, userName);
  if (ctx.caller.type !== 'User') throw validationError('Must specify userName when calling with non-User credentials');
  return found(store.findUserById(ctx.caller.principalId), `The user with name ${ctx.caller.userName ?? ''} cannot be found.`);
}

/** The profile of `user`, or NoSuchEntity as AWS words it. */
export function requireProfile(store: AccountStore, user: UserRecord): LoginProfileRecord {
  return found(store.findLoginProfile(user.userId), `Login Profile for User ${user.userName} cannot be found.`);
}

/** The LoginProfile shape. */
export const toApiProfile = (user: UserRecord, p: LoginProfileRecord) => ({
  UserName: user.userName,
  CreateDate: p.createDate,
  PasswordResetRequired: p.passwordResetRequired,
});

/** The target of a profile action: the named user, or the caller itself. */
const profileTarget = (action: string) => (ctx: CallContext, store: AccountStore, i: { UserName?: string }) =>
  i.UserName !== undefined ? entityTarget(ctx, store, USER_TAGGABLE, action, i.UserName) : subjectTarget(ctx, store, action, undefined);

interface CreateInput {
  UserName?: string;
  Password?: string;
  PasswordResetRequired?: boolean;
}

/** CreateLoginProfile. */
export const CreateLoginProfile: AccountAction<CreateInput, unknown, PreparedPassword> = {
  name: 'CreateLoginProfile',
  authorizeFirst: true,
  target: profileTarget('iam:CreateLoginProfile'),
  async prepare(ctx, input, store) {
    // The cheap refusals first, in AWS's order, so a doomed call costs no hash.
    const user = profileUser(ctx, store, input.UserName);
    if (input.Password === undefined) throw validationError('Password is required to create a login profile.');
    if (store.findLoginProfile(user.userId)) throw entityAlreadyExists(`Login Profile for user ${user.userName} already exists.`);
    return preparePassword(store, user.userId, input.Password, ctx.random);
  },
  run(ctx, store, input, prepared) {
    const user = profileUser(ctx, store, input.UserName);
    if (store.findLoginProfile(user.userId)) throw entityAlreadyExists(`Login Profile for user ${user.userName} already exists.`);
    const now = ctx.now.toISOString();
    commitPassword(store, user.userId, input.Password!, prepared, now, `User ${user.userName}`);
    const profile: LoginProfileRecord = {
      owner: user.userId,
      passwordHash: prepared.hash,
      createDate: now,
      passwordResetRequired: input.PasswordResetRequired ?? false,
      passwordChangedAt: now,
    };
    store.putLoginProfile(profile);
    return { LoginProfile: toApiProfile(user, profile) };
  },
};

/** GetLoginProfile: the profile's creation date and whether a reset is required; never the password. */
export const GetLoginProfile: AccountAction<{ UserName?: string }> = {
  name: 'GetLoginProfile',
  target: profileTarget('iam:GetLoginProfile'),
  run(ctx, store, input) {
    const user = profileUser(ctx, store, input.UserName);
    return { LoginProfile: toApiProfile(user, requireProfile(store, user)) };
  },
};

interface UpdateInput {
  UserName: string;
  Password?: string;
  PasswordResetRequired?: boolean;
}

/** UpdateLoginProfile: a new password and/or the reset flag. */
export const UpdateLoginProfile: AccountAction<UpdateInput, unknown, PreparedPassword | undefined> = {
  name: 'UpdateLoginProfile',
  authorizeFirst: true,
  target: profileTarget('iam:UpdateLoginProfile'),
  async prepare(ctx, input, store) {
    const user = profileUser(ctx, store, input.UserName);
    requireProfile(store, user);
    return input.Password === undefined ? undefined : preparePassword(store, user.userId, input.Password, ctx.random);
  },
  run(ctx, store, input, prepared) {
    const user = profileUser(ctx, store, input.UserName);
    const profile = requireProfile(store, user);
    const now = ctx.now.toISOString();
    const next: LoginProfileRecord = { ...profile };
    if (input.Password !== undefined && prepared) {
      commitPassword(store, user.userId, input.Password, prepared, now, `User ${user.userName}`);
      next.passwordHash = prepared.hash;
      next.passwordChangedAt = now;
    }
    if (input.PasswordResetRequired !== undefined) next.passwordResetRequired = input.PasswordResetRequired;
    store.putLoginProfile(next);
    return {};
  },
};

/** DeleteLoginProfile: the user can no longer sign in; its password history and last use remain. */
export const DeleteLoginProfile: AccountAction<{ UserName?: string }> = {
  name: 'DeleteLoginProfile',
  target: profileTarget('iam:DeleteLoginProfile'),
  run(ctx, store, input) {
    const user = profileUser(ctx, store, input.UserName);
    requireProfile(store, user);
    store.deleteLoginProfile(user.userId);
    return {};
  },
};

/** InvalidUserType, for a caller that is not an IAM user where only one may act. */
export const invalidUserType = (message: string) => new AwsError('InvalidUserType', message, 400);
