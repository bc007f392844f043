/**
 * @module The checks a credentials form gets before its action runs. The Query API validates every
 * parameter against the service model at the edge; console calls reach the action directly (act.ts), so
 * the fields these pages send are held to the same constraints here, worded as the API words a violation
 * (`Value '…' at '…' failed to satisfy constraint: …`; the value left out for sensitive members, as AWS
 * does). Limits: IAM API Reference, GetUser (UserName 1–128 `[\w+=,.@-]+`), CreateLoginProfile (Password
 * 1–128, Latin-1), EnableMFADevice (SerialNumber 9–256 `[\w+=/:,.@-]+`, AuthenticationCode1/2 six digits),
 * CreateVirtualMFADevice (VirtualMFADeviceName 1–226 `[\w+=,.@-]+`), UpdateAccessKey (AccessKeyId 16–128
 * `[\w]+`, Status Active|Inactive).
 */
import type { WireError } from '../../../storage/account-rpc';

type Rule = { path: string; min: number; max: number; pattern?: RegExp; patternText?: string; sensitive?: boolean };

export const RULES = {
  userName: { path: 'userName', min: 1, max: 128, pattern: /^[\w+=,.@-]+$/, patternText: '[\\w+=,.@-]+' },
  password: { path: 'password', min: 1, max: 128, pattern: /^[\u0009\u000A\u000D\u0020-\u00FF]+$/, patternText: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+', sensitive: true },
  serialNumber: { path: 'serialNumber', min: 9, max: 256, pattern: /^[\w+=/:,.@-]+$/, patternText: '[\\w+=/:,.@-]+' },
  code1: { path: 'authenticationCode1', min: 6, max: 6, pattern: /^\d+$/, patternText: '[\\d]+' },
  code2: { path: 'authenticationCode2', min: 6, max: 6, pattern: /^\d+$/, patternText: '[\\d]+' },
  deviceName: { path: 'virtualMFADeviceName', min: 1, max: 226, pattern: /^[\w+=,.@-]+$/, patternText: '[\\w+=,.@-]+' },
  accessKeyId: { path: 'accessKeyId', min: 16, max: 128, pattern: /^\w+$/, patternText: '[\\w]+' },
} satisfies Record<string, Rule>;

/** At most this much of a refused value is echoed back. */
const ECHO = 64;

function violation(rule: Rule, value: string): string | undefined {
  const subject = rule.sensitive ? 'Value' : `Value '${value.length > ECHO ? `${value.slice(0, ECHO)}…` : value}'`;
  const at = `${subject} at '${rule.path}' failed to satisfy constraint: Member must`;
  if (value.length < rule.min) return `${at} have length greater than or equal to ${rule.min}`;
  if (value.length > rule.max) return `${at} have length less than or equal to ${rule.max}`;
  if (rule.pattern && !rule.pattern.test(value)) return `${at} satisfy regular expression pattern: ${rule.patternText}`;
  return undefined;
}

/** A ValidationError for the fields that break their rule, or undefined when all are well-formed. */
export function checkFields(fields: Array<[Rule, string]>): WireError | undefined {
  const violations = fields.map(([rule, value]) => violation(rule, value)).filter((v): v is string => v !== undefined);
  if (violations.length === 0) return undefined;
  const n = violations.length;
  return { code: 'ValidationError', message: `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.join('; ')}`, status: 400, type: 'Sender' };
}

/** A refusal the console itself words (no IAM action ran). */
export const consoleError = (code: string, message: string, status = 400): WireError => ({ code, message, status, type: 'Sender' });
