/**
 * @module Duplicate member names in JSON text. `JSON.parse` keeps the last of two equal names, but IAM
 * refuses such a document: "The policy engine does not allow such errors in new or edited policies"
 * (two `Statement`, `Effect`, `Action` or `Resource` elements in one object; only policies saved before
 * the engine changed keep the old, merged reading).
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_policies.html#duplicateelement
 */

/**
 * The first member name that an object of `text` holds twice, or undefined when there is none.
 * `text` must already be valid JSON (it is scanned, not parsed: no value is built).
 */
export function firstDuplicateKey(text: string): string | undefined {
  // One entry per open container: the names seen so far in an object, or null for an array.
  const stack: (Set<string> | null)[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') stack.push(new Set());
    else if (c === '[') stack.push(null);
    else if (c === '}' || c === ']') stack.pop();
    else if (c === '"') {
      const start = i;
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
      const top = stack[stack.length - 1];
      if (!top) continue;
      let j = i + 1;
      while (j < text.length && ' \t\n\r'.includes(text[j]!)) j++;
      if (text[j] !== ':') continue;
      const name = JSON.parse(text.slice(start, i + 1)) as string;
      if (top.has(name)) return name;
      top.add(name);
    }
  }
  return undefined;
}
