/**
 * @module The audit trail's port: the account's events (core/audit/event.ts), appended idempotently by
 * event id, found newest first by LookupEvents' attributes and time range, and purged past retention.
 * Not in the read model: only the account's object records and reads its trail (docs/DESIGN.md §7).
 */
import type { LookupAttributeKey, StoredEvent } from '../audit/event';

/** Where a page of events resumes: after this event in the trail's order (newest first). */
export interface EventCursor {
  timeMs: number;
  /** The store's insertion sequence of that event: events of the same millisecond keep one order. */
  seq: number;
}

/** A lookup: events with `startMs <= time <= endMs`, matching the attribute if one is given, newest first. */
export interface EventQuery {
  attribute?: { key: LookupAttributeKey; value: string };
  startMs: number;
  endMs: number;
  /** How many events to return at most. */
  limit: number;
  after?: EventCursor;
}

/** A page of events, each with the cursor that resumes after it. */
export interface EventPage {
  events: (StoredEvent & { cursor: EventCursor })[];
}

/** The account's audit events. */
export interface AuditEventStore {
  /** Appends events; an event id already recorded is skipped (retries deliver again). Returns how many were new. */
  appendEvents(events: readonly StoredEvent[]): number;
  lookupEvents(query: EventQuery): EventPage;
  /** Deletes up to `limit` of the oldest events before `beforeMs`; returns how many. */
  purgeEventsBefore(beforeMs: number, limit: number): number;
}
