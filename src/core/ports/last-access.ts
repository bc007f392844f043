/**
 * @module The last-accessed aggregate's port: when each IAM user or role last attempted each action of a
 * service (GenerateServiceLastAccessedDetails' tracking), and the reports made from it.
 */

/** The entities whose attempts are tracked: IAM users and roles (AWS tracks no root user activity for IAM). */
export type AccessEntityType = 'user' | 'role';

/** One tracked attempt: the entity, the service prefix and action name, when (epoch ms) and from which region. */
export interface AccessRecord {
  entityType: AccessEntityType;
  entityId: string;
  service: string;
  action: string;
  atMs: number;
  region: string;
}

/** A stored report: its owner (the principal that made it), subject ARN, granularity and result (JSON). */
export interface StoredAccessJob {
  jobId: string;
  owner: string;
  arn: string;
  granularity: 'SERVICE_LEVEL' | 'ACTION_LEVEL';
  createdAt: string;
  result: string;
}

/** The account's last-accessed tracking and reports. */
export interface LastAccessStore {
  /**
   * Records an attempt: one upsert, which rewrites the row only when it is at least `resolutionMs` older
   * than this attempt, or this attempt is from another region (and not older).
   */
  recordAccess(use: AccessRecord, resolutionMs: number): void;
  /** The attempts of these entities of one type at or after `sinceMs`. */
  listAccess(entityType: AccessEntityType, entityIds: readonly string[], sinceMs: number): AccessRecord[];
  findAccessJob(jobId: string): StoredAccessJob | undefined;
  /** Stores a report and drops the oldest beyond `keep`. */
  putAccessJob(job: StoredAccessJob, keep: number): void;
}
