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

/** A pattern split for comparison: `any`, never-matching, or six segments of wildcard tokens. */
type Split = 'any' | 'never' | readonly string[];

const ARN_PREFIX_SEGMENTS = 5;

function split(p: string): Split {
  if (p === '*') return 'any';
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < ARN_PREFIX_SEGMENTS; i++) {
    const end = p.indexOf(':', start);
    if (end < 0) return 'never';
    parts.push(p.slice(start, end));
    start = end + 1;
  }
  parts.push(p.slice(start));
  return parts;
}

/**
 * Work a glob comparison may do at most (pattern lengths multiplied). Patterns are bounded by policy
 * size, but two long ones would make a table of millions of cells; past the bound "not included" is
 * answered, which is always safe (the caller keeps a superset).
 */
export const GLOB_COMPARE_MAX_CELLS = 65_536;

/**
 * Whether every string glob `a` matches is matched by glob `b` (both `*`/`?` globs, no variables).
 * Sound: `b`'s `*` absorbs anything of `a`, `b`'s `?` absorbs one literal or `?` of `a`, `b`'s literals
 * only `a`'s equal literals. A table over positions, filled from the ends (no recursion).
 */
export function globIncludes(b: string, a: string): boolean {
  if (a === b) return true;
  const w = b.length + 1;
  if ((a.length + 1) * w > GLOB_COMPARE_MAX_CELLS) return false;
  // sub[i * w + j]: a[i…] ⊆ b[j…]
  const sub = new Uint8Array((a.length + 1) * w);
  for (let i = a.length; i >= 0; i--) {
    for (let j = b.length; j >= 0; j--) {
      let r: boolean;
      if (j === b.length) r = i === a.length;
      else if (b[j] === '*') r = sub[i * w + j + 1] === 1 || (i < a.length && sub[(i + 1) * w + j] === 1);
      else if (i === a.length) r = false;
      else if (b[j] === '?') r = a[i] !== '*' && sub[(i + 1) * w + j + 1] === 1;
      else r = a[i] === b[j] && sub[(i + 1) * w + j + 1] === 1;
      sub[i * w + j] = r ? 1 : 0;
    }
  }
  return sub[0] === 1;
}

/** Whether ARN pattern `a` matches only resources ARN pattern `b` matches (sound, not complete). */
export function arnIncludes(b: string, a: string): boolean {
  const sb = split(b), sa = split(a);
  if (sa === 'never' || sb === 'any') return true;
  if (sb === 'never' || sa === 'any') return false;
  for (let i = 0; i < sa.length; i++) if (!globIncludes(sb[i]!, sa[i]!)) return false;
  return true;
}

/** The literal text before the first wildcard, and after the last one. */
function fixedEnds(g: string): [string, string] {
  const first = g.search(/[*?]/);
  if (first < 0) return [g, g];
  let last = g.length - 1;
  while (g[last] !== '*' && g[last] !== '?') last--;
  return [g.slice(0, first), g.slice(last + 1)];
}

/** Whether two globs certainly match no common string: their fixed prefixes or suffixes disagree. */
function globsDisjoint(x: string, y: string): boolean {
  const [px, sx] = fixedEnds(x), [py, sy] = fixedEnds(y);
  const wildX = /[*?]/.test(x), wildY = /[*?]/.test(y);
  if (!wildX && !wildY) return x !== y;
  const n = Math.min(px.length, py.length);
  if (px.slice(0, n) !== py.slice(0, n)) return true;
  const m = Math.min(sx.length, sy.length);
  return sx.slice(sx.length - m) !== sy.slice(sy.length - m);
}

/** Whether two ARN patterns certainly match no common resource (sound, not complete). */
export function arnsDisjoint(x: string, y: string): boolean {
  const a = split(x), b = split(y);
  if (a === 'never' || b === 'never') return true;
  if (a === 'any' || b === 'any') return false;
  for (let i = 0; i < a.length; i++) if (globsDisjoint(a[i]!, b[i]!)) return true;
  return false;
}

/**
 * Patterns whose union is the intersection of the unions `xs` and `ys`, pair by pair: the narrower of two
 * nested patterns, nothing for disjoint ones. Where neither holds, `x` stands for the pair (a superset of
 * their intersection) and the result is not exact.
 */
export function intersectArns(xs: readonly string[], ys: readonly string[]): { patterns: string[]; exact: boolean } {
  const out = new Set<string>();
  let exact = true;
  for (const x of xs) {
    for (const y of ys) {
      if (arnIncludes(y, x)) out.add(x);
      else if (arnIncludes(x, y)) out.add(y);
      else if (!arnsDisjoint(x, y)) { out.add(x); exact = false; }
    }
  }
  return { patterns: minimalArns([...out]), exact };
}

/** Drops patterns included in another of the list (keeps the first of equal ones); `*` absorbs all. */
export function minimalArns(list: readonly string[]): string[] {
  const unique = [...new Set(list)];
  if (unique.includes('*')) return ['*'];
  return unique.filter((p, i) => !unique.some((q, j) => j !== i && arnIncludes(q, p) && !(arnIncludes(p, q) && j > i)));
}
