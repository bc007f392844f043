/**
 * @module The password and alias actions, registered by services/iam/index.ts.
 */
import type { AliasRegistry } from '../../../core/ports';
import type { AccountAction } from '../../action';
import { aliasActions } from './account-aliases';
import { DeleteAccountPasswordPolicy, GetAccountPasswordPolicy, UpdateAccountPasswordPolicy } from './account-password-policy';
import { ChangePassword } from './change-password';
import { CreateLoginProfile, DeleteLoginProfile, GetLoginProfile, UpdateLoginProfile } from './login-profiles';

/** Every action of this folder; `aliases` is the deployment-wide alias register. */
export function passwordActions(aliases: AliasRegistry): AccountAction[] {
  return [
    CreateLoginProfile,
    GetLoginProfile,
    UpdateLoginProfile,
    DeleteLoginProfile,
    ChangePassword,
    UpdateAccountPasswordPolicy,
    GetAccountPasswordPolicy,
    DeleteAccountPasswordPolicy,
    ...aliasActions(aliases),
  ] as AccountAction[];
}

export { checkPolicy, commitPassword, preparePassword, type PreparedPassword } from './new-password';
export { toApiPasswordPolicy } from './account-password-policy';
