/**
 * `npm run profile` summarises workerd's CPU profile by self and total time (scripts/lib/workerd-inspector.mjs),
 * and the bench reads workerd's CPU time from /proc (scripts/lib/process-cpu.mjs): the arithmetic the
 * figures rest on, checked on a profile made by hand and on this process.
 */
import { describe, expect, it } from 'vitest';

interface Row {
  name: string;
  selfUs: number;
  totalUs: number;
}
const { summarizeProfile } = (await import(new URL('../../../scripts/lib/workerd-inspector.mjs', import.meta.url).href)) as {
  summarizeProfile(profile: unknown): { busyUs: number; idleUs: number; self: Row[]; total: Row[] };
};
const { cpuNs, descendantPids } = (await import(new URL('../../../scripts/lib/process-cpu.mjs', import.meta.url).href)) as {
  cpuNs(pids: number[] | null): number | null;
  descendantPids(name: string, root?: number): number[] | null;
};

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber, columnNumber: 0, scriptId: '0' });

// (root) → fetch worker.js:10 → verify worker.js:20 → verify (recursion); (root) → (idle)
const PROFILE = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 5] },
    { id: 2, callFrame: frame('fetch', 'file:///tmp/x/worker.js', 9), children: [3] },
    { id: 3, callFrame: frame('verify', 'file:///tmp/x/worker.js', 19), children: [4] },
    { id: 4, callFrame: frame('verify', 'file:///tmp/x/worker.js', 19), children: [] },
    { id: 5, callFrame: frame('(idle)'), children: [] },
  ],
  // Sample i stands for timeDeltas[i + 1] µs.
  samples: [2, 3, 4, 5, 2],
  timeDeltas: [0, 10, 20, 30, 40, 50],
};

describe('summarizeProfile', () => {
  const s = summarizeProfile(PROFILE);

  it('counts every sample but (idle) as busy', () => {
    expect(s.busyUs).toBe(10 + 20 + 30 + 50);
    expect(s.idleUs).toBe(40);
  });

  it('gives self time to the leaf and total time once per function per sample, recursion included', () => {
    expect(s.self).toEqual([
      { name: 'verify worker.js:20', selfUs: 50, totalUs: 50 },
      { name: 'fetch worker.js:10', selfUs: 60, totalUs: 110 },
    ].sort((a, b) => b.selfUs - a.selfUs));
    expect(s.total.find((r) => r.name === '(root)')).toEqual({ name: '(root)', totalUs: 110, selfUs: 0 });
    expect(s.total.find((r) => r.name === 'verify worker.js:20')?.totalUs).toBe(50);
  });
});

describe('process CPU time', () => {
  it('grows with work done by this process, and is unavailable for no process', () => {
    const before = cpuNs([process.pid]);
    if (before === null) return; // no /proc here: the bench reports the figure as unavailable
    let x = 0;
    for (let i = 0; i < 5e6; i++) x += Math.sqrt(i);
    expect(x).toBeGreaterThan(0);
    expect(cpuNs([process.pid])!).toBeGreaterThan(before);
    expect(cpuNs([])).toBeNull();
  });

  it('finds no workerd among the descendants of a process without children', () => {
    const pids = descendantPids('workerd', 2 ** 22 + 1);
    if (pids === null) return;
    expect(pids).toEqual([]);
  });
});
