/**
 * No loss on the way to the trail: the Worker's queue consumer (src/worker.ts `queue`) given a batch in
 * which one account's object fails once (before its write commits, or after it, as a lost acknowledgement
 * would) retries that account's messages and acknowledges the others, and the redelivery records every
 * event exactly once (idempotent by event id). A producer whose queue send fails logs the events' ids and
 * nothing of their contents. The failure is injected at the consumer's seam, the `env` it is given.
 */
import { createExecutionContext, createMessageBatch, getQueueResult, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StoredEvent } from '../../src/core/audit/event';
import { newEventId, recordLater, sendNow } from '../../src/data-plane/audit';
import { auditEventOf } from '../../src/services/audit/event';
import { SEND_BATCH_MAX, type AuditMessage } from '../../src/storage/audit-queue';
import worker from '../../src/worker';
import { storedEvents } from './audit-support';
import { newAccount } from './support';

afterEach(() => vi.restoreAllMocks());

const eventFor = (accountId: string, n: number): StoredEvent =>
  auditEventOf({
    eventId: newEventId(),
    eventSource: 'sts.amazonaws.com',
    eventName: 'GetCallerIdentity',
    identity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: `arn:aws:iam::${accountId}:user/carol`, accountId, accessKeyId: 'AKIAEXAMPLE', userName: 'carol' },
    recipientAccountId: accountId,
    facts: { requestId: `req-${n}`, now: new Date(Date.UTC(2026, 11, 2, 12, 0, n)), region: 'us-east-1', sourceIp: null, userAgent: null },
    request: null,
    readOnly: true,
  });

/**
 * The Worker's env with its account namespace wrapped: `failOnce` names accounts whose first recordEvents
 * fails, 'before' its write or 'after' it committed.
 */
function flakyEnv(failOnce: Map<string, 'before' | 'after'>) {
  const calls: string[] = [];
  const ns = env.ACCOUNT;
  const ACCOUNT = {
    idFromName: (name: string) => ns.idFromName(name),
    get(id: DurableObjectId) {
      const stub = ns.get(id);
      return {
        async recordEvents(accountId: string, events: StoredEvent[]) {
          calls.push(accountId);
          const when = failOnce.get(accountId);
          if (when) failOnce.delete(accountId);
          if (when === 'before') throw new Error('object unavailable');
          const out = await stub.recordEvents(accountId, events);
          if (when === 'after') throw new Error('connection lost after the write');
          return out;
        },
      };
    },
  };
  return { env: { ...env, ACCOUNT } as typeof env, calls };
}

const messagesOf = (bodies: AuditMessage[], attempts: number, ids: string[]) =>
  bodies.map((body, i) => ({ id: ids[i]!, timestamp: new Date(), body, attempts }));

async function consume(bodies: AuditMessage[], attempts: number, ids: string[], e: typeof env) {
  const batch = createMessageBatch<AuditMessage>('edge-iam-audit', messagesOf(bodies, attempts, ids));
  const ctx = createExecutionContext();
  await worker.queue(batch, e);
  return getQueueResult(batch, ctx);
}

describe('the audit queue consumer', () => {
  it('retries only the failing account, and the redelivery records each event once', async () => {
    const [a, b, c] = [await newAccount(), await newAccount(), await newAccount()];
    const bodies: AuditMessage[] = [
      { accountId: a.accountId, event: eventFor(a.accountId, 1) },
      { accountId: b.accountId, event: eventFor(b.accountId, 2) },
      { accountId: a.accountId, event: eventFor(a.accountId, 3) },
      { accountId: c.accountId, event: eventFor(c.accountId, 4) },
    ];
    const ids = ['m1', 'm2', 'm3', 'm4'];
    const flaky = flakyEnv(new Map([[a.accountId, 'after'], [c.accountId, 'before']]));

    const first = await consume(bodies, 1, ids, flaky.env);
    expect(first.explicitAcks).toEqual(['m2']);
    expect(first.retryMessages.map((m: { msgId: string }) => m.msgId).sort()).toEqual(['m1', 'm3', 'm4']);
    // One RPC per account, whatever the number of its messages.
    expect(flaky.calls.sort()).toEqual([a.accountId, b.accountId, c.accountId].sort());
    // A's write committed before its failure; C's never happened.
    expect((await storedEvents(a.accountId)).length).toBe(2);
    expect(await storedEvents(c.accountId)).toEqual([]);

    const retried = [0, 2, 3];
    const second = await consume(retried.map((i) => bodies[i]!), 2, retried.map((i) => ids[i]!), flaky.env);
    expect(second.explicitAcks.sort()).toEqual(['m1', 'm3', 'm4']);
    expect(second.retryMessages).toEqual([]);
    for (const [account, expected] of [[a, [bodies[0], bodies[2]]], [b, [bodies[1]]], [c, [bodies[3]]]] as const) {
      const ids = (await storedEvents(account.accountId)).map((e) => e.eventId).sort();
      expect(ids).toEqual(expected.map((m) => m!.event.eventId).sort());
    }
  });

  it('acknowledges a message that is not an audit event instead of retrying it forever', async () => {
    const result = await consume([{ nonsense: true } as unknown as AuditMessage], 1, ['x1'], env);
    expect(result.explicitAcks).toEqual(['x1']);
    expect(result.retryMessages).toEqual([]);
  });
});

describe('the producer', () => {
  it('logs a failed send with the events ids, never their contents, and does not throw', async () => {
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    const event = eventFor('123456789012', 5);
    const failing = { AUDIT_QUEUE: { sendBatch: () => Promise.reject(new Error('queue unavailable')) } };
    await expect(sendNow({ env: failing as never }, [{ accountId: '123456789012', event }])).resolves.toBeUndefined();
    expect(errors.map((l) => JSON.parse(l))).toEqual([{ event: 'audit-send-failed', eventIds: [event.eventId], message: 'queue unavailable' }]);
    expect(errors.join('')).not.toContain('carol');
  });

  it('requests answered while a batch is open share one send, carried by the request that opened it; another env is sent apart', async () => {
    const sends: string[][] = [];
    const queue = (name: string) => ({ sendBatch: async (messages: { body: AuditMessage }[]) => void sends.push([name, ...messages.map((m) => m.body.event.eventId)]) });
    const one = { ...env, AUDIT_QUEUE: queue('one') } as never;
    const two = { ...env, AUDIT_QUEUE: queue('two') } as never;
    const [d1, d2, d3, d4] = [1, 2, 3, 4].map((n) => ({ accountId: '123456789012', event: eventFor('123456789012', n) }));
    const contexts = [createExecutionContext(), createExecutionContext(), createExecutionContext()];
    recordLater({ env: one, executionCtx: contexts[0]! }, [d1!]);
    recordLater({ env: two, executionCtx: contexts[1]! }, [d4!]);
    recordLater({ env: one, executionCtx: contexts[2]! }, [d2!, d3!]);
    expect(sends).toEqual([]);
    // The first request's own wait covers the send of every event waiting in its env.
    await waitOnExecutionContext(contexts[0]!);
    expect(sends).toEqual([['one', d1!.event.eventId, d2!.event.eventId, d3!.event.eventId]]);
    for (const ctx of contexts) await waitOnExecutionContext(ctx);
    expect(sends).toEqual([['one', d1!.event.eventId, d2!.event.eventId, d3!.event.eventId], ['two', d4!.event.eventId]]);
  });

  it('opens the next batch when one is full, carried by the request whose events did not fit', async () => {
    const sends: string[][] = [];
    const one = { ...env, AUDIT_QUEUE: { sendBatch: async (messages: { body: AuditMessage }[]) => void sends.push(messages.map((m) => m.body.event.eventId)) } } as never;
    const deliveries = Array.from({ length: SEND_BATCH_MAX + 2 }, (_, n) => ({ accountId: '123456789012', event: eventFor('123456789012', n) }));
    const first = createExecutionContext();
    recordLater({ env: one, executionCtx: first }, deliveries.slice(0, SEND_BATCH_MAX - 1));
    const others = [createExecutionContext(), createExecutionContext(), createExecutionContext()];
    recordLater({ env: one, executionCtx: others[0]! }, deliveries.slice(SEND_BATCH_MAX - 1, SEND_BATCH_MAX)); // fills the first batch
    recordLater({ env: one, executionCtx: others[1]! }, deliveries.slice(SEND_BATCH_MAX, SEND_BATCH_MAX + 1)); // opens the second
    recordLater({ env: one, executionCtx: others[2]! }, deliveries.slice(SEND_BATCH_MAX + 1));
    await waitOnExecutionContext(first);
    expect(sends).toEqual([deliveries.slice(0, SEND_BATCH_MAX).map((d) => d.event.eventId)]);
    await waitOnExecutionContext(others[1]!);
    expect(sends[1]).toEqual(deliveries.slice(SEND_BATCH_MAX).map((d) => d.event.eventId));
    for (const ctx of others) await waitOnExecutionContext(ctx);
    expect(sends).toHaveLength(2);
  });
});
