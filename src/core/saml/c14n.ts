/**
 * @module Exclusive XML Canonicalization 1.0, without comments, of one element subtree — optionally with
 * one descendant left out (the enveloped-signature transform) and an InclusiveNamespaces PrefixList.
 *
 * Rules applied (Exclusive XML Canonicalization 1.0, W3C Recommendation 18 July 2002, §3, and Canonical
 * XML 1.0 §2.3 for the serialization):
 * - a namespace declaration is output on an element when the element or one of its attributes visibly
 *   uses the prefix (or the prefix is in the PrefixList and in scope), unless the nearest output ancestor
 *   already output the same binding; `xmlns=""` only when an output ancestor output a non-empty default;
 * - namespace declarations sorted by prefix (default first), attributes by (namespace URI, local name);
 * - `xml:*` attributes are not inherited from ancestors (the exclusive difference from C14N 1.0);
 * - empty elements as start–end tag pairs; text escaped `&amp; &lt; &gt; &#xD;`, attribute values
 *   `&amp; &lt; &quot; &#x9; &#xA; &#xD;`; comments dropped (the parser already drops them).
 */
import { XML_NS, type XmlElement } from './xml';

export interface C14nOptions {
  /** A descendant left out with its subtree (the Signature, for the enveloped-signature transform). */
  exclude?: XmlElement;
  /** The InclusiveNamespaces PrefixList, `#default` meaning the default namespace. */
  inclusivePrefixes?: readonly string[];
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
const escapeAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/\t/g, '&#x9;').replace(/\n/g, '&#xA;').replace(/\r/g, '&#xD;');

const qname = (prefix: string, local: string) => (prefix ? `${prefix}:${local}` : local);
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The canonical form of `apex` and its subtree. */
export function excC14n(apex: XmlElement, options: C14nOptions = {}): string {
  const inclusive = (options.inclusivePrefixes ?? []).map((p) => (p === '#default' ? '' : p));
  const out: string[] = [];

  const render = (el: XmlElement, rendered: ReadonlyMap<string, string>) => {
    // The prefixes to consider: visibly utilized ones, then the inclusive list.
    const utilized = new Set<string>([el.prefix]);
    for (const a of el.attrs) if (a.prefix && a.prefix !== 'xml') utilized.add(a.prefix);
    for (const p of inclusive) utilized.add(p);

    const decls: [string, string][] = [];
    for (const p of utilized) {
      if (p === 'xml') continue;
      const uri = p === '' ? (el.inScope.get('') ?? '') : el.inScope.get(p);
      if (uri === undefined) continue; // an inclusive prefix not in scope here
      const current = rendered.get(p) ?? (p === '' ? '' : undefined);
      if (current !== uri) decls.push([p, uri]);
    }
    decls.sort((a, b) => compare(a[0], b[0]));
    const attrs = [...el.attrs].sort((a, b) => compare(a.ns, b.ns) || compare(a.local, b.local));

    const name = qname(el.prefix, el.local);
    out.push('<', name);
    for (const [p, uri] of decls) out.push(p ? ` xmlns:${p}="` : ' xmlns="', escapeAttr(uri), '"');
    for (const a of attrs) {
      if (a.ns === XML_NS && a.prefix !== 'xml') out.push(` xml:${a.local}="`, escapeAttr(a.value), '"');
      else out.push(' ', qname(a.prefix, a.local), '="', escapeAttr(a.value), '"');
    }
    out.push('>');

    let next = rendered;
    if (decls.length > 0) {
      const m = new Map(rendered);
      for (const [p, uri] of decls) m.set(p, uri);
      next = m;
    }
    for (const c of el.children) {
      if (c.kind === 'text') out.push(escapeText(c.value));
      else if (c !== options.exclude) render(c, next);
    }
    out.push('</', name, '>');
  };

  render(apex, new Map());
  return out.join('');
}
