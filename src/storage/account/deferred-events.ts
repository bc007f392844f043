/**
 * @module The events of IAM calls that wrote nothing (reads), on their way to the account's trail through the
 * audit queue rather than in the call's transaction. A Durable Object holds a call's
 * answer until its writes are durable (the output gate): recording a read in the call itself would make
 * every read wait for a durable write (locally, GetUser's throughput fell by 40 %). A call that wrote
 * something still commits its event in its own transaction (execute.ts), so a change never lands without
 * its event.
 *
 * Events of the calls the object answers in one turn of its event loop share one `sendBatch` (a timer of
 * 0 ms); the consumer delivers them back to this object in batches, recorded once per event id
 * (storage/audit-queue.ts). If the queue refuses them, they are written here directly: nothing is lost
 * but to the object being reset within that turn.
 */
import type { StoredEvent } from '../../core/audit/event';
import { sendAuditEvents, type AuditMessage } from '../audit-queue';
import type { AccountContext } from './context';

/** Per object: events waiting for the next send. */
export class DeferredEvents {
  readonly #obj: AccountContext;
  #pending: AuditMessage[] = [];
  #scheduled = false;

  constructor(obj: AccountContext) {
    this.#obj = obj;
  }

  /** Queues `event` for the trail of `accountId` (the object's own account). */
  push(accountId: string, event: StoredEvent): void {
    this.#pending.push({ accountId, event });
    if (this.#scheduled) return;
    this.#scheduled = true;
    setTimeout(() => void this.#flush(), 0);
  }

  async #flush(): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    this.#scheduled = false;
    try {
      await sendAuditEvents(this.#obj.env, batch);
    } catch (e) {
      console.error(JSON.stringify({ event: 'audit-send-failed', eventIds: batch.map((m) => m.event.eventId), message: e instanceof Error ? e.message : String(e) }));
      this.#writeHere(batch);
    }
  }

  /** The queue refused: the events go into the trail now, each batch in one transaction. */
  #writeHere(batch: readonly AuditMessage[]): void {
    try {
      const account = this.#obj.account();
      if (!account || account.status !== 'active') return;
      const own = batch.filter((m) => m.accountId === account.accountId).map((m) => m.event);
      this.#obj.transact(account.accountId, (store) => store.appendEvents(own));
    } catch (e) {
      console.error(JSON.stringify({ event: 'audit-record-failed', eventIds: batch.map((m) => m.event.eventId), message: e instanceof Error ? e.message : String(e) }));
    }
  }
}
