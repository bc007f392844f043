// SigV4 benchmark, run by `npm run bench` as a section that needs no HTTP server (`npm run bench --
// sigv4` runs only it). The verifier under test is the pure core in src/core/sigv4 with Node's native
// provider (test/support/node-sha256.ts: this section runs in Node), bundled on the fly with esbuild
// (wrangler's dependency) from test/bench/sigv4-entry.ts into a temporary ESM file. The Worker, in workerd,
// verifies with the core's default provider (@noble/hashes; src/core/sigv4/hash.ts says why), whose ratio
// is printed beside it; its cost inside workerd is the cpu-sts-get-caller-identity section's.
//
// Section
//  - sigv4-verify: time per request of our verification of a typical SDK request against the time
//    @smithy/signature-v4 (the signer of the AWS JS SDK v3) takes to SIGN that same request, in the same
//    process. ratio = verify µs / sign µs; target ≤ 0.5. The same ratio with the core's default provider
//    (@noble/hashes, pure JS) is printed for information.
//
// The request is what @aws-sdk/client-iam 3.x sends for ListUsers (captured once from the client):
// POST / to iam.amazonaws.com with content-type, content-length, x-amz-user-agent, user-agent, host,
// amz-sdk-invocation-id, amz-sdk-request, then, from the signer, x-amz-date and x-amz-content-sha256
// (8 signed headers; user-agent is one smithy never signs), body `Action=ListUsers&Version=2010-05-08`.
//
// Method
//  - Signer: `new SignatureV4({ credentials, region, service: 'iam', sha256 })` with the SDK's Node
//    hash (@smithy/hash-node when installed, else an equivalent class on node:crypto below). One
//    signer for the whole run, so its signing-key cache is warm, as in an SDK client. One op =
//    `await signer.sign(unsignedRequest, { signingDate })`: smithy clones the request first (the SDK
//    hands it the same HttpRequest the same way), so every op signs a fresh copy.
//  - Verifier: one op = parse the Authorization header + SHA-256 of the received body + verifySigV4
//    with a warm signing-key cache, exactly as src/data-plane/authenticate.ts does (sigv4-entry.ts). The
//    request is given as the Worker sees it: lower-case header names in sorted order, body as bytes.
//  - Before timing, the smithy-signed request must verify with both providers, and a copy with one
//    signature digit changed must be refused; every timed verification must succeed and every timed
//    signature must equal the first one (fixed signing date), so nothing is dead code.
//  - Warm-up: BENCH_WARMUP rounds (discarded) that also calibrate each subject's slice size to
//    ≈ BENCH_SIGV4_BATCH_MS / 10. Then BENCH_ROUNDS rounds; a round is 10 slices per subject, interleaved
//    (sign, native, noble, then rotated by one), so drift (JIT, GC, other processes on a shared machine)
//    hits all alike. µs/op = total time / total ops (performance.now() around each slice). The spread of
//    the per-round ratios is printed too. Under CPU contention the µs figures inflate; the ratio holds.
//
// Tunables (env): BENCH_ROUNDS (5), BENCH_WARMUP (2) (shared with bench.mjs), BENCH_SIGV4_BATCH_MS (300).

import { createHash, createHmac, randomUUID } from 'node:crypto';
import path from 'node:path';
import { importTs } from './import-ts.mjs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const num = (name, def) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : def;
};
const BATCH_MS = num('BENCH_SIGV4_BATCH_MS', 300);
const TARGET = 0.5;
const SLICES = 10; // interleaved slices per subject and round

export class Sigv4BenchError extends Error {}

// ---------------------------------------------------------------- loading

/** test/bench/sigv4-entry.ts (and the sources it imports), bundled for Node. */
const loadVerifier = () => importTs(path.join(ROOT, 'test/bench/sigv4-entry.ts'));

/** SHA-256 / HMAC-SHA256 in the shape smithy expects, as @smithy/hash-node implements it on node:crypto. */
class NodeSha256 {
  #h;
  constructor(secret) {
    this.#h = secret === undefined ? createHash('sha256') : createHmac('sha256', typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret);
  }
  update(data) {
    this.#h.update(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  }
  digest() {
    return Promise.resolve(this.#h.digest());
  }
  reset() {}
}

/** The SDK's Node sha256 constructor: @smithy/hash-node's Hash when installed, else NodeSha256. */
async function sdkSha256() {
  try {
    const { Hash } = await import('@smithy/hash-node');
    return { sha256: Hash.bind(null, 'sha256'), name: '@smithy/hash-node' };
  } catch {
    return { sha256: NodeSha256, name: 'node:crypto Hash class (@smithy/hash-node not installed; same calls)' };
  }
}

async function loadSmithy() {
  try {
    const [{ SignatureV4 }, { HttpRequest }] = await Promise.all([import('@smithy/signature-v4'), import('@smithy/protocol-http')]);
    return { SignatureV4, HttpRequest };
  } catch (e) {
    throw new Sigv4BenchError(`cannot load @smithy/signature-v4 / @smithy/protocol-http (npm install?): ${e.message}`);
  }
}

// ---------------------------------------------------------------- measurement

/** Runs `op` `n` times (awaiting it only when `async`); returns elapsed wall ms and process CPU ms. */
async function timeBatch(subject, n) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  if (subject.async) for (let i = 0; i < n; i++) await subject.op();
  else for (let i = 0; i < n; i++) subject.op();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  subject.check();
  return { ms, cpuMs: (c.user + c.system) / 1000 };
}

async function measure(subjects, cfg, deadline) {
  // Warm-up (discarded), calibrating each slice to ≈ BATCH_MS / SLICES.
  for (const s of subjects) s.n = 500;
  for (let r = 0; r < Math.max(1, cfg.warmup); r++) {
    for (const s of subjects) {
      const { ms } = await timeBatch(s, s.n);
      s.n = Math.max(50, Math.round((s.n * BATCH_MS) / SLICES / Math.max(ms, 0.001)));
    }
  }
  for (const s of subjects) s.acc = { ops: 0, ms: 0, cpuMs: 0, perRound: [] };
  for (let r = 0; r < cfg.rounds; r++) {
    const round = new Map(subjects.map((s) => [s, 0]));
    for (let k = 0; k < SLICES; k++) {
      const first = r * SLICES + k;
      for (const s of subjects.map((_, i) => subjects[(i + first) % subjects.length])) {
        const t = await timeBatch(s, s.n);
        round.set(s, round.get(s) + t.ms);
        s.acc.cpuMs += t.cpuMs;
        if (performance.now() > deadline) throw new Sigv4BenchError('section time budget exceeded');
      }
    }
    for (const [s, ms] of round) {
      s.acc.ops += s.n * SLICES;
      s.acc.ms += ms;
      s.acc.perRound.push((ms * 1000) / (s.n * SLICES));
    }
  }
  for (const s of subjects) {
    s.us = (s.acc.ms * 1000) / s.acc.ops;
    s.cpuUs = (s.acc.cpuMs * 1000) / s.acc.ops;
  }
}

// ---------------------------------------------------------------- section

async function runVerify(ctx) {
  const [entry, { SignatureV4, HttpRequest }, hash] = await Promise.all([loadVerifier(), loadSmithy(), sdkSha256()]);
  const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
  const signingDate = new Date(Math.floor(Date.now() / 1000) * 1000);
  const body = 'Action=ListUsers&Version=2010-05-08';
  const sdkVersion = '3.1169.0';
  const unsigned = new HttpRequest({
    protocol: 'https:',
    hostname: 'iam.amazonaws.com',
    method: 'POST',
    path: '/',
    query: {},
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(body)),
      'x-amz-user-agent': `aws-sdk-js/${sdkVersion}`,
      'user-agent': `aws-sdk-js/${sdkVersion} ua/2.1 os/linux lang/js md/nodejs#${process.versions.node} api/iam#${sdkVersion} m/E,e`,
      host: 'iam.amazonaws.com',
      'amz-sdk-invocation-id': randomUUID(),
      'amz-sdk-request': 'attempt=1; max=3',
    },
    body,
  });
  const signer = new SignatureV4({ credentials, region: 'us-east-1', service: 'iam', sha256: hash.sha256 });

  // The request as the Worker receives it (src/http/query-endpoint.ts: Headers.forEach order, lower case).
  const signed = await signer.sign(unsigned, { signingDate });
  const authorization = signed.headers.authorization;
  const headers = Object.entries(signed.headers).map(([n, v]) => [n.toLowerCase(), String(v)]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const received = { method: 'POST', path: '/', query: '', headers };
  const bodyBytes = new TextEncoder().encode(body);
  const now = new Date(signingDate.getTime() + 1000);

  const verifiers = {
    native: entry.verifierFor(entry.providers.native, credentials.secretAccessKey),
    noble: entry.verifierFor(entry.providers.noble, credentials.secretAccessKey),
  };
  const lastSig = authorization.slice(-1);
  const tampered = {
    ...received,
    headers: headers.map(([n, v]) => [n, n === 'authorization' ? v.slice(0, -1) + (lastSig === '0' ? '1' : '0') : v]),
  };
  for (const [name, verify] of Object.entries(verifiers)) {
    const why = verify(received, bodyBytes, now);
    if (why !== null) throw new Sigv4BenchError(`${name} provider refuses the smithy-signed request: ${why}`);
    const bad = verify(tampered, bodyBytes, now);
    if (bad !== 'signature-mismatch') throw new Sigv4BenchError(`${name} provider: a changed signature gave ${bad ?? 'success'}, expected signature-mismatch`);
  }

  let last;
  const smithy = {
    name: 'smithy sign',
    async: true,
    op: async () => (last = await signer.sign(unsigned, { signingDate })),
    check: () => {
      if (last.headers.authorization !== authorization) throw new Sigv4BenchError('smithy produced another signature in a timed batch');
    },
  };
  const verifySubject = (name, verify) => {
    let failures = 0;
    return {
      name,
      async: false,
      op: () => {
        if (verify(received, bodyBytes, now) !== null) failures++;
      },
      check: () => {
        if (failures) throw new Sigv4BenchError(`${name}: ${failures} verifications failed in a timed batch`);
      },
    };
  };
  const native = verifySubject('verify (native)', verifiers.native);
  const noble = verifySubject('verify (noble)', verifiers.noble);
  await measure([smithy, native, noble], ctx.cfg, ctx.deadline);

  const us = (x) => `${x.toFixed(2).padStart(6)} µs/op`;
  const spread = (s) => {
    const r = s.acc.perRound.map((v, i) => v / smithy.acc.perRound[i]);
    return `${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)}`;
  };
  const row = (label, s, judged) => {
    const ratio = s.us / smithy.us;
    const pass = ratio <= TARGET;
    return {
      line:
        `${label.padEnd(34)} verify ${us(s.us)} | smithy sign ${us(smithy.us)} | ratio ${ratio.toFixed(2)}` +
        (judged ? ` (target ≤ ${TARGET}) ${pass ? 'PASS' : 'BELOW TARGET'}` : ' (no target)') +
        `; per round ${spread(s)}; CPU time ${(s.cpuUs / smithy.cpuUs).toFixed(2)} (${s.cpuUs.toFixed(2)} / ${smithy.cpuUs.toFixed(2)} µs)`,
      ...(judged ? { pass } : {}),
    };
  };
  return [
    {
      line:
        `request: POST / ListUsers, ${authorization.match(/SignedHeaders=([^,]+)/)[1].split(';').length} signed headers, ` +
        `${bodyBytes.length}-byte body; smithy sha256: ${hash.name}; ops per slice ${smithy.n} sign / ${native.n} native / ${noble.n} noble, ` +
        `${SLICES} slices × ${ctx.cfg.rounds} rounds`,
    },
    row(`native provider (node:crypto)`, native, true),
    row(`noble provider (core default)`, noble, false),
  ];
}

export const SIGV4_SECTIONS = [
  {
    name: 'sigv4-verify',
    needsServer: false,
    title:
      'SigV4 verification of a typical SDK request vs signing the same request with @smithy/signature-v4 in the same process: target ratio ≤ 0.5',
    run: runVerify,
  },
];
