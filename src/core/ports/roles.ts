/**
 * @module The roles aggregate's port: IAM roles, the instance profiles that carry them, and the workload
 * tokens bound to instance profiles (deleting a profile revokes its tokens). Tags of roles and profiles
 * are the tag port's (kinds `role` and `instance-profile`).
 */
import type { InstanceProfileRecord, RoleRecord, WorkloadTokenRecord } from '../records';
import type { PageQuery } from './page';

/** Roles. */
export interface RoleTable {
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
  /** Deletes the role with its tags (profiles and policies must be gone first). */
  deleteRole(roleId: string): void;
}

/** Instance profiles, their role, and the workload tokens bound to them. */
export interface InstanceProfileStore {
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

  /** Workload tokens (hashes only), oldest first. Deleting an instance profile deletes its tokens. */
  listWorkloadTokens(): WorkloadTokenRecord[];
  findWorkloadToken(tokenId: string): WorkloadTokenRecord | undefined;
  insertWorkloadToken(token: WorkloadTokenRecord): void;
  deleteWorkloadToken(tokenId: string): void;
}

/** The roles aggregate. */
export interface RoleStore extends RoleTable, InstanceProfileStore {}
