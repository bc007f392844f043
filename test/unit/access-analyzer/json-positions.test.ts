/**
 * The position-keeping JSON reader (src/core/access-analyzer/json-positions.ts): spans of values, keys and
 * strings in lines, columns and UTF-16 offsets; RFC 8259's grammar refused where JSON.parse refuses it, at the
 * position where the text stops being JSON; values equal to JSON.parse's.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { member, readJsonWithPositions, type JsonNode } from '../../../src/core/access-analyzer/json-positions';

const root = (text: string): JsonNode => {
  const r = readJsonWithPositions(text);
  if (!r.ok) throw new Error(`not JSON: ${r.error.message}`);
  return r.root;
};
const plain = (n: JsonNode): unknown =>
  n.kind === 'object' ? Object.fromEntries(n.members.map((m) => [m.key, plain(m.value)]))
  : n.kind === 'array' ? n.items.map(plain)
  : n.kind === 'null' ? null
  : n.value;
const text = (src: string, n: { span: { start: { offset: number }; end: { offset: number } } }) => src.slice(n.span.start.offset, n.span.end.offset);

describe('positions', () => {
  it('gives each value, key and string its span, with lines from 1 and columns from 0', () => {
    const src = '{\n  "a": [1, true, null],\r\n\t"b": {"c": "d\\"e"}\n}';
    const r = root(src);
    expect(r.span).toEqual({ start: { line: 1, column: 0, offset: 0 }, end: { line: 4, column: 1, offset: src.length } });
    const a = member(r, 'a')!;
    expect(text(src, { span: a.keySpan })).toBe('"a"');
    expect(a.keySpan.start).toEqual({ line: 2, column: 2, offset: 4 });
    expect(a.value.kind === 'array' && a.value.items.map((i) => text(src, i))).toEqual(['1', 'true', 'null']);
    const b = member(r, 'b')!;
    // CRLF ends a line at its LF; a tab is one column.
    expect(b.keySpan.start).toEqual({ line: 3, column: 1, offset: src.indexOf('"b"') });
    const d = member(b.value, 'c')!.value;
    expect(text(src, d)).toBe('"d\\"e"');
    expect(d.kind === 'string' && d.value).toBe('d"e');
  });

  it('counts UTF-16 code units, as JavaScript and Java strings do', () => {
    const src = '{"k":"😀","l":"é"}';
    const l = member(root(src), 'l')!;
    expect(l.keySpan.start.offset).toBe(src.indexOf('"l"'));
    expect(l.keySpan.start.column).toBe(10);
  });

  it('keeps duplicate keys in order; member() answers the last, as JSON.parse keeps it', () => {
    const r = root('{"a":1,"a":2}');
    expect(r.kind === 'object' && r.members.map((m) => m.key)).toEqual(['a', 'a']);
    expect(plain(member(r, 'a')!.value)).toBe(2);
  });
});

describe('syntax', () => {
  const CASES: [string, number][] = [
    ['', 0],
    ['{', 1],
    ['{"a":1,}', 7],
    ['[1,]', 3],
    ['{"a" 1}', 5],
    ['01', 1],
    ['{"a":tru}', 5],
    ['"a\u0001"', 2],
    ['"\\x"', 1],
    ['{} {}', 3],
    ['// c\n{}', 0],
    ["{'a':1}", 1],
  ];
  for (const [src, offset] of CASES) {
    it(`refuses ${JSON.stringify(src)} at offset ${offset}`, () => {
      const r = readJsonWithPositions(src);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.at.offset).toBe(offset);
      expect(() => JSON.parse(src)).toThrow();
    });
  }

  it('reports the line and column of a failure on a later line', () => {
    const r = readJsonWithPositions('{\n  "a": 1,\n  "b": }');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.at).toEqual({ line: 3, column: 7, offset: 19 });
  });

  it('bounds nesting', () => {
    expect(readJsonWithPositions('['.repeat(100) + ']'.repeat(100)).ok).toBe(false);
    expect(readJsonWithPositions('['.repeat(60) + ']'.repeat(60)).ok).toBe(true);
  });

  it('reads what JSON.parse reads, to the same value, and spans the whole text', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.constantFrom('', ' ', '\n', '\t '), (value, ws) => {
        const src = `${ws}${JSON.stringify(value, null, ws.includes('\n') ? 2 : undefined)}${ws}`;
        const r = readJsonWithPositions(src);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(plain(r.root)).toEqual(JSON.parse(src));
        expect(text(src, r.root)).toBe(src.trim());
      }),
      { numRuns: 300 },
    );
  });
});
