/**
 * @module Checks of a statement's Action / NotAction values against the Service Authorization Reference:
 * INVALID_ACTION, INVALID_SERVICE_IN_ACTION, WILDCARD_IN_SERVICE_NAME, VARIABLE_UNSUPPORTED_IN_ELEMENT, and
 * REDUNDANT_ACTION (an action another entry of the same list already grants).
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 */
import { BoundedCache } from '../bounded-cache';
import { locate, MAX_REDUNDANCY_LIST, type At, type Run } from './context';
import { globRegExp, hasWildcard, nearest } from './glob';
import { RESOURCE_TYPE_SERVICES } from './resource-types';
import { services, serviceOf } from './service-reference';

/** The work of comparing a name with one candidate for a suggestion (an edit distance), in matches of a wildcard. */
const SUGGESTION_COST = 32;

/** What an action entry grants: every action (`*`), a set of `service:action` names, or nothing known. */
export type ActionSet = '*' | ReadonlySet<string> | undefined;

/**
 * The actions an entry names (lower-cased `service:action`), or undefined when it names none the reference
 * knows or the run's work budget is spent.
 */
export function expandAction(text: string, run?: Run): ActionSet {
  if (text === '*') return '*';
  const key = text.toLowerCase();
  const known = EXPANSIONS.get(key);
  if (known) return known;
  const out = expand(text, run);
  // Only complete answers are kept: one cut short by the work budget is not the entry's meaning.
  if (out !== undefined && out !== '*') EXPANSIONS.set(key, out);
  return out;
}

/**
 * Wildcard entries' expansions, shared by the requests an isolate serves (policies repeat `s3:Get*`,
 * `ec2:Describe*`…); bounded in entries, each a set of at most one service's actions. The reference is
 * compiled into the bundle, so an expansion never goes stale.
 */
const EXPANSIONS = new BoundedCache<string, ReadonlySet<string>>({ maxEntries: 2_000, order: 'recently-used' });

function expand(text: string, run: Run | undefined): ActionSet {
  const colon = text.indexOf(':');
  if (colon <= 0 || text.indexOf(':', colon + 1) >= 0) return undefined;
  const service = serviceOf(text.slice(0, colon));
  if (!service) return undefined;
  const name = text.slice(colon + 1).toLowerCase();
  const out = new Set<string>();
  if (!hasWildcard(name)) {
    if (service.actions.has(name)) out.add(`${service.prefix}:${name}`);
    return out;
  }
  if (run && run.workLeft < 0) return undefined;
  // Names that cannot match the text before the first wildcard are skipped without a regular expression.
  const head = name.slice(0, name.search(/[*?]/));
  const re = globRegExp(name);
  let tested = 0;
  for (const lc of service.actions.keys()) {
    if (!lc.startsWith(head)) continue;
    tested++;
    if (re.test(lc)) out.add(`${service.prefix}:${lc}`);
  }
  if (run) run.workLeft -= tested + (service.actions.size >> 4);
  return out;
}

/** Checks each action value; returns what each entry grants (in order) for the later checks. */
export function checkActions(run: Run, list: At[]): ActionSet[] {
  return list.map((at) => {
    if (at.node.kind !== 'string') return undefined;
    const text = at.node.value;
    if (text.includes('${')) {
      run.add('VARIABLE_UNSUPPORTED_IN_ELEMENT', [locate(at)], { variable: text.slice(text.indexOf('${'), text.indexOf('}', text.indexOf('${')) + 1 || undefined) });
      return undefined;
    }
    if (text === '*') return '*';
    const parts = text.split(':');
    if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
      run.add('INVALID_ACTION', [locate(at)], { action: text, suggestion: undefined });
      return undefined;
    }
    const [prefix, name] = parts as [string, string];
    if (hasWildcard(prefix)) {
      run.add('WILDCARD_IN_SERVICE_NAME', [locate(at)]);
      return undefined;
    }
    const only = run.resourceType === undefined ? undefined : RESOURCE_TYPE_SERVICES[run.resourceType];
    if (only && prefix.toLowerCase() !== only) {
      run.add('UNSUPPORTED_ACTION_IN_POLICY', [locate(at)], { action: text, resourceType: run.resourceType! });
      return undefined;
    }
    const service = serviceOf(prefix);
    if (!service) {
      const suggest = (run.workLeft -= services().size * SUGGESTION_COST) >= 0;
      run.add('INVALID_SERVICE_IN_ACTION', [locate(at)], { service: prefix, suggestion: suggest ? nearest(prefix, services().keys()) : undefined });
      return undefined;
    }
    const granted = expandAction(text, run);
    if (granted !== '*' && granted?.size === 0) {
      const suggest = !hasWildcard(name) && (run.workLeft -= service.actions.size * SUGGESTION_COST) >= 0;
      const suggestion = suggest ? nearest(name, service.actions.values()) : undefined;
      run.add('INVALID_ACTION', [locate(at)], { action: text, suggestion: suggestion ? `${service.prefix}:${suggestion}` : undefined });
      return undefined;
    }
    return granted;
  });
}

const covers = (outer: ActionSet, inner: ActionSet): boolean => {
  if (outer === undefined || inner === undefined) return false;
  if (outer === '*') return true;
  if (inner === '*') return false;
  for (const a of inner) if (!outer.has(a)) return false;
  return true;
};
const same = (a: ActionSet, b: ActionSet) => covers(a, b) && covers(b, a);

/**
 * REDUNDANT_ACTION: entries of one Action list that another entry already grants (an equal entry counts
 * once: the later one is the redundant one). One finding per list, pointing at each redundant entry.
 */
export function checkRedundantActions(run: Run, list: At[], granted: ActionSet[]): void {
  if (list.length < 2 || list.length > MAX_REDUNDANCY_LIST) return;
  const redundant: At[] = [];
  granted.forEach((g, i) => {
    if (g === undefined) return;
    const coveredBy = granted.some((o, j) => j !== i && covers(o, g) && (!same(o, g) || j < i));
    if (coveredBy) redundant.push(list[i]!);
  });
  if (redundant.length === 0) return;
  const first = redundant[0]!.node;
  run.add('REDUNDANT_ACTION', redundant.map(locate), { count: redundant.length, action: first.kind === 'string' ? first.value : '' });
}
