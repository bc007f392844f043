/**
 * @module The benchmark's Worker (`npm run bench -- saas`, scripts/bench.mjs with test/bench/saas.bench.mjs),
 * never deployed:
 *  - every acme route WITHOUT the edge-iam middleware (the same app, src/app.ts, on acme's own database):
 *    the baseline of "a route behind the middleware vs the same route without it";
 *  - `POST /__bench/decide`: the decision's own time on a warm isolate, timed inside the Worker around the
 *    service-binding call the middleware makes (`authorize` of the DecisionEntrypoint) for one tenant's
 *    signed request (or, with `caller: 'token'`, about the principal token `authenticate` gave), sequentially. workerd's clock has millisecond granularity (and a deployed Worker's
 *    does not advance during its own computation), so the calls are timed in groups: each group's time /
 *    its size is one sample; the answer gives the samples and the total;
 *  - `POST /__bench/route`: acme's protected route vs the same route without the middleware, in-runtime
 *    (through a service binding to acme, no HTTP): the middleware's own share without loopback and client;
 *  - `POST /__bench/batch`: rounds of one `batchAuthorize` of N items vs N single `authorize` calls, same
 *    caller and items, order alternating; the answer gives each side's total time.
 * Every answer is checked: every decision must be Allow, or the request fails.
 */
import type { AuthorizeItem, DecisionScope, SignedRequest } from '../../../src/core/decision/contract';
import { createAcmeApp } from '../src/app';
import type { AcmeEnv } from '../src/env';

const app = createAcmeApp();

interface DecideBody {
  request: SignedRequest;
  item: AuthorizeItem;
  n: number;
  group: number;
  /** `token`: decide about the principal token `authenticate` gave (the middleware's second call when it resolves). */
  caller?: 'request' | 'token';
}
interface BatchBody {
  request: SignedRequest;
  items: AuthorizeItem[];
  rounds: number;
}

const scopeOf = (request: SignedRequest, env: AcmeEnv): DecisionScope => ({
  service: 'acme',
  region: env.ACME_REGION || 'us-east-1',
  caller: { request },
});

async function decide(env: AcmeEnv, b: DecideBody): Promise<Response> {
  let scope = scopeOf(b.request, env);
  if (b.caller === 'token') {
    const a = await env.IAM.authenticate(scope);
    if (!a.ok) return Response.json({ bad: a }, { status: 500 });
    scope = { ...scope, caller: { principalToken: a.principal.principalToken } };
  }
  const samples: number[] = [];
  let total = 0;
  for (let done = 0; done < b.n; done += b.group) {
    const size = Math.min(b.group, b.n - done);
    const t0 = performance.now();
    for (let i = 0; i < size; i++) {
      const out = await env.IAM.authorize({ ...scope, ...b.item });
      if (!out.ok || out.decision !== 'Allow') return Response.json({ bad: out }, { status: 500 });
    }
    const ms = performance.now() - t0;
    total += ms;
    samples.push(ms / size);
  }
  return Response.json({ samples, totalMs: total, n: b.n });
}

async function batch(env: AcmeEnv, b: BatchBody): Promise<Response> {
  const scope = scopeOf(b.request, env);
  let batchMs = 0;
  let singlesMs = 0;
  const runBatch = async () => {
    const t0 = performance.now();
    const out = await env.IAM.batchAuthorize({ ...scope, items: b.items });
    batchMs += performance.now() - t0;
    if (!out.ok || out.results.length !== b.items.length || out.results.some((r) => r.decision !== 'Allow')) throw new Error(JSON.stringify(out).slice(0, 500));
  };
  const runSingles = async () => {
    const t0 = performance.now();
    for (const item of b.items) {
      const out = await env.IAM.authorize({ ...scope, ...item });
      if (!out.ok || out.decision !== 'Allow') throw new Error(JSON.stringify(out).slice(0, 500));
    }
    singlesMs += performance.now() - t0;
  };
  try {
    for (let r = 0; r < b.rounds; r++) {
      if (r % 2) {
        await runBatch();
        await runSingles();
      } else {
        await runSingles();
        await runBatch();
      }
    }
  } catch (e) {
    return Response.json({ bad: String(e instanceof Error ? e.message : e) }, { status: 500 });
  }
  return Response.json({ batchMs, singlesMs, rounds: b.rounds, items: b.items.length });
}

interface RouteBody {
  /** The protected route's request (signed; replayed as is, SigV4 allows it within 15 minutes). */
  url: string;
  headers: Record<string, string>;
  n: number;
  /** A marker every answer's body must hold. */
  marker: string;
}

/**
 * The same GET n times, alternately to acme (through its service binding `ACME`: the middleware and its two
 * decision calls) and to this Worker's own app without the middleware, in-runtime (no HTTP, no client):
 * each side's total time.
 */
async function route(env: AcmeEnv & { ACME: Fetcher }, ctx: ExecutionContext, b: RouteBody): Promise<Response> {
  let protectedMs = 0;
  let openMs = 0;
  for (let i = 0; i < b.n; i++) {
    for (const side of i % 2 ? ['open', 'protected'] : ['protected', 'open']) {
      const t0 = performance.now();
      const res = side === 'protected' ? await env.ACME.fetch(b.url, { headers: b.headers }) : await app.fetch(new Request(b.url), env, ctx);
      const text = await res.text();
      const ms = performance.now() - t0;
      if (res.status !== 200 || !text.includes(b.marker)) return Response.json({ bad: `${side}: ${res.status} ${text.slice(0, 300)}` }, { status: 500 });
      if (side === 'protected') protectedMs += ms;
      else openMs += ms;
    }
  }
  return Response.json({ protectedMs, openMs, n: b.n });
}

export default {
  async fetch(request: Request, env: AcmeEnv & { ACME: Fetcher }, ctx: ExecutionContext): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (request.method === 'POST' && pathname === '/__bench/route') return route(env, ctx, await request.json<RouteBody>());
    if (request.method === 'POST' && pathname === '/__bench/decide') return decide(env, await request.json<DecideBody>());
    if (request.method === 'POST' && pathname === '/__bench/batch') return batch(env, await request.json<BatchBody>());
    return app.fetch(request, env, ctx);
  },
};
