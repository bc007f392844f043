/**
 * @module An IAM event's `readOnly`: true for the actions whose access level in AWS's Service
 * Authorization Reference is Read or List (GetUser, ListUsers, SimulatePrincipalPolicy ...), false for Write,
 * Permissions management and Tagging, as CloudTrail marks IAM's events (CloudTrail User Guide, "Read-only
 * and write-only events": events that read resources without changing them are read-only).
 */
import { actionAccessLevel } from '../authz-resources';

const cache = new Map<string, boolean>();

/** Whether `iam:<name>` reads only; an action the reference does not list counts as a write. */
export function iamReadOnly(name: string): boolean {
  let ro = cache.get(name);
  if (ro === undefined) {
    const level = actionAccessLevel(`iam:${name}`);
    ro = level === 'Read' || level === 'List';
    cache.set(name, ro);
  }
  return ro;
}
