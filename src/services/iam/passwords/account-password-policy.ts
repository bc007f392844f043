/**
 * @module The account password policy: UpdateAccountPasswordPolicy, GetAccountPasswordPolicy,
 * DeleteAccountPasswordPolicy, authorized on `*`.
 *
 * Spec: IAM API Reference, https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html
 * (no partial updates: a field left out takes its default; ranges enforced by the protocol layer from the
 * model: length 6–128, MaxPasswordAge 1–1095, PasswordReusePrevention 1–24) and the PasswordPolicy data
 * type (`ExpirePasswords` is true when MaxPasswordAge is set; MaxPasswordAge, PasswordReusePrevention and
 * HardExpiry appear only when set). Without a policy, Get and Delete answer NoSuchEntity,
 * `The Password Policy with domain name <account id> cannot be found.`
 */
import { POLICY_DEFAULTS, expiresPasswords } from '../../../core/password-policy';
import type { AccountStore } from '../../../core/ports';
import type { PasswordPolicyRecord } from '../../../core/records';
import type { AccountAction } from '../../action';
import { buildTarget } from '../../authz-target';
import type { CallContext } from '../../context';
import { found } from '../guards';

interface UpdateInput {
  MinimumPasswordLength?: number;
  RequireSymbols?: boolean;
  RequireNumbers?: boolean;
  RequireUppercaseCharacters?: boolean;
  RequireLowercaseCharacters?: boolean;
  AllowUsersToChangePassword?: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
}

const requirePolicy = (ctx: CallContext, store: AccountStore) =>
  found(store.getPasswordPolicy(), `The Password Policy with domain name ${ctx.caller.accountId} cannot be found.`);

/** The PasswordPolicy shape. */
export function toApiPasswordPolicy(p: PasswordPolicyRecord) {
  return {
    MinimumPasswordLength: p.minimumPasswordLength,
    RequireSymbols: p.requireSymbols,
    RequireNumbers: p.requireNumbers,
    RequireUppercaseCharacters: p.requireUppercaseCharacters,
    RequireLowercaseCharacters: p.requireLowercaseCharacters,
    AllowUsersToChangePassword: p.allowUsersToChangePassword,
    ExpirePasswords: expiresPasswords(p),
    ...(p.maxPasswordAge !== null ? { MaxPasswordAge: p.maxPasswordAge } : {}),
    ...(p.passwordReusePrevention !== null ? { PasswordReusePrevention: p.passwordReusePrevention } : {}),
    ...(p.hardExpiry !== null ? { HardExpiry: p.hardExpiry } : {}),
  };
}

/** UpdateAccountPasswordPolicy: the whole policy, defaults for what is left out. */
export const UpdateAccountPasswordPolicy: AccountAction<UpdateInput> = {
  name: 'UpdateAccountPasswordPolicy',
  target: () => buildTarget('iam:UpdateAccountPasswordPolicy', undefined),
  run(_ctx, store, i) {
    const d = POLICY_DEFAULTS;
    store.putPasswordPolicy({
      minimumPasswordLength: i.MinimumPasswordLength ?? d.minimumPasswordLength,
      requireSymbols: i.RequireSymbols ?? d.requireSymbols,
      requireNumbers: i.RequireNumbers ?? d.requireNumbers,
      requireUppercaseCharacters: i.RequireUppercaseCharacters ?? d.requireUppercaseCharacters,
      requireLowercaseCharacters: i.RequireLowercaseCharacters ?? d.requireLowercaseCharacters,
      allowUsersToChangePassword: i.AllowUsersToChangePassword ?? d.allowUsersToChangePassword,
      maxPasswordAge: i.MaxPasswordAge ?? d.maxPasswordAge,
      passwordReusePrevention: i.PasswordReusePrevention ?? d.passwordReusePrevention,
      hardExpiry: i.HardExpiry ?? d.hardExpiry,
    });
    return {};
  },
};

/** GetAccountPasswordPolicy. */
export const GetAccountPasswordPolicy: AccountAction<Record<string, never>> = {
  name: 'GetAccountPasswordPolicy',
  target: () => buildTarget('iam:GetAccountPasswordPolicy', undefined),
  run: (ctx, store) => ({ PasswordPolicy: toApiPasswordPolicy(requirePolicy(ctx, store)) }),
};

/** DeleteAccountPasswordPolicy: back to AWS's default policy. */
export const DeleteAccountPasswordPolicy: AccountAction<Record<string, never>> = {
  name: 'DeleteAccountPasswordPolicy',
  target: () => buildTarget('iam:DeleteAccountPasswordPolicy', undefined),
  run(ctx, store) {
    requirePolicy(ctx, store);
    store.deletePasswordPolicy();
    return {};
  },
};
