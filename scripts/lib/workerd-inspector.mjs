/**
 * @module workerd's inspector from Node: the Chrome DevTools protocol's Profiler domain on the Worker's
 * isolate, and a summary of a CPU profile by self time. Used by `npm run profile` (scripts/profile.mjs)
 * and by the bench's CPU sections (scripts/bench.mjs).
 *
 * workerd serves the inspector when Miniflare is given `inspectorPort` (test/support/server.mjs passes it
 * through); `GET http://<inspector>/json` lists one target per Worker (Miniflare's own entry Workers
 * included), each with a `webSocketDebuggerUrl`. The WebSocket client is `ws`, resolved through miniflare
 * (its declared dependency), so nothing is added to the project; Node 20 has no WebSocket without a flag.
 *
 * Spec: https://chromedevtools.github.io/devtools-protocol/tot/Profiler/
 */
import { createRequire } from 'node:module';
import path from 'node:path';

const requireFromMiniflare = createRequire(createRequire(import.meta.url).resolve('miniflare'));
const WebSocket = requireFromMiniflare('ws');

/**
 * Opens a protocol session on the target whose id or title contains `name` (the Worker's name from
 * wrangler.toml), on the inspector at `inspectorUrl` (`mf.getInspectorURL()`). Returns `{ send, close }`.
 */
export async function openInspector(inspectorUrl, name) {
  const base = new URL(inspectorUrl);
  const targets = await (await fetch(`http://${base.host}/json`)).json();
  // Exactly the name first, then a name ending in `:name` (workerd's `core:user:<name>`), so `acme` is not `acme-bench`.
  const target =
    targets.find((t) => t.id === name || t.title === name) ??
    targets.find((t) => t.id.endsWith(`:${name}`) || t.title.endsWith(`:${name}`)) ??
    targets.find((t) => `${t.id} ${t.title}`.includes(name));
  if (!target) throw new Error(`no inspector target named ${name}: ${targets.map((t) => t.id).join(', ')}`);
  // workerd names the host in the URL as it listens ("localhost"); keep the address Miniflare gave.
  const wsUrl = new URL(target.webSocketDebuggerUrl);
  wsUrl.host = base.host;
  const ws = new WebSocket(wsUrl.href, { perMessageDeflate: false, maxPayload: 512 * 1024 * 1024 });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map();
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data));
    const p = msg.id !== undefined ? pending.get(msg.id) : undefined;
    if (!p) return;
    pending.delete(msg.id);
    if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
    else p.resolve(msg.result);
  });
  ws.on('close', () => {
    for (const p of pending.values()) p.reject(new Error(`${p.method}: inspector closed`));
    pending.clear();
  });
  return {
    target: target.id,
    send(method, params = {}) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, method });
        ws.send(JSON.stringify({ id, method, params }));
      });
    },
    close() {
      ws.close();
    },
  };
}

/**
 * Runs `work()` under the sampling profiler of `session`'s isolate; returns `{ profile, result }`.
 * `intervalUs`: the sampling interval (V8's default is 1000 µs; 100 µs sees a 30 µs request).
 */
export async function profileWhile(session, work, { intervalUs = 100 } = {}) {
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.send('Profiler.start');
  let result;
  try {
    result = await work();
  } finally {
    var { profile } = await session.send('Profiler.stop');
    await session.send('Profiler.disable');
  }
  return { profile, result };
}

/** V8's pseudo-frames: time the isolate spent outside JavaScript functions. */
const IDLE = '(idle)';
const PSEUDO = new Set(['(program)', '(garbage collector)', '(root)', IDLE]);

/** `functionName url:line` of a profile node, with the URL shortened to its file name. */
function frameName(cf) {
  const fn = cf.functionName || '(anonymous)';
  if (PSEUDO.has(fn)) return fn;
  const file = cf.url ? path.basename(cf.url.replace(/^file:\/\//, '')) : '';
  return file ? `${fn} ${file}:${cf.lineNumber + 1}` : fn;
}

/**
 * Self and total time by function of a CPU profile (`Profiler.stop`'s), in microseconds, and the busy time
 * (every sample but `(idle)`). `total` counts a function once per sample even when it recurses.
 */
export function summarizeProfile(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const total = new Map();
  let busyUs = 0;
  let idleUs = 0;
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    // The delta before sample i+1 is the time sample i stood for (the CDP convention DevTools uses).
    const us = timeDeltas[i + 1] ?? 0;
    const leaf = nodes.get(samples[i]);
    const name = frameName(leaf.callFrame);
    if (name === IDLE) {
      idleUs += us;
      continue;
    }
    busyUs += us;
    self.set(name, (self.get(name) ?? 0) + us);
    const seen = new Set();
    for (let id = leaf.id; id !== undefined; id = parent.get(id)) {
      const n = frameName(nodes.get(id).callFrame);
      if (seen.has(n)) continue;
      seen.add(n);
      total.set(n, (total.get(n) ?? 0) + us);
    }
  }
  const rows = [...self.entries()].map(([name, us]) => ({ name, selfUs: us, totalUs: total.get(name) ?? us }));
  rows.sort((a, b) => b.selfUs - a.selfUs);
  const byTotal = [...total.entries()].map(([name, us]) => ({ name, totalUs: us, selfUs: self.get(name) ?? 0 }));
  byTotal.sort((a, b) => b.totalUs - a.totalUs);
  return { busyUs, idleUs, self: rows, total: byTotal };
}
