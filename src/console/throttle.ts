/**
 * @module Per-source throttling of console sign-in: failed attempts per client address, in a bounded
 * per-isolate cache (core/bounded-cache.ts). Per-isolate on purpose: it costs nothing per attempt and
 * stops one source hammering through one isolate; an attacker spread over many isolates (or many
 * addresses) still meets the per-name lockout, which the account's object keeps strongly consistent
 * (storage/account/sign-in.ts). The address is Cloudflare's `CF-Connecting-IP`, which a client cannot set.
 * Spec: OWASP Authentication Cheat Sheet, "Protect Against Automated Attacks".
 */
import { BoundedCache } from '../core/bounded-cache';

/** Failed sign-ins from one source before it is refused, and the window they count in (15 minutes). */
export const SOURCE_MAX_FAILURES = 20;
export const SOURCE_WINDOW_MS = 900_000;

const failures = new BoundedCache<string, number>({ maxEntries: 10_000, ttlMs: SOURCE_WINDOW_MS, order: 'recently-written' });

/** Whether `source` is refused at `nowMs`. */
export const sourceBlocked = (source: string, nowMs: number): boolean => (failures.get(source, nowMs) ?? 0) >= SOURCE_MAX_FAILURES;

/** Counts a failure of `source`; the window restarts with each failure (a steady trickle stays counted). */
export function recordSourceFailure(source: string, nowMs: number): void {
  failures.set(source, (failures.get(source, nowMs) ?? 0) + 1, nowMs);
}
