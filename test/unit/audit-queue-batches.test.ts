/**
 * The audit queue's producer cuts sends at the queue's limits (Cloudflare Queues: 100 messages and 256 KB
 * a sendBatch), in order, counting records in UTF-8 bytes.
 */
import { describe, expect, it } from 'vitest';
import { sendAuditEvents, type AuditMessage } from '../../src/storage/audit-queue';

const message = (n: number, record: string): AuditMessage => ({
  accountId: '123456789012',
  event: { eventId: `e${n}`, eventTimeMs: n, eventName: 'GetCallerIdentity', eventSource: 'sts.amazonaws.com', readOnly: true, username: null, accessKeyId: null, resources: [], record },
});

async function sendsOf(messages: AuditMessage[]) {
  const sends: string[][] = [];
  await sendAuditEvents({ AUDIT_QUEUE: { sendBatch: async (batch: { body: AuditMessage }[]) => void sends.push(batch.map((m) => m.body.event.eventId)) } } as never, messages);
  return sends;
}

describe('sendAuditEvents', () => {
  it('sends at most 100 messages at a time, in order', async () => {
    const sends = await sendsOf(Array.from({ length: 250 }, (_, i) => message(i, '{}')));
    expect(sends.map((s) => s.length)).toEqual([100, 100, 50]);
    expect(sends.flat()).toEqual(Array.from({ length: 250 }, (_, i) => `e${i}`));
  });

  it('keeps each send under 256 KB, counting multi-byte characters as UTF-8 does', async () => {
    // 30,000 characters of 3 bytes each: 90 KB a record, so two fit a send and a third does not.
    const sends = await sendsOf([0, 1, 2, 3, 4].map((i) => message(i, '€'.repeat(30_000))));
    expect(sends).toEqual([['e0', 'e1'], ['e2', 'e3'], ['e4']]);
    expect(await sendsOf([0, 1, 2].map((i) => message(i, 'a'.repeat(60_000))))).toEqual([['e0', 'e1', 'e2']]);
    expect(await sendsOf([])).toEqual([]);
  });
});
