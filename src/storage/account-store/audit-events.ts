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
import { param, prepared, type AccountDb, type StoreMethods } from './context';

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

/**
 * Rows per insert statement: a Durable Object's SQLite binds at most 100 parameters a statement, and an
 * event row has 8, a resource row 3. A batch of a hundred read events is then 9 statements and a few for
 * their resources, where a statement per row cost each event about as much as the call it records (`npm
 * run profile -- iam-get-user --http --concurrency 16`).
 */
const EVENTS_PER_INSERT = 12;
const RESOURCES_PER_INSERT = 33;

/**
 * The insert of `n` events, prepared once per database and row count (context.ts `prepared`): drizzle
 * building the SQL each time cost more than SQLite's own work. An event already in the trail (by id) is
 * skipped; the rows added come back with their sequence numbers.
 */
const insertEvents = (db: AccountDb, n: number) =>
  prepared(db, `appendEvents${n}`, (d) =>
    d
      .insert(e)
      .values(
        Array.from({ length: n }, (_, j) => ({
          eventId: param(`eventId${j}`),
          eventTimeMs: param(`eventTimeMs${j}`),
          eventName: param(`eventName${j}`),
          eventSource: param(`eventSource${j}`),
          readOnly: param(`readOnly${j}`),
          username: param(`username${j}`),
          accessKeyId: param(`accessKeyId${j}`),
          record: param(`record${j}`),
        })),
      )
      .onConflictDoNothing({ target: e.eventId })
      .returning({ seq: e.seq, eventId: e.eventId })
      .prepare(),
  );

/** The insert of `n` resource rows, prepared as {@link insertEvents}. */
const insertResources = (db: AccountDb, n: number) =>
  prepared(db, `appendEventResources${n}`, (d) =>
    d
      .insert(r)
      .values(Array.from({ length: n }, (_, j) => ({ seq: param(`seq${j}`), resourceType: param(`resourceType${j}`), resourceName: param(`resourceName${j}`) })))
      .prepare(),
  );

/** The audit trail's methods. */
export const auditEventMethods: AuditEventStore & ThisType<StoreMethods> = {
  appendEvents(events) {
    const inserted = new Map<string, number>();
    for (let i = 0; i < events.length; i += EVENTS_PER_INSERT) {
      const chunk = events.slice(i, i + EVENTS_PER_INSERT);
      const params: Record<string, unknown> = {};
      chunk.forEach((ev, j) => {
        params[`eventId${j}`] = ev.eventId;
        params[`eventTimeMs${j}`] = ev.eventTimeMs;
        params[`eventName${j}`] = ev.eventName;
        params[`eventSource${j}`] = ev.eventSource;
        params[`readOnly${j}`] = ev.readOnly;
        params[`username${j}`] = ev.username;
        params[`accessKeyId${j}`] = ev.accessKeyId;
        params[`record${j}`] = ev.record;
      });
      for (const row of insertEvents(this.c.db, chunk.length).all(params)) inserted.set(row.eventId, row.seq);
    }
    // The resources of the events just added, once each (one already in the trail, a redelivery, keeps its
    // own; an id twice in the batch was added once).
    const resources: { seq: number; resource: EventResource }[] = [];
    const pending = new Map(inserted);
    for (const ev of events) {
      const seq = pending.get(ev.eventId);
      if (seq === undefined) continue;
      pending.delete(ev.eventId);
      for (const resource of ev.resources) resources.push({ seq, resource });
    }
    for (let i = 0; i < resources.length; i += RESOURCES_PER_INSERT) {
      const chunk = resources.slice(i, i + RESOURCES_PER_INSERT);
      const params: Record<string, unknown> = {};
      chunk.forEach(({ seq, resource }, j) => {
        params[`seq${j}`] = seq;
        params[`resourceType${j}`] = resource.type;
        params[`resourceName${j}`] = resource.name;
      });
      insertResources(this.c.db, chunk.length).run(params);
    }
    return inserted.size;
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
