/**
 * @module The events of IAM calls that wrote nothing (reads), written to the account's trail by the object a
 * moment after their calls, many to a transaction, rather than each in its call's own. A Durable Object
 * holds a call's answer until its writes are durable (the output gate): recording a read in the call itself
 * made every read wait for a durable write of its own (locally, GetUser's throughput at 16 in flight fell
 * from 1,376 to 719 calls/s). A call that wrote something still commits its event in its own transaction
 * (execute.ts), so a change never lands without its event.
 *
 * Events wait at most {@link READ_EVENTS_FLUSH_MS} and are written {@link READ_EVENTS_PER_WRITE} to a
 * transaction, so under load one durable write carries a hundred reads. An earlier version sent them through
 * the audit queue, which brought them back to this object: a queue send, a consumer run and an RPC per batch
 * cost GetUser about a quarter of its throughput (`npm run bench -- iam-get-user`, at 16 in flight: 0.37 of
 * the trivial route with it, 0.51 without any event). The queue is now the fallback: a batch whose write
 * fails is sent there, and its consumer retries the recording (storage/audit-queue.ts). An event is lost
 * only if its object is reset before its batch is written, within {@link READ_EVENTS_FLUSH_MS} of its call.
 * CloudTrail itself delivers "within an average of about 5 minutes of an API call", not guaranteed (CloudTrail
 * User Guide, "Getting and viewing your CloudTrail log files"), so the wait is not one a user can see.
 */
import type { StoredEvent } from '../../core/audit/event';
import { sendAuditEvents } from '../audit-queue';
import { recordEvents } from './audit';
import type { AccountContext } from './context';

/** How long a read's event waits for others to share its write (milliseconds). */
export const READ_EVENTS_FLUSH_MS = 100;
/** Most events written in one transaction; a batch that fills is written at once. */
export const READ_EVENTS_PER_WRITE = 100;

/** After a batch went into the trail: how many events, the oldest's time (the trail's upkeep, audit-upkeep.ts). */
export type OnRecorded = (count: number, oldestMs: number) => Promise<void>;

/** Per object: the events of reads not written yet; see the module comment. */
export class DeferredEvents {
  readonly #obj: AccountContext;
  readonly #onRecorded: OnRecorded;
  #pending: StoredEvent[] = [];
  #accountId = '';
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(obj: AccountContext, onRecorded: OnRecorded) {
    this.#obj = obj;
    this.#onRecorded = onRecorded;
  }

  /** Holds `event` for the trail of `accountId` (the object's own account) until its batch is written. */
  push(accountId: string, event: StoredEvent): void {
    // One object serves one account: a batch never mixes two (a purge between two calls starts a new one).
    if (accountId !== this.#accountId && this.#pending.length > 0) void this.flush();
    this.#accountId = accountId;
    this.#pending.push(event);
    if (this.#pending.length >= READ_EVENTS_PER_WRITE) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), READ_EVENTS_FLUSH_MS);
  }

  /**
   * Writes every event held now, in one transaction (before the account's closing, and when a batch is due);
   * never throws: a failed write sends the batch through the audit queue, a failed send is logged.
   */
  async flush(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const events = this.#pending;
    const accountId = this.#accountId;
    this.#pending = [];
    if (events.length === 0) return;
    let recorded: number;
    try {
      recorded = recordEvents(this.#obj, accountId, events).recorded;
    } catch (e) {
      await this.#sendInstead(accountId, events, e);
      return;
    }
    if (recorded > 0) await this.#onRecorded(recorded, events.reduce((m, ev) => Math.min(m, ev.eventTimeMs), Infinity));
  }

  /** The write failed: the queue's consumer records the batch later, and retries. */
  async #sendInstead(accountId: string, events: readonly StoredEvent[], cause: unknown): Promise<void> {
    const eventIds = events.map((ev) => ev.eventId);
    console.error(JSON.stringify({ event: 'audit-record-failed', eventIds, message: cause instanceof Error ? cause.message : String(cause) }));
    try {
      await sendAuditEvents(this.#obj.env, events.map((event) => ({ accountId, event })));
    } catch (e) {
      console.error(JSON.stringify({ event: 'audit-send-failed', eventIds, message: e instanceof Error ? e.message : String(e) }));
    }
  }
}
