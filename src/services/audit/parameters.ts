/**
 * @module A request's or a response's members as CloudTrail writes them: member names in lower camel case
 * (`UserName` → `userName`), dates as IAM's CloudTrail events write them (`Dec 2, 2026, 1:01:55 PM`), and
 * every secret replaced by `HIDDEN_DUE_TO_SECURITY_REASONS`, wherever it is nested.
 */
import { HIDDEN } from '../../core/audit/event';

/**
 * Members that carry a secret, by their lower-camel-case name: passwords, secret keys, session tokens,
 * private keys, MFA seeds and codes, assertions and tokens of federation. The list is closed on purpose:
 * a new secret member must be added here, and test/unit/services/audit-parameters.test.ts checks that every
 * member of the IAM and STS models whose shape is marked `sensitive` is in it.
 */
export const SECRET_MEMBERS: ReadonlySet<string> = new Set([
  'password',
  'newPassword',
  'oldPassword',
  'secretAccessKey',
  'sessionToken',
  'privateKey',
  'addPrivateKey',
  'sAMLAssertion',
  'samlAssertion',
  'webIdentityToken',
  'authenticationCode1',
  'authenticationCode2',
  'tokenCode',
  'servicePassword',
  'serviceCredentialSecret',
  'tradeInToken',
  'base32StringSeed',
  'qRCodePNG',
]);

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A date as IAM's CloudTrail events write dates of response elements (UTC). */
export function cloudTrailDate(d: Date): string {
  const h = d.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

const camel = (name: string) => (name ? name[0]!.toLowerCase() + name.slice(1) : name);

/** `value` with CloudTrail's member names, dates and redactions; see the module comment. */
export function cloudTrailMembers(value: unknown): unknown {
  if (value instanceof Date) return cloudTrailDate(value);
  if (value instanceof Uint8Array) return HIDDEN;
  if (Array.isArray(value)) return value.map(cloudTrailMembers);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const name = camel(k);
      out[name] = SECRET_MEMBERS.has(name) ? HIDDEN : cloudTrailMembers(v);
    }
    return out;
  }
  return value;
}

/** An input or output as a CloudTrail element: null when it has no members. */
export function elementOf(value: unknown): Record<string, unknown> | null {
  const members = cloudTrailMembers(value);
  return members && typeof members === 'object' && !Array.isArray(members) && Object.keys(members).length > 0 ? (members as Record<string, unknown>) : null;
}
