/**
 * @module Matching primitives: `*`/`?` globs with policy variables, action patterns and per-segment
 * ARN patterns. Patterns are compiled once into token lists; matching walks the request string in place
 * (no slicing, no RegExp) so evaluation does not allocate.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html and
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */

/** Where policy variables get their values: a single-valued context key, looked up by lowercased name. */
export interface VarSource {
  /** The value of `keyLower`, or undefined when absent or multivalued (those cannot be variables). */
  variable(keyLower: string): string | undefined;
}

/** A literal run, `*`, `?`, or a `${key, 'default'}` variable (key lowercased). */
export type GlobToken =
  | { readonly k: 0; readonly s: string }
  | { readonly k: 1 }
  | { readonly k: 2 }
  | { readonly k: 3; readonly key: string; readonly def: string | undefined };

/** A compiled glob. `exact` is set when the pattern is one literal, so matching is one comparison. */
export interface Glob {
  readonly tokens: readonly GlobToken[];
  readonly exact: string | undefined;
  /** Variable keys without a default: if any is unresolved the statement does not apply. */
  readonly required: readonly string[];
  /** Whether literals were lowercased and comparison folds case. */
  readonly fold: boolean;
}

/** How to read a pattern: wildcards on (`StringLike`, ARNs) or off (`StringEquals`), variables on or off. */
export interface GlobOptions {
  readonly wildcards: boolean;
  readonly variables: boolean;
  readonly fold: boolean;
}

const STAR: GlobToken = { k: 1 };
const QMARK: GlobToken = { k: 2 };
// `${name}` or `${name, 'default'}`; the name may hold `/` and `:` (aws:PrincipalTag/team).
const VARIABLE = /^\s*([^,\s][^,]*?)\s*(?:,\s*'([^']*)'\s*)?$/;

/** Compiles a pattern into tokens. `${*}`, `${?}` and `${$}` are the literal characters. */
export function compileGlob(pattern: string, o: GlobOptions): Glob {
  const tokens: GlobToken[] = [];
  const required: string[] = [];
  let lit = '';
  const flush = () => {
    if (lit) tokens.push({ k: 0, s: o.fold ? lit.toLowerCase() : lit });
    lit = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (o.variables && c === '$' && pattern[i + 1] === '{') {
      const close = pattern.indexOf('}', i + 2);
      const inner = close < 0 ? undefined : pattern.slice(i + 2, close);
      if (inner === '*' || inner === '?' || inner === '$') { lit += inner; i = close; continue; }
      const m = inner === undefined ? null : VARIABLE.exec(inner);
      if (m) {
        flush();
        const key = m[1]!.toLowerCase();
        tokens.push({ k: 3, key, def: m[2] });
        if (m[2] === undefined) required.push(key);
        i = close;
        continue;
      }
    }
    if (o.wildcards && c === '*') {
      flush();
      // INVARIANT: consecutive stars are collapsed; backtracking below relies on it only for speed.
      if (tokens[tokens.length - 1] !== STAR) tokens.push(STAR);
    } else if (o.wildcards && c === '?') { flush(); tokens.push(QMARK); }
    else lit += c;
  }
  flush();
  const only = tokens.length === 1 ? tokens[0]! : undefined;
  const exact = tokens.length === 0 ? '' : only && only.k === 0 ? only.s : undefined;
  return { tokens, exact, required, fold: o.fold };
}

const lowerCode = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);

/** Compares `lit` with `s[at…]`; under `fold` both sides are case-folded (ASCII fast path). */
function matchesAt(s: string, at: number, end: number, lit: string, fold: boolean): boolean {
  if (at + lit.length > end) return false;
  for (let j = 0; j < lit.length; j++) {
    const a = s.charCodeAt(at + j);
    const b = lit.charCodeAt(j);
    if (a === b) continue;
    if (!fold) return false;
    if (a < 128 && b < 128) { if (lowerCode(a) !== lowerCode(b)) return false; }
    else if (s[at + j]!.toLowerCase() !== lit[j]!.toLowerCase()) return false;
  }
  return true;
}

/**
 * Does `s[start, end)` match the glob? Classic two-pointer wildcard matching with backtracking to the
 * last `*`; correct because every non-star token has a fixed length once variables are resolved.
 */
export function globMatch(g: Glob, s: string, start: number, end: number, vars: VarSource | undefined): boolean {
  if (g.exact !== undefined) {
    return end - start === g.exact.length && matchesAt(s, start, end, g.exact, g.fold);
  }
  const t = g.tokens;
  let ti = 0;
  let si = start;
  let starTi = -1;
  let starSi = start;
  for (;;) {
    if (ti < t.length) {
      const tok = t[ti]!;
      if (tok.k === 1) { starTi = ti++; starSi = si; continue; }
      if (tok.k === 2) {
        if (si < end) { si++; ti++; continue; }
      } else {
        // INVARIANT: variables resolve to literal text; a `*` inside a value is not a wildcard.
        const lit = tok.k === 0 ? tok.s : (vars?.variable(tok.key) ?? tok.def);
        if (lit === undefined) return false;
        if (matchesAt(s, si, end, lit, g.fold)) { si += lit.length; ti++; continue; }
      }
    } else if (si === end) return true;
    if (starTi < 0 || starSi >= end) return false;
    si = ++starSi;
    ti = starTi + 1;
  }
}

/** Matches a whole string. */
export const globTest = (g: Glob, s: string, vars?: VarSource): boolean => globMatch(g, s, 0, s.length, vars);

/** A compiled `Action`/`NotAction` entry: lowercased service plus a glob over the action name. */
export interface ActionPattern {
  /** Lowercased service prefix, or undefined when the pattern is `*` or the service has wildcards. */
  readonly service: string | undefined;
  readonly glob: Glob;
}

/** Compiles an action pattern (`*`, `iam:*`, `iam:Get*`, `s3:?etObject`); matching is case-insensitive. */
export function compileAction(pattern: string): ActionPattern {
  const lower = pattern.toLowerCase();
  const colon = lower.indexOf(':');
  const service = colon > 0 && !/[*?]/.test(lower.slice(0, colon)) ? lower.slice(0, colon) : undefined;
  return { service, glob: compileGlob(lower, { wildcards: true, variables: false, fold: false }) };
}

/** Does the lowercased request action match? */
export const actionMatches = (p: ActionPattern, actionLower: string): boolean =>
  globMatch(p.glob, actionLower, 0, actionLower.length, undefined);

/** A compiled ARN pattern: `*`, or five colon-delimited segments and the resource part. */
export type ArnPattern =
  | { readonly kind: 'any' }
  | { readonly kind: 'exact'; readonly arn: string }
  | { readonly kind: 'segments'; readonly segments: readonly Glob[]; readonly rest: Glob; readonly required: readonly string[] }
  | { readonly kind: 'never' };

const ARN_PREFIX_SEGMENTS = 5;

/**
 * Compiles a resource ARN pattern. Wildcards in the first five segments stay within their segment; in
 * the resource part (after the fifth colon) `*` may span `/` and `:`. Variables are substituted only in
 * the resource part, as the Resource element page says.
 */
export function compileArn(pattern: string, variables: boolean): ArnPattern {
  if (pattern === '*') return { kind: 'any' };
  const segments: Glob[] = [];
  let start = 0;
  for (let i = 0; i < ARN_PREFIX_SEGMENTS; i++) {
    const end = pattern.indexOf(':', start);
    if (end < 0) return { kind: 'never' };
    segments.push(compileGlob(pattern.slice(start, end), { wildcards: true, variables: false, fold: false }));
    start = end + 1;
  }
  const rest = compileGlob(pattern.slice(start), { wildcards: true, variables, fold: false });
  if (rest.exact !== undefined && segments.every((s) => s.exact !== undefined)) {
    return { kind: 'exact', arn: [...segments.map((s) => s.exact), rest.exact].join(':') };
  }
  return { kind: 'segments', segments, rest, required: rest.required };
}

/** Matches an ARN (or any string) against a compiled ARN pattern without allocating. */
export function arnMatches(p: ArnPattern, s: string, vars: VarSource | undefined): boolean {
  switch (p.kind) {
    case 'any': return true;
    case 'exact': return p.arn === s;
    case 'never': return false;
    case 'segments': {
      let start = 0;
      for (let i = 0; i < ARN_PREFIX_SEGMENTS; i++) {
        const end = s.indexOf(':', start);
        if (end < 0 || !globMatch(p.segments[i]!, s, start, end, vars)) return false;
        start = end + 1;
      }
      return globMatch(p.rest, s, start, s.length, vars);
    }
  }
}
