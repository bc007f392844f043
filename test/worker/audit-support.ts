/**
 * Reading an account's audit trail in worker tests: the object's own store (the port LookupEvents calls),
 * polled until the queue has delivered the events a test expects (the local queue batches for up to 1 s).
 */
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { drizzle } from 'drizzle-orm/durable-sqlite';
import type { StoredEvent } from '../../src/core/audit/event';
import { sqliteAccountStore } from '../../src/storage/account-store/index';

const stubOf = (accountId: string) => env.ACCOUNT.get(env.ACCOUNT.idFromName(accountId));

/** The account's events, newest first. */
export function storedEvents(accountId: string): Promise<StoredEvent[]> {
  return runInDurableObject(stubOf(accountId) as unknown as DurableObjectStub, async (_o, state) => {
    const page = await sqliteAccountStore(drizzle(state.storage) as never, accountId).lookupEvents({ startMs: 0, endMs: Number.MAX_SAFE_INTEGER, limit: 50 });
    return page.events as StoredEvent[];
  });
}

/** Records of one source (IAM's own events, recorded by the object, are left out where a test reads STS's). */
export type EventFilter = (record: any) => boolean;
export const fromSource = (source: string): EventFilter => (r) => r.eventSource === source;

/** The account's records that pass `filter` once at least `count` are there (polling up to 10 s), oldest first. */
export async function trailOf(accountId: string, count: number, filter: EventFilter = () => true): Promise<any[]> {
  const read = async () => (await storedEvents(accountId)).map((e) => JSON.parse(e.record)).filter(filter).reverse();
  let records = await read();
  for (let i = 0; i < 100 && records.length < count; i++) {
    await new Promise((r) => setTimeout(r, 100));
    records = await read();
  }
  return records;
}

/** The account's records that pass `filter` once the queue is quiet for it (no new one for 1.5 s). */
export async function settledTrail(accountId: string, filter: EventFilter = () => true): Promise<any[]> {
  const read = async () => (await storedEvents(accountId)).map((e) => JSON.parse(e.record)).filter(filter).reverse();
  let n = -1;
  let records = await read();
  while (records.length !== n) {
    n = records.length;
    await new Promise((r) => setTimeout(r, 1500));
    records = await read();
  }
  return records;
}
