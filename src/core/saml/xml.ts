/**
 * @module A small, strict XML 1.0 parser with namespaces, for SAML responses and metadata.
 *
 * It keeps what Exclusive XML Canonicalization needs (prefixes, namespace URIs, the in-scope bindings of
 * each element, attribute values after normalization, text) and refuses what a SAML document never
 * needs and an attacker could use:
 * - a DOCTYPE of any kind (so no DTD, no entity expansion: XXE and "billion laughs" are impossible);
 * - entity references other than the five predefined ones and numeric character references;
 * - processing instructions other than the XML declaration (C14N would have to render them);
 * - undeclared prefixes, `xmlns:p=""`, rebinding `xml`/`xmlns`, duplicate attributes;
 * - documents deeper than {@link MAX_DEPTH} or with more than {@link MAX_NODES} nodes.
 * Comments are dropped (C14N "without comments" drops them too), so text split by a comment reads as
 * one string, exactly as it was signed.
 *
 * Spec: XML 1.0 (Fifth Edition) §2.11 (end-of-line handling), §3.3.3 (attribute-value normalization),
 * §4.1 (character references); Namespaces in XML 1.0 (Third Edition).
 */

/** The namespace the `xml` prefix is bound to. */
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Nesting depth refused beyond this. */
export const MAX_DEPTH = 64;
/** Elements plus text nodes refused beyond this. */
const MAX_NODES = 20_000;

/** An attribute (namespace declarations are kept apart, in {@link XmlElement.nsDecls}). */
export interface XmlAttr {
  prefix: string;
  local: string;
  /** The namespace URI; '' for an unprefixed attribute. */
  ns: string;
  value: string;
}

/** A text node (character data and CDATA sections, references resolved). */
export interface XmlText {
  kind: 'text';
  value: string;
}

/** An element. */
export interface XmlElement {
  kind: 'element';
  /** '' when unprefixed. */
  prefix: string;
  local: string;
  /** The namespace URI; '' for none. */
  ns: string;
  attrs: XmlAttr[];
  /** The declarations written on this element: prefix ('' for the default namespace) → URI ('' undeclares the default). */
  nsDecls: Map<string, string>;
  /** Every binding in scope here (inherited and own); the default namespace under ''. */
  inScope: Map<string, string>;
  children: XmlNode[];
  parent: XmlElement | null;
}

export type XmlNode = XmlElement | XmlText;

/** Why a document was refused. */
export class XmlError extends Error {
  override readonly name = 'XmlError';
}

const NAME_START = 'A-Za-z_\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
const NAME_CHAR = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
/** A QName: NCName, optionally `prefix:local`. */
const QNAME = new RegExp(`[${NAME_START}][${NAME_CHAR}]*(?::[${NAME_START}][${NAME_CHAR}]*)?`, 'y');
const WS = /[ \t\n]*/y;
/** Characters XML 1.0 forbids anywhere (surrogates are checked by the UTF-16 string itself). */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Resolves references in raw character data; `attribute` also normalizes literal whitespace to spaces. */
function decode(raw: string, attribute: boolean): string {
  if (raw.includes('<')) throw new XmlError('"<" in character data');
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const amp = raw.indexOf('&', i);
    const chunk = amp < 0 ? raw.slice(i) : raw.slice(i, amp);
    out += attribute ? chunk.replace(/[\t\n]/g, ' ') : chunk;
    if (amp < 0) break;
    const semi = raw.indexOf(';', amp);
    if (semi < 0) throw new XmlError('unterminated reference');
    const ref = raw.slice(amp + 1, semi);
    if (ref.startsWith('#')) {
      const cp = /^#x[0-9a-fA-F]{1,6}$/.test(ref) ? parseInt(ref.slice(2), 16) : /^#[0-9]{1,7}$/.test(ref) ? parseInt(ref.slice(1), 10) : NaN;
      if (!isXmlChar(cp)) throw new XmlError(`invalid character reference &${ref};`);
      out += String.fromCodePoint(cp);
    } else {
      const ch = PREDEFINED[ref];
      if (ch === undefined) throw new XmlError(`entity reference &${ref}; is not allowed`);
      out += ch;
    }
    i = semi + 1;
  }
  return out;
}

function splitQName(qname: string): [prefix: string, local: string] {
  const colon = qname.indexOf(':');
  return colon < 0 ? ['', qname] : [qname.slice(0, colon), qname.slice(colon + 1)];
}

/**
 * Parses a whole document and returns its root element. Throws {@link XmlError} for anything that is not
 * well-formed, namespace-well-formed XML within the limits above.
 */
export function parseXml(input: string): XmlElement {
  const src = input.replace(/\r\n?/g, '\n');
  if (FORBIDDEN.test(src)) throw new XmlError('forbidden character');
  return new Parser(src).document();
}

/** An element's start tag as written: its QName and attributes (values decoded), before namespaces. */
interface StartTag {
  qname: string;
  rawAttrs: [name: string, value: string][];
  selfClosing: boolean;
}

/** One pass over a normalized document; `pos` only moves forward. */
class Parser {
  private pos = 0;
  private nodes = 0;
  private root: XmlElement | null = null;
  private readonly stack: XmlElement[] = [];
  private readonly rootScope = new Map<string, string>();

  constructor(private readonly src: string) {}

  document(): XmlElement {
    this.declaration();
    this.skipMisc();
    if (this.src[this.pos] !== '<') this.fail('expected the root element');
    this.openElement();
    while (this.stack.length > 0) this.content();
    this.skipMisc();
    if (this.pos !== this.src.length) this.fail('content after the root element');
    return this.root!;
  }

  private fail(what: string): never {
    throw new XmlError(`${what} at offset ${this.pos}`);
  }

  private skipWs(): void {
    WS.lastIndex = this.pos;
    WS.exec(this.src);
    this.pos = WS.lastIndex;
  }

  private readName(): string {
    QNAME.lastIndex = this.pos;
    const m = QNAME.exec(this.src);
    if (!m) return this.fail('expected a name');
    this.pos = QNAME.lastIndex;
    return m[0];
  }

  /** The XML declaration, if any, must come first (XML 1.0 §2.8, production XMLDecl). */
  private declaration(): void {
    const src = this.src;
    if (!(src.startsWith('<?xml', 0) && /^<\?xml[ \t\n]/.test(src))) return;
    const end = src.indexOf('?>');
    if (end < 0) this.fail('unterminated XML declaration');
    const decl = src.slice(0, end + 2);
    if (!/^<\?xml\s+version\s*=\s*(['"])1\.[0-9]+\1(\s+encoding\s*=\s*(['"])[A-Za-z][A-Za-z0-9._-]*\3)?(\s+standalone\s*=\s*(['"])(yes|no)\5)?\s*\?>$/.test(decl)) {
      this.fail('malformed XML declaration');
    }
    this.pos = end + 2;
  }

  /** Skips comments and whitespace outside the root; refuses DOCTYPE and processing instructions. */
  private skipMisc(): void {
    const src = this.src;
    for (;;) {
      this.skipWs();
      if (src.startsWith('<!--', this.pos)) this.skipComment();
      else if (src.startsWith('<!DOCTYPE', this.pos) || src.startsWith('<!doctype', this.pos)) this.fail('DOCTYPE is not allowed');
      else if (src.startsWith('<?', this.pos)) this.fail('processing instructions are not allowed');
      else return;
    }
  }

  private skipComment(): void {
    const end = this.src.indexOf('-->', this.pos + 4);
    if (end < 0) this.fail('unterminated comment');
    if (this.src.slice(this.pos + 4, end).includes('--')) this.fail('"--" inside a comment');
    this.pos = end + 3;
  }

  /** One step inside an open element: text, an end tag, a comment, a CDATA section or a child element. */
  private content(): void {
    const src = this.src;
    const lt = src.indexOf('<', this.pos);
    if (lt < 0) this.fail('unterminated element');
    if (lt > this.pos) {
      const raw = src.slice(this.pos, lt);
      if (raw.includes(']]>')) this.fail('"]]>" in character data');
      this.addText(decode(raw, false));
      this.pos = lt;
    }
    if (src.startsWith('</', this.pos)) this.closeElement();
    else if (src.startsWith('<!--', this.pos)) this.skipComment();
    else if (src.startsWith('<![CDATA[', this.pos)) {
      const end = src.indexOf(']]>', this.pos + 9);
      if (end < 0) this.fail('unterminated CDATA section');
      this.addText(src.slice(this.pos + 9, end));
      this.pos = end + 3;
    } else if (src.startsWith('<!', this.pos)) this.fail('markup declarations are not allowed');
    else if (src.startsWith('<?', this.pos)) this.fail('processing instructions are not allowed');
    else this.openElement();
  }

  private closeElement(): void {
    this.pos += 2;
    const name = this.readName();
    this.skipWs();
    if (this.src[this.pos] !== '>') this.fail('expected ">"');
    this.pos++;
    const el = this.stack.pop()!;
    if (name !== (el.prefix ? `${el.prefix}:${el.local}` : el.local)) this.fail(`mismatched end tag ${name}`);
  }

  /** Text next to text (split by a comment or a CDATA section) joins it, as C14N renders it. */
  private addText(value: string): void {
    const parent = this.stack[this.stack.length - 1]!;
    const last = parent.children[parent.children.length - 1];
    if (last?.kind === 'text') last.value += value;
    else {
      this.countNode();
      parent.children.push({ kind: 'text', value });
    }
  }

  private countNode(): void {
    if (++this.nodes > MAX_NODES) this.fail('too many nodes');
  }

  private openElement(): void {
    const { qname, rawAttrs, selfClosing } = this.startTag();
    const parent = this.stack[this.stack.length - 1] ?? null;
    const nsDecls = this.namespaceDeclarations(rawAttrs);
    const inScope = scopeWith(parent ? parent.inScope : this.rootScope, nsDecls);
    const [prefix, local] = splitQName(qname);
    const attrs = this.qualifiedAttributes(rawAttrs, inScope);
    const el: XmlElement = { kind: 'element', prefix, local, ns: this.resolve(inScope, prefix, false), attrs, nsDecls, inScope, children: [], parent };
    this.countNode();
    if (parent) parent.children.push(el);
    else this.root = el;
    if (!selfClosing) {
      if (this.stack.length >= MAX_DEPTH) this.fail('document too deep');
      this.stack.push(el);
    }
  }

  /** Reads `<name attr="v" ...>` or `.../>`; attribute values are normalized (XML 1.0 §3.3.3). */
  private startTag(): StartTag {
    const src = this.src;
    this.pos++; // '<'
    const qname = this.readName();
    const rawAttrs: [string, string][] = [];
    for (;;) {
      const before = this.pos;
      this.skipWs();
      const c = src[this.pos];
      if (c === '>' || c === '/') break;
      if (this.pos === before) this.fail('expected whitespace before an attribute');
      const name = this.readName();
      this.skipWs();
      if (src[this.pos] !== '=') this.fail('expected "="');
      this.pos++;
      this.skipWs();
      const quote = src[this.pos];
      if (quote !== '"' && quote !== "'") return this.fail('expected a quoted attribute value');
      const end = src.indexOf(quote, this.pos + 1);
      if (end < 0) this.fail('unterminated attribute value');
      if (rawAttrs.some(([n]) => n === name)) this.fail(`duplicate attribute ${name}`);
      rawAttrs.push([name, decode(src.slice(this.pos + 1, end), true)]);
      this.pos = end + 1;
    }
    const selfClosing = src[this.pos] === '/';
    if (selfClosing) {
      if (src[this.pos + 1] !== '>') this.fail('expected "/>"');
      this.pos += 2;
    } else this.pos++;
    return { qname, rawAttrs, selfClosing };
  }

  /**
   * The `xmlns` and `xmlns:p` attributes of a start tag. Namespaces in XML 1.0 §3: a prefix cannot be
   * undeclared (`xmlns:p=""`), `xmlns` is never declared, and `xml` is bound to its namespace only.
   */
  private namespaceDeclarations(rawAttrs: StartTag['rawAttrs']): Map<string, string> {
    const nsDecls = new Map<string, string>();
    for (const [name, value] of rawAttrs) {
      if (name === 'xmlns') nsDecls.set('', value);
      else if (name.startsWith('xmlns:')) {
        const p = name.slice(6);
        if (value === '') this.fail(`namespace prefix ${p} undeclared`);
        if (p === 'xmlns' || (p === 'xml' && value !== XML_NS) || (p !== 'xml' && value === XML_NS)) this.fail(`reserved namespace binding ${p}`);
        nsDecls.set(p, value);
      }
    }
    return nsDecls;
  }

  /**
   * The other attributes with their namespaces; two attributes with the same expanded name are refused
   * even under different prefixes (Namespaces in XML 1.0 §6.3).
   */
  private qualifiedAttributes(rawAttrs: StartTag['rawAttrs'], inScope: Map<string, string>): XmlAttr[] {
    const attrs: XmlAttr[] = [];
    for (const [name, value] of rawAttrs) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      const [p, l] = splitQName(name);
      const ns = this.resolve(inScope, p, true);
      if (attrs.some((a) => a.ns === ns && a.local === l)) this.fail(`duplicate attribute {${ns}}${l}`);
      attrs.push({ prefix: p, local: l, ns, value });
    }
    return attrs;
  }

  /** An unprefixed attribute has no namespace; an unprefixed element takes the default one (Namespaces §6.2). */
  private resolve(inScope: Map<string, string>, prefix: string, isAttr: boolean): string {
    if (prefix === 'xml') return XML_NS;
    if (prefix === '') return isAttr ? '' : (inScope.get('') ?? '');
    const uri = inScope.get(prefix);
    if (uri === undefined) return this.fail(`undeclared prefix ${prefix}`);
    return uri;
  }
}

/** The bindings in scope under an element: its parent's, with its own declarations applied (shared when it has none). */
function scopeWith(parentScope: Map<string, string>, nsDecls: Map<string, string>): Map<string, string> {
  if (nsDecls.size === 0) return parentScope;
  const inScope = new Map(parentScope);
  for (const [p, uri] of nsDecls) {
    if (p === '' && uri === '') inScope.delete('');
    else inScope.set(p, uri);
  }
  return inScope;
}

/** The element children of `el`. */
export const elements = (el: XmlElement): XmlElement[] => el.children.filter((c): c is XmlElement => c.kind === 'element');

/** The element children of `el` in namespace `ns` named `local`. */
export const childrenNamed = (el: XmlElement, ns: string, local: string): XmlElement[] =>
  elements(el).filter((c) => c.ns === ns && c.local === local);

/** The concatenated text content of `el` and its descendants. */
export function textOf(el: XmlElement): string {
  let out = '';
  for (const c of el.children) out += c.kind === 'text' ? c.value : textOf(c);
  return out;
}

/** The value of the unqualified attribute `local`, if present. */
export const attr = (el: XmlElement, local: string): string | undefined => el.attrs.find((a) => a.ns === '' && a.local === local)?.value;

/** Every element of the tree rooted at `el`, in document order. */
export function* descendants(el: XmlElement): Generator<XmlElement> {
  yield el;
  for (const c of el.children) if (c.kind === 'element') yield* descendants(c);
}

/** True when `el`'s children are only elements and whitespace (no stray text). */
export const onlyElementChildren = (el: XmlElement): boolean => el.children.every((c) => c.kind === 'element' || /^[ \t\n\r]*$/.test(c.value));
