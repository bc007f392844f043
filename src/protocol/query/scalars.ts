/**
 * @module Scalar conversions of the Query protocol: parsing wire strings into typed values (integers,
 * longs, floats, booleans, timestamps, blobs) and formatting timestamps for responses.
 *
 * Parsers return `undefined` for a malformed value, never throw. Integers are Java `int` (32-bit); longs
 * are limited to JavaScript's safe integers (±2^53−1), a deliberate narrowing of Java `long`. Timestamps
 * accept ISO 8601 (`2015-01-25T08:00:00Z`, fractional seconds and `±hh:mm` offsets allowed) and epoch
 * seconds, whatever the member's declared format, like botocore's `parse_timestamp`.
 *
 * Spec: https://smithy.io/2.0/aws/protocols/aws-query-protocol.html (serialization of simple types);
 * RFC 3339; RFC 822 / RFC 7231 IMF-fixdate for `rfc822`.
 */
import { fromBase64 } from '../../core/bytes';
import type { TimestampFormat } from './model/types';

const INT_RE = /^[+-]?\d{1,20}$/;
const FLOAT_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const EPOCH_RE = /^-?\d{1,15}(?:\.\d+)?$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})$/i;
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Java `int`: optional sign and digits within 32 bits. */
export function parseInteger(s: string): number | undefined {
  if (!INT_RE.test(s)) return undefined;
  const n = Number(s);
  return n >= INT32_MIN && n <= INT32_MAX ? n : undefined;
}

/** Java `long`, limited to safe integers so the number stays exact. */
export function parseLong(s: string): number | undefined {
  if (!INT_RE.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A finite decimal number (`3.4`, `-1e5`, `.5`). */
export function parseFloatValue(s: string): number | undefined {
  if (!FLOAT_RE.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** `true` / `false`, case-insensitive (Java `Boolean.parseBoolean` semantics, but strict otherwise). */
export function parseBoolean(s: string): boolean | undefined {
  const l = s.toLowerCase();
  return l === 'true' ? true : l === 'false' ? false : undefined;
}

/** ISO 8601 date-time or epoch seconds → Date. */
export function parseTimestamp(s: string): Date | undefined {
  let ms: number;
  if (EPOCH_RE.test(s)) ms = Number(s) * 1000;
  else if (ISO_RE.test(s)) ms = Date.parse(s.toUpperCase());
  else return undefined;
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms) : undefined;
}

/** Standard, padded base64 → bytes. */
export function parseBlob(s: string): Uint8Array | undefined {
  return BASE64_RE.test(s) ? fromBase64(s) : undefined;
}

/**
 * Coerces a service's timestamp value (a Date, an ISO string or epoch seconds) to a valid Date, or
 * undefined when it is none of those.
 */
export function toDate(value: unknown): Date | undefined {
  let d: Date | undefined;
  if (value instanceof Date) d = value;
  else if (typeof value === 'number') d = new Date(value * 1000);
  else if (typeof value === 'string') d = parseTimestamp(value) ?? new Date(Date.parse(value));
  return d !== undefined && Number.isFinite(d.getTime()) ? d : undefined;
}

/** Formats a timestamp for a response: ISO 8601 to the second (`2026-11-28T04:21:59Z`) by default. */
export function formatTimestamp(d: Date, format: TimestampFormat): string {
  switch (format) {
    case 'unixTimestamp': {
      const seconds = d.getTime() / 1000;
      return Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(3);
    }
    case 'rfc822':
      return d.toUTCString();
    case 'iso8601':
    default: {
      const iso = d.toISOString(); // 2026-11-28T04:21:59.123Z (or ±YYYYYY for extreme years)
      return iso.slice(0, iso.length - 5) + 'Z';
    }
  }
}
