/** Edge cases of the canonical forms that the AWS suite does not cover. */
import { describe, expect, it } from 'vitest';
import { canonicalHeaders, canonicalQuery, canonicalUri, trimAll } from '../../../src/core/sigv4';

describe('canonicalQuery', () => {
  it('reads + as a space, as URLSearchParams and aws4fetch do', () => {
    expect(canonicalQuery('a=b+c', 'header')).toBe('a=b%20c');
  });

  it('re-encodes escapes: unreserved ones decoded, the rest upper-cased', () => {
    expect(canonicalQuery('k=%7e%41%2f%e1%88%b4', 'header')).toBe('k=~A%2F%E1%88%B4');
  });

  it('keeps a stray % as %25 and never throws on broken escapes', () => {
    expect(canonicalQuery('k=100%&j=%zz&i=%4', 'header')).toBe('i=%254&j=%25zz&k=100%25');
  });

  it('sorts by encoded key, then value, and gives a bare key an empty value', () => {
    expect(canonicalQuery('b=2&a=2&a=1&c', 'header')).toBe('a=1&a=2&b=2&c=');
  });

  it('drops X-Amz-Signature (in any spelling) only in the presigned form', () => {
    expect(canonicalQuery('X-Amz-Signature=abc&X-Amz-Signatur%65=def&a=1', 'query')).toBe('a=1');
    expect(canonicalQuery('X-Amz-Signature=abc', 'header')).toBe('X-Amz-Signature=abc');
  });

  it('skips empty parts', () => {
    expect(canonicalQuery('&a=1&&b=2&', 'header')).toBe('a=1&b=2');
  });
});

describe('canonicalUri', () => {
  it('encodes an already-encoded path once more (double encoding for non-S3 services)', () => {
    expect(canonicalUri('/foo%20bar', true)).toBe('/foo%2520bar');
  });

  it('normalizes dot segments and duplicate slashes only when asked', () => {
    expect(canonicalUri('/a/./b/../c//d/', true)).toBe('/a/c/d/');
    expect(canonicalUri('/a/./b/../c//d/', false)).toBe('/a/./b/../c//d/');
    expect(canonicalUri('/../..', true)).toBe('/');
  });

  it('turns an empty path into /', () => {
    expect(canonicalUri('', true)).toBe('/');
  });
});

describe('canonical headers', () => {
  it('trims and collapses spaces, tabs and folded lines', () => {
    expect(trimAll('  a \t b\r\n  c  ')).toBe('a b c');
    expect(trimAll('plain')).toBe('plain');
  });

  it('joins repeated headers with commas in the order received, names matched in any case', () => {
    const h: Array<[string, string]> = [['X-A', ' 1 '], ['Host', 'h'], ['x-a', '2']];
    expect(canonicalHeaders(h, ['host', 'x-a'])).toBe('host:h\nx-a:1,2\n');
  });

  it('gives a signed header the request lacks an empty value', () => {
    expect(canonicalHeaders([['Host', 'h']], ['host', 'x-missing'])).toBe('host:h\nx-missing:\n');
  });
});
