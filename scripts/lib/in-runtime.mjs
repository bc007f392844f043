/**
 * @module CPU per request of the Worker itself, measured inside workerd: a driver Worker in the same runtime
 * (Miniflare, beside the Worker) calls the Worker's fetch handler through a service binding, one prepared
 * request after the other, and the bench reads the workerd process's CPU time around the whole loop
 * (scripts/lib/process-cpu.mjs). No HTTP server, no client and no Miniflare entry Worker is counted, which
 * over loopback cost several times the trivial route's own work and would hide the Worker's share.
 *
 * What is left besides the Worker's work is the driver's loop (a Request, a service-binding call, reading
 * the answer): the same loop against a Worker that only answers `ok` measures it, and the bench subtracts
 * it. Every answer is checked (status 200 and a marker in the body) by the driver.
 */
import { cpuNs } from './process-cpu.mjs';

const COMPATIBILITY_DATE = '2026-04-01';

const DRIVER_SOURCE = `
export default {
  async fetch(request, env) {
    const { target, requests, marker } = await request.json();
    const binding = target === 'noop' ? env.NOOP : env.TARGET;
    let bad = null;
    for (const r of requests) {
      const res = await binding.fetch(r.url, { method: r.method, headers: r.headers, body: r.body });
      const text = await res.text();
      if (res.status !== 200 || !text.includes(marker)) { bad = res.status + ' ' + text.slice(0, 300); break; }
    }
    return Response.json({ bad });
  },
};`;

/** Miniflare options of the driver and of the `ok` Worker, for startServer's `extraWorkers`. */
export function inRuntimeWorkers(targetName) {
  return [
    { name: 'bench-driver', modules: true, script: DRIVER_SOURCE, compatibilityDate: COMPATIBILITY_DATE, serviceBindings: { TARGET: targetName, NOOP: 'bench-noop' } },
    { name: 'bench-noop', modules: true, script: `export default { fetch: () => new Response('ok') };`, compatibilityDate: COMPATIBILITY_DATE },
  ];
}

/**
 * Sends `requests` ({url, method, headers, body}) one by one from the driver to the Worker (or, with
 * `target: 'noop'`, to the `ok` Worker); returns the workerd process's CPU nanoseconds for the batch, or
 * null without /proc. Throws when an answer is not 200 or lacks `marker`.
 */
export async function cpuOfBatch(server, pids, { target = 'worker', requests, marker }) {
  const driver = await server.mf.getWorker('bench-driver');
  const body = JSON.stringify({ target, requests, marker });
  const before = cpuNs(pids);
  const res = await driver.fetch('http://bench-driver/', { method: 'POST', body });
  const { bad } = await res.json();
  const after = cpuNs(pids);
  if (bad) throw new Error(`in-runtime request answered ${bad}`);
  return before === null || after === null ? null : after - before;
}
