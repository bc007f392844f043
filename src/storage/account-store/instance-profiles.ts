/**
 * @module Instance profiles on SQLite (`instance_profiles`, `instance_profile_roles`) and the workload
 * tokens bound to them (`workload_tokens`): the second half of the roles aggregate. The read model maps
 * each profile to its role and each token's hash to its profile (what `GET /workload/credentials` needs).
 */
import { and, asc, eq } from 'drizzle-orm';
import type { InstanceProfileStore } from '../../core/ports';
import type { InstanceProfileRecord, WorkloadTokenRecord } from '../../core/records';
import * as t from '../schema/account';
import type { StoreContext } from './context';
import { namedRows } from './named-rows';
import { deleteTags } from './tag-table';

const toProfile = ({ nameLc: _, ...r }: typeof t.instanceProfiles.$inferSelect): InstanceProfileRecord => r;

/** The instance profiles and workload tokens of one transaction. */
export function instanceProfileStore(c: StoreContext): InstanceProfileStore {
  const profiles = namedRows(
    c,
    t.instanceProfiles,
    { id: t.instanceProfiles.instanceProfileId, nameLc: t.instanceProfiles.nameLc, path: t.instanceProfiles.path },
    toProfile,
  );
  const ofProfile = (id: string) => eq(t.instanceProfileRoles.instanceProfileId, id);
  const listInstanceProfileRoles = (id: string): string[] =>
    c.db.select({ roleId: t.instanceProfileRoles.roleId }).from(t.instanceProfileRoles).where(ofProfile(id)).all().map((r) => r.roleId);
  const findWorkloadToken = (tokenId: string): WorkloadTokenRecord | undefined =>
    c.db.select().from(t.workloadTokens).where(eq(t.workloadTokens.tokenId, tokenId)).get();

  /** The read model maps each instance profile to its role, for workload credentials. */
  const project = (id: string): void => {
    const profile = profiles.byId(id);
    if (!profile) return;
    c.emit({
      op: 'put',
      table: 'instance_profiles',
      row: { accountId: c.accountId, instanceProfileId: id, name: profile.instanceProfileName, arn: profile.arn, roleId: listInstanceProfileRoles(id)[0] ?? null },
    });
  };

  const deleteWorkloadToken = (tokenId: string): void => {
    const token = findWorkloadToken(tokenId);
    if (!token) return;
    c.db.delete(t.workloadTokens).where(eq(t.workloadTokens.tokenId, tokenId)).run();
    c.emit({ op: 'del', table: 'workload_tokens', key: { tokenHash: token.tokenHash } });
  };

  return {
    findInstanceProfileByName: profiles.byName,
    findInstanceProfileById: profiles.byId,
    listInstanceProfiles: profiles.list,
    countInstanceProfiles: profiles.count,

    insertInstanceProfile(profile) {
      c.db.insert(t.instanceProfiles).values({ ...profile, nameLc: profile.instanceProfileName.toLowerCase() }).run();
      project(profile.instanceProfileId);
    },

    deleteInstanceProfile(id) {
      // A deleted profile's workload tokens are revoked with it (a new profile of the same name is another one).
      for (const token of c.db.select().from(t.workloadTokens).where(eq(t.workloadTokens.instanceProfileId, id)).all()) {
        deleteWorkloadToken(token.tokenId);
      }
      deleteTags(c, 'instance-profile', id);
      c.db.delete(t.instanceProfileRoles).where(ofProfile(id)).run();
      c.db.delete(t.instanceProfiles).where(eq(t.instanceProfiles.instanceProfileId, id)).run();
      c.emit({ op: 'del', table: 'instance_profiles', key: { accountId: c.accountId, instanceProfileId: id } });
    },

    listInstanceProfileRoles,

    listInstanceProfilesForRole(roleId) {
      return c.db
        .select({ p: t.instanceProfiles })
        .from(t.instanceProfileRoles)
        .innerJoin(t.instanceProfiles, eq(t.instanceProfiles.instanceProfileId, t.instanceProfileRoles.instanceProfileId))
        .where(eq(t.instanceProfileRoles.roleId, roleId))
        .orderBy(asc(t.instanceProfiles.nameLc))
        .all()
        .map((r) => toProfile(r.p));
    },

    addRoleToInstanceProfile(id, roleId) {
      c.db.insert(t.instanceProfileRoles).values({ instanceProfileId: id, roleId }).onConflictDoNothing().run();
      project(id);
    },

    removeRoleFromInstanceProfile(id, roleId) {
      c.db.delete(t.instanceProfileRoles).where(and(ofProfile(id), eq(t.instanceProfileRoles.roleId, roleId))).run();
      project(id);
    },

    listWorkloadTokens() {
      return c.db.select().from(t.workloadTokens).orderBy(asc(t.workloadTokens.createdAt), asc(t.workloadTokens.tokenId)).all();
    },

    findWorkloadToken,

    insertWorkloadToken(token) {
      c.db.insert(t.workloadTokens).values(token).run();
      // The data plane resolves a token by its hash alone (the token does not name its account).
      c.emit({
        op: 'put',
        table: 'workload_tokens',
        row: { tokenHash: token.tokenHash, accountId: c.accountId, tokenId: token.tokenId, instanceProfileId: token.instanceProfileId, expiresAt: token.expiresAt },
      });
    },

    deleteWorkloadToken,
  };
}
