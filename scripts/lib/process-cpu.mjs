/**
 * @module CPU time of the local server's workerd process, read from Linux's /proc: the bench divides it by
 * the requests of a batch for a CPU-per-request figure that no client, other process or wait counts in.
 *
 * Each thread's `schedstat` holds the nanoseconds it ran on a CPU (first field); the process's figure is
 * the sum over its threads (`/proc/<pid>/task/*`), nanosecond-resolved where `stat`'s utime/stime are
 * clock ticks (10 ms). Threads that ended between two readings drop out of the sum, so a reading is only
 * compared with one taken around the same batch. On a system without /proc the functions return null and
 * the bench reports the figure as unavailable.
 *
 * Spec: https://docs.kernel.org/scheduler/sched-stats.html (/proc/<pid>/schedstat)
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Pids of the processes named `name` among the descendants of process `root` (default: this one). */
export function descendantPids(name, root = process.pid) {
  let entries;
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return null;
  }
  const children = new Map();
  const comm = new Map();
  for (const pid of entries) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces and parentheses, so split after the last ')'.
      const close = stat.lastIndexOf(')');
      const ppid = Number(stat.slice(close + 2).split(' ')[1]);
      comm.set(Number(pid), stat.slice(stat.indexOf('(') + 1, close));
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(pid));
    } catch {
      // The process ended while we looked.
    }
  }
  const out = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop();
    for (const c of children.get(pid) ?? []) {
      if (comm.get(c) === name) out.push(c);
      stack.push(c);
    }
  }
  return out;
}

/** Nanoseconds the processes `pids` have run on a CPU so far (all their threads); null without /proc. */
export function cpuNs(pids) {
  if (!pids || pids.length === 0) return null;
  let total = 0;
  for (const pid of pids) {
    let tasks;
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      return null;
    }
    for (const t of tasks) {
      try {
        total += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        // The thread ended while we looked.
      }
    }
  }
  return total;
}
