/**
 * @module XML 1.0 escaping and a tiny element writer for AWS Query responses (no XML library).
 *
 * INVARIANT: whatever string goes in, the output is well-formed XML 1.0 text:
 * - `&`, `<`, `>` become entities (so `]]>` can never appear), and in attributes `"` too;
 * - CR becomes `&#xD;` (and TAB/LF in attributes `&#x9;`/`&#xA;`), so XML end-of-line and attribute
 *   normalization give back the original characters;
 * - characters XML 1.0 cannot carry at all, not even as a character reference (U+0000–U+0008, U+000B,
 *   U+000C, U+000E–U+001F, U+FFFE, U+FFFF and unpaired surrogates), are replaced by U+FFFD.
 *
 * Spec: https://www.w3.org/TR/xml/#charsets (Char production), #syntax, #sec-line-ends, #AVNormalize.
 */

/** Anything in text content that needs work; the common case (none) returns the input untouched. */
const TEXT_SPECIAL = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ATTR_SPECIAL = /[&<>"\t\n\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ILLEGAL =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const REPLACEMENT = '\uFFFD';

const TEXT_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };
const ATTR_ENTITIES: Record<string, string> = { ...TEXT_ENTITIES, '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;' };

/** Escapes character data for element content. */
export function escapeText(s: string): string {
  if (!TEXT_SPECIAL.test(s)) return s;
  return s.replace(ILLEGAL, REPLACEMENT).replace(/[&<>\r]/g, (c) => TEXT_ENTITIES[c]!);
}

/** Escapes an attribute value (to go between double quotes). */
export function escapeAttr(s: string): string {
  if (!ATTR_SPECIAL.test(s)) return s;
  return s.replace(ILLEGAL, REPLACEMENT).replace(/[&<>"\t\n\r]/g, (c) => ATTR_ENTITIES[c]!);
}

/**
 * `<name>content</name>`, or `<name/>` when the content is empty. `name` must be a valid XML name (the
 * callers pass model names); `content` must already be escaped XML.
 */
export function element(name: string, content: string): string {
  return content === '' ? `<${name}/>` : `<${name}>${content}</${name}>`;
}

/** An element with escaped text content. */
export const textElement = (name: string, text: string): string => element(name, escapeText(text));

/** The opening tag of a root element, with an optional default namespace. */
export const openRoot = (name: string, xmlns?: string): string =>
  xmlns === undefined ? `<${name}>` : `<${name} xmlns="${escapeAttr(xmlns)}">`;
