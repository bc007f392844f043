/**
 * @module The audit queue: events born in isolates (STS calls, console sign-ins, failed authentications,
 * the SaaS's recorded decisions; data-plane/audit.ts), and the events of IAM reads an account's object could
 * not write itself (account/deferred-events.ts), travel through a Cloudflare Queue to their account's
 * object, in batches.
 *
 * Producer: {@link sendAuditEvents} (one `sendBatch`, after the response). Consumer:
 * {@link consumeAuditBatch}, the Worker's `queue` handler: the batch's messages grouped by account, one
 * `recordEvents` RPC per account; an account whose object fails has its messages retried (the queue's
 * `max_retries`, then its dead-letter queue), the others are acknowledged. Recording is idempotent by event
 * id, so a redelivered message never doubles an event. Configured in wrangler.toml (`AUDIT_QUEUE`).
 */
import type { StoredEvent } from '../core/audit/event';
import type { Env } from '../env';

/** One queued event: the account whose trail gets it, and the event. */
export interface AuditMessage {
  accountId: string;
  event: StoredEvent;
}

/** Messages of one `sendBatch` at most (Cloudflare Queues limits); an event's record is kept well under a message's 128 KB by its builder. */
export const SEND_BATCH_MAX = 100;
/**
 * A sendBatch carries at most 256 KB in all (Cloudflare Queues limits); batches are cut below it, counting
 * each message as its record's UTF-8 length plus room for its other members.
 */
const SEND_BATCH_BYTES = 200_000;
const MESSAGE_OVERHEAD = 1_024;

const UTF8 = new TextEncoder();

/**
 * Bytes of `text` in UTF-8, by the runtime's encoder (a lone surrogate counts 3, as it writes U+FFFD): one
 * native call rather than a loop over the text in JS, which a 4.5 KB policy document in a ValidatePolicy
 * event made visible in its profile (`npm run profile -- access-analyzer-validate-policy`).
 */
const utf8Length = (text: string): number => UTF8.encode(text).byteLength;

/** Queues events for their accounts' trails, in as few sends as the queue's limits allow. */
export async function sendAuditEvents(env: Pick<Env, 'AUDIT_QUEUE'>, messages: readonly AuditMessage[]): Promise<void> {
  let batch: AuditMessage[] = [];
  let bytes = 0;
  const send = async () => {
    if (batch.length) await env.AUDIT_QUEUE.sendBatch(batch.map((body) => ({ body, contentType: 'json' as const })));
    batch = [];
    bytes = 0;
  };
  for (const m of messages) {
    const size = utf8Length(m.event.record) + MESSAGE_OVERHEAD;
    if (batch.length === SEND_BATCH_MAX || (batch.length > 0 && bytes + size > SEND_BATCH_BYTES)) await send();
    batch.push(m);
    bytes += size;
  }
  await send();
}

/** The queue's consumer; see the module comment. */
export async function consumeAuditBatch(batch: MessageBatch<AuditMessage>, env: Env): Promise<void> {
  const byAccount = new Map<string, Message<AuditMessage>[]>();
  for (const message of batch.messages) {
    const body = message.body;
    if (!body || typeof body.accountId !== 'string' || !body.event || typeof body.event.eventId !== 'string') {
      // Nothing this service sent: never retried.
      message.ack();
      continue;
    }
    const list = byAccount.get(body.accountId) ?? [];
    list.push(message);
    byAccount.set(body.accountId, list);
  }
  await Promise.all(
    [...byAccount].map(async ([accountId, messages]) => {
      try {
        const stub = env.ACCOUNT.get(env.ACCOUNT.idFromName(accountId));
        await stub.recordEvents(accountId, messages.map((m) => m.body.event));
        for (const m of messages) m.ack();
      } catch (e) {
        console.error(JSON.stringify({ event: 'audit-record-failed', accountId, messages: messages.length, message: e instanceof Error ? e.message : String(e) }));
        for (const m of messages) m.retry({ delaySeconds: Math.min(60, 2 ** m.attempts) });
      }
    }),
  );
}
