/**
 * The independent side of the SAML differential tests (saml-differential.test.ts): @xmldom/xmldom as the
 * XML parser, xml-crypto's ExclusiveCanonicalization and SignedXml as canonicalizer and signature checker.
 * JavaScript with a hand-written declaration (xmloracle.d.mts) for the reason given in xmlsig.mjs: the
 * xmldom types pull in TypeScript's DOM library.
 *
 * The tree both sides are compared on (see `treeOf` in the test) is, for an element: namespace URI ('' for
 * none), prefix, local name, its namespace declarations (prefix → URI, '' for the default), its other
 * attributes as [namespace URI, local name, prefix, value] sorted by (URI, local name), and its children,
 * where comments are dropped, text and CDATA sections are merged into one text node per run, and empty
 * text nodes are dropped.
 */
import { DOMParser } from '@xmldom/xmldom';
import { ExclusiveCanonicalization, SignedXml } from 'xml-crypto';

const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';
const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';

/**
 * Parses with xmldom and reports every warning, error and fatal error it signals (xmldom recovers from most
 * of them, which is not acceptance: any report counts as a refusal here).
 */
export function parseWithXmldom(xml) {
  const problems = [];
  const report = (level) => (msg) => problems.push(`${level}: ${String(msg).split('\n')[0]}`);
  let doc;
  try {
    doc = new DOMParser({ errorHandler: { warning: report('warning'), error: report('error'), fatalError: report('fatal') } }).parseFromString(xml, 'text/xml');
  } catch (e) {
    problems.push(`thrown: ${e.message}`);
  }
  if (!doc || !doc.documentElement) problems.push('no document element');
  return problems.length > 0 ? { ok: false, problems } : { ok: true, doc };
}

function treeOfElement(el) {
  const nsDecls = [];
  const attrs = [];
  for (const a of Array.from(el.attributes)) {
    if (a.name === 'xmlns') nsDecls.push(['', a.value]);
    else if (a.prefix === 'xmlns') nsDecls.push([a.localName, a.value]);
    else attrs.push([a.namespaceURI ?? '', a.localName, a.prefix ?? '', a.value]);
  }
  nsDecls.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  attrs.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
  const children = [];
  for (const c of Array.from(el.childNodes)) {
    if (c.nodeType === 1) children.push(treeOfElement(c));
    else if (c.nodeType === 3 || c.nodeType === 4) {
      const last = children[children.length - 1];
      if (typeof last === 'string') children[children.length - 1] = last + c.data;
      else children.push(c.data);
    } else if (c.nodeType === 8) continue;
    else children.push(`<unexpected node type ${c.nodeType}>`);
  }
  return { ns: el.namespaceURI ?? '', prefix: el.prefix ?? '', local: el.localName, nsDecls, attrs, children: children.filter((c) => c !== '') };
}

/** The comparison tree of the document element (see the module comment), or xmldom's complaints. */
export function xmldomTree(xml) {
  const r = parseWithXmldom(xml);
  return r.ok ? { ok: true, tree: treeOfElement(r.doc.documentElement) } : r;
}

function elementsInOrder(root) {
  const out = [];
  const walk = (el) => {
    out.push(el);
    for (const c of Array.from(el.childNodes)) if (c.nodeType === 1) walk(c);
  };
  walk(root);
  return out;
}

/**
 * xml-crypto's exclusive canonical form of the `index`-th element of the document (document order, root
 * 0), with an optional PrefixList; ancestors' declarations are passed as SignedXml passes them.
 */
export function xmlCryptoExcC14n(xml, index, prefixes) {
  const r = parseWithXmldom(xml);
  if (!r.ok) throw new Error(r.problems.join('; '));
  const el = elementsInOrder(r.doc.documentElement)[index];
  // Ancestors' declarations as SignedXml passes them (xml-crypto utils.findAncestorNsForElement): nearest
  // first, undeclarations and the prefixes the element declares or uses itself left out.
  const own = new Set([el.prefix ?? '']);
  for (const a of Array.from(el.attributes)) if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) own.add(a.name.replace(/^xmlns:?/, ''));
  const ancestorNamespaces = [];
  for (let p = el.parentNode; p && p.attributes; p = p.parentNode) {
    for (const a of Array.from(p.attributes)) {
      if (!(a.name === 'xmlns' || a.name.startsWith('xmlns:'))) continue;
      const prefix = a.name.replace(/^xmlns:?/, '');
      if (ancestorNamespaces.some((n) => n.prefix === prefix)) continue;
      ancestorNamespaces.push({ prefix, namespaceURI: a.value });
    }
  }
  const passed = ancestorNamespaces.filter((n) => n.namespaceURI !== '' && !own.has(n.prefix));
  return new ExclusiveCanonicalization().process(el, prefixes ? { inclusiveNamespacesPrefixList: prefixes, ancestorNamespaces: passed } : {});
}

/**
 * xml-crypto's verdict on every ds:Signature of the document, each checked on its own with `certPem` as
 * the only key (KeyInfo ignored): valid or not, and for a valid one the canonical XML of what it signs
 * (SignedXml.getSignedReferences, what xml-crypto tells its users to consume).
 */
export function xmlCryptoSignatures(xml, certPem) {
  const r = parseWithXmldom(xml);
  const doc = r.ok ? r.doc : new DOMParser({ errorHandler: { warning() {}, error() {}, fatalError() {} } }).parseFromString(xml, 'text/xml');
  const sigs = Array.from(doc.getElementsByTagNameNS(DS_NS, 'Signature'));
  // SignedXml parses again with xmldom's default handler, which writes warnings to the console: muted.
  const { warn, error } = console;
  console.warn = console.error = () => {};
  try {
    return sigs.map((sig) => {
      const sx = new SignedXml({ publicCert: certPem, getCertFromKeyInfo: () => null });
      try {
        sx.loadSignature(sig);
        const valid = sx.checkSignature(xml) === true;
        return { valid, signed: valid ? sx.getSignedReferences() : [], error: valid ? undefined : 'references did not validate' };
      } catch (e) {
        return { valid: false, signed: [], error: e.message };
      }
    });
  } finally {
    Object.assign(console, { warn, error });
  }
}

const text = (el) => (el ? el.textContent.trim() : undefined);
const childrenNamed = (el, ns, local) => Array.from(el.childNodes).filter((c) => c.nodeType === 1 && c.namespaceURI === ns && c.localName === local);

/**
 * The claims read from the canonical XML of a signed element: the Assertion itself, or the one Assertion
 * child of a signed Response (undefined when there is no such single Assertion).
 */
export function claimsOfSigned(canonicalXml) {
  const r = parseWithXmldom(canonicalXml);
  if (!r.ok) return undefined;
  const root = r.doc.documentElement;
  const assertions = root.namespaceURI === ASSERTION_NS && root.localName === 'Assertion' ? [root] : childrenNamed(root, ASSERTION_NS, 'Assertion');
  if (assertions.length !== 1) return undefined;
  const a = assertions[0];
  const subject = childrenNamed(a, ASSERTION_NS, 'Subject')[0];
  const nameId = subject && childrenNamed(subject, ASSERTION_NS, 'NameID')[0];
  const attributes = {};
  for (const st of childrenNamed(a, ASSERTION_NS, 'AttributeStatement')) {
    for (const at of childrenNamed(st, ASSERTION_NS, 'Attribute')) {
      const name = at.getAttribute('Name');
      (attributes[name] ??= []).push(...childrenNamed(at, ASSERTION_NS, 'AttributeValue').map((v) => text(v)));
    }
  }
  return { assertionId: a.getAttribute('ID'), subject: text(nameId), attributes };
}
