/**
 * @module The account's audit trail in its object: events recorded from the audit queue (isolate events:
 * STS, sign-in, decisions; storage/audit-queue.ts), idempotently by event id. IAM calls record their events
 * in their own transaction (account/execute.ts), so an IAM write and its event commit together.
 */
import type { StoredEvent } from '../../core/audit/event';
import type { AccountContext } from './context';

/** What a batch of events did to the trail. */
export interface RecordOutcome {
  /** Events new to the trail. */
  recorded: number;
  /** Events already in the trail (a retried delivery): skipped. */
  duplicates: number;
  /** Events not for this account or for an account that does not exist (closed, never created): dropped. */
  dropped: number;
}

/** Appends `events` addressed to this object's account, in one transaction. */
export function recordEvents(obj: AccountContext, accountId: string, events: readonly StoredEvent[]): RecordOutcome {
  const account = obj.account();
  if (!account || account.accountId !== accountId || account.status !== 'active') return { recorded: 0, duplicates: 0, dropped: events.length };
  const { value: recorded } = obj.transact(account.accountId, (store) => store.appendEvents(events));
  return { recorded, duplicates: events.length - recorded, dropped: 0 };
}
