#!/usr/bin/env node
// `npm run profile -- <scenario> [options]`: where the Worker's CPU goes for one kind of request, with
// workerd's own profiler. The bundled Worker is served by Miniflare on 127.0.0.1 (the bench's and the e2e
// harness's server, test/support/server.mjs) with workerd's inspector open; the script drives the
// scenario's requests with the bench's client (scripts/lib/bench-client.mjs), under V8's sampling profiler
// of the Worker's isolate (Chrome DevTools protocol: Profiler.enable, setSamplingInterval, start, the
// load, stop), and prints:
//  - the isolate's busy time per request (every sample but "(idle)": JavaScript, GC and the native calls
//    made from it, of the Worker and its Durable Objects, which share the isolate), and the workerd
//    process's CPU per request (all its threads, scripts/lib/process-cpu.mjs; Miniflare's entry Worker
//    and the HTTP server included);
//  - the functions with the most self time, and with the most total time (self plus callees);
//  - where the whole profile was written (a .cpuprofile: open it in Chrome DevTools, Performance panel,
//    or in VS Code, for the flame chart).
//
// Scenarios: healthz (GET /healthz, the trivial route), sts-get-caller-identity (root keys),
// iam-get-user (an IAM user reading itself: one round trip to the account's object, a policy evaluated),
// access-analyzer-validate-policy (the bench's 15-statement policy, every check),
// saas-route (the example SaaS's GET /projects/{id} behind the middleware, test/bench/saas.bench.mjs: acme
// runs beside edge-iam, and both isolates are profiled, the SaaS's (the middleware) and edge-iam's (the
// decision), each summarised apart).
//
// Options: --requests N (2000), --interval µs (100: the sampling interval), --top K (25), --out file
// (default: a temporary file), --warmup N (500), --http (through the local server, as clients call it,
// rather than by the in-runtime driver of scripts/lib/in-runtime.mjs; then --concurrency C, default 1).
// Examples: npm run profile -- sts-get-caller-identity; npm run profile -- iam-get-user --http --concurrency 16
//
// The profiler costs time itself (a sample every 100 µs): compare busy times only between profiles taken
// the same way; the bench (npm run bench -- cpu) measures CPU per request without the profiler.

import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from '../test/support/server.mjs';
import { accountWithRootKeys, getCallerIdentity, getUser, healthz, makeClient, validatePolicy } from './lib/bench-client.mjs';
import { SAAS_COMPANIONS, setup as saasSetup, signedGet } from '../test/bench/saas.bench.mjs';
import { cpuOfBatch, inRuntimeWorkers } from './lib/in-runtime.mjs';
import { cpuNs, descendantPids } from './lib/process-cpu.mjs';
import { openInspector, profileWhile, summarizeProfile } from './lib/workerd-inspector.mjs';

/** Each scenario: its requests, and the text every answer must hold (for the in-runtime driver's check). */
const SCENARIOS = {
  healthz: async (ctx) => ({ target: healthz(ctx), marker: 'ok' }),
  'sts-get-caller-identity': async (ctx) => {
    const root = await accountWithRootKeys(ctx);
    return { target: getCallerIdentity(ctx, root), marker: `<Account>${root.accountId}</Account>` };
  },
  'iam-get-user': async (ctx) => {
    const root = await accountWithRootKeys(ctx);
    return { target: await getUser(ctx, root), marker: `<Arn>arn:aws:iam::${root.accountId}:user/bench</Arn>` };
  },
  'access-analyzer-validate-policy': async (ctx) => ({ target: validatePolicy(ctx, await accountWithRootKeys(ctx)), marker: '"findings":[' }),
  'saas-route': async (ctx) => {
    const s = await saasSetup(ctx);
    const marker = `"projectId":"${s.projectId}"`;
    const check = (status, text) => (status === 200 && text.includes(marker) ? null : 'GET /projects/{id} did not return the project');
    return { target: signedGet(`${s.acme}/projects/${s.projectId}`, s.user, check), marker };
  },
};
/** What a scenario needs beyond the Worker: companions, the Worker the driver calls, the isolates profiled. */
const NEEDS = { 'saas-route': { companions: SAAS_COMPANIONS, driven: 'acme', profiled: ['acme', 'edge-iam'] } };

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    requests: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '1' },
    http: { type: 'boolean', default: false },
    interval: { type: 'string', default: '100' },
    top: { type: 'string', default: '25' },
    warmup: { type: 'string', default: '500' },
    out: { type: 'string' },
  },
});
const scenario = positionals[0];
if (!scenario || !Object.hasOwn(SCENARIOS, scenario)) {
  console.error(`usage: npm run profile -- <${Object.keys(SCENARIOS).join('|')}> [--requests N] [--concurrency C] [--interval µs] [--top K] [--out file]`);
  process.exit(2);
}
const n = Number(values.requests);
const c = Number(values.concurrency);
const top = Number(values.top);

const WORKER_NAME = 'edge-iam';
const us = (x) => x.toFixed(1).padStart(9);

async function main() {
  console.log(`profile: building the Worker and starting it on 127.0.0.1 (Miniflare, inspector open)…`);
  const needs = NEEDS[scenario] ?? { driven: WORKER_NAME, profiled: [WORKER_NAME] };
  const server = await startServer({ inspectorPort: 0, extraWorkers: inRuntimeWorkers(needs.driven), companions: needs.companions ?? [] });
  const client = makeClient(c);
  const sessions = [];
  try {
    const ctx = { baseUrl: server.url, operatorToken: server.operatorToken, server };
    const { target, marker } = await SCENARIOS[scenario](ctx);
    for (const name of needs.profiled) sessions.push(await openInspector(await server.mf.getInspectorURL(), name));
    const pids = descendantPids('workerd');
    // In the runtime (default): the driver Worker calls the Worker's handler one request at a time, so
    // the profile and the CPU figure hold the Worker's work and not the HTTP server's. --http: through
    // the local server, `--concurrency` requests in flight.
    const drive = values.http
      ? (requests) => client.sendAll(requests, c, target.check)
      : (requests) => cpuOfBatch(server, pids, { requests, marker });
    await drive(await target.prepare(Number(values.warmup)));

    const requests = await target.prepare(n);
    const cpu0 = cpuNs(pids);
    const t0 = performance.now();
    // Every profiled isolate sampled over the same load (nested sessions, each started before the load).
    const profiles = [];
    const under = (i) => (i === sessions.length ? drive(requests) : profileWhile(sessions[i], () => under(i + 1), { intervalUs: Number(values.interval) }).then((r) => profiles.unshift(r.profile)));
    await under(0);
    const wallMs = performance.now() - t0;
    const cpu1 = cpuNs(pids);

    console.log(`\n${scenario}: ${n} requests, ${values.http ? `over HTTP, ${c} in flight` : 'in the runtime, one at a time'}, ${wallMs.toFixed(0)} ms (${((n * 1000) / wallMs).toFixed(0)} req/s)`);
    if (cpu0 !== null && cpu1 !== null) console.log(`  workerd process CPU per request (all threads):          ${((cpu1 - cpu0) / 1000 / n).toFixed(1)} µs`);
    sessions.forEach((session, i) => {
      const profile = profiles[i];
      const out = values.out ? (sessions.length > 1 ? values.out.replace(/(\.cpuprofile)?$/, `-${needs.profiled[i]}$1`) : values.out) : path.join(tmpdir(), `edge-iam-${scenario}-${needs.profiled[i]}-${Date.now()}.cpuprofile`);
      writeFileSync(out, JSON.stringify(profile));
      const s = summarizeProfile(profile);
      console.log(`\n[${needs.profiled[i]}] inspector target ${session.target}`);
      console.log(`  isolate busy per request (profile, sampling every ${values.interval} µs): ${(s.busyUs / n).toFixed(1)} µs`);
      console.log(`\n  self µs/req  total µs/req  function (top ${top} by self time)`);
      for (const r of s.self.slice(0, top)) console.log(`  ${us(r.selfUs / n)}  ${us(r.totalUs / n)}    ${r.name}`);
      console.log(`\n  total µs/req  self µs/req  function (top ${top} by total time)`);
      for (const r of s.total.slice(0, top)) console.log(`  ${us(r.totalUs / n)}  ${us(r.selfUs / n)}    ${r.name}`);
      console.log(`\nprofile written to ${out} (Chrome DevTools: Performance panel, "Load profile")`);
    });
  } finally {
    for (const session of sessions) session.close();
    client.destroy();
    await server.dispose();
  }
}

main().catch((e) => {
  console.error(`profile: ${e?.stack ?? e}`);
  process.exit(1);
});
