/**
 * @module Last use of long-term access keys (GetAccessKeyLastUsed): the isolate reports a key's use to its
 * account's object after answering, at most once a minute per key, with the service the key was used for
 * (`sts` for STS calls, the SaaS's prefix for its decisions). Spec: IAM API Reference, GetAccessKeyLastUsed.
 */
import { BoundedCache } from '../core/bounded-cache';
import type { Caller } from '../services/context';
import type { Edge } from './edge';

/** How often the isolate reports a key's use to its account's object, per key (milliseconds). */
const TOUCH_INTERVAL_MS = 60_000;
const LAST_TOUCH_MAX_ENTRIES = 10_000;
/** Keys whose use the isolate reported within the interval (the entry's presence is the answer). */
const lastTouch = new BoundedCache<string, true>({ maxEntries: LAST_TOUCH_MAX_ENTRIES, ttlMs: TOUCH_INTERVAL_MS, order: 'recently-written' });

/** Records a long-term key's use in its account's object, at most once a minute per key per isolate. */
export function touchLater(c: Edge, caller: Caller, service: string, region: string, nowMs: number): void {
  // Sessions and console principals (switch role's AssumeRole) sign with no long-term key.
  if (caller.session || caller.console) return;
  if (lastTouch.get(caller.accessKeyId, nowMs)) return;
  lastTouch.set(caller.accessKeyId, true, nowMs);
  const stub = c.env.ACCOUNT.get(c.env.ACCOUNT.idFromName(caller.accountId));
  c.executionCtx.waitUntil(stub.touch({ kind: 'key', accessKeyId: caller.accessKeyId, service, region, atMs: nowMs }).catch(() => undefined));
}
