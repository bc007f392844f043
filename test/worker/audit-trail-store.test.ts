/**
 * The audit trail's storage contract inside workerd: events recorded through the object's `recordEvents`
 * (idempotent by event id, only for the object's own live account), found newest first by each LookupEvents
 * attribute and a time range with a resumable cursor, purged before a time; and the audit queue delivering
 * events from an isolate into the account's trail.
 */
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { drizzle } from 'drizzle-orm/durable-sqlite';
import { sqliteAccountStore } from '../../src/storage/account-store/index';
import { AccountContext } from '../../src/storage/account/context';
import { DeferredEvents, READ_EVENTS_FLUSH_MS, READ_EVENTS_PER_WRITE } from '../../src/storage/account/deferred-events';
import type { EventQuery } from '../../src/core/ports/audit-events';
import { describe, expect, it } from 'vitest';
import { auditEventOf, type AuditedCall } from '../../src/services/audit/event';
import { sendAuditEvents } from '../../src/storage/audit-queue';
import { newAccount, randomAccountId } from './support';

const T0 = Date.UTC(2026, 11, 2, 12, 0, 0);

function event(accountId: string, n: number, over: Partial<AuditedCall> = {}) {
  return auditEventOf({
    eventId: crypto.randomUUID(),
    eventSource: 'sts.amazonaws.com',
    eventName: n % 2 ? 'GetCallerIdentity' : 'AssumeRole',
    identity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${accountId}:user/alice`, accountId, accessKeyId: `AKIA${n}`, userName: 'alice' },
    recipientAccountId: accountId,
    facts: { requestId: `req-${n}`, now: new Date(T0 + n * 1000), region: 'us-east-1', sourceIp: '192.0.2.1', userAgent: 'test' },
    request: { RoleArn: `arn:aws:iam::${accountId}:role/r${n}`, RoleSessionName: 's', SAMLAssertion: 'secret!' },
    readOnly: n % 2 === 1,
    resources: [{ type: 'AWS::IAM::Role', name: `arn:aws:iam::${accountId}:role/r${n}` }],
    ...over,
  });
}

const stubOf = (accountId: string) => env.ACCOUNT.get(env.ACCOUNT.idFromName(accountId));

/** A lookup run on the object's own SQLite (the port, as LookupEvents will call it). */
function lookup(accountId: string, query: Partial<EventQuery> = {}) {
  return runInDurableObject(stubOf(accountId) as unknown as DurableObjectStub, async (_o, state) =>
    sqliteAccountStore(drizzle(state.storage) as never, accountId).lookupEvents({ startMs: 0, endMs: Number.MAX_SAFE_INTEGER, limit: 50, ...query }),
  );
}

describe('the audit trail in the account object', () => {
  it('records idempotently, redacts secrets, and refuses events of another or a missing account', async () => {
    const { accountId } = await newAccount();
    const events = [0, 1, 2].map((n) => event(accountId, n));
    expect(await stubOf(accountId).recordEvents(accountId, events)).toEqual({ recorded: 3, duplicates: 0, dropped: 0 });
    expect(await stubOf(accountId).recordEvents(accountId, events)).toEqual({ recorded: 0, duplicates: 3, dropped: 0 });
    const other = randomAccountId();
    expect(await stubOf(accountId).recordEvents(other, [event(other, 9)])).toEqual({ recorded: 0, duplicates: 0, dropped: 1 });
    expect(await stubOf(other).recordEvents(other, [event(other, 9)])).toEqual({ recorded: 0, duplicates: 0, dropped: 1 });
    const record = JSON.parse(events[0]!.record);
    expect(record.requestParameters).toEqual({ roleArn: `arn:aws:iam::${accountId}:role/r0`, roleSessionName: 's', sAMLAssertion: 'HIDDEN_DUE_TO_SECURITY_REASONS' });
    expect(record.eventTime).toBe('2026-12-02T12:00:00Z');
    expect(events[0]!.record).not.toContain('secret!');
  });

  it('delivers events queued in an isolate to the account trail, once each', async () => {
    const { accountId } = await newAccount();
    const e = event(accountId, 4);
    await sendAuditEvents(env, [{ accountId, event: e }, { accountId, event: e }]);
    // The local queue delivers within its batch timeout (1 s); a re-sent event is recorded once.
    let page = await lookup(accountId);
    for (let i = 0; i < 50 && page.events.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      page = await lookup(accountId);
    }
    expect(page.events.map((x) => x.eventId)).toEqual([e.eventId]);
    expect(page.events[0]!.record).toBe(e.record);
  });

  it('finds events newest first by each attribute and time range, resumes after a cursor, and purges before a time', async () => {
    const { accountId } = await newAccount();
    const events = [0, 1, 2, 3, 4, 5].map((n) => event(accountId, n));
    await stubOf(accountId).recordEvents(accountId, events);
    const ids = (page: Awaited<ReturnType<typeof lookup>>) => page.events.map((x) => x.eventId);
    const byIndex = (...ns: number[]) => ns.map((n) => events[n]!.eventId);
    expect(ids(await lookup(accountId))).toEqual(byIndex(5, 4, 3, 2, 1, 0));
    expect(ids(await lookup(accountId, { attribute: { key: 'EventName', value: 'AssumeRole' } }))).toEqual(byIndex(4, 2, 0));
    expect(ids(await lookup(accountId, { attribute: { key: 'ReadOnly', value: 'true' } }))).toEqual(byIndex(5, 3, 1));
    expect(ids(await lookup(accountId, { attribute: { key: 'AccessKeyId', value: 'AKIA3' } }))).toEqual(byIndex(3));
    expect(ids(await lookup(accountId, { attribute: { key: 'Username', value: 'alice' } }))).toHaveLength(6);
    expect(ids(await lookup(accountId, { attribute: { key: 'EventSource', value: 'iam.amazonaws.com' } }))).toEqual([]);
    expect(ids(await lookup(accountId, { attribute: { key: 'EventId', value: events[2]!.eventId } }))).toEqual(byIndex(2));
    expect(ids(await lookup(accountId, { attribute: { key: 'ResourceName', value: `arn:aws:iam::${accountId}:role/r1` } }))).toEqual(byIndex(1));
    expect(ids(await lookup(accountId, { attribute: { key: 'ResourceType', value: 'AWS::IAM::Role' } }))).toHaveLength(6);
    expect(ids(await lookup(accountId, { startMs: T0 + 1000, endMs: T0 + 3000 }))).toEqual(byIndex(3, 2, 1));
    const first = await lookup(accountId, { limit: 4 });
    expect(ids(first)).toEqual(byIndex(5, 4, 3, 2));
    expect(first.events[3]!.resources).toEqual([{ type: 'AWS::IAM::Role', name: `arn:aws:iam::${accountId}:role/r2` }]);
    expect(ids(await lookup(accountId, { limit: 4, after: first.events[3]!.cursor }))).toEqual(byIndex(1, 0));
    const purged = await runInDurableObject(stubOf(accountId) as unknown as DurableObjectStub, async (_o, state) =>
      sqliteAccountStore(drizzle(state.storage) as never, accountId).purgeEventsBefore(T0 + 2000, 100),
    );
    expect(purged).toBe(2);
    expect(ids(await lookup(accountId))).toEqual(byIndex(5, 4, 3, 2));
    expect(ids(await lookup(accountId, { attribute: { key: 'ResourceName', value: `arn:aws:iam::${accountId}:role/r1` } }))).toEqual([]);
  });
});

describe("reads' events, written by the object in batches", () => {
  it('are written together once the batch waited its time, and counted for the upkeep once', async () => {
    const { accountId } = await newAccount();
    const events = [1, 2, 3].map((n) => event(accountId, n));
    const counted: [number, number][] = [];
    await runInDurableObject(stubOf(accountId) as unknown as DurableObjectStub, async (_o, state) => {
      const deferred = new DeferredEvents(new AccountContext(state, env as never, Date.now), async (count, oldestMs) => void counted.push([count, oldestMs]));
      for (const e of events) deferred.push(accountId, e);
      // Not yet: they wait for others.
      expect((await lookup(accountId)).events).toEqual([]);
      await new Promise((r) => setTimeout(r, READ_EVENTS_FLUSH_MS + 50));
    });
    expect(new Set((await lookup(accountId)).events.map((x) => x.eventId))).toEqual(new Set(events.map((e) => e.eventId)));
    expect(counted).toEqual([[3, T0 + 1000]]);
  });

  it('are written at once when a batch is full', async () => {
    const { accountId } = await newAccount();
    await runInDurableObject(stubOf(accountId) as unknown as DurableObjectStub, async (_o, state) => {
      const deferred = new DeferredEvents(new AccountContext(state, env as never, Date.now), async () => undefined);
      for (let n = 0; n < READ_EVENTS_PER_WRITE; n++) deferred.push(accountId, event(accountId, n));
    });
    expect((await lookup(accountId, { limit: 1000 })).events).toHaveLength(READ_EVENTS_PER_WRITE);
    // Written many rows to a statement: each event keeps its own resources.
    for (const n of [0, 13, 57, READ_EVENTS_PER_WRITE - 1]) {
      const found = await lookup(accountId, { attribute: { key: 'ResourceName', value: `arn:aws:iam::${accountId}:role/r${n}` } });
      expect(found.events.map((x) => x.eventName)).toEqual([n % 2 ? 'GetCallerIdentity' : 'AssumeRole']);
      expect(found.events[0]!.eventTimeMs).toBe(T0 + n * 1000);
    }
  });

  it('keep one event of an id sent twice in one batch, with its resources once', async () => {
    const { accountId } = await newAccount();
    const e = event(accountId, 3);
    await runInDurableObject(stubOf(accountId) as unknown as DurableObjectStub, async (_o, state) => {
      const deferred = new DeferredEvents(new AccountContext(state, env as never, Date.now), async () => undefined);
      deferred.push(accountId, e);
      deferred.push(accountId, { ...e });
      await deferred.flush();
    });
    expect((await lookup(accountId)).events.map((x) => x.eventId)).toEqual([e.eventId]);
    const rows = await runInDurableObject(stubOf(accountId) as unknown as DurableObjectStub, async (_o, state) =>
      state.storage.sql.exec('SELECT count(*) AS n FROM audit_event_resources').one(),
    );
    expect(rows.n).toBe(1);
  });

  it('go through the audit queue when their write fails, and are not lost when the queue refuses them too', async () => {
    const { accountId } = await newAccount();
    const e = event(accountId, 7);
    const sent: unknown[] = [];
    const failing = (queue: unknown) =>
      ({
        env: { AUDIT_QUEUE: queue },
        account: () => ({ accountId, status: 'active' }),
        transact: () => {
          throw new Error('SQLITE_FULL');
        },
      }) as unknown as AccountContext;
    const up = new DeferredEvents(failing({ sendBatch: async (messages: { body: unknown }[]) => void sent.push(...messages.map((m) => m.body)) }), async () => undefined);
    up.push(accountId, e);
    await up.flush();
    expect(sent).toEqual([{ accountId, event: e }]);
    // Both down: logged (by event id), and flush still settles.
    const down = new DeferredEvents(failing({ sendBatch: () => Promise.reject(new Error('queue down')) }), async () => undefined);
    down.push(accountId, e);
    await expect(down.flush()).resolves.toBeUndefined();
  });
});
