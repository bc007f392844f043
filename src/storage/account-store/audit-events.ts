/**
 * @module The audit trail on SQLite: `audit_events` (the record and its searchable columns) and
 * `audit_event_resources` (the resources each event names), in the trail's order: newest first, by time
 * then insertion sequence. Statements on these tables do not count as writes of the object's generation
 * (storage/account/context.ts): no cache reads them, so recording a read-only call keeps the caches warm.
 */
import { and, desc, eq, exists, gte, inArray, lt, lte, or, type SQL } from 'drizzle-orm';
import type { EventResource, StoredEvent } from '../../core/audit/event';
import type { AuditEventStore, EventQuery } from '../../core/ports/audit-events';
import * as t from '../schema/account';
import { param, prepared, type StoreMethods } from './context';

/** Sequence numbers per `IN (…)`: SQLite caps the variables of one statement. */
const SEQS_PER_QUERY = 90;

const e = t.auditEvents;
const r = t.auditEventResources;

/** The condition of a lookup attribute (API_LookupAttribute.html). */
function attributeCondition(attribute: NonNullable<EventQuery['attribute']>, db: StoreMethods['c']['db']): SQL | undefined {
  const { key, value } = attribute;
  switch (key) {
    case 'EventId':
      return eq(e.eventId, value);
    case 'EventName':
      return eq(e.eventName, value);
    case 'EventSource':
      return eq(e.eventSource, value);
    case 'Username':
      return eq(e.username, value);
    case 'AccessKeyId':
      return eq(e.accessKeyId, value);
    case 'ReadOnly':
      return eq(e.readOnly, value === 'true');
    case 'ResourceType':
      return exists(db.select({ one: r.seq }).from(r).where(and(eq(r.seq, e.seq), eq(r.resourceType, value))));
    case 'ResourceName':
      return exists(db.select({ one: r.seq }).from(r).where(and(eq(r.seq, e.seq), eq(r.resourceName, value))));
  }
}

/** The audit trail's methods. */
export const auditEventMethods: AuditEventStore & ThisType<StoreMethods> = {
  appendEvents(events) {
    // Prepared once per database (context.ts `prepared`): every call appends one, and drizzle rebuilding
    // the insert's SQL cost more than SQLite's own work (≈ 200 µs a call in workerd's profile).
    const insertEvent = prepared(this.c.db, 'appendEvent', (db) =>
      db
        .insert(e)
        .values({
          eventId: param('eventId'),
          eventTimeMs: param('eventTimeMs'),
          eventName: param('eventName'),
          eventSource: param('eventSource'),
          readOnly: param('readOnly'),
          username: param('username'),
          accessKeyId: param('accessKeyId'),
          record: param('record'),
        })
        .onConflictDoNothing({ target: e.eventId })
        .returning({ seq: e.seq })
        .prepare(),
    );
    const insertResource = prepared(this.c.db, 'appendEventResource', (db) =>
      db.insert(r).values({ seq: param('seq'), resourceType: param('resourceType'), resourceName: param('resourceName') }).prepare(),
    );
    let added = 0;
    for (const ev of events) {
      const row = insertEvent.get({ eventId: ev.eventId, eventTimeMs: ev.eventTimeMs, eventName: ev.eventName, eventSource: ev.eventSource, readOnly: ev.readOnly, username: ev.username, accessKeyId: ev.accessKeyId, record: ev.record });
      if (!row) continue;
      added++;
      for (const res of ev.resources) insertResource.run({ seq: row.seq, resourceType: res.type, resourceName: res.name });
    }
    return added;
  },

  lookupEvents(q) {
    const conditions: (SQL | undefined)[] = [gte(e.eventTimeMs, q.startMs), lte(e.eventTimeMs, q.endMs)];
    if (q.after) conditions.push(or(lt(e.eventTimeMs, q.after.timeMs), and(eq(e.eventTimeMs, q.after.timeMs), lt(e.seq, q.after.seq))));
    if (q.attribute) conditions.push(attributeCondition(q.attribute, this.c.db));
    const rows = this.c.db.select().from(e).where(and(...conditions)).orderBy(desc(e.eventTimeMs), desc(e.seq)).limit(q.limit).all();
    const resources = new Map<number, EventResource[]>();
    for (let i = 0; i < rows.length; i += SEQS_PER_QUERY) {
      const seqs = rows.slice(i, i + SEQS_PER_QUERY).map((row) => row.seq);
      for (const res of this.c.db.select().from(r).where(inArray(r.seq, seqs)).all()) {
        const list = resources.get(res.seq) ?? [];
        list.push({ type: res.resourceType, name: res.resourceName });
        resources.set(res.seq, list);
      }
    }
    return {
      events: rows.map(
        (row): StoredEvent & { cursor: { timeMs: number; seq: number } } => ({
          eventId: row.eventId,
          eventTimeMs: row.eventTimeMs,
          eventName: row.eventName,
          eventSource: row.eventSource,
          readOnly: row.readOnly,
          username: row.username,
          accessKeyId: row.accessKeyId,
          resources: resources.get(row.seq) ?? [],
          record: row.record,
          cursor: { timeMs: row.eventTimeMs, seq: row.seq },
        }),
      ),
    };
  },

  purgeEventsBefore(beforeMs, limit) {
    const seqs = this.c.db.select({ seq: e.seq }).from(e).where(lt(e.eventTimeMs, beforeMs)).orderBy(e.eventTimeMs).limit(limit).all().map((row) => row.seq);
    for (let i = 0; i < seqs.length; i += SEQS_PER_QUERY) {
      const chunk = seqs.slice(i, i + SEQS_PER_QUERY);
      this.c.db.delete(r).where(inArray(r.seq, chunk)).run();
      this.c.db.delete(e).where(inArray(e.seq, chunk)).run();
    }
    return seqs.length;
  },
};
