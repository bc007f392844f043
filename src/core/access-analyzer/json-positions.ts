/**
 * @module A JSON reader that keeps where every value, key and string sits in the text, so findings can point
 * at them (ValidatePolicy's `Location`: a path through the document and a span of line, column and offset).
 * RFC 8259 grammar, strictly: no comments, no trailing commas, no leading zeros, no control characters in
 * strings. Offsets and columns count UTF-16 code units (as JavaScript strings and AWS's Java service do);
 * lines start at 1, columns at 0 (Access Analyzer API Reference, `Position`).
 * spec: https://www.rfc-editor.org/rfc/rfc8259
 */

/** A point in the text. */
export interface Position {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** A range of the text: `start` inclusive, `end` exclusive. */
export interface Span {
  readonly start: Position;
  readonly end: Position;
}

/** One member of an object, with the span of its key (quotes included). */
export interface JsonMember {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: JsonNode;
}

/** A JSON value with its span (a string's span includes its quotes). */
export type JsonNode =
  | { readonly kind: 'object'; readonly span: Span; readonly members: readonly JsonMember[] }
  | { readonly kind: 'array'; readonly span: Span; readonly items: readonly JsonNode[] }
  | { readonly kind: 'string'; readonly span: Span; readonly value: string; readonly raw: string }
  | { readonly kind: 'number'; readonly span: Span; readonly value: number; readonly raw: string }
  | { readonly kind: 'boolean'; readonly span: Span; readonly value: boolean; readonly raw: string }
  | { readonly kind: 'null'; readonly span: Span; readonly raw: string };

/** Where the text stops being JSON. */
export interface JsonSyntaxError {
  readonly at: Position;
  readonly message: string;
}

/** Deepest nesting read; a policy needs five levels, so this only bounds the recursion. */
const MAX_DEPTH = 64;

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Reader {
  #i = 0;
  #line = 1;
  #lineStart = 0;
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  position(): Position {
    return { line: this.#line, column: this.#i - this.#lineStart, offset: this.#i };
  }

  fail(message: string): never {
    throw new JsonSyntaxFailure({ at: this.position(), message });
  }

  /** Skips JSON whitespace (space, tab, CR, LF), counting lines. */
  skip(): void {
    const t = this.#text;
    for (;;) {
      const c = t.charCodeAt(this.#i);
      if (c === 0x20 || c === 0x09 || c === 0x0d) this.#i++;
      else if (c === 0x0a) { this.#i++; this.#line++; this.#lineStart = this.#i; }
      else return;
    }
  }

  atEnd(): boolean {
    return this.#i >= this.#text.length;
  }

  value(depth: number): JsonNode {
    if (depth > MAX_DEPTH) this.fail('nesting too deep');
    this.skip();
    const c = this.#text[this.#i];
    if (c === '{') return this.#object(depth);
    if (c === '[') return this.#array(depth);
    if (c === '"') return this.#string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.#number();
    for (const [word, node] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.#text.startsWith(word, this.#i)) {
        const start = this.position();
        this.#i += word.length;
        const span = { start, end: this.position() };
        return node === null ? { kind: 'null', span, raw: word } : { kind: 'boolean', span, value: node, raw: word };
      }
    }
    return this.fail(c === undefined ? 'unexpected end of text' : `unexpected character ${JSON.stringify(c)}`);
  }

  #object(depth: number): JsonNode {
    const start = this.position();
    this.#i++;
    const members: JsonMember[] = [];
    this.skip();
    if (this.#text[this.#i] === '}') { this.#i++; return { kind: 'object', span: { start, end: this.position() }, members }; }
    for (;;) {
      this.skip();
      if (this.#text[this.#i] !== '"') this.fail('expected a string key');
      const key = this.#string();
      this.skip();
      if (this.#text[this.#i] !== ':') this.fail("expected ':'");
      this.#i++;
      members.push({ key: key.value, keySpan: key.span, value: this.value(depth + 1) });
      this.skip();
      const next = this.#text[this.#i];
      this.#i++;
      if (next === '}') return { kind: 'object', span: { start, end: this.position() }, members };
      if (next !== ',') { this.#i--; this.fail("expected ',' or '}'"); }
    }
  }

  #array(depth: number): JsonNode {
    const start = this.position();
    this.#i++;
    const items: JsonNode[] = [];
    this.skip();
    if (this.#text[this.#i] === ']') { this.#i++; return { kind: 'array', span: { start, end: this.position() }, items }; }
    for (;;) {
      items.push(this.value(depth + 1));
      this.skip();
      const next = this.#text[this.#i];
      this.#i++;
      if (next === ']') return { kind: 'array', span: { start, end: this.position() }, items };
      if (next !== ',') { this.#i--; this.fail("expected ',' or ']'"); }
    }
  }

  #string(): Extract<JsonNode, { kind: 'string' }> {
    const start = this.position();
    const t = this.#text;
    let i = this.#i + 1;
    let out = '';
    let from = i;
    for (;;) {
      const c = t.charCodeAt(i);
      if (Number.isNaN(c)) { this.#i = i; this.fail('unterminated string'); }
      if (c === 0x22) break;
      if (c < 0x20) { this.#i = i; this.fail('control character in string'); }
      if (c === 0x5c) {
        out += t.slice(from, i);
        const e = t[i + 1];
        if (e === 'u') {
          const hex = t.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) { this.#i = i; this.fail('invalid \\u escape'); }
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else if (e !== undefined && Object.hasOwn(ESCAPES, e)) {
          out += ESCAPES[e];
          i += 2;
        } else {
          this.#i = i;
          this.fail('invalid escape');
        }
        from = i;
        continue;
      }
      i++;
    }
    out += t.slice(from, i);
    const raw = t.slice(this.#i, i + 1);
    this.#i = i + 1;
    return { kind: 'string', span: { start, end: this.position() }, value: out, raw };
  }

  #number(): JsonNode {
    const start = this.position();
    NUMBER.lastIndex = this.#i;
    const m = NUMBER.exec(this.#text);
    if (!m || m[0] === '-') this.fail('invalid number');
    this.#i += m[0].length;
    return { kind: 'number', span: { start, end: this.position() }, value: Number(m[0]), raw: m[0] };
  }
}

class JsonSyntaxFailure extends Error {
  constructor(readonly error: JsonSyntaxError) {
    super(error.message);
  }
}

/** Reads one JSON document (whitespace around it allowed); the root node or where the syntax fails. */
export function readJsonWithPositions(text: string): { ok: true; root: JsonNode } | { ok: false; error: JsonSyntaxError } {
  const r = new Reader(text);
  try {
    const root = r.value(0);
    r.skip();
    if (!r.atEnd()) r.fail('unexpected text after the document');
    return { ok: true, root };
  } catch (e) {
    if (e instanceof JsonSyntaxFailure) return { ok: false, error: e.error };
    throw e;
  }
}

/** The member of an object named `key` exactly (the last one, as JSON.parse keeps), if any. */
export function member(node: JsonNode, key: string): JsonMember | undefined {
  if (node.kind !== 'object') return undefined;
  for (let i = node.members.length - 1; i >= 0; i--) if (node.members[i]!.key === key) return node.members[i];
  return undefined;
}
