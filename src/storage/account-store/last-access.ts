/**
 * @module The last-accessed aggregate on SQLite: `service_last_access` (one row per entity, service and
 * action) and `last_access_jobs`. Not in the read model: only the account's object records and reports.
 */
import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { AccessRecord, LastAccessStore } from '../../core/ports/last-access';
import * as t from '../schema/account';
import type { StoreMethods } from './context';

/** Ids per `IN (…)`: SQLite caps the variables of one statement. */
const IDS_PER_QUERY = 90;

/** The last-accessed methods. */
export const lastAccessMethods: LastAccessStore & ThisType<StoreMethods> = {
  recordAccess(use, resolutionMs) {
    const a = t.serviceLastAccess;
    this.c.db
      .insert(a)
      .values(use)
      .onConflictDoUpdate({
        target: [a.entityType, a.entityId, a.service, a.action],
        set: { atMs: use.atMs, region: use.region },
        setWhere: sql`${use.atMs} >= ${a.atMs} + ${resolutionMs} OR (${use.region} <> ${a.region} AND ${use.atMs} >= ${a.atMs})`,
      })
      .run();
  },

  listAccess(entityType, entityIds, sinceMs) {
    const a = t.serviceLastAccess;
    const out: AccessRecord[] = [];
    for (let i = 0; i < entityIds.length; i += IDS_PER_QUERY) {
      const ids = entityIds.slice(i, i + IDS_PER_QUERY);
      out.push(...this.c.db.select().from(a).where(and(eq(a.entityType, entityType), inArray(a.entityId, ids), gte(a.atMs, sinceMs))).all());
    }
    return out;
  },

  findAccessJob(jobId) {
    return this.c.db.select().from(t.lastAccessJobs).where(eq(t.lastAccessJobs.jobId, jobId)).get();
  },

  putAccessJob(job, keep) {
    const j = t.lastAccessJobs;
    this.c.db.insert(j).values(job).run();
    // At most one beyond `keep` at a time: each insert drops the oldest.
    const old = this.c.db.select({ jobId: j.jobId }).from(j).orderBy(desc(j.createdAt), desc(j.jobId)).all().slice(keep);
    if (old.length) this.c.db.delete(j).where(inArray(j.jobId, old.slice(0, IDS_PER_QUERY).map((o) => o.jobId))).run();
  },
};
