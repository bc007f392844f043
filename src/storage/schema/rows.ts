/**
 * @module Row types of the object's tables, inferred from schema/account.ts, and where a domain record
 * (core/records.ts) is a row, a compile-time proof that the two agree: a column added, removed, renamed or
 * retyped on one side and not the other fails `npm run typecheck` here. The records stay the domain's own
 * types (core imports nothing from storage); the proof lives on this side of the ring.
 */
import type {
  AccessKeyRecord,
  AccountRecord,
  AttachmentRecord,
  GroupRecord,
  InlinePolicyRecord,
  InstanceProfileRecord,
  LoginProfileRecord,
  ManagedPolicyRecord,
  MfaDeviceRecord,
  PasswordPolicyRecord,
  PolicyVersionRecord,
  RoleDeletionTaskRecord,
  RoleRecord,
  SamlProviderRecord,
  ServerCertificateRecord,
  UserRecord,
  WorkloadTokenRecord,
} from '../../core/records';
import type * as t from './account';

export type AccountRow = typeof t.account.$inferSelect;
export type UserRow = typeof t.users.$inferSelect;
export type AccessKeyRow = typeof t.accessKeys.$inferSelect;
export type GroupRow = typeof t.groups.$inferSelect;
export type ManagedPolicyRow = typeof t.managedPolicies.$inferSelect;
export type PolicyVersionRow = typeof t.policyVersions.$inferSelect;
export type AttachmentRow = typeof t.policyAttachments.$inferSelect;
export type InlinePolicyRow = typeof t.inlinePolicies.$inferSelect;
export type RoleRow = typeof t.roles.$inferSelect;
export type InstanceProfileRow = typeof t.instanceProfiles.$inferSelect;
export type MfaDeviceRow = typeof t.mfaDevices.$inferSelect;
export type SamlProviderRow = typeof t.samlProviders.$inferSelect;
export type WorkloadTokenRow = typeof t.workloadTokens.$inferSelect;
export type LoginProfileRow = typeof t.loginProfiles.$inferSelect;
export type PasswordPolicyRow = typeof t.passwordPolicy.$inferSelect;
export type ServerCertificateRow = typeof t.serverCertificates.$inferSelect;
export type RoleDeletionTaskRow = typeof t.roleDeletionTasks.$inferSelect;

/** True when `A` and `B` are the same type (same keys, same optionality, same value types). */
export type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Compiles only when given `true`. */
type Assert<T extends true> = T;

/**
 * Records that are rows, exactly or minus the columns only storage needs: `name_lc` (names unique
 * regardless of case) and `ordinal` (creation or attachment order). OIDC providers are not here: their
 * record holds arrays the row keeps as JSON text.
 */
export type RecordsAreRows = [
  Assert<Same<AccountRecord, AccountRow>>,
  Assert<Same<UserRecord, Omit<UserRow, 'nameLc'>>>,
  Assert<Same<AccessKeyRecord, AccessKeyRow>>,
  Assert<Same<GroupRecord, Omit<GroupRow, 'nameLc'>>>,
  Assert<Same<ManagedPolicyRecord, Omit<ManagedPolicyRow, 'nameLc'>>>,
  Assert<Same<PolicyVersionRecord, Omit<PolicyVersionRow, 'ordinal'>>>,
  Assert<Same<AttachmentRecord, Omit<AttachmentRow, 'ordinal'>>>,
  Assert<Same<InlinePolicyRecord, InlinePolicyRow>>,
  Assert<Same<RoleRecord, Omit<RoleRow, 'nameLc'>>>,
  Assert<Same<InstanceProfileRecord, Omit<InstanceProfileRow, 'nameLc'>>>,
  Assert<Same<MfaDeviceRecord, MfaDeviceRow>>,
  Assert<Same<LoginProfileRecord, LoginProfileRow>>,
  Assert<Same<PasswordPolicyRecord, Omit<PasswordPolicyRow, 'id'>>>,
  Assert<Same<SamlProviderRecord, SamlProviderRow>>,
  Assert<Same<WorkloadTokenRecord, WorkloadTokenRow>>,
  Assert<Same<ServerCertificateRecord, Omit<ServerCertificateRow, 'nameLc'>>>,
  Assert<Same<RoleDeletionTaskRecord, RoleDeletionTaskRow>>,
];
