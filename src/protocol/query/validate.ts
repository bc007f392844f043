/**
 * @module Model constraint checks and AWS's wording for them: the `ValidationError` text AWS's request
 * validation produces, e.g.
 * `1 validation error detected: Value 'x!' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+`.
 *
 * Format, as seen in real IAM/STS responses:
 * - one violation: `Value '<value>' at '<path>' failed to satisfy constraint: <constraint>`; a missing
 *   required member is `Value null at '<path>' … Member must not be null`;
 * - all violations of a request in one message, joined by `; `, after `N validation error(s) detected: `;
 * - the path is the member name with its first letter lower-cased (`UserName` → `userName`,
 *   `SAMLOptions` → `sAMLOptions`), nested members joined by `.`, list elements as `<list>.<n>.member`
 *   (1-based), e.g. `tags.6.member.value`;
 * - constraints: `Member must have length less than or equal to 64` (strings, lists, maps, blobs),
 *   `… greater than or equal to 1`, `Member must have value less than or equal to 1000` (numbers),
 *   `Member must satisfy regular expression pattern: <model pattern>`, `Member must satisfy enum value set: [a, b]`.
 * - values of `sensitive` shapes are never echoed: `Value at '<path>' …` (the form AWS itself uses when it
 *   leaves the value out).
 * - a long value is cut to its first 128 code points and `…` (core/echo.ts): AWS does not echo a policy
 *   document or a 512-character path back whole (the cut-off is ours; AWS publishes none).
 *
 * String length counts Unicode code points (Smithy `@length`: "the number of Unicode scalar values").
 * Sources: IAM/STS error responses quoted in NixOS/nixops#328, SWO-GS/auto-tag#90, boto/botocore#3337,
 * newscorpaus/consigliere#18 (two errors, `; `-joined); Smithy constraint traits
 * (https://smithy.io/2.0/spec/constraint-traits.html).
 */
import { AwsError } from '../../core/errors';
import { toBase64 } from '../../core/bytes';
import { clipEcho } from '../../core/echo';
import { matchesPattern } from './patterns';
import type { ShapeDef } from './model/types';

/** Collects violations (already worded) in the order they are found. */
export interface ViolationSink {
  readonly violations: string[];
  /** Echo offending values in messages (AWS's classic wording); sensitive shapes are never echoed. */
  readonly echoValues: boolean;
}

/** `UserName` → `userName`: AWS reports member paths with the first letter lower-cased. */
export const lowerFirst = (name: string): string => (name.length === 0 ? name : name[0]!.toLowerCase() + name.slice(1));

/** Path of a structure member under `parent` ('' at the top). */
export const memberPath = (parent: string, member: string): string =>
  parent === '' ? lowerFirst(member) : `${parent}.${lowerFirst(member)}`;

/** Path of the 1-based `index`th element of the list at `parent`. */
export const elementPath = (parent: string, index: number): string => `${parent}.${index}.member`;

/** Renders a decoded value the way a Java `toString` would, for the `Value '…'` part of a message. */
export function displayValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof Uint8Array) return toBase64(value);
  if (Array.isArray(value)) return `[${value.map(displayValue).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const parts = Object.keys(value).map((k) => `${k}=${displayValue((value as Record<string, unknown>)[k])}`);
    return `{${parts.join(', ')}}`;
  }
  return String(value);
}

/** Records one violation at `path`; `value === null` is the "not null" form. */
export function report(sink: ViolationSink, shape: ShapeDef | undefined, path: string, value: unknown, constraint: string): void {
  let subject: string;
  if (value === null) subject = 'Value null';
  else if (!sink.echoValues || shape?.sensitive) subject = 'Value';
  else subject = `Value '${clipEcho(displayValue(value))}'`;
  sink.violations.push(`${subject} at '${path}' failed to satisfy constraint: ${constraint}`);
}

/** Number of Unicode code points (a surrogate pair counts once). */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

function checkLength(sink: ViolationSink, shape: ShapeDef, path: string, value: unknown, length: number): void {
  if (shape.max !== undefined && length > shape.max)
    report(sink, shape, path, value, `Member must have length less than or equal to ${shape.max}`);
  if (shape.min !== undefined && length < shape.min)
    report(sink, shape, path, value, `Member must have length greater than or equal to ${shape.min}`);
}

/** Pattern, length and enum constraints of a string (pattern first, as AWS reports them). */
export function checkString(sink: ViolationSink, shape: ShapeDef, path: string, value: string): void {
  if (shape.pattern !== undefined && !matchesPattern(shape.pattern, value))
    report(sink, shape, path, value, `Member must satisfy regular expression pattern: ${shape.pattern}`);
  if (shape.min !== undefined || shape.max !== undefined) checkLength(sink, shape, path, value, codePointLength(value));
  if (shape.enum !== undefined && !shape.enum.includes(value))
    report(sink, shape, path, value, `Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
}

/** Range constraints of a number. */
export function checkNumber(sink: ViolationSink, shape: ShapeDef, path: string, value: number): void {
  if (shape.max !== undefined && value > shape.max)
    report(sink, shape, path, value, `Member must have value less than or equal to ${shape.max}`);
  if (shape.min !== undefined && value < shape.min)
    report(sink, shape, path, value, `Member must have value greater than or equal to ${shape.min}`);
}

/** Size constraints of a list, map or blob (`size` = elements, entries or bytes). */
export function checkSize(sink: ViolationSink, shape: ShapeDef, path: string, value: unknown, size: number): void {
  checkLength(sink, shape, path, value, size);
}

/** The one error a request with violations gets: AWS's `ValidationError` (400, Sender). */
export function validationFailure(violations: readonly string[]): AwsError {
  const n = violations.length;
  return new AwsError(
    'ValidationError',
    `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.join('; ')}`,
    400,
  );
}
