import { describe, expect, it } from 'vitest';
import { requestTarget } from '../../../src/core/sigv4/index';

describe('requestTarget', () => {
  it('slices the raw path and query as new URL reads them, still percent-encoded', () => {
    const urls = [
      'https://api.acme.test:8443/projects/p%201/docs?b=2&a=%2F',
      'https://api.acme.test/projects?x=1#frag?not=query',
      'http://h.test?x=1',
      'http://h.test',
      'http://h.test/',
      'http://h.test/a/b/#f',
      'http://h.test/a?=&x=a?b',
      'http://user:pw@h.test/p?q',
    ];
    for (const url of urls) {
      const u = new URL(url);
      expect(requestTarget(url), url).toEqual({ path: u.pathname, query: u.search.slice(1) });
    }
  });
});
