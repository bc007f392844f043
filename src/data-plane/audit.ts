/**
 * @module Sending events born in the isolate (STS calls, console sign-ins, failed authentications, recorded
 * decisions) to their accounts' trails through the audit queue, after the answer: the events of the calls
 * an isolate answers within {@link ISOLATE_EVENTS_WAIT_MS} share one `sendBatch`, up to the queue's 100
 * messages. A send per call cost about 550 µs of workerd CPU a call under Miniflare, three times an STS
 * call's own work; a send per timer tick still cost a sequential GetCallerIdentity a send of its own (`npm
 * run bench -- cpu-sts-get-caller-identity`). Fewer, fuller sends are also fewer queue operations, which
 * Cloudflare Queues bills by.
 *
 * The request that opens a batch carries it: it waits (`waitUntil`) on its own timer, in its own context,
 * and then sends the batch, with the events later requests added to it meanwhile. Those requests wait on
 * nothing (a first version had them wait on the carrier's promise: workerd warned of a promise resolved
 * across request contexts and cancels such continuations). The runtime keeps the carrier's invocation alive
 * until its `waitUntil` settles, so an event is lost only with its isolate. A send that fails is logged with
 * the events' ids (never their contents, which name principals and parameters); the queue's consumer
 * retries deliveries (storage/audit-queue.ts). CloudTrail itself delivers events "within an average of
 * about 5 minutes of an API call" (CloudTrail User Guide, "Getting and viewing your CloudTrail log files").
 */
import type { AuditDelivery } from '../services/audit/delivery';
import { SEND_BATCH_MAX, sendAuditEvents } from '../storage/audit-queue';
import type { Edge } from './edge';

/** Event ids for producers: random UUIDs, as CloudTrail's. */
export const newEventId = (): string => crypto.randomUUID();

/** How long the request that opens a batch waits for others to join it (milliseconds). */
export const ISOLATE_EVENTS_WAIT_MS = 100;

/** The batch open now, per env (one Worker has one; tests build others). */
const open = new Map<Edge['env'], AuditDelivery[]>();

/**
 * Queues `deliveries` once the response is sent; nothing when there are none. They join the batch open in
 * this isolate, or open one that this request carries (see the module comment).
 */
export function recordLater(edge: Edge, deliveries: readonly AuditDelivery[]): void {
  if (deliveries.length === 0) return;
  const batch = open.get(edge.env);
  if (batch && batch.length + deliveries.length <= SEND_BATCH_MAX) {
    batch.push(...deliveries);
    return;
  }
  const carried = [...deliveries];
  open.set(edge.env, carried);
  edge.executionCtx.waitUntil(
    new Promise<void>((resolve) => setTimeout(resolve, ISOLATE_EVENTS_WAIT_MS)).then(() => {
      // Closed, so later events open the next batch; a batch already replaced (it filled) stays sent by us.
      if (open.get(edge.env) === carried) open.delete(edge.env);
      return sendNow(edge, carried);
    }),
  );
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
