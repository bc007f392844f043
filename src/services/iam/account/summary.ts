/**
 * @module GetAccountSummary: the account's IAM entity usage and quotas, as a SummaryMap.
 *
 * Spec: IAM API Reference, https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html
 * (the valid keys, every one of which is answered); the quota values are the defaults of the IAM User Guide,
 * "IAM and AWS STS quotas" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html),
 * taken from the constants the actions enforce where one exists. `Providers` counts the account's identity
 * providers, OIDC and SAML (AWS documents no split); `ServerCertificates` the account's server certificates;
 * `AccountPasswordPresent` is 1 when the root user has a password (set through the operator API);
 * `AccountSigningCertificatesPresent` is 1 when the root user has a signing certificate. `MFADevices` counts the
 * virtual MFA devices, assigned or not; `MFADevicesInUse` those enabled for a user or the root user;
 * `AccountMFAEnabled` is 1 when the root user has one.
 *
 * - `PolicyVersionsInUse` is "the number of managed policies that are attached to IAM users, groups, or
 *   roles": each customer or AWS-managed policy the account uses counts once, whether it is attached (to
 *   any number of entities) or set as a permissions boundary — as the live service counts it;
 * - `AccountAccessKeysPresent` is 1 when the root user has an access key, whatever its status;
 * - `GlobalEndpointTokenVersion` is 1, the version of the tokens the global STS endpoint issues by default.
 */
import { GROUP_INLINE_POLICY_SIZE_MAX_CHARS, MANAGED_POLICY_SIZE_MAX_CHARS, ROLE_INLINE_POLICY_SIZE_MAX_CHARS, TRUST_POLICY_SIZE_MAX_CHARS, USER_INLINE_POLICY_SIZE_MAX_CHARS } from '../../../core/policy/limits';
import type { AccountStore } from '../../../core/ports';
import { ROOT_MFA_OWNER, ROOT_PASSWORD_OWNER } from '../../../core/records';
import type { AccountAction } from '../../action';
import { buildTarget } from '../../authz-target';
import type { CallContext } from '../../context';
import { MAX_ACCESS_KEYS_PER_USER } from '../access-keys';
import { awsManagedPolicy, isAwsManagedArn } from '../aws-managed';
import { MAX_GROUPS_PER_ACCOUNT } from '../groups/groups';
import { MAX_GROUPS_PER_USER } from '../groups/membership';
import { MAX_ATTACHED_POLICIES } from '../policies/managed-attachments';
import { MAX_POLICIES_PER_ACCOUNT, MAX_VERSIONS_PER_POLICY } from '../policies/managed-lookup';
import { MAX_INSTANCE_PROFILES_PER_ACCOUNT, MAX_ROLES_PER_ACCOUNT } from '../roles/index';
import { MAX_SERVER_CERTIFICATES_PER_ACCOUNT } from '../server-certificates/actions';
import { MAX_USERS_PER_ACCOUNT } from '../users';
import { policyInUse } from './authorization-details';

export { MAX_INSTANCE_PROFILES_PER_ACCOUNT, MAX_ROLES_PER_ACCOUNT, MAX_SERVER_CERTIFICATES_PER_ACCOUNT };

/** Managed policies in use in one account ("PolicyVersionsInUseQuota", GetAccountSummary sample response). */
export const MAX_POLICY_VERSIONS_IN_USE = 10_000;
/** Signing certificates of one user (IAM quotas: "Signing certificates assigned to an IAM user"). */
export const MAX_SIGNING_CERTIFICATES_PER_USER = 2;
/** Version of the tokens the global STS endpoint issues until the account changes it (v1 tokens). */
const GLOBAL_ENDPOINT_TOKEN_VERSION = 1;

/** How many distinct managed policies (customer and AWS) the account attaches or uses as a boundary. */
function policiesInUse(ctx: CallContext, store: AccountStore): number {
  let n = 0;
  for (const p of store.listPolicies({ pathPrefix: '/', limit: MAX_POLICIES_PER_ACCOUNT * 4 })) if (policyInUse(store, p.arn)) n++;
  // The AWS-managed policies in use, from the account's own ARNs (not one query per catalog entry).
  for (const arn of store.listPolicyArnsInUse()) if (isAwsManagedArn(arn) && awsManagedPolicy(ctx.partition, arn)) n++;
  return n;
}

/** The SummaryMap of the account, keyed as the model's summaryKeyType. */
export function accountSummary(ctx: CallContext, store: AccountStore): Record<string, number> {
  const mfaDevices = store.listMfaDevices();
  return {
    Users: store.countUsers(),
    UsersQuota: MAX_USERS_PER_ACCOUNT,
    Groups: store.countGroups(),
    GroupsQuota: MAX_GROUPS_PER_ACCOUNT,
    GroupsPerUserQuota: MAX_GROUPS_PER_USER,
    Policies: store.countPolicies(),
    PoliciesQuota: MAX_POLICIES_PER_ACCOUNT,
    PolicySizeQuota: MANAGED_POLICY_SIZE_MAX_CHARS,
    PolicyVersionsInUse: policiesInUse(ctx, store),
    PolicyVersionsInUseQuota: MAX_POLICY_VERSIONS_IN_USE,
    VersionsPerPolicyQuota: MAX_VERSIONS_PER_POLICY,
    AttachedPoliciesPerUserQuota: MAX_ATTACHED_POLICIES,
    AttachedPoliciesPerGroupQuota: MAX_ATTACHED_POLICIES,
    AttachedPoliciesPerRoleQuota: MAX_ATTACHED_POLICIES,
    UserPolicySizeQuota: USER_INLINE_POLICY_SIZE_MAX_CHARS,
    GroupPolicySizeQuota: GROUP_INLINE_POLICY_SIZE_MAX_CHARS,
    RolePolicySizeQuota: ROLE_INLINE_POLICY_SIZE_MAX_CHARS,
    AssumeRolePolicySizeQuota: TRUST_POLICY_SIZE_MAX_CHARS,
    AccessKeysPerUserQuota: MAX_ACCESS_KEYS_PER_USER,
    SigningCertificatesPerUserQuota: MAX_SIGNING_CERTIFICATES_PER_USER,
    ServerCertificates: store.countServerCertificates(),
    ServerCertificatesQuota: MAX_SERVER_CERTIFICATES_PER_ACCOUNT,
    MFADevices: mfaDevices.length,
    MFADevicesInUse: mfaDevices.filter((d) => d.userId !== null).length,
    AccountMFAEnabled: store.listMfaDevicesFor(ROOT_MFA_OWNER).length > 0 ? 1 : 0,
    AccountAccessKeysPresent: store.listAccessKeys(null).length > 0 ? 1 : 0,
    AccountPasswordPresent: store.findLoginProfile(ROOT_PASSWORD_OWNER) ? 1 : 0,
    AccountSigningCertificatesPresent: store.listSigningCertificates(null).length > 0 ? 1 : 0,
    Roles: store.countRoles(),
    RolesQuota: MAX_ROLES_PER_ACCOUNT,
    InstanceProfiles: store.countInstanceProfiles(),
    InstanceProfilesQuota: MAX_INSTANCE_PROFILES_PER_ACCOUNT,
    Providers: store.listOidcProviders().length + store.listSamlProviders().length,
    GlobalEndpointTokenVersion: GLOBAL_ENDPOINT_TOKEN_VERSION,
  };
}

/** GetAccountSummary, authorized as `iam:GetAccountSummary` on `*`. */
export const GetAccountSummary: AccountAction<Record<string, never>> = {
  name: 'GetAccountSummary',
  target: () => buildTarget('iam:GetAccountSummary', undefined),
  run: (ctx, store) => ({ SummaryMap: accountSummary(ctx, store) }),
};
