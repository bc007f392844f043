/**
 * @module ARN patterns as a plan hands them to a SaaS: rendered from compiled patterns with the
 * principal's policy variables substituted, and compared with each other (inclusion, disjointness,
 * intersection) so that a permissions boundary or session policy can be intersected with identity
 * policies without evaluating anything per resource. Every comparison is sound, not complete: "included"
 * and "disjoint" are only said when certain; otherwise the caller keeps a superset and says it is not exact.
 *
 * Pattern semantics are IAM's (`compileArn` / `arnMatches` in match.ts): `*` is the whole resource,
 * otherwise five colon-delimited segments whose `*`/`?` stay within their segment, then the resource part
 * where `*` spans `/` and `:`.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html and
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
import type { ArnPattern, Glob, VarSource } from './match';

/** A rendered pattern, or why it could not be rendered exactly. */
export interface Rendered {
  readonly text: string;
  /**
   * False when the text is wider than the compiled pattern: a variable whose value is resource-specific
   * was widened to `*`, or a literal `*`/`?` (from `${*}`, `${?}` or a variable's value) reads as a wildcard.
   */
  readonly exact: boolean;
}

/** Whether a policy-variable key is known now (`false`: its value depends on the resource). */
export type KnownKey = (keyLower: string) => boolean;

/**
 * Renders a glob's tokens as plan text. `wildcards` says whether `*`/`?` in the text read as wildcards
 * (ARNs, `StringLike`): then a literal `*` or `?` cannot be said exactly. A variable whose key is not known
 * becomes `*` (a superset), or `undefined` when `widen` is false. A known variable without a value and
 * without a default never matches: `null`.
 */
export function renderGlob(g: Glob, vars: VarSource, known: KnownKey, wildcards: boolean, widen: boolean): Rendered | null | undefined {
  let text = '';
  let exact = true;
  const literal = (s: string) => {
    if (wildcards && /[*?]/.test(s)) exact = false;
    text += s;
  };
  for (const t of g.tokens) {
    if (t.k === 0) literal(t.s);
    else if (t.k === 1) text += '*';
    else if (t.k === 2) text += '?';
    else if (!known(t.key)) {
      if (!widen) return undefined;
      text += '*';
      exact = false;
    } else {
      const v = vars.variable(t.key) ?? t.def;
      if (v === undefined) return null;
      literal(v);
    }
  }
  return { text, exact };
}

/**
 * Renders a compiled Resource / NotResource pattern with the known variables substituted; `null` when
 * it can never match (malformed, or a known variable without value). Unknown variables widen to `*`.
 */
export function renderArn(p: ArnPattern, vars: VarSource, known: KnownKey): Rendered | null {
  switch (p.kind) {
    case 'any': return { text: '*', exact: true };
    case 'never': return null;
    case 'exact': return { text: p.arn, exact: !/[*?]/.test(p.arn) };
    case 'segments': {
      const parts: string[] = [];
      let exact = true;
      for (const g of [...p.segments, p.rest]) {
        const r = renderGlob(g, vars, known, true, true);
        if (!r) return null;
        exact &&= r.exact;
        parts.push(r.text);
      }
      return { text: parts.join(':'), exact };
    }
  }
}

/** One segment of a split pattern, with what disjointness checks read. */
interface Segment {
  readonly text: string;
  readonly wild: boolean;
  /** The literal text before the first wildcard, and after the last one (the whole text when none). */
  readonly prefix: string;
  readonly suffix: string;
}

/** A pattern split for comparison: `any`, never-matching, or six segments. */
type Split = 'any' | 'never' | readonly Segment[];

const ARN_PREFIX_SEGMENTS = 5;

function segment(text: string): Segment {
  const first = text.search(/[*?]/);
  if (first < 0) return { text, wild: false, prefix: text, suffix: text };
  let last = text.length - 1;
  while (text[last] !== '*' && text[last] !== '?') last--;
  return { text, wild: true, prefix: text.slice(0, first), suffix: text.slice(last + 1) };
}

/**
 * Splits are memoized: a plan compares the same few patterns pairwise many times. Bounded in entries and
 * in the length of a pattern kept (at most about 1 MB of text per isolate), emptied when full; the
 * result is a pure function of the pattern, so sharing it across tenants reveals nothing.
 */
const SPLITS = new Map<string, Split>();
const SPLITS_MAX = 2048;
const SPLIT_KEPT_MAX_CHARS = 512;

function split(p: string): Split {
  const hit = SPLITS.get(p);
  if (hit !== undefined) return hit;
  let out: Split;
  if (p === '*') out = 'any';
  else {
    const parts: Segment[] = [];
    let start = 0;
    for (let i = 0; i < ARN_PREFIX_SEGMENTS && start >= 0; i++) {
      const end = p.indexOf(':', start);
      if (end < 0) start = -1;
      else { parts.push(segment(p.slice(start, end))); start = end + 1; }
    }
    if (start < 0) out = 'never';
    else { parts.push(segment(p.slice(start))); out = parts; }
  }
  if (p.length > SPLIT_KEPT_MAX_CHARS) return out;
  if (SPLITS.size >= SPLITS_MAX) SPLITS.clear();
  SPLITS.set(p, out);
  return out;
}

/**
 * Work a glob comparison may do at most (pattern lengths multiplied). Patterns are bounded by policy
 * size, but two long ones would make a table of millions of cells; past the bound "not included" is
 * answered, which is always safe (the caller keeps a superset).
 */
export const GLOB_COMPARE_MAX_CELLS = 65_536;

/**
 * Cells the comparisons of one plan may fill in all (a tenant's policies must not make a plan slow: a
 * few milliseconds of work at most). Past it every further comparison answers "not included", which is
 * always safe. Set by {@link withCompareBudget}; unlimited outside it.
 */
let budget = Infinity;

/** Runs `fn` with at most `cells` of glob comparison work (synchronous: nothing else runs meanwhile). */
export function withCompareBudget<T>(cells: number, fn: () => T): T {
  const outer = budget;
  budget = cells;
  try { return fn(); } finally { budget = outer; }
}

/**
 * Whether every string glob `a` matches is matched by glob `b` (both `*`/`?` globs, no variables).
 * Sound: `b`'s `*` absorbs anything of `a`, `b`'s `?` absorbs one literal or `?` of `a`, `b`'s literals
 * only `a`'s equal literals. A table over positions, filled from the ends (no recursion).
 */
export function globIncludes(b: string, a: string): boolean {
  return a === b || segmentIncludes(segment(b), a);
}

const STAR = 42; // '*'
const QMARK = 63; // '?'

/** {@link globIncludes} with `b` split once. */
function segmentIncludes(sb: Segment, whole: string): boolean {
  if (whole === sb.text) return true;
  // Fast rejections: `b`'s fixed ends must be `a`'s (a wildcard of `a` there is not a literal of `b`).
  const { prefix, suffix } = sb;
  if (!sb.wild || whole.length < prefix.length + suffix.length || !whole.startsWith(prefix) || !whole.endsWith(suffix)) return false;
  // Equal fixed ends matched, only the middles are compared (sound: a ⊆ b when a's middle ⊆ b's).
  const b = sb.text.slice(prefix.length, sb.text.length - suffix.length);
  const a = whole.slice(prefix.length, whole.length - suffix.length);
  const w = b.length + 1;
  const cells = (a.length + 1) * w;
  if (cells > GLOB_COMPARE_MAX_CELLS || cells > budget) return false;
  budget -= cells;
  // sub[i * w + j]: a[i…] ⊆ b[j…]
  const sub = new Uint8Array(cells);
  for (let i = a.length; i >= 0; i--) {
    const ai = i < a.length ? a.charCodeAt(i) : -1;
    for (let j = b.length; j >= 0; j--) {
      let r: boolean;
      if (j === b.length) r = i === a.length;
      else {
        const bj = b.charCodeAt(j);
        if (bj === STAR) r = sub[i * w + j + 1] === 1 || (ai >= 0 && sub[(i + 1) * w + j] === 1);
        else if (ai < 0) r = false;
        else if (bj === QMARK) r = ai !== STAR && sub[(i + 1) * w + j + 1] === 1;
        else r = ai === bj && sub[(i + 1) * w + j + 1] === 1;
      }
      sub[i * w + j] = r ? 1 : 0;
    }
  }
  return sub[0] === 1;
}

/** Whether ARN pattern `a` matches only resources ARN pattern `b` matches (sound, not complete). */
export function arnIncludes(b: string, a: string): boolean {
  if (a === b) return true;
  const sb = split(b), sa = split(a);
  if (sa === 'never' || sb === 'any') return true;
  if (sb === 'never' || sa === 'any') return false;
  for (let i = 0; i < sa.length; i++) {
    const x = sa[i]!, y = sb[i]!;
    if (!segmentIncludes(y, x.text)) return false;
  }
  return true;
}

/** Whether two segments certainly match no common string: their fixed prefixes or suffixes disagree. */
function segmentsDisjoint(x: Segment, y: Segment): boolean {
  if (!x.wild && !y.wild) return x.text !== y.text;
  const n = Math.min(x.prefix.length, y.prefix.length);
  if (!x.prefix.startsWith(y.prefix.slice(0, n))) return true;
  const m = Math.min(x.suffix.length, y.suffix.length);
  return !x.suffix.endsWith(y.suffix.slice(y.suffix.length - m));
}

/** Whether two ARN patterns certainly match no common resource (sound, not complete). */
export function arnsDisjoint(x: string, y: string): boolean {
  const a = split(x), b = split(y);
  if (a === 'never' || b === 'never') return true;
  if (a === 'any' || b === 'any') return false;
  for (let i = 0; i < a.length; i++) if (segmentsDisjoint(a[i]!, b[i]!)) return true;
  return false;
}

/**
 * The intersection of two ARN patterns, segment by segment (IAM matches each of the six segments on its
 * own, so the set a pattern matches is a product and so is the intersection): per segment the narrower
 * of two nested globs, nothing when one pair is disjoint. Where two globs overlap without nesting, `x`'s
 * stands for them (a superset) and the result is not exact.
 */
function intersectPair(x: string, y: string): { pattern?: string; exact: boolean } {
  const a = split(x), b = split(y);
  if (a === 'never' || b === 'never') return { exact: true };
  if (a === 'any') return { pattern: y, exact: true };
  if (b === 'any') return { pattern: x, exact: true };
  const segments: string[] = [];
  let exact = true;
  for (let i = 0; i < a.length; i++) {
    const sx = a[i]!, sy = b[i]!;
    if (segmentIncludes(sy, sx.text)) segments.push(sx.text);
    else if (segmentIncludes(sx, sy.text)) segments.push(sy.text);
    else if (segmentsDisjoint(sx, sy)) return { exact: true };
    else { segments.push(sx.text); exact = false; }
  }
  return { pattern: segments.join(':'), exact };
}

/** Patterns whose union is the intersection of the unions `xs` and `ys`, pair by pair. */
export function intersectArns(xs: readonly string[], ys: readonly string[]): { patterns: string[]; exact: boolean } {
  const out: string[] = [];
  let exact = true;
  for (const x of xs) {
    for (const y of ys) {
      const r = intersectPair(x, y);
      exact &&= r.exact;
      if (r.pattern !== undefined) out.push(r.pattern);
    }
  }
  return { patterns: minimalArns(out), exact };
}

/**
 * Patterns a list may hold for {@link minimalArns} to compare them pairwise; a longer list is only
 * deduplicated (the same resources, said less tidily), so a plan's cost stays bounded.
 */
export const MINIMIZE_MAX_PATTERNS = 256;

/** Drops patterns included in another of the list (keeps the first of equal ones); `*` absorbs all. */
export function minimalArns(list: readonly string[]): string[] {
  const unique = [...new Set(list)];
  if (unique.includes('*')) return ['*'];
  if (unique.length > MINIMIZE_MAX_PATTERNS) return unique;
  return unique.filter((p, i) => !unique.some((q, j) => j !== i && arnIncludes(q, p) && !(arnIncludes(p, q) && j > i)));
}
