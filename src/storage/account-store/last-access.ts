/**
 * @module The last-accessed aggregate on SQLite: `service_last_access` (one row per entity, service and
 * action) and `last_access_jobs`. Not in the read model: only the account's object records and reports.
 */
import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { AccessRecord, LastAccessStore } from '../../core/ports/last-access';
import * as t from '../schema/account';
import { param, prepared, type StoreMethods } from './context';

/** Ids per `IN (…)`: SQLite caps the variables of one statement. */
const IDS_PER_QUERY = 90;

/** The last-accessed methods. */
export const lastAccessMethods: LastAccessStore & ThisType<StoreMethods> = {
  recordAccess(use, resolutionMs) {
    // Every call records one: prepared once per database (context.ts `prepared`), since drizzle rebuilding
    // the upsert's SQL cost more than SQLite's own work (≈ 200 µs a call in workerd's profile). The new
    // row's values are read back as `excluded.*`, so each is bound once.
    const a = t.serviceLastAccess;
    const upsert = prepared(this.c.db, 'recordAccess', (db) =>
      db
        .insert(a)
        .values({ entityType: param('entityType'), entityId: param('entityId'), service: param('service'), action: param('action'), atMs: param('atMs'), region: param('region') })
        .onConflictDoUpdate({
          target: [a.entityType, a.entityId, a.service, a.action],
          set: { atMs: sql`excluded.at_ms`, region: sql`excluded.region` },
          setWhere: sql`excluded.at_ms >= ${a.atMs} + ${param('resolutionMs')} OR (excluded.region <> ${a.region} AND excluded.at_ms >= ${a.atMs})`,
        })
        .prepare(),
    );
    upsert.run({ ...use, resolutionMs });
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
