// The audit trail's benchmark section (issue 11 §1), run by `npm run bench` (`npm run bench -- audit` runs
// only it) against the local server (Miniflare: the audit queue is Miniflare's local queue, max_batch_size
// 100, max_batch_timeout 1 s, as wrangler.toml configures it).
//
//  - audit-events-recorded: "events per second recorded without loss". BENCH_AUDIT_N STS GetCallerIdentity
//    calls (each one event, queued after its answer and delivered by the queue's consumer to the account's
//    object), signed by a fresh account's root key before the timed part, sent BENCH_C at a time; then the
//    account's trail is counted through the operator's read of it (LookupEvents' pages, EventName attribute,
//    every page; LookupEvents itself is limited to 2 calls/s) until all N are there or nothing new arrived for 30 s. Printed: events/s end to
//    end (first call sent → last event countable), the loss (N − counted; must be 0: the section fails
//    otherwise), and the baseline measured in the same run on the same calls: the rate they were answered
//    (what the clients saw; recording happens after each answer), with the ratio of the two. One account:
//    every event goes to one object, the worst case for the trail (accounts' objects record in parallel).
//
// Tunables (env): BENCH_AUDIT_N (2000), BENCH_C (16).

import { performance } from 'node:perf_hooks';
import { accountWithRootKeys, BenchError, getCallerIdentity, makeClient, operator } from '../../scripts/lib/bench-client.mjs';

const num = (name, def) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : def;
};
const N = num('BENCH_AUDIT_N', 2000);
const QUIET_MS = 30_000;

/**
 * How many GetCallerIdentity events the account's trail holds, counted page by page through the operator's
 * read of the trail (the same store and pages as LookupEvents). LookupEvents itself allows two calls a
 * second per account (its 40 pages would take 20 s a count, on AWS too), and each would be an event.
 */
async function countEvents(ctx, creds) {
  let count = 0;
  let token;
  do {
    const query = new URLSearchParams({ attributeKey: 'EventName', attributeValue: 'GetCallerIdentity', maxResults: '50', ...(token ? { nextToken: token } : {}) });
    const page = await operator(ctx, 'GET', `/operator/accounts/${creds.accountId}/events?${query}`, undefined, 200);
    count += page.Events.length;
    token = page.NextToken;
  } while (token);
  return count;
}

export const AUDIT_SECTIONS = [
  {
    name: 'audit-events-recorded',
    title: `events per second recorded without loss: ${N} STS GetCallerIdentity calls, each an event through the audit queue, until all are in the trail (counted with the operator's read, LookupEvents' pages) vs the rate the same calls were answered — same run`,
    async run(ctx) {
      const client = makeClient(ctx.cfg.c);
      try {
        // Warm-up in another account, so the measured account's trail holds only the measured calls. Waiting
        // until its events are all in the trail also drains what earlier sections left in the queue (the
        // local queue delivers in order, one batch at a time): the measured calls are timed alone.
        const warm = await accountWithRootKeys(ctx);
        const WARM_N = 200;
        await client.timedBatch(getCallerIdentity(ctx, warm), WARM_N, ctx.cfg.c, ctx.deadline);
        while ((await countEvents(ctx, warm)) < WARM_N && performance.now() < ctx.deadline) await new Promise((r) => setTimeout(r, 500));

        const creds = await accountWithRootKeys(ctx);
        const calls = getCallerIdentity(ctx, creds);
        const requests = await calls.prepare(N); // untimed: signed just before
        const t0 = performance.now();
        await client.sendAll(requests, ctx.cfg.c, calls.check, ctx.deadline);
        const answeredMs = performance.now() - t0;

        let counted = 0;
        let countedAt = performance.now();
        while (counted < N && performance.now() - countedAt < QUIET_MS && performance.now() < ctx.deadline) {
          const c = await countEvents(ctx, creds);
          if (c > counted) {
            counted = c;
            countedAt = performance.now();
          }
          if (counted < N) await new Promise((r) => setTimeout(r, 200));
        }
        const recordedMs = countedAt - t0;
        const loss = N - counted;
        if (counted > N) throw new BenchError(`the trail holds ${counted} events for ${N} calls`);
        const recordedOps = (counted * 1000) / recordedMs;
        const answeredOps = (N * 1000) / answeredMs;
        return [
          {
            mode: `concurrent (C=${ctx.cfg.c}, N=${N})`,
            subject: 'events recorded',
            subjectOps: recordedOps,
            baseline: 'calls answered',
            baselineOps: answeredOps,
            ratio: recordedOps / answeredOps,
            target: undefined,
          },
          {
            line: `loss: ${loss} of ${N} events (${counted} in the trail ${(recordedMs / 1000).toFixed(1)} s after the first call; answers took ${(answeredMs / 1000).toFixed(1)} s) ${loss === 0 ? 'PASS' : 'LOST EVENTS'}`,
            pass: loss === 0,
          },
        ];
      } finally {
        client.destroy();
      }
    },
  },
];
