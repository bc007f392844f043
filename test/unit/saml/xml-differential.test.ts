/**
 * Differential fuzzing of the strict XML parser and Exclusive C14N against independent implementations:
 * @xmldom/xmldom (parsing) and xml-crypto's ExclusiveCanonicalization (over xmldom). fast-check generates
 * well-formed documents (prefixed and default namespaces, undeclarations, re-declarations, attributes,
 * text with entity and character references, CDATA, comments, whitespace, line ends, an XML declaration)
 * into which it may inject a construct the project refuses on purpose, and mutates real signed SAML
 * responses character by character.
 *
 * Properties (the tree compared is defined in xmloracle.mjs):
 * 1. a generated document without an injected construct: both parsers accept it, with the same tree;
 * 2. a generated document with an injected construct: the project refuses it (xmldom accepts most of them
 *    silently: the project refuses a superset, by design);
 * 3. any input the project accepts, xmldom accepts without a warning, with the same tree (the converse is
 *    not a property: xmldom recovers from errors such as `<r a=b/>`, `<r>&#0;</r>`, `<r/>x` silently);
 * 4. any document both accept: the project's canonical form of every element equals xml-crypto's, also
 *    with a PrefixList — without the `#default` token, which xml-crypto 6 does not implement (it treats it
 *    as a prefix named "#default"; the project renders the default namespace as Exc-C14N §3 says), and
 *    without `&`, `<`, `"` in namespace URIs, which xml-crypto 6 writes unescaped (both pinned below);
 * 5. any input the project refuses is refused with one of the rules its parser documents (xml.ts).
 *
 * Intentional differences (the project refuses, xmldom accepts): a DOCTYPE of any kind, entity references
 * other than the five predefined, processing instructions other than the XML declaration, undeclared
 * prefixes, `xmlns:p=""`, rebinding `xml`/`xmlns`, two attributes with the same expanded name, characters
 * XML forbids (literal or as references, e.g. `&#0;`), `<` in an attribute value, `]]>` in text, `--`
 * inside a comment, text outside the root, a byte order mark in the string, depth > 64. And where xmldom
 * is the one that deviates, the generator stays clear and a test pins the project's behaviour: U+0085 and
 * U+2028 (xmldom treats them as line ends), whitespace before `>` in an end tag (xmldom warns after a
 * same-named sibling).
 *
 * Reproduce a failure with SAML_FUZZ_SEED=<seed printed by fast-check>; SAML_FUZZ_RUNS scales the runs.
 * Spec: XML 1.0 (Fifth Edition); Namespaces in XML 1.0; Exclusive XML Canonicalization 1.0 §3.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { excC14n } from '../../../src/core/saml/c14n';
import { descendants, parseXml, XmlError, type XmlElement } from '../../../src/core/saml/xml';
import { makeKey, response, sign } from './support';
import { xmlCryptoExcC14n, xmldomTree, type OracleTree } from './xmloracle.mjs';

const SEED = process.env.SAML_FUZZ_SEED ? Number(process.env.SAML_FUZZ_SEED) : undefined;
const SCALE = Number(process.env.SAML_FUZZ_RUNS ?? '1');
/** Long runs (SAML_FUZZ_RUNS > 1) get a proportional timeout. */
const TIMEOUT_MS = 60_000 * Math.max(1, SCALE);
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * SCALE)), ...(SEED !== undefined ? { seed: SEED } : {}) });

/** The project's tree in the comparison form of xmloracle.mjs. */
function treeOf(el: XmlElement): OracleTree {
  const children: (OracleTree | string)[] = [];
  for (const c of el.children) {
    if (c.kind === 'element') children.push(treeOf(c));
    else if (c.value !== '') children.push(c.value);
  }
  return {
    ns: el.ns,
    prefix: el.prefix,
    local: el.local,
    nsDecls: [...el.nsDecls].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
    attrs: el.attrs
      .map((a): [string, string, string, string] => [a.ns, a.local, a.prefix, a.value])
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)),
    children,
  };
}

/** The refusals xml.ts documents; anything else would be an undocumented rule (or a crash). */
const DOCUMENTED_REFUSALS = [
  /^forbidden character$/,
  /DOCTYPE is not allowed/,
  /processing instructions are not allowed/,
  /markup declarations are not allowed/,
  /entity reference &[^;]*; is not allowed/,
  /invalid character reference/,
  /unterminated (comment|XML declaration|attribute value|element|CDATA section|reference)/,
  /"--" inside a comment/,
  /malformed XML declaration/,
  /expected (a name|the root element|whitespace before an attribute|"="|a quoted attribute value|"\/>"|">")/,
  /duplicate attribute/,
  /namespace prefix \S+ undeclared/,
  /reserved namespace binding/,
  /undeclared prefix/,
  /too many nodes|document too deep/,
  /"<" in character data|"]]>" in character data/,
  /mismatched end tag/,
  /content after the root element/,
];

type Parsed = { ok: true; root: XmlElement } | { ok: false; error: string };
function ours(xml: string): Parsed {
  try {
    return { ok: true, root: parseXml(xml) };
  } catch (e) {
    if (!(e instanceof XmlError)) throw e; // a crash, not a refusal: the property fails
    return { ok: false, error: e.message };
  }
}

/** Properties 3–5 for any input; true when the project accepted it. */
function checkAgainstOracle(xml: string, prefixLists: string[][] = []): boolean {
  const mine = ours(xml);
  if (!mine.ok) {
    expect(DOCUMENTED_REFUSALS.some((r) => r.test(mine.error)), mine.error).toBe(true);
    return false;
  }
  const theirs = xmldomTree(xml);
  if (!theirs.ok) throw new Error(`the project accepts what xmldom refuses (${theirs.problems.join('; ')}): ${JSON.stringify(xml)}`);
  expect(treeOf(mine.root)).toEqual(theirs.tree);
  const all = [...descendants(mine.root)];
  // xml-crypto 6 writes namespace URIs unescaped (pinned in a test below): no byte comparison then.
  if (all.some((el) => [...el.nsDecls.values()].some((uri) => /[&<"\t\n\r]/.test(uri)))) return true;
  all.forEach((el, i) => {
    expect(excC14n(el), `element ${i}`).toBe(xmlCryptoExcC14n(xml, i));
    for (const prefixes of prefixLists) expect(excC14n(el, { inclusivePrefixes: prefixes }), `element ${i} ${prefixes.join(' ')}`).toBe(xmlCryptoExcC14n(xml, i, prefixes));
  });
  return true;
}

// ---- generated documents ---------------------------------------------------------------------------

const PREFIXES = ['', '', 'a', 'b', 'saml', 'ds'];
// No `&`, `<` or `"` in namespace URIs: xml-crypto writes namespace declarations unescaped (see the
// explicit test below), which C14N 1.0 §2.3 does not allow; the project escapes them.
const URIS = ['urn:a', 'urn:b', 'http://example.com/ns?x=1;y=2', 'urn:oasis:names:tc:SAML:2.0:assertion', 'urn:é'];
const LOCALS = ['r', 'x', 'y', 'Assertion', 'NameID', 'é', 'n-1.z', '_u', 'ID'];

/**
 * Text characters written literally (none needs escaping in content). Not U+0085 nor U+2028: xmldom turns
 * them into line feeds (XML 1.1 §2.11) even in XML 1.0 documents; the project keeps them (pinned below).
 */
const plainChar = fc.constantFrom(...'ab Zé日\u00A0\t\n\r]"\''.split(''), '\r\n', '😀', ']]');
const reference = fc.constantFrom('&amp;', '&lt;', '&gt;', '&apos;', '&quot;', '&#9;', '&#10;', '&#13;', '&#xD;', '&#x20;', '&#233;', '&#x1F600;', '&#x3c;', '&#38;');
const textPiece = fc.oneof({ weight: 4, arbitrary: plainChar }, { weight: 2, arbitrary: reference });
const text = fc.array(textPiece, { maxLength: 8 }).map((p) => p.join(''));
const cdata = fc.array(fc.oneof(plainChar, fc.constantFrom('<', '&', '&amp;', ']>', '>', '<!--')), { maxLength: 5 }).map((p) => `<![CDATA[${p.join('').split(']]>').join(']] >')}]]>`);
const comment = fc.array(fc.oneof(plainChar, fc.constantFrom('<', '&', '-', ' x-y ')), { maxLength: 5 }).map((p) => `<!--${p.join('').replace(/-+/g, '-').replace(/-$/, '')}-->`);
const ws = fc.constantFrom('', ' ', '\n', '\t', '\r\n', '  \n  ');
const attrValue = fc.array(fc.oneof(plainChar, reference, fc.constant('>')), { maxLength: 6 }).map((p) => p.join(''));

interface GenElement {
  prefix: string;
  local: string;
  decls: [string, number][];
  undeclareDefault: boolean;
  attrs: [prefix: string, local: string, value: string, quote: string][];
  children: GenChild[];
  endWs: string;
  /** Whitespace between attributes, around "=", before the end tag's ">". */
  sep: string;
  eq: string;
  closeWs: string;
}
type GenChild = { el: GenElement } | { raw: string };

const element: fc.Memo<GenElement> = fc.memo((depth: number) =>
  fc.record({
    prefix: fc.constantFrom(...PREFIXES),
    local: fc.constantFrom(...LOCALS),
    decls: fc.array(fc.tuple(fc.constantFrom(...PREFIXES), fc.nat(URIS.length - 1)), { maxLength: 3 }),
    undeclareDefault: fc.boolean(),
    attrs: fc.array(fc.tuple(fc.constantFrom('', '', '', 'a', 'b', 'xml'), fc.constantFrom('k', 'ID', 'Name', 'lang', 'space'), attrValue, fc.constantFrom('"', "'")), { maxLength: 4 }),
    children:
      depth <= 1
        ? fc.array(fc.oneof(text, cdata, comment).map((raw): GenChild => ({ raw })), { maxLength: 3 })
        : fc.array(
            fc.oneof(
              { weight: 3, arbitrary: element(depth - 1).map((el): GenChild => ({ el })) },
              { weight: 2, arbitrary: text.map((raw): GenChild => ({ raw })) },
              { weight: 1, arbitrary: fc.oneof(cdata, comment).map((raw): GenChild => ({ raw })) },
            ),
            { maxLength: 4 },
          ),
    endWs: ws,
    sep: fc.constantFrom(' ', ' ', '\n  ', '\t', '\r\n'),
    eq: fc.constantFrom('=', '=', ' = ', '\n=\t'),
    // Not whitespace before an end tag's ">": xmldom 0.8 then warns "unclosed xml attribute" when a
    // sibling of the same name came before (`<r><e></e><e><r/></e ></r>`); XML 1.0 [42] allows it (pinned below).
    closeWs: fc.constant(''),
  }),
);

const escapeAttr = (v: string, quote: string) => (quote === '"' ? v.replace(/"/g, '&quot;') : v.replace(/'/g, '&apos;'));

/**
 * Serializes a generated element as namespace-well-formed XML: a prefix used but not in scope is declared
 * on the spot, and attributes that would repeat an expanded name are dropped.
 */
function serialize(el: GenElement, scope: ReadonlyMap<string, string>): string {
  const decls = new Map<string, string>();
  for (const [p, u] of el.decls) decls.set(p, URIS[u]!);
  if (el.undeclareDefault && !decls.has('') && scope.has('')) decls.set('', '');
  const inScope = new Map(scope);
  for (const [p, u] of decls) inScope.set(p, u);
  const need = (p: string) => {
    if (p && p !== 'xml' && !inScope.has(p)) {
      decls.set(p, URIS[p.length % URIS.length]!);
      inScope.set(p, decls.get(p)!);
    }
  };
  need(el.prefix);
  const seen = new Set<string>();
  const attrs: string[] = [];
  for (const [p, local, value, quote] of el.attrs) {
    if (p === 'xml' && local !== 'lang' && local !== 'space') continue;
    need(p);
    const key = `${p ? (p === 'xml' ? 'xml' : inScope.get(p)) : ''}|${local}`;
    if (seen.has(key)) continue;
    seen.add(key);
    attrs.push(`${p ? `${p}:` : ''}${local}${el.eq}${quote}${escapeAttr(value, quote)}${quote}`);
  }
  const name = el.prefix ? `${el.prefix}:${el.local}` : el.local;
  const declText = [...decls].map(([p, u]) => `${p ? `xmlns:${p}` : 'xmlns'}${el.eq}"${u.replace(/&/g, '&amp;')}"`);
  const open = [name, ...declText, ...attrs].join(el.sep);
  if (el.children.length === 0) return `<${open}${el.endWs}/>`;
  return `<${open}${el.endWs}>${el.children.map((c) => ('el' in c ? serialize(c.el, inScope) : c.raw)).join('')}</${name}${el.closeWs}>`;
}

/** A construct the project refuses on purpose, and where it goes. */
const INJECTIONS: [what: string, where: 'prolog' | 'content' | 'open', text: string][] = [
  ['a DOCTYPE', 'prolog', '<!DOCTYPE r>'],
  ['a DOCTYPE with an internal subset', 'prolog', '<!DOCTYPE r [<!ENTITY e "x">]>'],
  ['an external DOCTYPE', 'prolog', '<!DOCTYPE r SYSTEM "file:///etc/passwd">'],
  ['a processing instruction in the prolog', 'prolog', '<?xml-stylesheet href="a"?>'],
  ['a processing instruction', 'content', '<?pi data?>'],
  ['an undefined entity', 'content', '&nbsp;'],
  ['a declared-looking entity', 'content', '&e;'],
  ['a NUL character reference', 'content', '&#0;'],
  ['a surrogate character reference', 'content', '&#xD800;'],
  ['a markup declaration', 'content', '<!ENTITY e "x">'],
  ['an undeclared prefix', 'content', '<zz:e/>'],
  ['a prefix undeclared', 'open', ' xmlns:a=""'],
  ['xml rebound', 'open', ' xmlns:xml="urn:x"'],
  ['xmlns declared', 'open', ' xmlns:xmlns="urn:x"'],
  ['"]]>" in text', 'content', ']]>'],
  ['"--" in a comment', 'content', '<!-- a -- b -->'],
  ['a control character', 'content', '\u0001'],
];

const generated = fc.record({
  root: element(3),
  decl: fc.constantFrom('', '<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'),
  before: fc.array(fc.oneof(ws, comment), { maxLength: 2 }).map((p) => p.join('')),
  after: fc.array(fc.oneof(ws, comment), { maxLength: 2 }).map((p) => p.join('')),
  injection: fc.option(fc.nat(INJECTIONS.length - 1), { freq: 3 }),
});

function documentOf(g: { root: GenElement; decl: string; before: string; after: string; injection: number | null }): { xml: string; injected?: string } {
  let body = serialize(g.root, new Map());
  let prolog = g.decl + g.before;
  let injected: string | undefined;
  if (g.injection !== null) {
    const [what, where, t] = INJECTIONS[g.injection]!;
    injected = what;
    if (where === 'prolog') prolog = g.decl + t + g.before;
    else if (where === 'open') body = body.replace(/^<([^\s/>]+)/, `<$1${t}`);
    else {
      // Into the root's content, right after its start tag (a self-closing root is opened up).
      let end = 0;
      for (let quote = ''; ; end++) {
        const c = body[end]!;
        if (quote) quote = c === quote ? '' : quote;
        else if (c === '"' || c === "'") quote = c;
        else if (c === '>') break;
      }
      const name = /^<([^\s/>]+)/.exec(body)![1];
      body = body[end - 1] === '/' ? `${body.slice(0, end - 1)}>${t}</${name}>` : body.slice(0, end + 1) + t + body.slice(end + 1);
    }
  }
  return { xml: prolog + body + g.after, ...(injected ? { injected } : {}) };
}

describe('XML parser and exclusive C14N, differential against xmldom + xml-crypto', () => {
  it('generated documents: same tree and same canonical forms as xmldom/xml-crypto; injected constructs refused', () => {
    fc.assert(
      fc.property(generated, (g) => {
        const { xml, injected } = documentOf(g);
        const mine = ours(xml);
        if (injected) {
          expect(mine.ok, `${injected} accepted: ${JSON.stringify(xml)}`).toBe(false);
          return;
        }
        if (!mine.ok) throw new Error(`refused a well-formed document (${mine.error}): ${JSON.stringify(xml)}`);
        checkAgainstOracle(xml, [['a', 'b'], ['saml', 'ds']]);
      }),
      runs(400),
    );
  }, TIMEOUT_MS);

  it('escapes "&" in a namespace URI as C14N 1.0 §2.3 requires (xml-crypto 6 writes it raw: a known difference)', () => {
    const root = parseXml('<r xmlns:a="http://e/?x=1&amp;y=&quot;2&quot;"><a:x/></r>');
    expect(excC14n(root.children[0] as XmlElement)).toBe('<a:x xmlns:a="http://e/?x=1&amp;y=&quot;2&quot;"></a:x>');
  });

  it('renders the in-scope default namespace for "#default" in the PrefixList (Exc-C14N §3; xml-crypto 6 does not)', () => {
    const root = parseXml('<r xmlns="urn:a" xmlns:b="urn:b"><b:x/></r>');
    const x = root.children[0] as XmlElement;
    expect(excC14n(x, { inclusivePrefixes: ['#default'] })).toBe('<b:x xmlns="urn:a" xmlns:b="urn:b"></b:x>');
    expect(excC14n(x)).toBe('<b:x xmlns:b="urn:b"></b:x>');
  });

  it('keeps U+0085 and U+2028 as characters: XML 1.0 §2.11 line ends are CR LF and CR only (xmldom applies XML 1.1)', () => {
    const r = parseXml('<r k="\u0085\u2028">\r\u0085\u2028</r>');
    expect(r.attrs[0]!.value).toBe('\u0085\u2028');
    expect(r.children).toEqual([{ kind: 'text', value: '\n\u0085\u2028' }]);
  });

  it('accepts whitespace before ">" in an end tag (XML 1.0 [42] ETag ::= "</" Name S? ">")', () => {
    const r = parseXml('<r><e></e><e><x/></e \n></r\t>');
    expect(treeOf(r).children).toHaveLength(2);
  });

  let signedXml: string[] = [];
  beforeAll(() => {
    const key = makeKey();
    signedXml = [sign(response(), key, { target: 'assertion' }), sign(response({ nameId: 'a&amp;b<!--c-->d' }), key, { target: 'response', inclusiveNamespacesPrefixList: ['xs'] })];
  });

  const SNIPPETS = ['<!--x-->', '&amp;', '&#x1F600;', ' ', '\r\n', '\t', '<?pi?>', '<!DOCTYPE r>', '"', "'", '<', '>', '&', ']]>', '<![CDATA[<]]>', ' xmlns:q="urn:q"', ' q:k="1"', ' xmlns=""', ' xmlns="urn:d"', '</x>', '<x>', '<y/>', 'saml:', 'xmlns:saml', '&#0;', '&lt;', '\uFEFF'];

  it('mutated signed SAML responses: whatever the project accepts, xmldom accepts with the same tree and xml-crypto canonicalizes the same', () => {
    const mutation = fc.record({
      doc: fc.nat(1),
      edits: fc.array(
        fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.nat(12), ins: fc.oneof(fc.constantFrom(...SNIPPETS), fc.constant('')) }),
        { minLength: 1, maxLength: 3 },
      ),
    });
    let accepted = 0;
    fc.assert(
      fc.property(mutation, ({ doc, edits }) => {
        let xml = signedXml[doc]!;
        for (const e of edits) {
          const at = Math.floor(e.at * xml.length);
          xml = xml.slice(0, at) + e.ins + xml.slice(at + e.del);
        }
        if (checkAgainstOracle(xml, [['xs', 'xsi']])) accepted++;
      }),
      // About 2 % of mutants stay well-formed and signed-shaped: 1,000 runs make ~20 reach the comparisons
      // (150 runs gave none about once in 20 runs of the suite).
      runs(1000),
    );
    // Not vacuous: some mutants are accepted and go through the tree and C14N comparisons.
    expect(accepted).toBeGreaterThan(0);
  }, TIMEOUT_MS);
});
