/**
 * @module Last use of long-term access keys (GetAccessKeyLastUsed) and users' and roles' attempts for
 * service last accessed (GenerateServiceLastAccessedDetails), reported by the isolate to the account's
 * object after answering, in one RPC: a key's use at most once a minute per key, with the service the key
 * was used for (`sts` for STS calls, the SaaS's prefix for its decisions); an attempt at most once a minute
 * per entity, action and region (services/iam/last-accessed/track.ts says what counts).
 * Spec: IAM API Reference, GetAccessKeyLastUsed; IAM User Guide, "Refine permissions in AWS using last
 * accessed information".
 */
import { BoundedCache } from '../core/bounded-cache';
import type { Caller } from '../services/context';
import { accessEntityOf, isTracked } from '../services/iam/last-accessed/track';
import type { AttemptReport, UseReport } from '../storage/account-rpc';
import type { Edge } from './edge';

/** How often the isolate reports a key's use, or an attempt, to its account's object (milliseconds). */
const TOUCH_INTERVAL_MS = 60_000;
const LAST_TOUCH_MAX_ENTRIES = 10_000;
/** Keys whose use, and attempts, the isolate reported within the interval (the entry's presence is the answer). */
const lastTouch = new BoundedCache<string, true>({ maxEntries: LAST_TOUCH_MAX_ENTRIES, ttlMs: TOUCH_INTERVAL_MS, order: 'recently-written' });

/** Whether `key` was reported within the interval; marks it reported when not. */
function due(key: string, nowMs: number): boolean {
  if (lastTouch.get(key, nowMs)) return false;
  lastTouch.set(key, true, nowMs);
  return true;
}

/** The attempt to report for `action` (the action's own spelling), if the caller is tracked and it is due. */
function attemptOf(caller: Caller, service: string, action: string | undefined, region: string, nowMs: number): AttemptReport | undefined {
  const entity = action === undefined ? undefined : accessEntityOf(caller);
  if (!entity || !isTracked(service, action!)) return undefined;
  if (!due(`a\0${caller.accountId}\0${entity.type}\0${entity.id}\0${service}\0${action!.toLowerCase()}\0${region}`, nowMs)) return undefined;
  return { entityType: entity.type, entityId: entity.id, service, action: action!, region };
}

/**
 * Records a long-term key's use, and the caller's attempt at `action` of `service` when one is given, in
 * the caller's account's object, each at most once a minute per isolate.
 */
export function touchLater(c: Edge, caller: Caller, service: string, region: string, nowMs: number, action?: string): void {
  // Sessions and console principals (switch role's AssumeRole) sign with no long-term key.
  const key = !caller.session && !caller.console && due(`k\0${caller.accessKeyId}`, nowMs);
  const attempt = attemptOf(caller, service, action, region, nowMs);
  if (!key && !attempt) return;
  const use: UseReport = key
    ? { kind: 'key', accessKeyId: caller.accessKeyId, service, region, atMs: nowMs, ...(attempt ? { attempt } : {}) }
    : { kind: 'attempt', atMs: nowMs, attempt };
  const stub = c.env.ACCOUNT.get(c.env.ACCOUNT.idFromName(caller.accountId));
  c.executionCtx.waitUntil(stub.touch(use).catch(() => undefined));
}
