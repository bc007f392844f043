/**
 * @module Instance profiles on SQLite (`instance_profiles`, `instance_profile_roles`) and the workload
 * tokens bound to them (`workload_tokens`): the second half of the roles aggregate. The read model maps
 * each profile to its role and each token's hash to its profile (what `GET /workload/credentials` needs).
 */
import { and, asc, eq } from 'drizzle-orm';
import type { InstanceProfileStore } from '../../core/ports';
import type { InstanceProfileRecord, WorkloadTokenRecord } from '../../core/records';
import * as t from '../schema/account';
import type { StoreContext, StoreMethods } from './context';
import { namedRows } from './named-rows';
import { deleteTags } from './tag-table';

const toProfile = ({ nameLc: _, ...r }: typeof t.instanceProfiles.$inferSelect): InstanceProfileRecord => r;

const PROFILES = namedRows(
  t.instanceProfiles,
  { id: t.instanceProfiles.instanceProfileId, nameLc: t.instanceProfiles.nameLc, path: t.instanceProfiles.path },
  toProfile,
);
const ofProfile = (id: string) => eq(t.instanceProfileRoles.instanceProfileId, id);

const rolesOf = (c: StoreContext, id: string): string[] =>
  c.db.select({ roleId: t.instanceProfileRoles.roleId }).from(t.instanceProfileRoles).where(ofProfile(id)).all().map((r) => r.roleId);

const findToken = (c: StoreContext, tokenId: string): WorkloadTokenRecord | undefined =>
  c.db.select().from(t.workloadTokens).where(eq(t.workloadTokens.tokenId, tokenId)).get();

function deleteToken(c: StoreContext, tokenId: string): void {
  const token = findToken(c, tokenId);
  if (!token) return;
  c.db.delete(t.workloadTokens).where(eq(t.workloadTokens.tokenId, tokenId)).run();
  c.emit({ op: 'del', table: 'workload_tokens', key: { tokenHash: token.tokenHash } });
}

/** The read model maps each instance profile to its role, for workload credentials. */
function projectProfile(c: StoreContext, id: string): void {
  const profile = PROFILES.byId(c, id);
  if (!profile) return;
  c.emit({
    op: 'put',
    table: 'instance_profiles',
    row: { accountId: c.accountId, instanceProfileId: id, name: profile.instanceProfileName, arn: profile.arn, roleId: rolesOf(c, id)[0] ?? null },
  });
}

/** The instance profiles' and workload tokens' methods. */
export const instanceProfileMethods: InstanceProfileStore & ThisType<StoreMethods> = {
  findInstanceProfileByName(name) {
    return PROFILES.byName(this.c, name);
  },

  findInstanceProfileById(id) {
    return PROFILES.byId(this.c, id);
  },

  listInstanceProfiles(query) {
    return PROFILES.list(this.c, query);
  },

  countInstanceProfiles() {
    return PROFILES.count(this.c);
  },

  insertInstanceProfile(profile) {
    this.c.db.insert(t.instanceProfiles).values({ ...profile, nameLc: profile.instanceProfileName.toLowerCase() }).run();
    projectProfile(this.c, profile.instanceProfileId);
  },

  deleteInstanceProfile(id) {
    // A deleted profile's workload tokens are revoked with it (a new profile of the same name is another one).
    for (const token of this.c.db.select().from(t.workloadTokens).where(eq(t.workloadTokens.instanceProfileId, id)).all()) {
      deleteToken(this.c, token.tokenId);
    }
    deleteTags(this.c, 'instance-profile', id);
    this.c.db.delete(t.instanceProfileRoles).where(ofProfile(id)).run();
    this.c.db.delete(t.instanceProfiles).where(eq(t.instanceProfiles.instanceProfileId, id)).run();
    this.c.emit({ op: 'del', table: 'instance_profiles', key: { accountId: this.c.accountId, instanceProfileId: id } });
  },

  listInstanceProfileRoles(id) {
    return rolesOf(this.c, id);
  },

  listInstanceProfilesForRole(roleId) {
    return this.c.db
      .select({ p: t.instanceProfiles })
      .from(t.instanceProfileRoles)
      .innerJoin(t.instanceProfiles, eq(t.instanceProfiles.instanceProfileId, t.instanceProfileRoles.instanceProfileId))
      .where(eq(t.instanceProfileRoles.roleId, roleId))
      .orderBy(asc(t.instanceProfiles.nameLc))
      .all()
      .map((r) => toProfile(r.p));
  },

  addRoleToInstanceProfile(id, roleId) {
    this.c.db.insert(t.instanceProfileRoles).values({ instanceProfileId: id, roleId }).onConflictDoNothing().run();
    projectProfile(this.c, id);
  },

  removeRoleFromInstanceProfile(id, roleId) {
    this.c.db.delete(t.instanceProfileRoles).where(and(ofProfile(id), eq(t.instanceProfileRoles.roleId, roleId))).run();
    projectProfile(this.c, id);
  },

  listWorkloadTokens() {
    return this.c.db.select().from(t.workloadTokens).orderBy(asc(t.workloadTokens.createdAt), asc(t.workloadTokens.tokenId)).all();
  },

  findWorkloadToken(tokenId) {
    return findToken(this.c, tokenId);
  },

  insertWorkloadToken(token) {
    this.c.db.insert(t.workloadTokens).values(token).run();
    // The data plane resolves a token by its hash alone (the token does not name its account).
    this.c.emit({
      op: 'put',
      table: 'workload_tokens',
      row: { tokenHash: token.tokenHash, accountId: this.c.accountId, tokenId: token.tokenId, instanceProfileId: token.instanceProfileId, expiresAt: token.expiresAt },
    });
  },

  deleteWorkloadToken(tokenId) {
    deleteToken(this.c, tokenId);
  },
};
