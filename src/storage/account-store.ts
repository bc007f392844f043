/**
 * @module AccountStore on the Durable Object's SQLite through drizzle-orm/durable-sqlite (synchronous).
 *
 * Every method is a plain statement; the object wraps each call in `transactionSync`. A method that
 * changes state the data plane reads also queues the matching read-model op (`pendingOps`), which the
 * object commits into the outbox in the same transaction: services never deal with projection.
 */
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { DrizzleSqliteDODatabase } from 'drizzle-orm/durable-sqlite';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { ProjectionOp } from './projection-ops';
import type { AccountStore, PageQuery } from '../core/ports';
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
} from '../core/records';
import * as t from './schema/account';

/** The drizzle database of an AccountDO. */
export type AccountDb = DrizzleSqliteDODatabase<typeof t>;

/**
 * Rows whose path starts with `prefix`, compared exactly (case-sensitive, `%` `_` `\` literal), at any
 * length. Not LIKE: the Durable Object's SQLite caps a LIKE pattern at 50 bytes
 * (SQLITE_LIMIT_LIKE_PATTERN_LENGTH), while IAM path prefixes go to 512 characters ("IAM and AWS STS
 * quotas"); and LIKE folds ASCII case, where a path prefix matches as `startsWith` does in the services.
 * SQLite's `substr` and `length` both count characters of TEXT, so any prefix compares whole.
 */
const pathUnder = (column: SQLiteColumn, prefix: string) => sql`substr(${column}, 1, length(${prefix})) = ${prefix}`;

const toUser = (r: typeof t.users.$inferSelect): UserRecord => ({
  userId: r.userId,
  userName: r.userName,
  path: r.path,
  arn: r.arn,
  createDate: r.createDate,
  permissionsBoundaryArn: r.permissionsBoundaryArn,
});
const toKey = (r: typeof t.accessKeys.$inferSelect): AccessKeyRecord => ({ ...r, status: r.status as AccessKeyStatus });
const toGroup = ({ nameLc: _, ...r }: typeof t.groups.$inferSelect): GroupRecord => r;
const toPolicy = ({ nameLc: _, ...r }: typeof t.managedPolicies.$inferSelect): ManagedPolicyRecord => r;
const toVersion = ({ ordinal: _, ...r }: typeof t.policyVersions.$inferSelect): PolicyVersionRecord => r;
const toRole = ({ nameLc: _, ...r }: typeof t.roles.$inferSelect): RoleRecord => r;
const toProfile = ({ nameLc: _, ...r }: typeof t.instanceProfiles.$inferSelect): InstanceProfileRecord => r;

/** A store bound to one object's database and account. */
export class SqliteAccountStore implements AccountStore {
  readonly #db: AccountDb;
  readonly #accountId: string;
  readonly #pending: ProjectionOp[] = [];

  constructor(db: AccountDb, accountId: string) {
    this.#db = db;
    this.#accountId = accountId;
  }

  /** Read-model ops queued since the store was created, in order. */
  get pendingOps(): readonly ProjectionOp[] {
    return this.#pending;
  }

  /** Queues a read-model op (the object uses it for the account row itself). */
  emit(op: ProjectionOp): void {
    this.#pending.push(op);
  }

  getAccount(): AccountRecord | undefined {
    const r = this.#db.select().from(t.account).get();
    return r ? { ...r, status: r.status as AccountRecord['status'] } : undefined;
  }

  // ---- users ------------------------------------------------------------------------------------------

  findUserByName(userName: string): UserRecord | undefined {
    const r = this.#db.select().from(t.users).where(eq(t.users.nameLc, userName.toLowerCase())).get();
    return r ? toUser(r) : undefined;
  }

  findUserById(userId: string): UserRecord | undefined {
    const r = this.#db.select().from(t.users).where(eq(t.users.userId, userId)).get();
    return r ? toUser(r) : undefined;
  }

  listUsers({ pathPrefix = '/', after, limit }: PageQuery): UserRecord[] {
    const conditions = [pathUnder(t.users.path, pathPrefix)];
    if (after !== undefined) conditions.push(gt(t.users.nameLc, after));
    return this.#db.select().from(t.users).where(and(...conditions)).orderBy(asc(t.users.nameLc)).limit(limit).all().map(toUser);
  }

  countUsers(): number {
    return this.#db.select({ n: sql<number>`count(*)` }).from(t.users).get()?.n ?? 0;
  }

  insertUser(user: UserRecord): void {
    this.#db.insert(t.users).values({ ...user, nameLc: user.userName.toLowerCase() }).run();
    this.#projectUser(user.userId);
  }

  updateUser(userId: string, changes: Pick<UserRecord, 'userName' | 'path' | 'arn'>): void {
    this.#db.update(t.users).set({ ...changes, nameLc: changes.userName.toLowerCase() }).where(eq(t.users.userId, userId)).run();
    this.#projectUser(userId);
  }

  deleteUser(userId: string): void {
    this.#db.delete(t.userTags).where(eq(t.userTags.userId, userId)).run();
    this.#db.delete(t.users).where(eq(t.users.userId, userId)).run();
    this.emit({ op: 'del', table: 'principals', key: { accountId: this.#accountId, principalId: userId } });
  }

  setUserPermissionsBoundary(userId: string, policyArn: string | null): void {
    this.#db.update(t.users).set({ permissionsBoundaryArn: policyArn }).where(eq(t.users.userId, userId)).run();
    this.#projectUser(userId);
  }

  listUserTags(userId: string): TagRecord[] {
    return this.#db
      .select({ key: t.userTags.key, value: t.userTags.value })
      .from(t.userTags)
      .where(eq(t.userTags.userId, userId))
      .orderBy(asc(t.userTags.position))
      .all();
  }

  replaceUserTags(userId: string, tags: readonly TagRecord[]): void {
    this.#db.delete(t.userTags).where(eq(t.userTags.userId, userId)).run();
    tags.forEach((tag, position) =>
      this.#db.insert(t.userTags).values({ userId, keyLc: tag.key.toLowerCase(), key: tag.key, value: tag.value, position }).run(),
    );
    this.#projectUser(userId);
  }

  /** The principal row: what authorization needs about a user (ARN, tags, boundary). */
  #projectUser(userId: string): void {
    const user = this.findUserById(userId);
    if (!user) return;
    const tags = this.listUserTags(userId).map((tag) => ({ Key: tag.key, Value: tag.value }));
    this.emit({
      op: 'put',
      table: 'principals',
      row: {
        accountId: this.#accountId,
        principalId: user.userId,
        type: 'User',
        name: user.userName,
        path: user.path,
        arn: user.arn,
        tags: JSON.stringify(tags),
        boundaryArn: user.permissionsBoundaryArn,
      },
    });
  }

  // ---- access keys ------------------------------------------------------------------------------------

  listAccessKeys(userId: string | null): AccessKeyRecord[] {
    const owner = userId === null ? sql`${t.accessKeys.userId} IS NULL` : eq(t.accessKeys.userId, userId);
    return this.#db
      .select()
      .from(t.accessKeys)
      .where(owner)
      .orderBy(asc(t.accessKeys.createDate), asc(t.accessKeys.accessKeyId))
      .all()
      .map(toKey);
  }

  findAccessKey(accessKeyId: string): AccessKeyRecord | undefined {
    const r = this.#db.select().from(t.accessKeys).where(eq(t.accessKeys.accessKeyId, accessKeyId)).get();
    return r ? toKey(r) : undefined;
  }

  insertAccessKey(key: AccessKeyRecord): void {
    this.#db.insert(t.accessKeys).values(key).run();
    this.#projectKey(key.accessKeyId);
  }

  updateAccessKeyStatus(accessKeyId: string, status: AccessKeyStatus): void {
    this.#db.update(t.accessKeys).set({ status }).where(eq(t.accessKeys.accessKeyId, accessKeyId)).run();
    this.#projectKey(accessKeyId);
  }

  deleteAccessKey(accessKeyId: string): void {
    this.#db.delete(t.accessKeys).where(eq(t.accessKeys.accessKeyId, accessKeyId)).run();
    this.emit({ op: 'del', table: 'access_keys', key: { accessKeyId } });
  }

  recordAccessKeyUse(accessKeyId: string, when: string, service: string, region: string): void {
    this.#db
      .update(t.accessKeys)
      .set({ lastUsedDate: when, lastUsedService: service, lastUsedRegion: region })
      .where(eq(t.accessKeys.accessKeyId, accessKeyId))
      .run();
  }

  /** The key row: what SigV4 verification needs (last use is not projected). */
  #projectKey(accessKeyId: string): void {
    const key = this.findAccessKey(accessKeyId);
    if (!key) return;
    this.emit({
      op: 'put',
      table: 'access_keys',
      row: {
        accessKeyId: key.accessKeyId,
        accountId: this.#accountId,
        principalId: key.userId,
        status: key.status,
        secretSealed: key.secretSealed,
        createDate: key.createDate,
      },
    });
  }

  // ---- groups -----------------------------------------------------------------------------------------

  findGroupByName(groupName: string): GroupRecord | undefined {
    const r = this.#db.select().from(t.groups).where(eq(t.groups.nameLc, groupName.toLowerCase())).get();
    return r ? toGroup(r) : undefined;
  }

  findGroupById(groupId: string): GroupRecord | undefined {
    const r = this.#db.select().from(t.groups).where(eq(t.groups.groupId, groupId)).get();
    return r ? toGroup(r) : undefined;
  }

  listGroups({ pathPrefix = '/', after, limit }: PageQuery): GroupRecord[] {
    const conditions = [pathUnder(t.groups.path, pathPrefix)];
    if (after !== undefined) conditions.push(gt(t.groups.nameLc, after));
    return this.#db.select().from(t.groups).where(and(...conditions)).orderBy(asc(t.groups.nameLc)).limit(limit).all().map(toGroup);
  }

  countGroups(): number {
    return this.#db.select({ n: sql<number>`count(*)` }).from(t.groups).get()?.n ?? 0;
  }

  insertGroup(group: GroupRecord): void {
    this.#db.insert(t.groups).values({ ...group, nameLc: group.groupName.toLowerCase() }).run();
  }

  updateGroup(groupId: string, changes: Pick<GroupRecord, 'groupName' | 'path' | 'arn'>): void {
    this.#db.update(t.groups).set({ ...changes, nameLc: changes.groupName.toLowerCase() }).where(eq(t.groups.groupId, groupId)).run();
  }

  deleteGroup(groupId: string): void {
    this.#db.delete(t.groups).where(eq(t.groups.groupId, groupId)).run();
  }

  listGroupMembers(groupId: string, { pathPrefix, after, limit }: PageQuery): UserRecord[] {
    const conditions = [eq(t.groupMembers.groupId, groupId)];
    if (pathPrefix !== undefined) conditions.push(pathUnder(t.users.path, pathPrefix));
    if (after !== undefined) conditions.push(gt(t.users.nameLc, after));
    return this.#db
      .select({ u: t.users })
      .from(t.groupMembers)
      .innerJoin(t.users, eq(t.users.userId, t.groupMembers.userId))
      .where(and(...conditions))
      .orderBy(asc(t.users.nameLc))
      .limit(limit)
      .all()
      .map((r) => toUser(r.u));
  }

  listGroupsForUser(userId: string): GroupRecord[] {
    return this.#db
      .select({ g: t.groups })
      .from(t.groupMembers)
      .innerJoin(t.groups, eq(t.groups.groupId, t.groupMembers.groupId))
      .where(eq(t.groupMembers.userId, userId))
      .orderBy(asc(t.groups.nameLc))
      .all()
      .map((r) => toGroup(r.g));
  }

  isGroupMember(groupId: string, userId: string): boolean {
    return !!this.#db
      .select({ g: t.groupMembers.groupId })
      .from(t.groupMembers)
      .where(and(eq(t.groupMembers.groupId, groupId), eq(t.groupMembers.userId, userId)))
      .get();
  }

  addGroupMember(groupId: string, userId: string): void {
    this.#db.insert(t.groupMembers).values({ groupId, userId }).onConflictDoNothing().run();
    this.emit({ op: 'put', table: 'group_members', row: { accountId: this.#accountId, groupId, userId } });
  }

  removeGroupMember(groupId: string, userId: string): void {
    this.#db.delete(t.groupMembers).where(and(eq(t.groupMembers.groupId, groupId), eq(t.groupMembers.userId, userId))).run();
    this.emit({ op: 'del', table: 'group_members', key: { accountId: this.#accountId, groupId, userId } });
  }

  // ---- managed policies -------------------------------------------------------------------------------

  findPolicy(policyArn: string): ManagedPolicyRecord | undefined {
    const r = this.#db.select().from(t.managedPolicies).where(eq(t.managedPolicies.arn, policyArn)).get();
    return r ? toPolicy(r) : undefined;
  }

  findPolicyByName(policyName: string): ManagedPolicyRecord | undefined {
    const r = this.#db.select().from(t.managedPolicies).where(eq(t.managedPolicies.nameLc, policyName.toLowerCase())).get();
    return r ? toPolicy(r) : undefined;
  }

  listPolicies({ pathPrefix = '/', after, limit }: PageQuery): ManagedPolicyRecord[] {
    const conditions = [pathUnder(t.managedPolicies.path, pathPrefix)];
    if (after !== undefined) conditions.push(gt(t.managedPolicies.nameLc, after));
    return this.#db
      .select()
      .from(t.managedPolicies)
      .where(and(...conditions))
      .orderBy(asc(t.managedPolicies.nameLc))
      .limit(limit)
      .all()
      .map(toPolicy);
  }

  countPolicies(): number {
    return this.#db.select({ n: sql<number>`count(*)` }).from(t.managedPolicies).get()?.n ?? 0;
  }

  insertPolicy(policy: ManagedPolicyRecord): void {
    this.#db.insert(t.managedPolicies).values({ ...policy, nameLc: policy.policyName.toLowerCase() }).run();
    this.#projectPolicy(policy.arn);
  }

  updatePolicy(policyArn: string, changes: Partial<Pick<ManagedPolicyRecord, 'defaultVersionId' | 'updateDate' | 'nextVersion'>>): void {
    this.#db.update(t.managedPolicies).set(changes).where(eq(t.managedPolicies.arn, policyArn)).run();
    if (changes.defaultVersionId !== undefined) this.#projectPolicy(policyArn);
  }

  deletePolicy(policyArn: string): void {
    this.#db.delete(t.policyVersions).where(eq(t.policyVersions.policyArn, policyArn)).run();
    this.#db.delete(t.policyTags).where(eq(t.policyTags.policyArn, policyArn)).run();
    this.#db.delete(t.managedPolicies).where(eq(t.managedPolicies.arn, policyArn)).run();
    this.emit({ op: 'del', table: 'managed_policies', key: { accountId: this.#accountId, policyArn } });
  }

  listPolicyVersions(policyArn: string): PolicyVersionRecord[] {
    return this.#db
      .select()
      .from(t.policyVersions)
      .where(eq(t.policyVersions.policyArn, policyArn))
      .orderBy(asc(t.policyVersions.ordinal))
      .all()
      .map(toVersion);
  }

  findPolicyVersion(policyArn: string, versionId: string): PolicyVersionRecord | undefined {
    const r = this.#db
      .select()
      .from(t.policyVersions)
      .where(and(eq(t.policyVersions.policyArn, policyArn), eq(t.policyVersions.versionId, versionId)))
      .get();
    return r ? toVersion(r) : undefined;
  }

  insertPolicyVersion(version: PolicyVersionRecord): void {
    const last = this.#db.select({ n: sql<number>`coalesce(max(${t.policyVersions.ordinal}), 0)` }).from(t.policyVersions).get()?.n ?? 0;
    this.#db.insert(t.policyVersions).values({ ...version, ordinal: last + 1 }).run();
    this.#projectPolicy(version.policyArn);
  }

  deletePolicyVersion(policyArn: string, versionId: string): void {
    this.#db.delete(t.policyVersions).where(and(eq(t.policyVersions.policyArn, policyArn), eq(t.policyVersions.versionId, versionId))).run();
  }

  listPolicyTags(policyArn: string): TagRecord[] {
    return this.#db
      .select({ key: t.policyTags.key, value: t.policyTags.value })
      .from(t.policyTags)
      .where(eq(t.policyTags.policyArn, policyArn))
      .orderBy(asc(t.policyTags.position))
      .all();
  }

  replacePolicyTags(policyArn: string, tags: readonly TagRecord[]): void {
    this.#db.delete(t.policyTags).where(eq(t.policyTags.policyArn, policyArn)).run();
    tags.forEach((tag, position) =>
      this.#db.insert(t.policyTags).values({ policyArn, keyLc: tag.key.toLowerCase(), key: tag.key, value: tag.value, position }).run(),
    );
  }

  /** The read model keeps each customer-managed policy's default document (a policy and its version arrive in either order). */
  #projectPolicy(policyArn: string): void {
    const policy = this.findPolicy(policyArn);
    const version = policy && this.findPolicyVersion(policyArn, policy.defaultVersionId);
    if (!policy || !version) return;
    this.emit({
      op: 'put',
      table: 'managed_policies',
      row: { accountId: this.#accountId, policyArn, defaultVersionId: version.versionId, document: version.document },
    });
  }

  // ---- roles ------------------------------------------------------------------------------------------

  findRoleByName(roleName: string): RoleRecord | undefined {
    const r = this.#db.select().from(t.roles).where(eq(t.roles.nameLc, roleName.toLowerCase())).get();
    return r ? toRole(r) : undefined;
  }

  findRoleById(roleId: string): RoleRecord | undefined {
    const r = this.#db.select().from(t.roles).where(eq(t.roles.roleId, roleId)).get();
    return r ? toRole(r) : undefined;
  }

  listRoles({ pathPrefix = '/', after, limit }: PageQuery): RoleRecord[] {
    const conditions = [pathUnder(t.roles.path, pathPrefix)];
    if (after !== undefined) conditions.push(gt(t.roles.nameLc, after));
    return this.#db.select().from(t.roles).where(and(...conditions)).orderBy(asc(t.roles.nameLc)).limit(limit).all().map(toRole);
  }

  countRoles(): number {
    return this.#db.select({ n: sql<number>`count(*)` }).from(t.roles).get()?.n ?? 0;
  }

  insertRole(role: RoleRecord): void {
    this.#db.insert(t.roles).values({ ...role, nameLc: role.roleName.toLowerCase() }).run();
    this.#projectRole(role.roleId);
  }

  updateRole(
    roleId: string,
    changes: Partial<Pick<RoleRecord, 'trustPolicy' | 'trustBindings' | 'description' | 'maxSessionDuration' | 'permissionsBoundaryArn' | 'lastUsedDate' | 'lastUsedRegion'>>,
  ): void {
    this.#db.update(t.roles).set(changes).where(eq(t.roles.roleId, roleId)).run();
    const projected = ['trustPolicy', 'trustBindings', 'maxSessionDuration', 'permissionsBoundaryArn'] as const;
    if (projected.some((k) => changes[k] !== undefined)) this.#projectRole(roleId);
  }

  deleteRole(roleId: string): void {
    this.#db.delete(t.roleTags).where(eq(t.roleTags.roleId, roleId)).run();
    this.#db.delete(t.roles).where(eq(t.roles.roleId, roleId)).run();
    this.emit({ op: 'del', table: 'principals', key: { accountId: this.#accountId, principalId: roleId } });
  }

  listRoleTags(roleId: string): TagRecord[] {
    return this.#db
      .select({ key: t.roleTags.key, value: t.roleTags.value })
      .from(t.roleTags)
      .where(eq(t.roleTags.roleId, roleId))
      .orderBy(asc(t.roleTags.position))
      .all();
  }

  replaceRoleTags(roleId: string, tags: readonly TagRecord[]): void {
    this.#db.delete(t.roleTags).where(eq(t.roleTags.roleId, roleId)).run();
    tags.forEach((tag, position) =>
      this.#db.insert(t.roleTags).values({ roleId, keyLc: tag.key.toLowerCase(), key: tag.key, value: tag.value, position }).run(),
    );
    this.#projectRole(roleId);
  }

  /** The principal row of a role: ARN, tags, boundary, trust policy and session limit. */
  #projectRole(roleId: string): void {
    const role = this.findRoleById(roleId);
    if (!role) return;
    const tags = this.listRoleTags(roleId).map((tag) => ({ Key: tag.key, Value: tag.value }));
    this.emit({
      op: 'put',
      table: 'principals',
      row: {
        accountId: this.#accountId,
        principalId: role.roleId,
        type: 'Role',
        name: role.roleName,
        path: role.path,
        arn: role.arn,
        tags: JSON.stringify(tags),
        boundaryArn: role.permissionsBoundaryArn,
        trustPolicy: role.trustPolicy,
        trustBindings: role.trustBindings,
        maxSessionDuration: role.maxSessionDuration,
      },
    });
  }

  // ---- instance profiles ------------------------------------------------------------------------------

  findInstanceProfileByName(name: string): InstanceProfileRecord | undefined {
    const r = this.#db.select().from(t.instanceProfiles).where(eq(t.instanceProfiles.nameLc, name.toLowerCase())).get();
    return r ? toProfile(r) : undefined;
  }

  findInstanceProfileById(id: string): InstanceProfileRecord | undefined {
    const r = this.#db.select().from(t.instanceProfiles).where(eq(t.instanceProfiles.instanceProfileId, id)).get();
    return r ? toProfile(r) : undefined;
  }

  listInstanceProfiles({ pathPrefix = '/', after, limit }: PageQuery): InstanceProfileRecord[] {
    const conditions = [pathUnder(t.instanceProfiles.path, pathPrefix)];
    if (after !== undefined) conditions.push(gt(t.instanceProfiles.nameLc, after));
    return this.#db
      .select()
      .from(t.instanceProfiles)
      .where(and(...conditions))
      .orderBy(asc(t.instanceProfiles.nameLc))
      .limit(limit)
      .all()
      .map(toProfile);
  }

  countInstanceProfiles(): number {
    return this.#db.select({ n: sql<number>`count(*)` }).from(t.instanceProfiles).get()?.n ?? 0;
  }

  insertInstanceProfile(profile: InstanceProfileRecord): void {
    this.#db.insert(t.instanceProfiles).values({ ...profile, nameLc: profile.instanceProfileName.toLowerCase() }).run();
    this.#projectProfile(profile.instanceProfileId);
  }

  deleteInstanceProfile(id: string): void {
    // A deleted profile's workload tokens are revoked with it (a new profile of the same name is another one).
    for (const token of this.#db.select().from(t.workloadTokens).where(eq(t.workloadTokens.instanceProfileId, id)).all()) {
      this.deleteWorkloadToken(token.tokenId);
    }
    this.#db.delete(t.instanceProfileTags).where(eq(t.instanceProfileTags.instanceProfileId, id)).run();
    this.#db.delete(t.instanceProfileRoles).where(eq(t.instanceProfileRoles.instanceProfileId, id)).run();
    this.#db.delete(t.instanceProfiles).where(eq(t.instanceProfiles.instanceProfileId, id)).run();
    this.emit({ op: 'del', table: 'instance_profiles', key: { accountId: this.#accountId, instanceProfileId: id } });
  }

  listInstanceProfileRoles(id: string): string[] {
    return this.#db
      .select({ roleId: t.instanceProfileRoles.roleId })
      .from(t.instanceProfileRoles)
      .where(eq(t.instanceProfileRoles.instanceProfileId, id))
      .all()
      .map((r) => r.roleId);
  }

  listInstanceProfilesForRole(roleId: string): InstanceProfileRecord[] {
    return this.#db
      .select({ p: t.instanceProfiles })
      .from(t.instanceProfileRoles)
      .innerJoin(t.instanceProfiles, eq(t.instanceProfiles.instanceProfileId, t.instanceProfileRoles.instanceProfileId))
      .where(eq(t.instanceProfileRoles.roleId, roleId))
      .orderBy(asc(t.instanceProfiles.nameLc))
      .all()
      .map((r) => toProfile(r.p));
  }

  addRoleToInstanceProfile(id: string, roleId: string): void {
    this.#db.insert(t.instanceProfileRoles).values({ instanceProfileId: id, roleId }).onConflictDoNothing().run();
    this.#projectProfile(id);
  }

  removeRoleFromInstanceProfile(id: string, roleId: string): void {
    this.#db
      .delete(t.instanceProfileRoles)
      .where(and(eq(t.instanceProfileRoles.instanceProfileId, id), eq(t.instanceProfileRoles.roleId, roleId)))
      .run();
    this.#projectProfile(id);
  }

  listInstanceProfileTags(id: string): TagRecord[] {
    return this.#db
      .select({ key: t.instanceProfileTags.key, value: t.instanceProfileTags.value })
      .from(t.instanceProfileTags)
      .where(eq(t.instanceProfileTags.instanceProfileId, id))
      .orderBy(asc(t.instanceProfileTags.position))
      .all();
  }

  replaceInstanceProfileTags(id: string, tags: readonly TagRecord[]): void {
    this.#db.delete(t.instanceProfileTags).where(eq(t.instanceProfileTags.instanceProfileId, id)).run();
    tags.forEach((tag, position) =>
      this.#db
        .insert(t.instanceProfileTags)
        .values({ instanceProfileId: id, keyLc: tag.key.toLowerCase(), key: tag.key, value: tag.value, position })
        .run(),
    );
  }

  /** The read model maps each instance profile to its role, for workload credentials. */
  #projectProfile(id: string): void {
    const profile = this.findInstanceProfileById(id);
    if (!profile) return;
    this.emit({
      op: 'put',
      table: 'instance_profiles',
      row: {
        accountId: this.#accountId,
        instanceProfileId: id,
        name: profile.instanceProfileName,
        arn: profile.arn,
        roleId: this.listInstanceProfileRoles(id)[0] ?? null,
      },
    });
  }

  // ---- workload tokens --------------------------------------------------------------------------------

  listWorkloadTokens(): WorkloadTokenRecord[] {
    return this.#db.select().from(t.workloadTokens).orderBy(asc(t.workloadTokens.createdAt), asc(t.workloadTokens.tokenId)).all();
  }

  findWorkloadToken(tokenId: string): WorkloadTokenRecord | undefined {
    return this.#db.select().from(t.workloadTokens).where(eq(t.workloadTokens.tokenId, tokenId)).get();
  }

  insertWorkloadToken(token: WorkloadTokenRecord): void {
    this.#db.insert(t.workloadTokens).values(token).run();
    // The data plane resolves a token by its hash alone (the token does not name its account).
    this.emit({
      op: 'put',
      table: 'workload_tokens',
      row: {
        tokenHash: token.tokenHash,
        accountId: this.#accountId,
        tokenId: token.tokenId,
        instanceProfileId: token.instanceProfileId,
        expiresAt: token.expiresAt,
      },
    });
  }

  deleteWorkloadToken(tokenId: string): void {
    const token = this.findWorkloadToken(tokenId);
    if (!token) return;
    this.#db.delete(t.workloadTokens).where(eq(t.workloadTokens.tokenId, tokenId)).run();
    this.emit({ op: 'del', table: 'workload_tokens', key: { tokenHash: token.tokenHash } });
  }

  // ---- MFA devices and identity providers -------------------------------------------------------------

  findMfaDevice(serialNumber: string): MfaDeviceRecord | undefined {
    return this.#db.select().from(t.mfaDevices).where(eq(t.mfaDevices.serialNumber, serialNumber)).get();
  }

  listMfaDevices(): MfaDeviceRecord[] {
    return this.#db.select().from(t.mfaDevices).orderBy(asc(t.mfaDevices.serialNumber)).all();
  }

  listMfaDevicesFor(owner: string): MfaDeviceRecord[] {
    return this.#db.select().from(t.mfaDevices).where(eq(t.mfaDevices.userId, owner)).orderBy(asc(t.mfaDevices.enableDate)).all();
  }

  insertMfaDevice(device: MfaDeviceRecord): void {
    this.#db.insert(t.mfaDevices).values(device).run();
  }

  updateMfaDevice(serialNumber: string, changes: Partial<Pick<MfaDeviceRecord, 'userId' | 'enableDate' | 'lastUsedStep'>>): void {
    this.#db.update(t.mfaDevices).set(changes).where(eq(t.mfaDevices.serialNumber, serialNumber)).run();
  }

  deleteMfaDevice(serialNumber: string): void {
    this.replaceResourceTags('mfa', serialNumber, []);
    this.#db.delete(t.mfaDevices).where(eq(t.mfaDevices.serialNumber, serialNumber)).run();
  }

  findOidcProvider(arn: string): OidcProviderRecord | undefined {
    const r = this.#db.select().from(t.oidcProviders).where(eq(t.oidcProviders.arn, arn)).get();
    return r && { ...r, clientIds: JSON.parse(r.clientIds) as string[], thumbprints: JSON.parse(r.thumbprints) as string[] };
  }

  listOidcProviders(): OidcProviderRecord[] {
    return this.#db
      .select()
      .from(t.oidcProviders)
      .orderBy(asc(t.oidcProviders.arn))
      .all()
      .map((r) => ({ ...r, clientIds: JSON.parse(r.clientIds) as string[], thumbprints: JSON.parse(r.thumbprints) as string[] }));
  }

  putOidcProvider(p: OidcProviderRecord): void {
    const row = { ...p, clientIds: JSON.stringify(p.clientIds), thumbprints: JSON.stringify(p.thumbprints) };
    this.#db.insert(t.oidcProviders).values(row).onConflictDoUpdate({ target: t.oidcProviders.arn, set: row }).run();
    this.emit({
      op: 'put',
      table: 'oidc_providers',
      row: { accountId: this.#accountId, arn: p.arn, url: p.url, clientIds: row.clientIds, thumbprints: row.thumbprints },
    });
  }

  deleteOidcProvider(arn: string): void {
    this.replaceResourceTags('oidc-provider', arn, []);
    this.#db.delete(t.oidcProviders).where(eq(t.oidcProviders.arn, arn)).run();
    this.emit({ op: 'del', table: 'oidc_providers', key: { accountId: this.#accountId, arn } });
  }

  findSamlProvider(arn: string): SamlProviderRecord | undefined {
    return this.#db.select().from(t.samlProviders).where(eq(t.samlProviders.arn, arn)).get();
  }

  listSamlProviders(): SamlProviderRecord[] {
    return this.#db.select().from(t.samlProviders).orderBy(asc(t.samlProviders.arn)).all();
  }

  putSamlProvider(p: SamlProviderRecord): void {
    this.#db.insert(t.samlProviders).values(p).onConflictDoUpdate({ target: t.samlProviders.arn, set: p }).run();
    this.emit({
      op: 'put',
      table: 'saml_providers',
      row: { accountId: this.#accountId, arn: p.arn, metadataDocument: p.metadataDocument, validUntil: p.validUntil },
    });
  }

  deleteSamlProvider(arn: string): void {
    this.replaceResourceTags('saml-provider', arn, []);
    this.#db.delete(t.samlProviders).where(eq(t.samlProviders.arn, arn)).run();
    this.emit({ op: 'del', table: 'saml_providers', key: { accountId: this.#accountId, arn } });
  }

  listTags(type: TaggableType, id: string): TagRecord[] {
    switch (type) {
      case 'user':
        return this.listUserTags(id);
      case 'role':
        return this.listRoleTags(id);
      case 'policy':
        return this.listPolicyTags(id);
      case 'instance-profile':
        return this.listInstanceProfileTags(id);
      default:
        return this.listResourceTags(type, id);
    }
  }

  replaceTags(type: TaggableType, id: string, tags: readonly TagRecord[]): void {
    switch (type) {
      case 'user':
        return this.replaceUserTags(id, tags);
      case 'role':
        return this.replaceRoleTags(id, tags);
      case 'policy':
        return this.replacePolicyTags(id, tags);
      case 'instance-profile':
        return this.replaceInstanceProfileTags(id, tags);
      default:
        return this.replaceResourceTags(type, id, tags);
    }
  }

  listResourceTags(kind: TaggedResourceKind, id: string): TagRecord[] {
    return this.#db
      .select({ key: t.resourceTags.key, value: t.resourceTags.value })
      .from(t.resourceTags)
      .where(and(eq(t.resourceTags.kind, kind), eq(t.resourceTags.resourceId, id)))
      .orderBy(asc(t.resourceTags.position))
      .all();
  }

  replaceResourceTags(kind: TaggedResourceKind, id: string, tags: readonly TagRecord[]): void {
    this.#db.delete(t.resourceTags).where(and(eq(t.resourceTags.kind, kind), eq(t.resourceTags.resourceId, id))).run();
    tags.forEach((tag, position) =>
      this.#db.insert(t.resourceTags).values({ kind, resourceId: id, keyLc: tag.key.toLowerCase(), key: tag.key, value: tag.value, position }).run(),
    );
  }

  // ---- attachments and inline policies ----------------------------------------------------------------

  listAttachedPolicies(entityType: PolicyEntityType, entityId: string): string[] {
    return this.#db
      .select({ arn: t.policyAttachments.policyArn })
      .from(t.policyAttachments)
      .where(and(eq(t.policyAttachments.entityType, entityType), eq(t.policyAttachments.entityId, entityId)))
      .orderBy(asc(t.policyAttachments.ordinal))
      .all()
      .map((r) => r.arn);
  }

  attachPolicy(a: AttachmentRecord): void {
    const last = this.#db.select({ n: sql<number>`coalesce(max(${t.policyAttachments.ordinal}), 0)` }).from(t.policyAttachments).get()?.n ?? 0;
    this.#db.insert(t.policyAttachments).values({ ...a, ordinal: last + 1 }).onConflictDoNothing().run();
    this.emit({ op: 'put', table: 'policy_attachments', row: { accountId: this.#accountId, ...a } });
  }

  detachPolicy(a: AttachmentRecord): void {
    this.#db
      .delete(t.policyAttachments)
      .where(and(eq(t.policyAttachments.entityType, a.entityType), eq(t.policyAttachments.entityId, a.entityId), eq(t.policyAttachments.policyArn, a.policyArn)))
      .run();
    this.emit({ op: 'del', table: 'policy_attachments', key: { accountId: this.#accountId, ...a } });
  }

  listPolicyAttachments(policyArn: string): AttachmentRecord[] {
    return this.#db
      .select({ entityType: t.policyAttachments.entityType, entityId: t.policyAttachments.entityId, policyArn: t.policyAttachments.policyArn })
      .from(t.policyAttachments)
      .where(eq(t.policyAttachments.policyArn, policyArn))
      .orderBy(asc(t.policyAttachments.ordinal))
      .all()
      .map((r) => ({ ...r, entityType: r.entityType as PolicyEntityType }));
  }

  countBoundaryUses(policyArn: string): number {
    const users = this.#db.select({ n: sql<number>`count(*)` }).from(t.users).where(eq(t.users.permissionsBoundaryArn, policyArn)).get()?.n ?? 0;
    const roles = this.#db.select({ n: sql<number>`count(*)` }).from(t.roles).where(eq(t.roles.permissionsBoundaryArn, policyArn)).get()?.n ?? 0;
    return users + roles;
  }

  listInlinePolicies(entityType: PolicyEntityType, entityId: string): InlinePolicyRecord[] {
    return this.#db
      .select()
      .from(t.inlinePolicies)
      .where(and(eq(t.inlinePolicies.entityType, entityType), eq(t.inlinePolicies.entityId, entityId)))
      .orderBy(asc(t.inlinePolicies.policyName))
      .all()
      .map((r) => ({ ...r, entityType: r.entityType as PolicyEntityType }));
  }

  findInlinePolicy(entityType: PolicyEntityType, entityId: string, policyName: string): InlinePolicyRecord | undefined {
    const r = this.#db
      .select()
      .from(t.inlinePolicies)
      .where(and(eq(t.inlinePolicies.entityType, entityType), eq(t.inlinePolicies.entityId, entityId), eq(t.inlinePolicies.policyName, policyName)))
      .get();
    return r ? { ...r, entityType: r.entityType as PolicyEntityType } : undefined;
  }

  putInlinePolicy(p: InlinePolicyRecord): void {
    this.#db
      .insert(t.inlinePolicies)
      .values(p)
      .onConflictDoUpdate({ target: [t.inlinePolicies.entityType, t.inlinePolicies.entityId, t.inlinePolicies.policyName], set: { document: p.document } })
      .run();
    this.emit({ op: 'put', table: 'inline_policies', row: { accountId: this.#accountId, ...p } });
  }

  deleteInlinePolicy(entityType: PolicyEntityType, entityId: string, policyName: string): void {
    this.#db
      .delete(t.inlinePolicies)
      .where(and(eq(t.inlinePolicies.entityType, entityType), eq(t.inlinePolicies.entityId, entityId), eq(t.inlinePolicies.policyName, policyName)))
      .run();
    this.emit({ op: 'del', table: 'inline_policies', key: { accountId: this.#accountId, entityType, entityId, policyName } });
  }
}

