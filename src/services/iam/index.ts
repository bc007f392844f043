/**
 * @module The IAM actions the account's object executes, by Action name.
 */
import type { AliasRegistry } from '../../core/ports';
import type { SecretBox } from '../../core/secret-box';
import type { AccountAction } from '../action';
import {
  DeleteAccessKey,
  GetAccessKeyLastUsed,
  ListAccessKeys,
  UpdateAccessKey,
  createAccessKeyAction,
} from './access-keys';
import { ACCOUNT_ACTIONS } from './account/index';
import { LAST_ACCESSED_ACTIONS } from './last-accessed/actions';
import { GROUPS_ACTIONS } from './groups/index';
import { mfaActions } from './mfa/index';
import { OIDC_ACTIONS } from './oidc/index';
import { passwordActions } from './passwords/index';
import { POLICIES_ACTIONS } from './policies/index';
import { rolesActions, type ForeignPrincipals } from './roles/index';
import { SAML_ACTIONS } from './saml/index';
import { SIGNING_CERTIFICATE_ACTIONS } from './signing-certificates';
import { serverCertificateActions } from './server-certificates/actions';
import { SERVICE_CREDENTIAL_ACTIONS } from './service-credentials';
import { SSH_KEY_ACTIONS } from './ssh-keys';
import { UNAVAILABLE_ACTIONS } from './unavailable';
import { ListUserTags, TagUser, UntagUser } from './user-tags';
import { CreateUser, DeleteUser, GetUser, ListUsers, UpdateUser } from './users';

/**
 * Builds the registry; `secrets` gives the object's SecretBox (created lazily from its env), `foreign` reads
 * other accounts' principals for trust policies (roles/trust-bindings.ts), `aliases` is the deployment-wide
 * register of account aliases (passwords/account-aliases.ts).
 */
export function iamActions(secrets: () => Promise<SecretBox>, foreign: ForeignPrincipals, aliases: AliasRegistry): ReadonlyMap<string, AccountAction> {
  const actions: AccountAction[] = [
    CreateUser,
    GetUser,
    ListUsers,
    UpdateUser,
    DeleteUser,
    TagUser,
    UntagUser,
    ListUserTags,
    createAccessKeyAction(secrets),
    ListAccessKeys,
    UpdateAccessKey,
    DeleteAccessKey,
    GetAccessKeyLastUsed,
    ...SSH_KEY_ACTIONS,
    ...SERVICE_CREDENTIAL_ACTIONS,
    ...GROUPS_ACTIONS,
    ...POLICIES_ACTIONS,
    ...rolesActions(foreign),
    ...SAML_ACTIONS,
    ...ACCOUNT_ACTIONS,
    ...LAST_ACCESSED_ACTIONS,
    ...mfaActions(secrets),
    ...OIDC_ACTIONS,
    ...passwordActions(aliases),
    ...SIGNING_CERTIFICATE_ACTIONS,
    ...serverCertificateActions(secrets),
    ...UNAVAILABLE_ACTIONS,
  ];
  // One action per name: two parts registering one name (a merge of parallel work) fail here, at the
  // object's start and in test/unit/services/iam-model-coverage.test.ts, instead of one silently winning.
  const registry = new Map<string, AccountAction>();
  for (const action of actions) {
    if (registry.has(action.name)) throw new Error(`two IAM actions are named ${action.name}`);
    registry.set(action.name, action);
  }
  return registry;
}

export { MAX_ACCESS_KEYS_PER_USER } from './access-keys';
export { MAX_USERS_PER_ACCOUNT } from './users';
export { backfillBinding, type ForeignFacts, type ForeignPrincipals, type ForeignQuery } from './roles/index';
