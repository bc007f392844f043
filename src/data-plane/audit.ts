/**
 * @module Sending events born in the isolate (STS calls, console sign-ins, failed authentications, recorded
 * decisions) to their accounts' trails through the audit queue, after the answer (`waitUntil`): one
 * `sendBatch` for the calls an isolate answers before its next timer tick. A send per call cost about 550 µs
 * of workerd CPU a call under Miniflare, three times an STS call's own work; shared, a recorded
 * GetCallerIdentity costs about what it did unrecorded (`npm run bench -- cpu-sts-get-caller-identity`).
 * A send that fails is logged with the events' ids (never their contents, which name principals and
 * parameters); the queue's consumer retries deliveries (storage/audit-queue.ts).
 */
import type { AuditDelivery } from '../services/audit/delivery';
import { sendAuditEvents } from '../storage/audit-queue';
import type { Edge } from './edge';

/** Event ids for producers: random UUIDs, as CloudTrail's. */
export const newEventId = (): string => crypto.randomUUID();

/** Events waiting for this isolate's next send, per env (one Worker has one; tests build others). */
const pending = new Map<Edge['env'], { deliveries: AuditDelivery[]; sent: Promise<void> }>();

/**
 * Queues `deliveries` once the response is sent; nothing when there are none. Requests answered by this
 * isolate before its next timer tick share one `sendBatch`: each request's `waitUntil` holds the shared
 * send, so every event is sent before any of those requests' contexts ends.
 */
export function recordLater(edge: Edge, deliveries: readonly AuditDelivery[]): void {
  if (deliveries.length === 0) return;
  let next = pending.get(edge.env);
  if (!next) {
    const batch: AuditDelivery[] = [];
    const sent = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => {
      pending.delete(edge.env);
      return sendNow(edge, batch);
    });
    pending.set(edge.env, (next = { deliveries: batch, sent }));
  }
  next.deliveries.push(...deliveries);
  edge.executionCtx.waitUntil(next.sent);
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
