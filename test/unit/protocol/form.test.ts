import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/core/errors';
import { decodeComponent, parseQuery, parseQueryPairs } from '../../../src/protocol/query';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof AwsError ? `${e.code}/${e.status}` : `not AwsError: ${String(e)}`;
  }
};

describe('parseQuery', () => {
  it('decodes names and values, + as space and %XX as UTF-8', () => {
    const p = parseQuery('Action=CreateUser&UserName=a+b%2Bc&Path=%2Fdiv%2F&Tag=%E6%9D%B1%E4%BA%AC');
    expect([...p]).toEqual([
      ['Action', 'CreateUser'],
      ['UserName', 'a b+c'],
      ['Path', '/div/'],
      ['Tag', '東京'],
    ]);
  });

  it('keeps arrival order and the first value of a repeated name', () => {
    expect([...parseQuery('b=1&a=2&b=3')]).toEqual([
      ['b', '1'],
      ['a', '2'],
    ]);
    expect(parseQueryPairs('b=1&a=2&b=3')).toEqual([
      ['b', '1'],
      ['a', '2'],
      ['b', '3'],
    ]);
  });

  it('treats a missing = as an empty value and skips empty pairs', () => {
    expect([...parseQuery('&&a&b=&c==x&')]).toEqual([
      ['a', ''],
      ['b', ''],
      ['c', '=x'],
    ]);
  });

  it('drops the ? of a query string and accepts an empty body', () => {
    expect([...parseQuery('?Action=ListUsers')]).toEqual([['Action', 'ListUsers']]);
    expect(parseQuery('').size).toBe(0);
    expect(parseQuery('?').size).toBe(0);
  });

  it('rejects a malformed percent escape with InvalidQueryParameter, not a crash', () => {
    expect(codeOf(() => parseQuery('a=%zz'))).toBe('InvalidQueryParameter/400');
    expect(codeOf(() => parseQuery('a=100%'))).toBe('InvalidQueryParameter/400');
    expect(codeOf(() => parseQuery('a%4=1'))).toBe('InvalidQueryParameter/400');
    expect(codeOf(() => parseQuery('a=%E6%9D%zz'))).toBe('InvalidQueryParameter/400');
  });

  it('replaces invalid UTF-8 with U+FFFD, like Java URLDecoder', () => {
    expect(decodeComponent('%FF')).toBe('\uFFFD');
    expect(decodeComponent('a%C3%28b')).toBe('a\uFFFD(b');
    expect(decodeComponent('%E6%9D')).toBe('\uFFFD');
    expect(decodeComponent('%ED%A0%80')).toMatch(/^\uFFFD+$/); // an encoded surrogate is not UTF-8
  });

  it('returns unescaped strings untouched', () => {
    const s = 'Tags.member.1.Key';
    expect(decodeComponent(s)).toBe(s);
  });
});
