/**
 * @module The resource-based policy a SaaS passes with a decision (the policy it keeps for a project, say),
 * read and validated as IAM validates a resource policy (`MalformedPolicyDocument` with IAM's message),
 * compiled once per distinct text and kept per isolate. Its statements are reported as policy `resource`.
 * Spec: IAM User Guide, "Identity-based policies and resource-based policies"; cross-account evaluation,
 * "Cross-account policy evaluation logic".
 */
import { BoundedCache } from '../core/bounded-cache';
import { AwsError } from '../core/errors';
import { checkPolicy, compilePolicy, type CompiledPolicy } from '../core/policy/index';

/** Compiled resource policies an isolate keeps (by text); a SaaS's policies repeat across decisions. */
const CACHE_MAX_ENTRIES = 1_000;
const compiled = new BoundedCache<string, CompiledPolicy | AwsError>({ maxEntries: CACHE_MAX_ENTRIES });

/** The compiled resource policy of `text`; throws `MalformedPolicyDocument` (400) when IAM would refuse it. */
export function resourcePolicyOf(text: string, partition: string, where = 'resourcePolicy'): CompiledPolicy {
  const key = `${partition}\0${text}`;
  let hit = compiled.get(key);
  if (hit === undefined) {
    const checked = checkPolicy(text, 'resource', partition);
    hit = checked.ok
      ? compilePolicy(checked.value, { policyId: 'resource', policyType: 'resource' })
      : new AwsError('MalformedPolicyDocument', `${where}: ${checked.error[0]?.message ?? 'Syntax errors in policy.'}`, 400);
    compiled.set(key, hit);
  }
  if (hit instanceof AwsError) throw hit;
  return hit;
}
