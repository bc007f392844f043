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
// Method (shared by all sections through `compare()`):
//  - One HTTP client for subject and baseline: node:http with a keep-alive Agent (maxSockets = C).
//    Not fetch(): in Node 20, fetch (undici) costs ~0.6 ms of client CPU per request, more for a POST
//    with a body than for a GET, which both hides the server's time and penalises the POST side
//    (measured: a no-op POST / ran at 0.7× a GET /healthz with fetch, 1.0× with node:http).
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
// Sections that need no server (`needsServer: false`, e.g. the policy-engine sections of
// test/bench/policy.bench.mjs, `npm run bench -- policy`) run in this process; the server is started
// only when a selected section needs it. Such a section may return, besides compare rows, rows with
// their own `subject`/`baseline` labels and `target` (no target: printed for information, not judged)
// and free text lines `{ line, pass? }` (a line with `pass` also decides the section's status).
//
// Tunables (env): BENCH_N (sequential batch, 500), BENCH_C (concurrency, 16), BENCH_N_CONC (concurrent
// batch, 2000), BENCH_ROUNDS (5), BENCH_WARMUP (2), BENCH_SECTION_TIMEOUT_S (180).

import { randomInt } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { AwsClient } from 'aws4fetch';
import { startServer } from '../test/support/server.mjs';
import { POLICY_SECTIONS, PolicyBenchError } from '../test/bench/policy.bench.mjs';
import { SIGV4_SECTIONS, Sigv4BenchError } from '../test/bench/sigv4.bench.mjs';

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
  sectionTimeoutMs: num('BENCH_SECTION_TIMEOUT_S', 180) * 1000,
};
const REGION = 'us-east-1';

// ---------------------------------------------------------------- helpers for sections

class BenchError extends Error {}

/** Operator API call; throws BenchError with the answer when the status is not the expected one. */
async function operator(ctx, method, path, body, expected) {
  const res = await fetch(`${ctx.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ctx.operatorToken}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (res.status !== expected) {
    throw new BenchError(`${method} ${path} → HTTP ${res.status} (expected ${expected}): ${text.slice(0, 300)}`);
  }
  return text ? JSON.parse(text) : undefined;
}

/** A new tenant account (random 12-digit id) with root access keys, through the operator API. */
async function accountWithRootKeys(ctx) {
  const accountId = String(randomInt(1, 10)) + String(randomInt(0, 1e11)).padStart(11, '0');
  await operator(ctx, 'POST', '/operator/accounts', { accountId, email: `bench+${accountId}@example.com` }, 201);
  const k = await operator(ctx, 'POST', `/operator/accounts/${accountId}/root-access-keys`, undefined, 201);
  return { accountId, accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey };
}

// The one client of every measurement: keep-alive connections, reused across batches.
const agent = new http.Agent({ keepAlive: true, maxSockets: Math.max(1, num('BENCH_C', 16)) });

/** Send one prepared request {url, method, headers, body}; resolves {status, text}. */
function send({ url, method, headers, body }) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error('request timed out (30 s)')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Build a subject/baseline: `prepare(count)` returns `count` plain requests; `check(status, body)`. */
function plainGet(url, check) {
  return {
    prepare: async (count) => Array.from({ length: count }, () => ({ url, method: 'GET', headers: {} })),
    check,
  };
}

/** Requests signed with aws4fetch ahead of the timed batch, one fresh signature each. */
function signedPost({ url, service, credentials, body, check }) {
  const aws = new AwsClient({ ...credentials, service, region: REGION, retries: 0 });
  return {
    prepare: async (count) => {
      const out = new Array(count);
      for (let i = 0; i < count; i++) {
        const req = await aws.sign(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
          body,
        });
        const headers = Object.fromEntries(req.headers);
        headers['content-length'] = String(Buffer.byteLength(body));
        out[i] = { url: req.url, method: 'POST', headers, body };
      }
      return out;
    },
    check,
  };
}

async function sendAll(requests, concurrency, check, deadline) {
  let next = 0;
  let bad = null;
  const worker = async () => {
    while (next < requests.length && !bad) {
      const { status, text } = await send(requests[next++]).catch((e) => ({ status: 0, text: String(e) }));
      const why = status === 0 ? 'request failed' : check(status, text);
      if (why) bad = `${why} (HTTP ${status}: ${text.slice(0, 300)})`;
      if (performance.now() > deadline) bad ??= 'section time budget exceeded';
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, worker));
  if (bad) throw new BenchError(bad);
}

async function timedBatch(target, count, concurrency, deadline) {
  const requests = await target.prepare(count); // untimed
  const t0 = performance.now();
  await sendAll(requests, concurrency, target.check, deadline);
  return { ops: count, ms: performance.now() - t0 };
}

/**
 * Compare subject and baseline in the modes above (see the method at the top of this file).
 * Returns [{mode, subjectOps, baselineOps, ratio}].
 */
async function compare({ subject, baseline, deadline }) {
  const modes = [
    { mode: `sequential (N=${CFG.n} × ${CFG.rounds})`, count: CFG.n, conc: 1 },
    { mode: `concurrent (C=${CFG.c}, N=${CFG.nConc} × ${CFG.rounds})`, count: CFG.nConc, conc: CFG.c },
  ];
  // Warm-up, alternating, discarded.
  for (let r = 0; r < CFG.warmup; r++) {
    for (const m of modes) {
      const w = Math.max(50, Math.floor(m.count / 4));
      await timedBatch(r % 2 ? subject : baseline, w, m.conc, deadline);
      await timedBatch(r % 2 ? baseline : subject, w, m.conc, deadline);
    }
  }
  const results = [];
  for (const m of modes) {
    const acc = { subject: { ops: 0, ms: 0 }, baseline: { ops: 0, ms: 0 } };
    for (let r = 0; r < CFG.rounds; r++) {
      const order = r % 2 ? ['subject', 'baseline'] : ['baseline', 'subject'];
      for (const which of order) {
        const t = await timedBatch(which === 'subject' ? subject : baseline, m.count, m.conc, deadline);
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

// ---------------------------------------------------------------- sections

const SECTIONS = [
  {
    name: 'sts-get-caller-identity',
    title: 'STS GetCallerIdentity (SigV4, POST /) vs the trivial /healthz route — same Worker, same client, same run',
    subject: 'GetCallerIdentity',
    baseline: 'GET /healthz',
    target: 0.7,
    async run(ctx) {
      const creds = await accountWithRootKeys(ctx);
      const subject = signedPost({
        url: `${ctx.baseUrl}/`,
        service: 'sts',
        credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey },
        body: 'Action=GetCallerIdentity&Version=2011-06-15',
        check: (status, text) =>
          status !== 200
            ? 'GetCallerIdentity did not answer 200'
            : !text.includes(`<Account>${creds.accountId}</Account>`)
              ? `GetCallerIdentity did not return <Account>${creds.accountId}</Account>`
              : null,
      });
      // Two baselines: GET /healthz, and POST /healthz with the very same signed request (headers and body),
      // which separates the service's own work from the cost of carrying a signed POST.
      const getHealthz = plainGet(`${ctx.baseUrl}/healthz`, (status, text) =>
        status === 200 && text.trim() === 'ok' ? null : '/healthz did not answer 200 "ok"',
      );
      const postHealthz = signedPost({
        url: `${ctx.baseUrl}/healthz`,
        service: 'sts',
        credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey },
        body: 'Action=GetCallerIdentity&Version=2011-06-15',
        check: (status, text) => (status === 200 && text.trim() === 'ok' ? null : 'POST /healthz did not answer 200 "ok"'),
      });
      const vsGet = await compare({ subject, baseline: getHealthz, deadline: ctx.deadline });
      const vsPost = await compare({ subject, baseline: postHealthz, deadline: ctx.deadline });
      return [...vsGet, ...vsPost.map((r) => ({ ...r, baseline: 'POST /healthz (same signed request)' }))];
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
  ...POLICY_SECTIONS,
  ...SIGV4_SECTIONS,
];

/**
 * A user and a role session of the same account, both allowed sts:GetAccessKeyInfo by an inline policy
 * of two statements, set up with signed IAM and STS calls before any timing.
 */
async function userAndRoleSession(ctx, root) {
  const aws = { accessKeyId: root.accessKeyId, secretAccessKey: root.secretAccessKey };
  const query = async (credentials, service, params) => {
    const version = service === 'iam' ? '2010-05-08' : '2011-06-15';
    const client = new AwsClient({ ...credentials, service, region: REGION, retries: 0 });
    const res = await client.fetch(`${ctx.baseUrl}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: new URLSearchParams({ Action: params.Action, Version: version, ...params }).toString(),
    });
    const text = await res.text();
    if (res.status !== 200) throw new BenchError(`${params.Action} answered ${res.status}: ${text.slice(0, 300)}`);
    return text;
  };
  const field = (xml, name) => xml.match(new RegExp(`<${name}>([^<]*)</${name}>`))?.[1] ?? '';
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['sts:GetAccessKeyInfo', 'sts:AssumeRole'], Resource: '*' },
      { Effect: 'Deny', Action: 'iam:DeleteUser', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/locked': 'true' } } },
    ],
  });
  await query(aws, 'iam', { Action: 'CreateUser', UserName: 'bench' });
  const keyXml = await query(aws, 'iam', { Action: 'CreateAccessKey', UserName: 'bench' });
  const user = { accessKeyId: field(keyXml, 'AccessKeyId'), secretAccessKey: field(keyXml, 'SecretAccessKey') };
  await query(aws, 'iam', { Action: 'PutUserPolicy', UserName: 'bench', PolicyName: 'p', PolicyDocument: policy });
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${root.accountId}:user/bench` }, Action: 'sts:AssumeRole' }] });
  await query(aws, 'iam', { Action: 'CreateRole', RoleName: 'bench', AssumeRolePolicyDocument: trust });
  await query(aws, 'iam', { Action: 'PutRolePolicy', RoleName: 'bench', PolicyName: 'p', PolicyDocument: policy });
  const sessionXml = await query(user, 'sts', { Action: 'AssumeRole', RoleArn: `arn:aws:iam::${root.accountId}:role/bench`, RoleSessionName: 'bench' });
  const session = {
    accessKeyId: field(sessionXml, 'AccessKeyId'),
    secretAccessKey: field(sessionXml, 'SecretAccessKey'),
    sessionToken: field(sessionXml, 'SessionToken'),
  };
  return { user, session };
}

// ---------------------------------------------------------------- runner

const fmt = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1)).padStart(7);

async function main() {
  const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const selected = SECTIONS.filter((s) => !filters.length || filters.some((f) => s.name.includes(f)));
  if (!selected.length) {
    console.error(`no section matches ${filters.join(' ')}; sections: ${SECTIONS.map((s) => s.name).join(', ')}`);
    process.exit(2);
  }

  // A hard stop, whatever happens.
  const budget = (selected.length * CFG.sectionTimeoutMs) + 120_000;
  setTimeout(() => {
    console.error(`bench: overall time budget (${budget / 1000} s) exceeded, exiting`);
    process.exit(1);
  }, budget).unref();

  let server;
  if (selected.some((s) => s.needsServer !== false)) {
    console.log(`bench: building the Worker and starting it on 127.0.0.1 (Miniflare)…`);
    server = await startServer();
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
        deadline: performance.now() + CFG.sectionTimeoutMs,
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
    agent.destroy();
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
