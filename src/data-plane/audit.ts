/**
 * @module Sending events born in the isolate (STS calls, console sign-ins, failed authentications, recorded
 * decisions) to their accounts' trails through the audit queue, after the answer (`waitUntil`): one
 * `sendBatch` per call. A send that fails is logged with the events' ids (never their contents, which name
 * principals and parameters); the queue's consumer retries deliveries (storage/audit-queue.ts).
 */
import type { AuditDelivery } from '../services/audit/delivery';
import { sendAuditEvents } from '../storage/audit-queue';
import type { Edge } from './edge';

/** Event ids for producers: random UUIDs, as CloudTrail's. */
export const newEventId = (): string => crypto.randomUUID();

/** Queues `deliveries` once the response is sent; nothing when there are none. */
export function recordLater(edge: Edge, deliveries: readonly AuditDelivery[]): void {
  if (deliveries.length === 0) return;
  edge.executionCtx.waitUntil(sendNow(edge, deliveries));
}

/** Queues `deliveries` now; never throws (a failure is logged). */
export async function sendNow(edge: Pick<Edge, 'env'>, deliveries: readonly AuditDelivery[]): Promise<void> {
  try {
    await sendAuditEvents(edge.env, deliveries);
  } catch (e) {
    console.error(
      JSON.stringify({ event: 'audit-send-failed', eventIds: deliveries.map((d) => d.event.eventId), message: e instanceof Error ? e.message : String(e) }),
    );
  }
}
