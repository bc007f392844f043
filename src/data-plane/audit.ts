/**
 * @module Sending events born in the isolate (STS calls, console sign-ins, failed authentications, recorded
 * decisions) to their accounts' trails through the audit queue, after the answer (`waitUntil`): one
 * `sendBatch` for the calls an isolate answers before its next timer tick. A send per call cost about 550 µs
 * of workerd CPU a call under Miniflare, three times an STS call's own work; shared, a recorded
 * GetCallerIdentity costs about what it did unrecorded (`npm run bench -- cpu-sts-get-caller-identity`).
 * A first version had later requests wait on the first one's send promise: workerd warned of a promise
 * resolved across request contexts and cancels such continuations, so each request waits on its own timer.
 * A send that fails is logged with the events' ids (never their contents, which name principals and
 * parameters); the queue's consumer retries deliveries (storage/audit-queue.ts).
 */
import type { AuditDelivery } from '../services/audit/delivery';
import { sendAuditEvents } from '../storage/audit-queue';
import type { Edge } from './edge';

/** Event ids for producers: random UUIDs, as CloudTrail's. */
export const newEventId = (): string => crypto.randomUUID();

/** Events waiting for this isolate's next send, per env (one Worker has one; tests build others). */
const pending = new Map<Edge['env'], AuditDelivery[]>();

/**
 * Queues `deliveries` once the response is sent; nothing when there are none. Requests answered by this
 * isolate before its next timer tick share one `sendBatch`: each request waits (`waitUntil`) on its own
 * timer, in its own context, and the first whose timer fires sends every event then waiting, its own and
 * the others' (whose timers then find nothing left), so no request ever waits on another's promise, which
 * workerd does not allow across requests.
 */
export function recordLater(edge: Edge, deliveries: readonly AuditDelivery[]): void {
  if (deliveries.length === 0) return;
  let waiting = pending.get(edge.env);
  if (!waiting) pending.set(edge.env, (waiting = []));
  waiting.push(...deliveries);
  edge.executionCtx.waitUntil(new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => flush(edge)));
}

function flush(edge: Edge): Promise<void> | undefined {
  const waiting = pending.get(edge.env);
  if (!waiting) return undefined;
  pending.delete(edge.env);
  return sendNow(edge, waiting);
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
