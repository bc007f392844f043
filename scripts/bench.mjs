#!/usr/bin/env node
// `npm run bench [-- <section-name-filter>...]`: benchmarks of edge-iam against baselines measured in
// the same run, on the same local server: the bundled Worker served by Miniflare on 127.0.0.1 (the
// e2e harness's server, test/support/server.mjs), with fresh temporary state and random secrets.
//
// Every section prints one line per mode: subject ops/s, baseline ops/s, ratio subject/baseline and the
// target. A section that cannot run (e.g. a route that is not there yet) is reported as ERROR and the
// next section still runs. Exit code: 0 when every section ran (a figure below its target is reported,
// BELOW TARGET, not failed: timings on a shared machine are information), 1 when a section could not run
// or got a wrong answer; with `--strict`, a figure below its target also exits 1.
//
// Method of the throughput sections (`compare()`):
//  - One HTTP client for subject and baseline (scripts/lib/bench-client.mjs): node:http with a keep-alive
//    Agent (maxSockets = C); not fetch, whose client CPU would hide the server's time.
//  - Modes: "sequential" (one request at a time, N per batch) and "concurrent" (C requests in flight,
//    N_CONC per batch).
//  - Warm-up: WARMUP rounds, alternating subject and baseline, results discarded.
//  - Measured: ROUNDS rounds; each round times one baseline batch and one subject batch, alternating
//    which goes first, so drift (JIT, GC, thermal) hits both alike. ops/s = total requests / total time.
//  - Request preparation is untimed: just before each timed batch, every request of that batch is built
//    (and, for signed requests, SigV4-signed with aws4fetch, one fresh signature per request) into a
//    plain {url, init} list. The timed loop only sends the request, reads the whole body and checks it.
//    Signatures are at most a few seconds old when sent (SigV4 allows 15 minutes).
//  - Every response is checked (status and a body marker); any wrong answer fails the section.
//
// Method of the CPU section (`cpuPerRequest()`, cpu-sts-get-caller-identity): over loopback the HTTP
// server, Miniflare's entry Worker and the client cost several times the trivial route's own work, so
// CPU is measured inside workerd: a driver Worker in the same runtime sends the prepared requests to the
// Worker through a service binding, one at a time, and the workerd process's CPU time (all threads, from
// /proc) is read around each batch; the same requests sent to a Worker that only answers `ok` measure
// the driver's share, printed apart. Rounds alternate the order of the targets. Target: the authenticated
// STS call at most twice the trivial route's CPU, per whole call (driver included on both sides: the
// trivial route's own share alone is within the subtraction's noise). `npm run profile` shows where it goes.
// A third target, POST /healthz with the very signed request GetCallerIdentity sends (its body read against
// the same cap), is printed for information only: what carrying that request costs before any service work.
//
// Sections that need no server (`needsServer: false`, e.g. the policy-engine sections of
// test/bench/policy.bench.mjs, `npm run bench -- policy`) run in this process; the server is started
// only when a selected section needs it. Such a section may return, besides compare rows, rows with
// their own `subject`/`baseline` labels and `target` (no target: printed for information, not judged)
// and free text lines `{ line, pass? }` (a line with `pass` also decides the section's status).
//
// Sections of the SaaS data plane (test/bench/saas.bench.mjs, `npm run bench -- saas`) run against the example
// SaaS examples/acme, served beside the Worker in the same runtime (`needsCompanions`), each on its own port.
// The audit section (test/bench/audit.bench.mjs, `npm run bench -- audit`) measures events recorded per
// second end to end through the audit queue, and that none is lost; it runs first, before the other sections'
// calls fill the queue with their own events.
// The password sections (test/bench/password.bench.mjs, `npm run bench -- password`) measure the CPU of a
// password hash: the OWASP candidates in this process, and the chosen Argon2id inside workerd against the
// Workers CPU limit.
//
// The credential-report section (test/bench/credential-report.bench.mjs, `npm run bench -- credential-report`)
// times GenerateCredentialReport + GetCredentialReport for 5,000 users against 500 users and ListUsers paging
// through the same 5,000; its setup (5,500 users made through the IAM API) gives it a longer time budget.
//
// Tunables (env): BENCH_N (sequential batch, 500), BENCH_C (concurrency, 16), BENCH_N_CONC (concurrent
// batch, 2000), BENCH_ROUNDS (5), BENCH_WARMUP (2), BENCH_N_CPU (CPU section batch, 1000),
// BENCH_SECTION_TIMEOUT_S (180).

import { performance } from 'node:perf_hooks';
import { startServer } from '../test/support/server.mjs';
import { POLICY_SECTIONS, PolicyBenchError } from '../test/bench/policy.bench.mjs';
import { SIGV4_SECTIONS, Sigv4BenchError } from '../test/bench/sigv4.bench.mjs';
import { SAAS_SECTIONS } from '../test/bench/saas.bench.mjs';
import { PASSWORD_SECTIONS } from '../test/bench/password.bench.mjs';
import { CREDENTIAL_REPORT_SECTIONS } from '../test/bench/credential-report.bench.mjs';
import { AUDIT_SECTIONS } from '../test/bench/audit.bench.mjs';
import {
  accountWithRootKeys,
  BenchError,
  getCallerIdentity,
  getUser,
  healthz,
  makeClient,
  signedPost,
  userAndRoleSession,
  validatePolicy,
} from './lib/bench-client.mjs';
import { cpuOfBatch, inRuntimeWorkers } from './lib/in-runtime.mjs';
import { descendantPids } from './lib/process-cpu.mjs';

const num = (name, def) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : def;
};
const CFG = {
  n: num('BENCH_N', 500),
  c: num('BENCH_C', 16),
  nConc: num('BENCH_N_CONC', 2000),
  rounds: num('BENCH_ROUNDS', 5),
  warmup: num('BENCH_WARMUP', 2),
  nCpu: num('BENCH_N_CPU', 1000),
  sectionTimeoutMs: num('BENCH_SECTION_TIMEOUT_S', 180) * 1000,
};
/** The Worker's name in wrangler.toml: the in-runtime driver's service binding names it. */
const WORKER_NAME = 'edge-iam';

// The one client of every HTTP measurement: keep-alive connections, reused across batches.
const client = makeClient(CFG.c);

/**
 * Compare subject and baseline in the modes above (see the method at the top of this file).
 * Returns [{mode, subjectOps, baselineOps, ratio}].
 */
async function compare({ subject, baseline, deadline, n = CFG.n, nConc = CFG.nConc }) {
  const modes = [
    { mode: `sequential (N=${n} × ${CFG.rounds})`, count: n, conc: 1 },
    { mode: `concurrent (C=${CFG.c}, N=${nConc} × ${CFG.rounds})`, count: nConc, conc: CFG.c },
  ];
  // Warm-up, alternating, discarded.
  for (let r = 0; r < CFG.warmup; r++) {
    for (const m of modes) {
      const w = Math.max(50, Math.floor(m.count / 4));
      await client.timedBatch(r % 2 ? subject : baseline, w, m.conc, deadline);
      await client.timedBatch(r % 2 ? baseline : subject, w, m.conc, deadline);
    }
  }
  const results = [];
  for (const m of modes) {
    const acc = { subject: { ops: 0, ms: 0 }, baseline: { ops: 0, ms: 0 } };
    for (let r = 0; r < CFG.rounds; r++) {
      const order = r % 2 ? ['subject', 'baseline'] : ['baseline', 'subject'];
      for (const which of order) {
        const t = await client.timedBatch(which === 'subject' ? subject : baseline, m.count, m.conc, deadline);
        acc[which].ops += t.ops;
        acc[which].ms += t.ms;
      }
    }
    const subjectOps = (acc.subject.ops * 1000) / acc.subject.ms;
    const baselineOps = (acc.baseline.ops * 1000) / acc.baseline.ms;
    results.push({ mode: m.mode, subjectOps, baselineOps, ratio: subjectOps / baselineOps });
  }
  return results;
}

/**
 * CPU per request of the Worker itself, inside workerd (scripts/lib/in-runtime.mjs): for each target, in
 * BENCH_ROUNDS rounds (order alternating) of BENCH_N_CPU requests, the workerd process's CPU time while the
 * driver sends them to the Worker, minus its CPU time while it sends the same requests to a Worker that
 * only answers `ok` (the driver's own share). Returns µs per request for each target, or null without /proc.
 */
async function cpuPerRequest(ctx, targets) {
  const pids = descendantPids('workerd');
  if (!pids?.length) return null;
  const acc = targets.map(() => ({ worker: 0, noop: 0, n: 0 }));
  const once = async (i, count) => {
    const { target, marker } = targets[i];
    const requests = await target.prepare(count); // untimed, signed just before
    const worker = await cpuOfBatch(ctx.server, pids, { requests, marker });
    const noop = await cpuOfBatch(ctx.server, pids, { target: 'noop', requests, marker: 'ok' });
    return { worker, noop };
  };
  for (let r = 0; r < CFG.warmup; r++) for (let i = 0; i < targets.length; i++) await once(i, Math.max(50, CFG.nCpu >> 2));
  for (let r = 0; r < CFG.rounds; r++) {
    const order = targets.map((_, i) => i);
    if (r % 2) order.reverse();
    for (const i of order) {
      const { worker, noop } = await once(i, CFG.nCpu);
      if (worker === null || noop === null) return null;
      acc[i].worker += worker;
      acc[i].noop += noop;
      acc[i].n += CFG.nCpu;
    }
  }
  return acc.map((a) => ({ us: (a.worker - a.noop) / 1000 / a.n, driverUs: a.noop / 1000 / a.n }));
}

// ---------------------------------------------------------------- sections

/** POST /healthz with the very request GetCallerIdentity sends (signed, same headers and body), answered `ok`. */
const postHealthz = (ctx, creds) =>
  signedPost({
    url: `${ctx.baseUrl}/healthz`,
    service: 'sts',
    credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey },
    body: 'Action=GetCallerIdentity&Version=2011-06-15',
    check: (status, text) => (status === 200 && text.trim() === 'ok' ? null : 'POST /healthz did not answer 200 "ok"'),
  });

const SECTIONS = [
  // First: every other section's calls are events too, and the local queue delivers them one batch at a
  // time, so after them the trail's rate would be measured behind their backlog (tens of thousands of events).
  ...AUDIT_SECTIONS,
  {
    name: 'sts-get-caller-identity',
    title: 'STS GetCallerIdentity (SigV4, POST /) vs the trivial /healthz route — same Worker, same client, same run',
    subject: 'GetCallerIdentity',
    baseline: 'GET /healthz',
    target: 0.7,
    async run(ctx) {
      const creds = await accountWithRootKeys(ctx);
      const subject = getCallerIdentity(ctx, creds);
      // Two baselines: GET /healthz, and POST /healthz with the very same signed request (headers and body),
      // which separates the service's own work from the cost of carrying a signed POST.
      const getHealthz = healthz(ctx);
      const vsGet = await compare({ subject, baseline: getHealthz, deadline: ctx.deadline });
      const vsPost = await compare({ subject, baseline: postHealthz(ctx, creds), deadline: ctx.deadline });
      return [...vsGet, ...vsPost.map((r) => ({ ...r, baseline: 'POST /healthz (same signed request)' }))];
    },
  },
  {
    name: 'cpu-sts-get-caller-identity',
    title: "CPU per call inside workerd, from a driver Worker through a service binding: STS GetCallerIdentity (root keys) vs GET /healthz, same run (the driver's own share shown apart; POST /healthz with the same signed request for information)",
    async run(ctx) {
      const creds = await accountWithRootKeys(ctx);
      const cpu = await cpuPerRequest(ctx, [
        { target: healthz(ctx), marker: 'ok' },
        { target: getCallerIdentity(ctx, creds), marker: `<Account>${creds.accountId}</Account>` },
        { target: postHealthz(ctx, creds), marker: 'ok' },
      ]);
      if (cpu === null) return [{ line: 'workerd CPU time unavailable (no /proc): not measured' }];
      const [base, subject, post] = cpu;
      // Judged on whole calls (what a calling Worker's request costs the runtime, the driver's loop included
      // on both sides, as "a loop of calls to the Worker's handler" measures): the trivial route's own CPU,
      // once the driver's share is subtracted, is within the noise of that subtraction (it came out between
      // −5 and 30 µs), so a ratio over it means nothing.
      const whole = (x) => x.us + x.driverUs;
      const ratio = whole(subject) / whole(base);
      const pass = ratio <= 2 + 1e-9;
      return [
        {
          line:
            `CPU per call (BENCH_N_CPU=${CFG.nCpu} × ${CFG.rounds}) GetCallerIdentity ${whole(subject).toFixed(1)} µs | GET /healthz ${whole(base).toFixed(1)} µs | ` +
            `ratio ${ratio.toFixed(2)} (target ≤ 2) ${pass ? 'PASS' : 'BELOW TARGET'}`,
          pass,
        },
        {
          line:
            `(without the driver's loop, ${subject.driverUs.toFixed(1)} µs and ${base.driverUs.toFixed(1)} µs per call: ` +
            `GetCallerIdentity ${subject.us.toFixed(1)} µs, GET /healthz ${base.us.toFixed(1)} µs${base.us <= 0.1 * subject.us ? ', within the noise of the subtraction' : ''})`,
        },
        {
          // Not judged: what carrying the same signed POST costs before any service work (the body crosses
          // the binding and is read, the headers are larger), for reading the figure above.
          line:
            `(for information: POST /healthz with the same signed request, body read, ${whole(post).toFixed(1)} µs a call, ${post.us.toFixed(1)} µs without the driver's loop; ` +
            `GetCallerIdentity/POST /healthz ${(whole(subject) / whole(post)).toFixed(2)})`,
        },
      ];
    },
  },
  {
    name: 'iam-get-user',
    title: 'IAM GetUser (an IAM user reading itself: one round trip to the account\'s object, a policy evaluated) vs the trivial /healthz route — same Worker, same client, same run',
    subject: 'GetUser',
    baseline: 'GET /healthz',
    target: 0.6,
    async run(ctx) {
      const subject = await getUser(ctx, await accountWithRootKeys(ctx));
      // A quarter of the usual batches: an object round trip is the slowest request here, and the section
      // must finish within its time budget on a loaded machine.
      return compare({ subject, baseline: healthz(ctx), deadline: ctx.deadline, n: Math.ceil(CFG.n / 4), nConc: Math.ceil(CFG.nConc / 4) });
    },
  },
  {
    name: 'sts-asia-vs-akia',
    title: 'an ASIA request (session token opened, signature checked, policies evaluated) vs an AKIA request — sts:GetAccessKeyInfo, same Worker, same client',
    subject: 'ASIA (role session)',
    baseline: 'AKIA (IAM user)',
    // Throughput ratio ASIA/AKIA ≥ 1/1.5, i.e. an ASIA request costs at most 1.5× an AKIA one.
    target: 1 / 1.5,
    async run(ctx) {
      const root = await accountWithRootKeys(ctx);
      const { user, session } = await userAndRoleSession(ctx, root);
      const body = `Action=GetAccessKeyInfo&Version=2011-06-15&AccessKeyId=${user.accessKeyId}`;
      const check = (status, text) =>
        status === 200 && text.includes(`<Account>${root.accountId}</Account>`) ? null : `GetAccessKeyInfo answered ${status}: ${text.slice(0, 200)}`;
      const subject = signedPost({ url: `${ctx.baseUrl}/`, service: 'sts', credentials: session, body, check });
      const baseline = signedPost({ url: `${ctx.baseUrl}/`, service: 'sts', credentials: user, body, check });
      return compare({ subject, baseline, deadline: ctx.deadline });
    },
  },
  {
    name: 'access-analyzer-validate-policy',
    title:
      'Access Analyzer ValidatePolicy of a 15-statement identity policy (4.5 KB, within the managed policy quota) (REST JSON, authorized in the isolate, every check run) vs STS GetCallerIdentity (the same authentication, no checks) — same Worker, same client, same run',
    subject: 'ValidatePolicy',
    baseline: 'GetCallerIdentity',
    // The checks of a policy of real size cost at most as much again as authenticating the call.
    target: 0.5,
    async run(ctx) {
      const creds = await accountWithRootKeys(ctx);
      const subject = validatePolicy(ctx, creds);
      return compare({ subject, baseline: getCallerIdentity(ctx, creds), deadline: ctx.deadline });
    },
  },
  ...POLICY_SECTIONS,
  ...SIGV4_SECTIONS,
  ...SAAS_SECTIONS,
  ...PASSWORD_SECTIONS,
  ...CREDENTIAL_REPORT_SECTIONS,
];

// ---------------------------------------------------------------- runner

/** A section's time budget: its own `timeoutMs` (one whose setup is long), else BENCH_SECTION_TIMEOUT_S. */
const sectionTimeoutMs = (s) => Math.max(s.timeoutMs ?? 0, CFG.sectionTimeoutMs);

const fmt = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1)).padStart(7);

async function main() {
  const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const selected = SECTIONS.filter((s) => !filters.length || filters.some((f) => s.name.includes(f)));
  if (!selected.length) {
    console.error(`no section matches ${filters.join(' ')}; sections: ${SECTIONS.map((s) => s.name).join(', ')}`);
    process.exit(2);
  }

  // A hard stop, whatever happens.
  const budget = selected.reduce((sum, s) => sum + sectionTimeoutMs(s), 0) + 120_000;
  setTimeout(() => {
    console.error(`bench: overall time budget (${budget / 1000} s) exceeded, exiting`);
    process.exit(1);
  }, budget).unref();

  let server;
  if (selected.some((s) => s.needsServer !== false)) {
    console.log(`bench: building the Worker and starting it on 127.0.0.1 (Miniflare)…`);
    // Workers some sections need beside edge-iam (the example SaaS: test/bench/saas.bench.mjs), built once.
    const companions = [...new Map(selected.flatMap((s) => s.needsCompanions ?? []).map((c) => [c.configPath, c])).values()];
    server = await startServer({ extraWorkers: inRuntimeWorkers(WORKER_NAME), companions });
    let stopping = false;
    for (const sig of ['SIGINT', 'SIGTERM']) {
      process.on(sig, () => {
        if (stopping) process.exit(130);
        stopping = true;
        console.error(`bench: ${sig}, stopping the server`);
        server.dispose().finally(() => process.exit(130));
      });
    }
    console.log(`bench: server at ${server.url}; node ${process.version}; ` +
      `N=${CFG.n}, C=${CFG.c}, N_conc=${CFG.nConc}, rounds=${CFG.rounds}, warm-up=${CFG.warmup}\n`);
  } else {
    console.log(`bench: no HTTP server needed; node ${process.version}; rounds=${CFG.rounds}, warm-up=${CFG.warmup}\n`);
  }

  const summary = [];
  try {
    for (const s of selected) {
      console.log(`== ${s.name}: ${s.title}`);
      const ctx = {
        baseUrl: server?.url,
        operatorToken: server?.operatorToken,
        server,
        cfg: CFG,
        deadline: performance.now() + sectionTimeoutMs(s),
        compare,
      };
      try {
        const rows = await s.run(ctx);
        let ok = true;
        for (const r of rows) {
          if (r.line !== undefined) {
            if (r.pass !== undefined) ok &&= r.pass;
            console.log(`  ${r.line}`);
            continue;
          }
          const target = 'target' in r ? r.target : s.target;
          const pass = target === undefined ? undefined : r.ratio >= target - 1e-9;
          if (pass !== undefined) ok &&= pass;
          console.log(
            `  ${r.mode.padEnd(34)} ${r.subject ?? s.subject} ${fmt(r.subjectOps)} ops/s | ${r.baseline ?? s.baseline} ${fmt(r.baselineOps)} ops/s | ` +
              `ratio ${r.ratio >= 0.1 ? r.ratio.toFixed(2) : r.ratio.toPrecision(2)}` +
              (pass === undefined ? ' (no target)' : ` (target ≥ ${Number(target.toFixed(3))}) ${pass ? 'PASS' : 'BELOW TARGET'}`),
          );
        }
        summary.push({ name: s.name, status: ok ? 'PASS' : 'BELOW TARGET' });
      } catch (e) {
        const msg = e instanceof BenchError || e instanceof PolicyBenchError || e instanceof Sigv4BenchError ? e.message : (e?.stack ?? String(e));
        console.log(`  ERROR: ${msg}`);
        summary.push({ name: s.name, status: 'ERROR' });
      }
      console.log('');
    }
  } finally {
    client.destroy();
    await server?.dispose();
  }
  console.log('summary:');
  for (const s of summary) console.log(`  ${s.status.padEnd(12)} ${s.name}`);
  const strict = process.argv.includes('--strict');
  const failed = summary.filter((s) => s.status === 'ERROR' || (strict && s.status !== 'PASS'));
  if (failed.length) console.log(`bench: ${failed.map((s) => `${s.name} ${s.status}`).join(', ')}: exit 1`);
  process.exitCode = failed.length ? 1 : 0;
}

main().catch((e) => {
  console.error(`bench: ${e?.stack ?? e}`);
  process.exit(1);
});
