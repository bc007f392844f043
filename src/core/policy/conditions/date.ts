/**
 * @module Date condition operators. Values are W3C ISO 8601 profiles (`2020`, `2020-01`, `2020-01-01`,
 * `2020-01-01T00:00Z`, `…T00:00:01Z`, `…T00:00:01.5+02:00`) or epoch (UNIX) seconds; wildcards and
 * policy variables are not allowed.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
 * and https://www.w3.org/TR/NOTE-datetime
 */
import { comparisonOperators } from './comparison';

const ISO =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;
const EPOCH = /^\d+$/;

/** The digits of `s[from, to)` as a number, or -1 when one of them is not an ASCII digit. */
function digitsAt(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Fast path for the form requests carry (`aws:CurrentTime`, `Date.toISOString()`):
 * `YYYY-MM-DDTHH:MM:SSZ` or `YYYY-MM-DDTHH:MM:SS.sssZ`. Same checks and arithmetic as the general path;
 * null when `s` is not in that exact form (then the general path decides).
 */
function parseUtcTimestamp(s: string): number | undefined | null {
  const n = s.length;
  if ((n !== 20 && n !== 24) || s.charCodeAt(n - 1) !== 90 /* Z */) return null;
  if (s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':' || s[16] !== ':') return null;
  if (n === 24 && s[19] !== '.') return null;
  const y = digitsAt(s, 0, 4), month = digitsAt(s, 5, 7), day = digitsAt(s, 8, 10);
  const hour = digitsAt(s, 11, 13), minute = digitsAt(s, 14, 16), second = digitsAt(s, 17, 19);
  const ms = n === 24 ? digitsAt(s, 20, 23) : 0;
  if (y < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || ms < 0) return null;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  return Date.UTC(y, month - 1, day, hour, minute, second, ms);
}

/** Parses a date value to epoch milliseconds; undefined when it is neither ISO 8601 nor epoch seconds. */
export function parseDate(s: string): number | undefined {
  const fast = parseUtcTimestamp(s);
  if (fast !== null) return fast;
  if (EPOCH.test(s) && s.length !== 4) return Number(s) * 1000; // INVARIANT: 4 digits is a year, not epoch
  const m = ISO.exec(s);
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', sec = '00', frac = '', tz = 'Z'] = m;
  const month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(sec);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  let t = Date.UTC(Number(y), month - 1, day, hour, minute, second, ms);
  if (tz !== 'Z') {
    const sign = tz[0] === '-' ? -1 : 1;
    t -= sign * (Number(tz.slice(1, 3)) * 60 + Number(tz.slice(4, 6))) * 60_000;
  }
  return t;
}

/** The six date operators. */
export const DATE_OPERATORS = comparisonOperators('Date', parseDate);
