/** Unit tests for the matching primitives: globs, ARNs, CIDRs, dates and numbers. */
import { describe, expect, it } from 'vitest';
import { cidrContains, parseCidr, parseIp, parseIpv6 } from '../../../src/core/policy/conditions/ip';
import { parseDate } from '../../../src/core/policy/conditions/date';
import { parseNumber } from '../../../src/core/policy/conditions/numeric';
import { arnMatches, compileArn, compileGlob, globTest } from '../../../src/core/policy/match';

const like = (p: string, s: string) => globTest(compileGlob(p, { wildcards: true, variables: true, fold: false }), s);

describe('glob', () => {
  it('matches stars and question marks with backtracking', () => {
    expect(like('a*b*c', 'axxbyyc')).toBe(true);
    expect(like('a*b*c', 'axxbyy')).toBe(false);
    expect(like('*a*a*a*', 'aaa')).toBe(true);
    expect(like('*a*a*a*', 'aa')).toBe(false);
    expect(like('??', 'ab')).toBe(true);
    expect(like('', '')).toBe(true);
    expect(like('*', '')).toBe(true);
  });
  it('folds case only when asked', () => {
    const g = compileGlob('AbC*', { wildcards: true, variables: false, fold: true });
    expect(globTest(g, 'abcdef')).toBe(true);
    expect(like('AbC*', 'abcdef')).toBe(false);
  });
  it('keeps ${...} literal when variables are off', () => {
    const g = compileGlob('${aws:username}', { wildcards: true, variables: false, fold: false });
    expect(globTest(g, '${aws:username}')).toBe(true);
  });
  it('treats an unterminated variable as text', () => expect(like('a${b', 'a${b')).toBe(true));
});

describe('ARN patterns', () => {
  it('keeps segment wildcards inside their segment', () => {
    const p = compileArn('arn:aws:s3:::*', false);
    expect(arnMatches(p, 'arn:aws:s3:::b/k:x', undefined)).toBe(true);
    expect(arnMatches(compileArn('arn:*:s3:::b', false), 'arn:aws:x:s3:::b', undefined)).toBe(false);
  });
  it('never matches a pattern with fewer than six segments', () => {
    expect(compileArn('arn:aws:s3', false).kind).toBe('never');
  });
  it('uses one comparison for exact ARNs', () => {
    expect(compileArn('arn:aws:iam::1:user/a', false)).toEqual({ kind: 'exact', arn: 'arn:aws:iam::1:user/a' });
  });
});

describe('CIDR', () => {
  it('parses IPv4 and rejects junk', () => {
    expect(Array.from(parseIp('203.0.113.5')!)).toEqual([203, 0, 113, 5]);
    for (const bad of ['256.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.4.5', '', 'a.b.c.d']) expect(parseIp(bad)).toBeUndefined();
  });
  it('parses IPv6 forms', () => {
    expect(Array.from(parseIpv6('::')!)).toEqual(new Array(16).fill(0));
    expect(parseIpv6('::1')![15]).toBe(1);
    expect(Array.from(parseIpv6('2001:db8::')!.slice(0, 4))).toEqual([0x20, 0x01, 0x0d, 0xb8]);
    expect(Array.from(parseIpv6('::ffff:1.2.3.4')!.slice(10))).toEqual([0xff, 0xff, 1, 2, 3, 4]);
    for (const bad of [':::', '1::2::3', '12345::', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', 'g::']) expect(parseIpv6(bad)).toBeUndefined();
  });
  it('checks prefixes bit by bit', () => {
    const r = parseCidr('10.0.16.0/20')!;
    expect(cidrContains(r, parseIp('10.0.31.255')!)).toBe(true);
    expect(cidrContains(r, parseIp('10.0.32.0')!)).toBe(false);
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('::/129')).toBeUndefined();
    expect(parseCidr('2001:db8::/32')!.prefix).toBe(32);
    expect(cidrContains(parseCidr('0.0.0.0/0')!, parseIp('::1')!)).toBe(false);
  });
});

describe('dates and numbers', () => {
  it('parses W3C ISO 8601 profiles and epoch seconds', () => {
    expect(parseDate('2020-01-01T00:00:00Z')).toBe(Date.UTC(2020, 0, 1));
    expect(parseDate('2020')).toBe(Date.UTC(2020, 0, 1));
    expect(parseDate('2020-02')).toBe(Date.UTC(2020, 1, 1));
    expect(parseDate('2020-01-01T01:00:00+01:00')).toBe(Date.UTC(2020, 0, 1));
    expect(parseDate('1577836800')).toBe(Date.UTC(2020, 0, 1));
    for (const bad of ['2020-13-01', 'tomorrow', '2020-01-01T25:00Z', '']) expect(parseDate(bad)).toBeUndefined();
  });
  it('parses plain integers and decimals only', () => {
    expect(parseNumber('10')).toBe(10);
    expect(parseNumber('-1.5')).toBe(-1.5);
    for (const bad of ['1e3', '0x10', '', ' 1', 'Infinity']) expect(parseNumber(bad)).toBeUndefined();
  });
});
