/**
 * The audit archive's file layout (src/core/audit/archive-layout.ts) against CloudTrail's documented one:
 * "Finding your CloudTrail log files" and the example name of "CloudTrail log file examples"
 * (111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz).
 */
import { describe, expect, it } from 'vitest';
import { archiveBodyOf, archiveKeyOf, archiveRegionOf, groupByRegion, uniqueStringOf } from '../../../src/core/audit/archive-layout';
import { cryptoRandomBytes } from '../../../src/core/ids';

describe('the archive layout', () => {
  it("names a file as CloudTrail's documentation example does", () => {
    expect(archiveKeyOf('111122223333', 'us-east-2', Date.UTC(2015, 7, 1, 2, 10, 59, 999), 'Mu0KsOhtH1ar15ZZ')).toBe(
      'AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/01/111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz',
    );
    // Zero-padded in UTC, the path's date the delivery's.
    expect(archiveKeyOf('123456789012', 'eu-west-1', Date.UTC(2026, 11, 31, 23, 59), 'A'.repeat(16))).toBe(
      'AWSLogs/123456789012/CloudTrail/eu-west-1/2026/12/31/123456789012_CloudTrail_eu-west-1_20261231T2359Z_AAAAAAAAAAAAAAAA.json.gz',
    );
  });

  it('makes 16-character unique strings of letters and digits, without bias from bytes at 248 and above', () => {
    expect(uniqueStringOf(cryptoRandomBytes)).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(new Set(Array.from({ length: 200 }, () => uniqueStringOf(cryptoRandomBytes))).size).toBe(200);
    // Bytes that would favour the first letters are skipped, then more are drawn.
    let calls = 0;
    const skewed = (n: number) => (calls++ === 0 ? new Uint8Array(n).fill(250) : new Uint8Array(n).map((_, i) => i));
    expect(uniqueStringOf(skewed)).toBe('ABCDEFGHIJKLMNOP');
    expect(calls).toBe(2);
  });

  it('writes the records verbatim, in order, under "Records"', () => {
    const records = ['{"eventID":"1","awsRegion":"us-east-1"}', '{"eventID":"2","awsRegion":"us-east-1"}'];
    expect(archiveBodyOf(records)).toBe('{"Records":[{"eventID":"1","awsRegion":"us-east-1"},{"eventID":"2","awsRegion":"us-east-1"}]}');
    expect(JSON.parse(archiveBodyOf([]))).toEqual({ Records: [] });
  });

  it('files each record under its region, keeping the order within a region; a region not fit for a key is us-east-1', () => {
    const r = (id: number, region: unknown) => JSON.stringify({ eventID: String(id), awsRegion: region });
    const groups = groupByRegion([r(1, 'us-east-1'), r(2, 'eu-west-1'), r(3, 'us-east-1'), r(4, 'eu-west-1')]);
    expect([...groups.keys()]).toEqual(['us-east-1', 'eu-west-1']);
    expect(groups.get('us-east-1')).toEqual([r(1, 'us-east-1'), r(3, 'us-east-1')]);
    expect(groups.get('eu-west-1')).toEqual([r(2, 'eu-west-1'), r(4, 'eu-west-1')]);
    expect(archiveRegionOf(r(5, '../../other-account'))).toBe('us-east-1');
    expect(archiveRegionOf(r(6, 42))).toBe('us-east-1');
  });
});
