/**
 * @module The raw path and query of an absolute URL, as SigV4 signs them: still percent-encoded, sliced
 * from the string rather than parsed with `new URL`, whose parse (a native call per URL) was one of the
 * middleware's per-request costs and which the verifier does not need (it re-encodes both itself).
 *
 * `url` is a serialized URL (`Request.url`, or one the decision path already validated with `new URL`), so
 * the authority ends at the first `/`, `?` or `#` after `//`, the query starts at the first `?` after it
 * and the fragment, never signed, at the first `#`.
 * Spec: RFC 3986 §3 (URI components); IAM User Guide, "Create a signed AWS API request" (CanonicalURI,
 * CanonicalQueryString: the path and query as sent).
 */

/** `{ path, query }` of `url`: path `/` when empty, query without its `?` (empty when none). */
export function requestTarget(url: string): { path: string; query: string } {
  const scheme = url.indexOf('//');
  let i = scheme < 0 ? 0 : scheme + 2;
  while (i < url.length) {
    const c = url.charCodeAt(i);
    if (c === 0x2f || c === 0x3f || c === 0x23) break; // '/', '?', '#'
    i++;
  }
  const hash = url.indexOf('#', i);
  const end = hash < 0 ? url.length : hash;
  const q = url.indexOf('?', i);
  if (q < 0 || q >= end) return { path: url.slice(i, end) || '/', query: '' };
  return { path: url.slice(i, q) || '/', query: url.slice(q + 1, end) };
}
