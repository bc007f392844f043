/**
 * @module An event addressed to the account whose trail gets it: what producers in isolates build and the
 * audit queue carries (storage/audit-queue.ts `AuditMessage` has this shape).
 */
import type { StoredEvent } from '../../core/audit/event';

export interface AuditDelivery {
  accountId: string;
  event: StoredEvent;
}

/** A fresh event id (CloudTrail's are UUIDs). */
export type NewEventId = () => string;
