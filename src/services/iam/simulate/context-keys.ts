/**
 * @module The context keys a policy document references, for GetContextKeysFor*Policy and the simulator's
 * `MissingContextValues`.
 *
 * A document references a key in a `Condition` element and as a policy variable (`${aws:username}`) in
 * `Resource` / `NotResource` or in condition values. Keys keep the spelling of their first appearance and
 * repeat case-insensitively (condition keys are case-insensitive). The AWS CLI example of
 * GetContextKeysForCustomPolicy shows both kinds and the order: for a statement whose Resource ends in
 * `${aws:username}` and whose Condition tests `aws:CurrentTime`, the answer is
 * `["aws:username", "aws:CurrentTime"]`.
 *
 * `MissingContextValues` are, per the API Reference (data type EvaluationResult), the "context keys that
 * are required by the included input policies but that were not provided by one of the input
 * parameters": every key the simulated documents reference (not only the statements of the simulated
 * action; AWS lists keys of other statements too, boto/boto3#3111, aws/aws-sdk-java-v2#1751), minus the
 * keys given in ContextEntries and those the simulator derives from the simulated caller.
 */
import type { PolicyDocument, Statement } from '../../../core/policy/index';

const VARIABLE = /\$\{([^}]*)\}/g;

/** The keys of the policy variables in `value` (`${aws:PrincipalTag/team, 'none'}` → `aws:PrincipalTag/team`). */
function variableKeys(value: string): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(VARIABLE)) {
    const key = m[1]!.split(',')[0]!.trim();
    // `${*}`, `${?}` and `${$}` are escapes for literal characters, not keys.
    if (key.includes(':')) out.push(key);
  }
  return out;
}

/** The keys one statement references, in the order they appear in it. */
function statementKeys(st: Statement, variables: boolean): string[] {
  const out: string[] = [];
  if (variables) for (const r of [...(st.resource ?? []), ...(st.notResource ?? [])]) out.push(...variableKeys(r));
  for (const keys of Object.values(st.condition ?? {})) {
    for (const [key, values] of Object.entries(keys)) {
      out.push(key);
      if (variables) for (const v of values) out.push(...variableKeys(v));
    }
  }
  return out;
}

/** Adds `keys` to `into` unless already there (case-insensitively); returns `into`. */
function addUnique(into: Map<string, string>, keys: Iterable<string>): Map<string, string> {
  for (const k of keys) if (!into.has(k.toLowerCase())) into.set(k.toLowerCase(), k);
  return into;
}

/**
 * Every context key the documents reference, each once, in order of first appearance. Variables count
 * only under `Version: 2012-10-17` (elsewhere they are literal text).
 */
export function referencedContextKeys(docs: readonly PolicyDocument[]): string[] {
  const keys = new Map<string, string>();
  for (const doc of docs) {
    const variables = doc.version === '2012-10-17';
    for (const st of doc.statements) addUnique(keys, statementKeys(st, variables));
  }
  return [...keys.values()];
}

/**
 * The referenced keys that have no value: not in `provided` (lowercased names of the keys the request
 * carries: ContextEntries and the keys derived from the simulated caller).
 */
export function missingContextKeys(docs: readonly PolicyDocument[], provided: ReadonlySet<string>): string[] {
  return referencedContextKeys(docs).filter((k) => !provided.has(k.toLowerCase()));
}
