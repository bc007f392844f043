/**
 * The decision path's request reading (data-plane/decision-input.ts): the tenant's URL as SigV4 signs it
 * (raw path and query, no fragment, host from the URL when the SaaS passed no Host header), and versions.
 */
import { describe, expect, it } from 'vitest';
import { sigV4RequestOf, versionOf } from '../../src/data-plane/decision-input';

const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('sigV4RequestOf', () => {
  it('keeps the path and query as sent (percent-encoding, order), drops the fragment, lower-cases nothing', () => {
    const r = sigV4RequestOf({ method: 'get', url: 'https://api.acme.test:8443/projects/p%201/docs?b=2&a=%2F#frag', headers: { Host: 'api.acme.test:8443', 'X-Amz-Date': 'x' }, bodySha256: EMPTY });
    expect(r).toEqual({ method: 'GET', path: '/projects/p%201/docs', query: 'b=2&a=%2F', headers: [['Host', 'api.acme.test:8443'], ['X-Amz-Date', 'x']] });
  });

  it('adds host from the URL only when no Host header was passed; an empty path is /', () => {
    expect(sigV4RequestOf({ method: 'POST', url: 'https://api.acme.test', headers: {}, bodySha256: EMPTY })).toEqual({ method: 'POST', path: '/', query: '', headers: [['host', 'api.acme.test']] });
    expect(sigV4RequestOf({ method: 'GET', url: 'http://h.test?x=1', headers: {}, bodySha256: EMPTY })).toMatchObject({ path: '/', query: 'x=1' });
  });
});

describe('versionOf', () => {
  it('absent is 1; a positive integer up to the contract version; newer is UnsupportedVersion', () => {
    expect(versionOf({})).toBe(1);
    expect(versionOf(undefined)).toBe(1);
    expect(versionOf({ version: 1 })).toBe(1);
    expect(() => versionOf({ version: 2 })).toThrow(expect.objectContaining({ code: 'UnsupportedVersion', status: 400 }));
    for (const version of [0, -1, 1.5, '1', null]) expect(() => versionOf({ version }), String(version)).toThrow(expect.objectContaining({ code: 'ValidationException' }));
  });
});
