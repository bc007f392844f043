/**
 * @module Where each statement of a policy document sits in its text, for the simulator's
 * `MatchedStatements[].StartPosition` / `EndPosition` (IAM API Reference, data types `Statement` and
 * `Position`: "the row and column of the beginning / end of the Statement").
 *
 * AWS reports 1-based lines and 1-based columns of the character just AFTER the statement's `{` and just
 * after its `}` (the parser's "current location" once it has read the brace). The AWS CLI example of
 * SimulateCustomPolicy shows it: for the one-line policy
 * `{"Version":"2012-10-17","Statement":{"Effect":…}}}` (167 characters) the statement's `{` is at
 * column 37 and AWS answers `StartPosition {Line 1, Column 38}`, its `}` at column 166 and AWS answers
 * `EndPosition {Line 1, Column 167}`.
 *
 * The scanner reads JSON by itself (JSON.parse gives no offsets). A statement is an element of the
 * top-level `Statement` array, or the `Statement` object itself; a duplicate top-level `Statement`
 * key is resolved as JSON.parse resolves it (the last one wins). Text that is not JSON yields no spans.
 */

/** A place in a document, as the API reports it. */
export interface Position {
  Line: number;
  Column: number;
}

/** Where one statement starts and ends. */
export interface StatementSpan {
  StartPosition: Position;
  EndPosition: Position;
}

/** A parsed JSON value with its offsets: `start` at its first character, `end` just after its last. */
interface Node {
  start: number;
  end: number;
  kind: 'object' | 'array' | 'scalar';
  /** Object members in text order. */
  members?: [string, Node][];
  /** Array elements in order. */
  elements?: Node[];
}

class Scanner {
  i = 0;
  constructor(readonly s: string) {}

  fail(): never {
    throw new SyntaxError(`JSON syntax error at offset ${this.i}`);
  }

  ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.i++;
      else break;
    }
  }

  value(depth: number): Node {
    if (depth > 512) this.fail();
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') {
      const start = this.i;
      this.string();
      return { start, end: this.i, kind: 'scalar' };
    }
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.s.slice(this.i, this.i + 400));
    if (!m) this.fail();
    const start = this.i;
    this.i += m[0].length;
    return { start, end: this.i, kind: 'scalar' };
  }

  /** Reads a string literal and returns its decoded text. */
  string(): string {
    const start = this.i;
    if (this.s[this.i] !== '"') this.fail();
    this.i++;
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (c === '\\') this.i += 2;
      else if (c === '"') {
        this.i++;
        return JSON.parse(this.s.slice(start, this.i)) as string;
      } else this.i++;
    }
    return this.fail();
  }

  object(depth: number): Node {
    const start = this.i++;
    const members: [string, Node][] = [];
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return { start, end: this.i, kind: 'object', members };
    }
    for (;;) {
      this.ws();
      const key = this.string();
      this.ws();
      if (this.s[this.i] !== ':') this.fail();
      this.i++;
      members.push([key, this.value(depth + 1)]);
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return { start, end: this.i, kind: 'object', members };
      if (c !== ',') this.fail();
    }
  }

  array(depth: number): Node {
    const start = this.i++;
    const elements: Node[] = [];
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return { start, end: this.i, kind: 'array', elements };
    }
    for (;;) {
      elements.push(this.value(depth + 1));
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return { start, end: this.i, kind: 'array', elements };
      if (c !== ',') this.fail();
    }
  }
}

/** Converts offsets to 1-based lines and columns (`\r\n`, `\n` and a lone `\r` each end a line). */
function positionsOf(text: string): (offset: number) => Position {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) lineStarts.push(i + 1);
    else if (c === 0x0d) {
      if (text.charCodeAt(i + 1) === 0x0a) i++;
      lineStarts.push(i + 1);
    }
  }
  return (offset) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { Line: lo + 1, Column: offset - lineStarts[lo]! + 1 };
  };
}

/**
 * The span of every statement of a policy document, in document order (index i is the statement
 * `StatementRef.index === i` of the compiled policy). Empty when the text is not a JSON object with a
 * `Statement`.
 */
export function statementSpans(text: string): StatementSpan[] {
  let root: Node;
  try {
    const scanner = new Scanner(text);
    root = scanner.value(0);
    scanner.ws();
    if (scanner.i !== text.length) return [];
  } catch {
    return [];
  }
  if (root.kind !== 'object') return [];
  const statement = root.members!.filter(([k]) => k === 'Statement').at(-1)?.[1];
  if (!statement) return [];
  const objects = statement.kind === 'array' ? statement.elements! : [statement];
  const at = positionsOf(text);
  // INVARIANT: the engine numbers statements by their position in the list (parse.ts keeps the order
  // and rejects documents with a non-object element), so span i belongs to statement i.
  return objects.map((o) => ({ StartPosition: at(o.start + 1), EndPosition: at(o.end) }));
}
