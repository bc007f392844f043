/**
 * @module Java-regex compatibility for the models' `pattern` constraints: translates a Java
 * `java.util.regex.Pattern` source into an equivalent JavaScript `RegExp` (with the `u` flag) anchored for
 * a full match (Java's `Matcher.matches()`, which AWS's validation uses: `[\w+=,.@-]+` must cover the
 * whole value), and caches each compiled pattern.
 *
 * Differences handled (Java SE `Pattern` docs vs ECMA-262 with `u`):
 * - `\` before a non-alphanumeric character is always a literal in Java; JS `u` mode accepts that only for
 *   syntax characters, so `\:` (STS `[\w+=,.@\:-]*`) would be a SyntaxError: the backslash is dropped
 *   unless the character is special.
 * - `.` in Java excludes `\u0085` too; `\s` in Java is ASCII-only `[ \t\n\x0B\f\r]`: both rewritten.
 * - `\uXXXX` takes exactly four hex digits in both, so STS's `\u10000-\u10FFFF` means `\u1000`, `0-\u10FF`,
 *   `F`, `F` in Java and in JS alike: supplementary characters do not match that class (Java's behaviour,
 *   kept on purpose).
 * - `\w`, `\d`, `\p{L}`, `\p{Z}`, `\p{N}`, `(?!…)`, `{m,n}` mean the same with `u` (ASCII `\w`/`\d`).
 *
 * Spec: https://docs.oracle.com/javase/8/docs/api/java/util/regex/Pattern.html;
 * https://tc39.es/ecma262/#sec-patterns
 */

/** Characters a JS `u`-mode regex accepts after a backslash as themselves. */
const JS_SYNTAX = new Set('^$\\.*+?()[]{}|/'.split(''));
/** Java `.`: any character but a line terminator. */
const JAVA_DOT = '[^\\n\\r\\u0085\\u2028\\u2029]';
/** Java `\s` members (ASCII whitespace only). */
const JAVA_SPACE = '\\t\\n\\x0B\\f\\r ';

/** Translates a Java pattern's source into a JS `u`-mode source (not yet anchored). */
export function translateJavaPattern(java: string): string {
  let out = '';
  let inClass = 0;
  for (let i = 0; i < java.length; i++) {
    const c = java[i]!;
    if (c === '\\') {
      const n = java[i + 1];
      if (n === undefined) return out + '\\\\'; // dangling backslash: match it literally
      i++;
      if (/[0-9A-Za-z]/.test(n)) {
        if (n === 's') out += inClass > 0 ? JAVA_SPACE : `[${JAVA_SPACE}]`;
        else if (n === 'S' && inClass === 0) out += `[^${JAVA_SPACE}]`;
        else out += '\\' + n; // \w \d \p{…} \uXXXX \t … carry over unchanged
      } else if (JS_SYNTAX.has(n) || (n === '-' && inClass > 0)) {
        out += '\\' + n;
      } else {
        out += n; // Java: an escaped non-alphanumeric is that character
      }
      continue;
    }
    if (c === '[') inClass++;
    else if (c === ']' && inClass > 0) inClass--;
    if (c === '.' && inClass === 0) out += JAVA_DOT;
    else out += c;
  }
  return out;
}

// INVARIANT: the cache holds only compiled model constants (no request or tenant data), keyed by the
// pattern source, so it is bounded by the number of distinct patterns in the loaded models.
const CACHE = new Map<string, RegExp | null>();

/**
 * The compiled full-match RegExp for a model pattern, compiled once and cached; `null` when the pattern
 * cannot be compiled (the constraint is then not enforced rather than failing every request).
 */
export function compilePattern(java: string): RegExp | null {
  let re = CACHE.get(java);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${translateJavaPattern(java)})$`, 'u');
    } catch {
      re = null;
    }
    CACHE.set(java, re);
  }
  return re;
}

/** Whether `value` as a whole matches the Java `pattern` (true when the pattern cannot be compiled). */
export function matchesPattern(java: string, value: string): boolean {
  const re = compilePattern(java);
  return re === null || re.test(value);
}
