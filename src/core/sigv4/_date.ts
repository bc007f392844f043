/**
 * @module Internal to `sigv4/`: the two timestamp forms a SigV4 request may carry, read without
 * throwing. `X-Amz-Date` is ISO 8601 basic format (`20150830T123600Z`); a `Date` header is RFC 1123
 * (`Sun, 30 Aug 2015 12:36:00 GMT`), which AWS accepts when `X-Amz-Date` is absent.
 *
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-elements.html
 * (Date), RFC 9110 §5.6.7 (IMF-fixdate).
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** IMF-fixdate, with the weekday optional: `[Sun, ]30 Aug 2015 12:36:00 GMT`. */
const RFC1123 = /^(?:[A-Za-z]{3}, )?(\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;

/** Milliseconds since the epoch for a calendar time, or undefined when a field is out of range. */
function utcMillis(y: number, mo: number, d: number, h: number, mi: number, s: number): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  // INVARIANT: Date.UTC rolls 31 Feb over into March; a round trip catches every impossible date.
  return new Date(ms).getUTCDate() === d ? ms : undefined;
}

/** Two-digit or four-digit decimal field of `s` at `at`, or -1 when a character is not a digit. */
function digits(s: string, at: number, len: number): number {
  let n = 0;
  for (let i = at; i < at + len; i++) {
    const c = s.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Milliseconds for `YYYYMMDDTHHMMSSZ`, or undefined when it is not exactly that and a real time. */
export function parseAmzDate(s: string): number | undefined {
  if (s.length !== 16 || s[8] !== 'T' || s[15] !== 'Z') return undefined;
  const y = digits(s, 0, 4);
  const mo = digits(s, 4, 2);
  const d = digits(s, 6, 2);
  const h = digits(s, 9, 2);
  const mi = digits(s, 11, 2);
  const sec = digits(s, 13, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) return undefined;
  return utcMillis(y, mo, d, h, mi, sec);
}

/** `YYYYMMDDTHHMMSSZ` for an RFC 1123 `Date` header value, or undefined when it is not one. */
export function rfc1123ToAmzDate(s: string): string | undefined {
  const m = RFC1123.exec(s.trim());
  if (m === null) return undefined;
  const mo = MONTHS.indexOf(m[2]!) + 1;
  const ms = utcMillis(Number(m[3]), mo, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  return ms === undefined ? undefined : formatAmzDate(ms);
}

/** `YYYYMMDDTHHMMSSZ` for a time in milliseconds (whole seconds; milliseconds are dropped). */
export function formatAmzDate(ms: number): string {
  const t = new Date(ms);
  return (
    String(t.getUTCFullYear()).padStart(4, '0') +
    pad2(t.getUTCMonth() + 1) +
    pad2(t.getUTCDate()) +
    'T' +
    pad2(t.getUTCHours()) +
    pad2(t.getUTCMinutes()) +
    pad2(t.getUTCSeconds()) +
    'Z'
  );
}
