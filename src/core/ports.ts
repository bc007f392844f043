/**
 * @module Ports: the interfaces the services need from storage, owned by the core and implemented at the
 * edge (storage/account-store.ts on the Durable Object's SQLite). STYLE habit 9.
 *
 * The store is synchronous on purpose: the object runs each call's checks and writes in one
 * `transactionSync`, so an invariant checked by a read (two keys per user, unique names) still holds when
 * the write commits, whatever the concurrency. The store also describes its own changes to the read
 * model (the outbox), so the services never deal with projection.
 */
import type {
  AccessKeyRecord,
  AccessKeyStatus,
  AccountRecord,
  AttachmentRecord,
  GroupRecord,
  InlinePolicyRecord,
  ManagedPolicyRecord,
  PolicyEntityType,
  PolicyVersionRecord,
  InstanceProfileRecord,
  MfaDeviceRecord,
  OidcProviderRecord,
  RoleRecord,
  SamlProviderRecord,
  TaggableType,
  TaggedResourceKind,
  TagRecord,
  UserRecord,
  WorkloadTokenRecord,
} from './records';

/** A page request over a keyset ordered by `sortKey`. */
export interface PageQuery {
  /** Only entities whose path starts with this. */
  pathPrefix?: string;
  /** Exclusive lower bound on the sort key (from a Marker). */
  after?: string;
  /** How many rows to return at most. */
  limit: number;
}

/** The per-account state the IAM services read and write. */
export interface AccountStore {
  getAccount(): AccountRecord | undefined;

  findUserByName(userName: string): UserRecord | undefined;
  findUserById(userId: string): UserRecord | undefined;
  /** Users ordered by lower-cased name; `after` is a lower-cased name. */
  listUsers(query: PageQuery): UserRecord[];
  countUsers(): number;
  insertUser(user: UserRecord): void;
  updateUser(userId: string, changes: Pick<UserRecord, 'userName' | 'path' | 'arn'>): void;
  deleteUser(userId: string): void;
  /** Sets or clears (null) a user's permissions boundary. */
  setUserPermissionsBoundary(userId: string, policyArn: string | null): void;

  listUserTags(userId: string): TagRecord[];
  /** Replaces the user's tags with `tags`, in order. */
  replaceUserTags(userId: string, tags: readonly TagRecord[]): void;

  /** Access keys of a user, or of the root user when `userId` is null, oldest first. */
  listAccessKeys(userId: string | null): AccessKeyRecord[];
  findAccessKey(accessKeyId: string): AccessKeyRecord | undefined;
  insertAccessKey(key: AccessKeyRecord): void;
  updateAccessKeyStatus(accessKeyId: string, status: AccessKeyStatus): void;
  deleteAccessKey(accessKeyId: string): void;
  recordAccessKeyUse(accessKeyId: string, when: string, service: string, region: string): void;

  findGroupByName(groupName: string): GroupRecord | undefined;
  findGroupById(groupId: string): GroupRecord | undefined;
  /** Groups ordered by lower-cased name; `after` is a lower-cased name. */
  listGroups(query: PageQuery): GroupRecord[];
  countGroups(): number;
  insertGroup(group: GroupRecord): void;
  updateGroup(groupId: string, changes: Pick<GroupRecord, 'groupName' | 'path' | 'arn'>): void;
  deleteGroup(groupId: string): void;
  /** Members of a group ordered by lower-cased user name; `after` is a lower-cased user name. */
  listGroupMembers(groupId: string, query: PageQuery): UserRecord[];
  /** Groups a user belongs to, ordered by lower-cased group name. */
  listGroupsForUser(userId: string): GroupRecord[];
  isGroupMember(groupId: string, userId: string): boolean;
  addGroupMember(groupId: string, userId: string): void;
  removeGroupMember(groupId: string, userId: string): void;

  /** A customer-managed policy of this account by ARN. */
  findPolicy(policyArn: string): ManagedPolicyRecord | undefined;
  /** A customer-managed policy by name (case-insensitive; names are unique in an account). */
  findPolicyByName(policyName: string): ManagedPolicyRecord | undefined;
  /** Customer-managed policies ordered by lower-cased name; `after` is a lower-cased name. */
  listPolicies(query: PageQuery): ManagedPolicyRecord[];
  countPolicies(): number;
  insertPolicy(policy: ManagedPolicyRecord): void;
  updatePolicy(policyArn: string, changes: Partial<Pick<ManagedPolicyRecord, 'defaultVersionId' | 'updateDate' | 'nextVersion'>>): void;
  /** Deletes the policy with its versions and tags (attachments must be gone first). */
  deletePolicy(policyArn: string): void;
  /** Versions of a policy, oldest first. */
  listPolicyVersions(policyArn: string): PolicyVersionRecord[];
  findPolicyVersion(policyArn: string, versionId: string): PolicyVersionRecord | undefined;
  insertPolicyVersion(version: PolicyVersionRecord): void;
  deletePolicyVersion(policyArn: string, versionId: string): void;
  listPolicyTags(policyArn: string): TagRecord[];
  replacePolicyTags(policyArn: string, tags: readonly TagRecord[]): void;

  /** ARNs of the managed policies attached to an entity, in attachment order. */
  listAttachedPolicies(entityType: PolicyEntityType, entityId: string): string[];
  attachPolicy(attachment: AttachmentRecord): void;
  detachPolicy(attachment: AttachmentRecord): void;
  /** Entities a managed policy (customer or AWS) is attached to, in attachment order. */
  listPolicyAttachments(policyArn: string): AttachmentRecord[];
  /** How many users and roles use a policy as their permissions boundary. */
  countBoundaryUses(policyArn: string): number;

  findRoleByName(roleName: string): RoleRecord | undefined;
  findRoleById(roleId: string): RoleRecord | undefined;
  /** Roles ordered by lower-cased name; `after` is a lower-cased name. */
  listRoles(query: PageQuery): RoleRecord[];
  countRoles(): number;
  insertRole(role: RoleRecord): void;
  /** Changes a role's mutable fields (name and path are immutable in IAM). */
  updateRole(
    roleId: string,
    changes: Partial<Pick<RoleRecord, 'trustPolicy' | 'trustBindings' | 'description' | 'maxSessionDuration' | 'permissionsBoundaryArn' | 'lastUsedDate' | 'lastUsedRegion'>>,
  ): void;
  deleteRole(roleId: string): void;
  listRoleTags(roleId: string): TagRecord[];
  replaceRoleTags(roleId: string, tags: readonly TagRecord[]): void;

  findInstanceProfileByName(name: string): InstanceProfileRecord | undefined;
  findInstanceProfileById(id: string): InstanceProfileRecord | undefined;
  /** Instance profiles ordered by lower-cased name; `after` is a lower-cased name. */
  listInstanceProfiles(query: PageQuery): InstanceProfileRecord[];
  countInstanceProfiles(): number;
  insertInstanceProfile(profile: InstanceProfileRecord): void;
  /** Deletes the profile with its tags, role link and workload tokens. */
  deleteInstanceProfile(id: string): void;
  /** The role ids in a profile (at most one in IAM). */
  listInstanceProfileRoles(id: string): string[];
  /** The profiles a role is in, ordered by lower-cased name. */
  listInstanceProfilesForRole(roleId: string): InstanceProfileRecord[];
  addRoleToInstanceProfile(id: string, roleId: string): void;
  removeRoleFromInstanceProfile(id: string, roleId: string): void;
  listInstanceProfileTags(id: string): TagRecord[];
  replaceInstanceProfileTags(id: string, tags: readonly TagRecord[]): void;

  /** Workload tokens (hashes only), oldest first. Deleting an instance profile deletes its tokens. */
  listWorkloadTokens(): WorkloadTokenRecord[];
  findWorkloadToken(tokenId: string): WorkloadTokenRecord | undefined;
  insertWorkloadToken(token: WorkloadTokenRecord): void;
  deleteWorkloadToken(tokenId: string): void;

  findMfaDevice(serialNumber: string): MfaDeviceRecord | undefined;
  /** Virtual MFA devices ordered by serial number. */
  listMfaDevices(): MfaDeviceRecord[];
  /** Devices enabled for a user id, or for the root user with ROOT_MFA_OWNER. */
  listMfaDevicesFor(owner: string): MfaDeviceRecord[];
  insertMfaDevice(device: MfaDeviceRecord): void;
  updateMfaDevice(serialNumber: string, changes: Partial<Pick<MfaDeviceRecord, 'userId' | 'enableDate' | 'lastUsedStep'>>): void;
  deleteMfaDevice(serialNumber: string): void;

  findOidcProvider(arn: string): OidcProviderRecord | undefined;
  listOidcProviders(): OidcProviderRecord[];
  /** Creates or replaces a provider (client ids and thumbprints change in place). */
  putOidcProvider(provider: OidcProviderRecord): void;
  deleteOidcProvider(arn: string): void;

  findSamlProvider(arn: string): SamlProviderRecord | undefined;
  listSamlProviders(): SamlProviderRecord[];
  /** Creates or replaces a provider. */
  putSamlProvider(provider: SamlProviderRecord): void;
  deleteSamlProvider(arn: string): void;

  /**
   * The one tag port: tags of any taggable entity, in the order set, by its kind and the id its tags are
   * kept under (user id, role id, policy ARN, instance profile id, MFA serial number, provider ARN).
   */
  listTags(type: TaggableType, id: string): TagRecord[];
  /** Replaces an entity's tags with `tags`, in order. */
  replaceTags(type: TaggableType, id: string, tags: readonly TagRecord[]): void;

  /** Tags of MFA devices and identity providers (one shared table), in the order set. */
  listResourceTags(kind: TaggedResourceKind, id: string): TagRecord[];
  replaceResourceTags(kind: TaggedResourceKind, id: string, tags: readonly TagRecord[]): void;

  /** Inline policies of an entity, ordered by name. */
  listInlinePolicies(entityType: PolicyEntityType, entityId: string): InlinePolicyRecord[];
  findInlinePolicy(entityType: PolicyEntityType, entityId: string, policyName: string): InlinePolicyRecord | undefined;
  /** Creates or replaces an inline policy. */
  putInlinePolicy(policy: InlinePolicyRecord): void;
  deleteInlinePolicy(entityType: PolicyEntityType, entityId: string, policyName: string): void;
}
