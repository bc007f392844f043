/**
 * @module The audit archive's files in CloudTrail's object layout, so tools that read a trail's S3 bucket
 * read the R2 bucket unchanged.
 *
 * spec: CloudTrail User Guide, "Finding your CloudTrail log files" (get-and-view-cloudtrail-log-files.html):
 * `AWSLogs/<account id>/CloudTrail/<region>/<YYYY>/<MM>/<DD>/<file name>`; "CloudTrail log file examples"
 * (cloudtrail-log-file-examples.html): the file name
 * `AccountID_CloudTrail_RegionName_YYYYMMDDTHHmmZ_UniqueString.json.gz`, where the date and time are when
 * the file was delivered (UTC; a file can hold records of any earlier time), `UniqueString` is 16 characters
 * that only prevent overwriting, and the body is gzip of `{"Records":[...]}`.
 */
import type { RandomBytes } from '../ids';

/** The file name's `UniqueString` alphabet: CloudTrail's are mixed-case letters and digits (`Mu0KsOhtH1ar15ZZ`). */
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Length of `UniqueString`. */
export const UNIQUE_STRING_LENGTH = 16;

/** A fresh `UniqueString`: 16 letters and digits, each from one random byte without modulo bias. */
export function uniqueStringOf(random: RandomBytes): string {
  let out = '';
  while (out.length < UNIQUE_STRING_LENGTH) {
    for (const b of random(UNIQUE_STRING_LENGTH * 2)) {
      // 248 = 4 * 62: bytes at or above it would favour the first letters.
      if (b < 248 && out.length < UNIQUE_STRING_LENGTH) out += ALPHANUMERIC[b % 62];
    }
  }
  return out;
}

const two = (n: number) => String(n).padStart(2, '0');

/** The object key of one log file: its account, the region of its records, when it was delivered. */
export function archiveKeyOf(accountId: string, region: string, deliveredAtMs: number, uniqueString: string): string {
  const d = new Date(deliveredAtMs);
  const yyyy = String(d.getUTCFullYear()).padStart(4, '0');
  const mm = two(d.getUTCMonth() + 1);
  const dd = two(d.getUTCDate());
  const stamp = `${yyyy}${mm}${dd}T${two(d.getUTCHours())}${two(d.getUTCMinutes())}Z`;
  return `AWSLogs/${accountId}/CloudTrail/${region}/${yyyy}/${mm}/${dd}/${accountId}_CloudTrail_${region}_${stamp}_${uniqueString}.json.gz`;
}

/** The body of a log file before compression: the records (each already CloudTrail JSON), in order. */
export function archiveBodyOf(records: readonly string[]): string {
  return `{"Records":[${records.join(',')}]}`;
}

/** The region a record belongs in (its `awsRegion`); IAM's global endpoint records in us-east-1. */
export function archiveRegionOf(record: string): string {
  const region = (JSON.parse(record) as { awsRegion?: unknown }).awsRegion;
  return typeof region === 'string' && /^[a-z0-9-]{1,64}$/.test(region) ? region : 'us-east-1';
}

/** Records grouped by region, each group in the order given: one file per region. */
export function groupByRegion(records: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const record of records) {
    const region = archiveRegionOf(record);
    const group = groups.get(region) ?? [];
    group.push(record);
    groups.set(region, group);
  }
  return groups;
}
