/**
 * @module ChangePassword: an IAM user changes its own console password, giving the current one.
 *
 * Spec: IAM API Reference, https://docs.aws.amazon.com/IAM/latest/APIReference/API_ChangePassword.html:
 * only an IAM user calls it (the root user's password is not affected: InvalidUserType here); it is
 * authorized as `iam:ChangePassword` on the user's own ARN, which the account password policy's
 * `AllowUsersToChangePassword` grants to every user at the account level (IAM User Guide, "Permitting
 * IAM users to change their own passwords"; services/policy-set.ts adds that grant), or an identity policy
 * does; the new password must satisfy the policy and its reuse prevention; a successful change clears
 * PasswordResetRequired. A wrong OldPassword is refused with AccessDenied and changes nothing.
 */
import { accessDenied, AwsError } from '../../../core/errors';
import { verifyPassword } from '../../../core/password-hash';
import type { AccountAction } from '../../action';
import { buildTarget } from '../../authz-target';
import type { CallContext } from '../../context';
import { entityTarget } from '../taggable';
import { USER_TAGGABLE } from '../entities';
import { profileUser, requireProfile, invalidUserType } from './login-profiles';
import { commitPassword, preparePassword, type PreparedPassword } from './new-password';

interface Input {
  OldPassword: string;
  NewPassword: string;
}

interface Prepared {
  /** The hash OldPassword was verified against: `run` refuses if it changed meanwhile. */
  verified: string;
  next: PreparedPassword;
}

function requireIamUser(ctx: CallContext): void {
  if (ctx.caller.type !== 'User') throw invalidUserType('Only an IAM user can change its own password with ChangePassword.');
}

/** ChangePassword. */
export const ChangePassword: AccountAction<Input, unknown, Prepared> = {
  name: 'ChangePassword',
  authorizeFirst: true,
  target(ctx, store) {
    requireIamUser(ctx);
    const self = store.findUserById(ctx.caller.principalId);
    return self ? entityTarget(ctx, store, USER_TAGGABLE, 'iam:ChangePassword', self.userName) : buildTarget('iam:ChangePassword', { type: 'user', arn: ctx.caller.arn });
  },
  async prepare(ctx, input, store) {
    requireIamUser(ctx);
    const user = profileUser(ctx, store, undefined);
    const profile = requireProfile(store, user);
    if (!verifyPassword(input.OldPassword, profile.passwordHash)) throw accessDenied('The old password is incorrect.');
    return { verified: profile.passwordHash, next: preparePassword(store, user.userId, input.NewPassword, ctx.random) };
  },
  run(ctx, store, input, prepared) {
    const user = profileUser(ctx, store, undefined);
    const profile = requireProfile(store, user);
    if (profile.passwordHash !== prepared.verified) {
      throw new AwsError('EntityTemporarilyUnmodifiable', `Login Profile for User ${user.userName} is being changed by another request; try again.`, 409);
    }
    const now = ctx.now.toISOString();
    commitPassword(store, user.userId, input.NewPassword, prepared.next, now, `User ${user.userName}`);
    store.putLoginProfile({ ...profile, passwordHash: prepared.next.hash, passwordChangedAt: now, passwordResetRequired: false });
    return {};
  },
};
