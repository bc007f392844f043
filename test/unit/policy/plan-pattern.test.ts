/**
 * The pattern algebra behind plan intersections (core/policy/plan-pattern.ts): inclusion and
 * disjointness must never be claimed wrongly (a wrong "included" would narrow a plan below what
 * authorize() allows), checked here against IAM's own matcher on random strings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arnMatches, compileArn, compileGlob, globTest } from '../../../src/core/policy/match';
import { arnIncludes, arnsDisjoint, globIncludes, GLOB_COMPARE_MAX_CELLS, intersectArns, minimalArns } from '../../../src/core/policy/plan-pattern';

const glob = (p: string) => compileGlob(p, { wildcards: true, variables: false, fold: false });

describe('plan patterns', () => {
  it('glob inclusion on readable cases', () => {
    expect(globIncludes('p*', 'p?')).toBe(true);
    expect(globIncludes('p?', 'p*')).toBe(false);
    expect(globIncludes('*', 'anything*')).toBe(true);
    expect(globIncludes('a*c', 'ab*bc')).toBe(true);
    expect(globIncludes('a*c', 'a*b')).toBe(false);
    expect(globIncludes('a?c', 'a*c')).toBe(false);
    expect(globIncludes('abc', 'abc')).toBe(true);
  });

  it('ARN inclusion keeps segments apart; `*` includes every pattern', () => {
    expect(arnIncludes('arn:aws:acme:*:*:project/*', 'arn:aws:acme:us-east-1:1:project/a/b')).toBe(true);
    expect(arnIncludes('arn:aws:acme:*:1:project/*', 'arn:aws:acme:*:*:project/*')).toBe(false);
    expect(arnIncludes('*', 'arn:aws:acme:*:*:*')).toBe(true);
    expect(arnIncludes('arn:aws:acme:*:*:*', '*')).toBe(false);
    expect(arnsDisjoint('arn:aws:acme:*:*:project/*', 'arn:aws:acme:*:*:document/*')).toBe(true);
    expect(arnsDisjoint('arn:aws:acme:*:*:project/a*', 'arn:aws:acme:*:*:project/*1')).toBe(false);
    expect(arnsDisjoint('arn:aws:acme:us-*:*:x', 'arn:aws:acme:eu-*:*:x')).toBe(true);
    expect(arnsDisjoint('arn:aws:acme:*:*:x.json', 'arn:aws:acme:*:*:*.txt')).toBe(true);
  });

  it('intersection: the narrower of nested patterns, nothing for disjoint ones, a superset otherwise', () => {
    const p = 'arn:aws:acme:*:*:project/*';
    const a = 'arn:aws:acme:us-east-1:1:project/a*';
    const d = 'arn:aws:acme:*:*:document/*';
    expect(intersectArns([p], [a, d])).toEqual({ patterns: [a], exact: true });
    expect(intersectArns(['*'], [p])).toEqual({ patterns: [p], exact: true });
    expect(intersectArns([a], ['arn:aws:acme:*:*:project/*1'])).toEqual({ patterns: [a], exact: false });
    expect(minimalArns([a, p, p, d])).toEqual([p, d]);
    expect(intersectArns(['arn:aws:acme:*:*:project/a*'], ['arn:aws:acme:us-east-1:*:*', 'arn:aws:acme:eu-*:2:*']))
      .toEqual({ patterns: ['arn:aws:acme:us-east-1:*:project/a*', 'arn:aws:acme:eu-*:2:project/a*'], exact: true });
    expect(intersectArns(['arn:aws:acme:us-*:*:*'], ['arn:aws:acme:eu-*:*:*'])).toEqual({ patterns: [], exact: true });
  });

  it('very long patterns are not compared (never a wrong inclusion, never a huge table)', () => {
    const long = 'a'.repeat(GLOB_COMPARE_MAX_CELLS);
    expect(globIncludes('*' + long.slice(1), long + 'b')).toBe(false);
    expect(globIncludes(long, long)).toBe(true);
  });

  const alphabet = fc.constantFrom('a', 'b', '*', '?');
  const pattern = fc.array(alphabet, { maxLength: 5 }).map((cs) => cs.join(''));
  const word = fc.array(fc.constantFrom('a', 'b', '*', '?'), { maxLength: 6 }).map((cs) => cs.join(''));

  it('glob inclusion is sound: a string the narrower matches, the wider matches too', () => {
    fc.assert(fc.property(pattern, pattern, word, (b, a, s) => {
      if (globIncludes(b, a) && globTest(glob(a), s)) expect(globTest(glob(b), s)).toBe(true);
    }), { numRuns: 5000 });
  });

  it('ARN disjointness is sound: no resource matches both', () => {
    const seg = fc.array(fc.constantFrom('a', 'b', '*', '?'), { minLength: 0, maxLength: 3 }).map((cs) => cs.join(''));
    const arnPattern = fc.tuple(seg, seg).map(([r, rest]) => `arn:aws:acme:${r}:1:${rest}`);
    const arn = fc.tuple(fc.constantFrom('a', 'b', 'ab', ''), fc.constantFrom('a', 'b', 'ab', 'ba', '', 'a:b')).map(([r, rest]) => `arn:aws:acme:${r}:1:${rest}`);
    fc.assert(fc.property(arnPattern, arnPattern, arn, (x, y, s) => {
      if (arnsDisjoint(x, y)) expect(arnMatches(compileArn(x, false), s, undefined) && arnMatches(compileArn(y, false), s, undefined)).toBe(false);
      if (arnIncludes(y, x) && arnMatches(compileArn(x, false), s, undefined)) expect(arnMatches(compileArn(y, false), s, undefined)).toBe(true);
    }), { numRuns: 5000 });
  });

  it('intersection: a superset of both patterns\' common resources, exactly them when exact', () => {
    const seg = fc.array(fc.constantFrom('a', 'b', '*', '?'), { minLength: 0, maxLength: 3 }).map((cs) => cs.join(''));
    const arnPattern = fc.oneof(
      { weight: 1, arbitrary: fc.constant('*') },
      { weight: 6, arbitrary: fc.tuple(seg, seg, seg).map(([r, acct, rest]) => `arn:aws:acme:${r}:${acct}:${rest}`) },
    );
    const arn = fc.tuple(fc.constantFrom('a', 'b', 'ab', ''), fc.constantFrom('a', 'ba', ''), fc.constantFrom('a', 'b', 'ab', 'ba', '', 'a:b')).map(([r, acct, rest]) => `arn:aws:acme:${r}:${acct}:${rest}`);
    const m = (p: string, s: string) => arnMatches(compileArn(p, false), s, undefined);
    fc.assert(fc.property(fc.array(arnPattern, { minLength: 1, maxLength: 2 }), fc.array(arnPattern, { minLength: 1, maxLength: 2 }), arn, (xs, ys, s) => {
      const both = xs.some((x) => m(x, s)) && ys.some((y) => m(y, s));
      const r = intersectArns(xs, ys);
      const inResult = r.patterns.some((p) => m(p, s));
      if (both) expect(inResult).toBe(true);
      if (r.exact) expect(inResult).toBe(both);
    }), { numRuns: 5000 });
  });
});
