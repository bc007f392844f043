/**
 * @module Client text echoed in an error message, cut to a bounded length.
 *
 * AWS does not echo an unbounded request value back: a long value comes back shortened (or left out)
 * while a short one is quoted whole (IAM: `Value 'charon-31f85414-…-DynamoReadOnlyPermission' at 'roleName'`,
 * 66 characters, NixOS/nixops#328). AWS documents no cut-off; 128 characters is ours (reconstructed): every
 * IAM/STS name fits whole (names are at most 128 characters in the models), while a policy document, a
 * 512-character path or a list of 51 tags is cut, with `…` marking the cut. The cut never splits a
 * surrogate pair.
 */

/** Echoed client text longer than this many code points is cut. */
export const ECHO_MAX_CODE_POINTS = 128;

/** `text` whole when short, else its first `max` code points followed by `…`. */
export function clipEcho(text: string, max = ECHO_MAX_CODE_POINTS): string {
  if (text.length <= max) return text;
  let units = 0;
  for (let n = 0; n < max && units < text.length; n++) {
    const c = text.charCodeAt(units);
    units += c >= 0xd800 && c <= 0xdbff && units + 1 < text.length ? 2 : 1;
  }
  return units >= text.length ? text : `${text.slice(0, units)}…`;
}
