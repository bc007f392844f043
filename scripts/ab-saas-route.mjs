#!/usr/bin/env node
// `node scripts/ab-saas-route.mjs [<git-rev>]`: the example SaaS's GET /projects/{id} behind the middleware
// built from this working tree ("new") against the same built from <git-rev> (default HEAD, "old"), both
// beside the same route without the middleware ("open"), in ONE runtime at the same minutes: on a shared,
// noisy machine, two `npm run bench` runs minutes apart differ by more than most changes do.
//
// How: <git-rev> is exported with `git archive` into a temporary directory (node_modules linked), its
// edge-iam and acme renamed `edge-iam-old` and `acme-old` (acme-old bound to edge-iam-old), and served
// as companions of the working tree's server (test/support/server.mjs) with the same secrets and the same
// local D1 databases, so both read the same tenant, key, policy and project (test/bench/saas.bench.mjs setup).
// Printed, every target alternating in each round:
//  - in the runtime (a driver Worker calling each through a service binding, no HTTP): wall and workerd
//    process CPU per request (scripts/lib/process-cpu.mjs), and open/x ratios;
//  - over HTTP with the bench's client (scripts/lib/bench-client.mjs): sequential and 16 in flight,
//    throughput of each and its ratio to the open route (the `saas-route` section's figure).
// Tunables (env): AB_ROUNDS (6), AB_N (300, in-runtime requests per round), AB_MODE (runtime,seq,conc).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomSecrets, startServer } from '../test/support/server.mjs';
import { SAAS_COMPANIONS, setup, signedGet } from '../test/bench/saas.bench.mjs';
import { makeClient, plainGet } from './lib/bench-client.mjs';
import { cpuNs, descendantPids } from './lib/process-cpu.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rev = process.argv[2] ?? 'HEAD';
const num = (name, def) => (Number(process.env[name]) > 0 ? Math.floor(Number(process.env[name])) : def);
const ROUNDS = num('AB_ROUNDS', 6);
const N = num('AB_N', 300);
const MODE = process.env.AB_MODE ?? 'runtime,seq,conc';

/** `rev` exported beside this tree, its Workers renamed so they run next to the working tree's. */
function exportOld() {
  const dir = mkdtempSync(path.join(tmpdir(), 'edge-iam-ab-'));
  execFileSync('sh', ['-c', `git -C "${ROOT}" archive "${rev}" | tar -x -C "${dir}"`]);
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  const edit = (file, pairs) => {
    let text = readFileSync(path.join(dir, file), 'utf8');
    for (const [from, to] of pairs) text = text.replace(from, to);
    writeFileSync(path.join(dir, file), text);
  };
  // A queue has one consumer: the old Worker gets queues of its own (its audit events stay its own).
  edit('wrangler.toml', [[/^name = "edge-iam"$/m, 'name = "edge-iam-old"'], [/"edge-iam-audit"/g, '"edge-iam-old-audit"'], [/"edge-iam-audit-dlq"/g, '"edge-iam-old-audit-dlq"']]);
  edit('examples/acme/wrangler.toml', [[/^name = "acme"$/m, 'name = "acme-old"'], [/service = "edge-iam"/, 'service = "edge-iam-old"']]);
  return dir;
}

const DRIVER = `export default { async fetch(request, env) {
  const b = await request.json(); const target = env[b.target];
  for (let i = 0; i < b.n; i++) {
    const r = await target.fetch(b.url, { headers: b.headers }); const t = await r.text();
    if (r.status !== 200) return new Response(b.target + ' ' + r.status + ' ' + t.slice(0, 300), { status: 500 });
  }
  return new Response('ok');
} };`;

async function main() {
  const oldDir = exportOld();
  const secrets = randomSecrets();
  const server = await startServer({
    secrets,
    companions: [...SAAS_COMPANIONS, { configPath: path.join(oldDir, 'wrangler.toml'), vars: secrets }, { configPath: path.join(oldDir, 'examples/acme/wrangler.toml') }],
    extraWorkers: [{ name: 'ab-driver', modules: true, script: DRIVER, compatibilityDate: '2026-04-01', serviceBindings: { new: 'acme', old: 'acme-old', open: 'acme-bench' } }],
  });
  const client = makeClient(16);
  try {
    const s = await setup({ baseUrl: server.url, operatorToken: server.operatorToken, server });
    const marker = `"projectId":"${s.projectId}"`;
    const check = (status, text) => (status === 200 && text.includes(marker) ? null : `GET /projects/{id} answered ${status}: ${text.slice(0, 200)}`);
    const route = `/projects/${s.projectId}`;
    const targets = { new: signedGet(`${s.acme}${route}`, s.user, check), old: signedGet(`${server.companions['acme-old']}${route}`, s.user, check), open: plainGet(`${s.open}${route}`, check) };
    const names = Object.keys(targets);
    console.log(`ab: working tree ("new") vs ${rev} ("old") vs the open route; rounds ${ROUNDS}; load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
    if (MODE.includes('runtime')) await inRuntime(server, s, targets, names);
    for (const [mode, count, conc] of [['seq', 300, 1], ['conc', 1200, 16]]) {
      if (!MODE.includes(mode)) continue;
      for (const t of names) await client.timedBatch(targets[t], 100, conc);
      const acc = Object.fromEntries(names.map((t) => [t, { ops: 0, ms: 0 }]));
      for (let r = 0; r < ROUNDS; r++) for (const t of r % 2 ? [...names].reverse() : names) {
        const b = await client.timedBatch(targets[t], count, conc);
        acc[t].ops += b.ops;
        acc[t].ms += b.ms;
      }
      const ops = (t) => (acc[t].ops * 1000) / acc[t].ms;
      console.log(`http ${mode === 'seq' ? 'sequential' : '16 in flight'}: ops/s new ${ops('new').toFixed(0)}, old ${ops('old').toFixed(0)}, open ${ops('open').toFixed(0)}; ratio to open: new ${(ops('new') / ops('open')).toFixed(2)}, old ${(ops('old') / ops('open')).toFixed(2)}`);
    }
  } finally {
    client.destroy();
    await server.dispose();
    rmSync(oldDir, { recursive: true, force: true });
  }
}

async function inRuntime(server, s, targets, names) {
  const driver = await server.mf.getWorker('ab-driver');
  const url = `${s.acme}/projects/${s.projectId}`;
  const { headers } = (await targets.new.prepare(1))[0]; // one signature, replayed (SigV4 allows it for minutes)
  const run = async (target, n) => {
    const res = await driver.fetch('http://ab-driver/', { method: 'POST', body: JSON.stringify({ target, n, url, headers }) });
    const text = await res.text();
    if (res.status !== 200) throw new Error(text);
  };
  for (const t of names) await run(t, 100);
  const pids = descendantPids('workerd');
  const acc = Object.fromEntries(names.map((t) => [t, { wall: 0, cpu: 0, n: 0 }]));
  for (let r = 0; r < ROUNDS; r++) for (const t of r % 2 ? [...names].reverse() : names) {
    const c0 = cpuNs(pids);
    const t0 = performance.now();
    await run(t, N);
    acc[t].wall += performance.now() - t0;
    acc[t].cpu += c0 === null ? 0 : (cpuNs(pids) - c0) / 1e6;
    acc[t].n += N;
  }
  const us = (t, f) => (acc[t][f] * 1000) / acc[t].n;
  for (const t of names) console.log(`in-runtime ${t.padEnd(4)}: wall ${us(t, 'wall').toFixed(0)} µs, workerd CPU ${us(t, 'cpu').toFixed(0)} µs per request`);
  console.log(`in-runtime ratio to open (CPU): new ${(us('open', 'cpu') / us('new', 'cpu')).toFixed(2)}, old ${(us('open', 'cpu') / us('old', 'cpu')).toFixed(2)}`);
}

main().catch((e) => {
  console.error(`ab: ${e?.stack ?? e}`);
  process.exit(1);
});
