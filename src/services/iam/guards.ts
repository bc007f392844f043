/**
 * @module The two refusals most IAM actions share, worded once: an entity that does not exist
 * (NoSuchEntity, 404, in the kind's own words) and a quota already reached (LimitExceeded, 409,
 * `Cannot exceed quota for <Quota>: <max>`, as IAM words every quota).
 * Spec: IAM API Reference, "Common Errors" and each action's Errors; IAM User Guide, "IAM and AWS STS quotas".
 */
import { limitExceeded, noSuchEntity } from '../../core/errors';

/** `record`, or NoSuchEntity with `message` (the kind's wording) when it is absent. */
export function found<R>(record: R | null | undefined, message: string): R {
  if (record === null || record === undefined) throw noSuchEntity(message);
  return record;
}

/** LimitExceeded when `used` has reached `max`: one more would pass the quota named `quota`. */
export function checkQuota(used: number, max: number, quota: string): void {
  if (used >= max) throw limitExceeded(`Cannot exceed quota for ${quota}: ${max}`);
}
