/**
 * @module IAM's wildcard matching for the policy checks: `*` any run of characters, `?` any one.
 */
import { BoundedCache } from '../bounded-cache';

/**
 * Patterns compiled once: a policy's checks match the same actions and resources many times, and a RegExp
 * built per match was a tenth of ValidatePolicy's time (`npm run profile -- access-analyzer-validate-policy`).
 * Shared safely: the expressions have no `g` or `y` flag, so `test` keeps no state between calls.
 */
const COMPILED = new BoundedCache<string, RegExp>({ maxEntries: 4_096 });

/** A regular expression for an IAM wildcard pattern (case-insensitive unless asked: resource ARNs are not). */
export function globRegExp(pattern: string, caseSensitive = false): RegExp {
  const key = `${caseSensitive ? 's' : 'i'}${pattern}`;
  let re = COMPILED.get(key);
  if (re === undefined) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    COMPILED.set(key, (re = new RegExp(`^${body}$`, caseSensitive ? 's' : 'is')));
  }
  return re;
}

/** Whether a pattern has a wildcard. */
export const hasWildcard = (s: string): boolean => s.includes('*') || s.includes('?');

/** Levenshtein distance, for "Did you mean …?" suggestions (bounded inputs: action and service names). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The candidate closest to `word` (case-insensitive), if one is within a third of its length. */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Math.max(1, Math.floor(w.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestD) { best = c; bestD = d; }
  }
  return best;
}
