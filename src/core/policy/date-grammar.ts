/**
 * @module Which values a `Date…` condition operator accepts when IAM stores a policy: an ISO 8601 date
 * or date-time (W3C profile: `2020`, `2020-01`, `2020-01-01`, `2020-01-01T12:00Z`,
 * `2020-01-01T12:00:00.5+02:00`; IAM's reader is lenient about the letter case of `T`/`Z`, a one-digit
 * hour and an absent time after `T`) or epoch seconds (a non-negative 64-bit integer). Anything else is
 * refused with "The policy failed legacy parsing".
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date,
 * https://www.w3.org/TR/NOTE-datetime
 */

/** Year range of the reader IAM uses (java.util.Date: 292,275,055 BC to 292,278,994 AD). */
const MIN_YEAR = -292_275_054;
const MAX_YEAR = 292_278_993;
const MAX_EPOCH = 2n ** 63n - 1n;

const DATE = /^(-?\d+)(?:-(\d+))?(?:-(\d+))?$/;
const TIME = /^(\d{1,2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?([zZ]|[+-]\d{2}(?::\d{2})?)?$/;

const inRange = (s: string | undefined, lo: number, hi: number) => s === undefined || (Number(s) >= lo && Number(s) <= hi);

/** True when IAM accepts `v` as a value of a date condition operator. */
export function isPolicyDate(v: string): boolean {
  if (!/[tT-]/.test(v)) return /^\d+$/.test(v) && BigInt(v) <= MAX_EPOCH;
  const t = v.search(/[tT]/);
  const datePart = t < 0 ? v : v.slice(0, t);
  const timePart = t < 0 ? '' : v.slice(t + 1);
  const d = DATE.exec(datePart);
  if (!d || !inRange(d[1], MIN_YEAR, MAX_YEAR) || !inRange(d[2], 1, 12) || !inRange(d[3], 1, 31)) return false;
  if (timePart === '') return true;
  const m = TIME.exec(timePart);
  if (!m) return false;
  const zone = m[5];
  const zoneOk = zone === undefined || /^[zZ]$/.test(zone) || (inRange(zone.slice(1, 3), 0, 23) && inRange(zone.slice(4, 6) || undefined, 0, 59));
  return inRange(m[1], 0, 23) && inRange(m[2], 0, 59) && inRange(m[3], 0, 59) && zoneOk;
}
