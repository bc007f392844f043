/**
 * @module Which services and actions a report lists: those the subject's permissions policies allow
 * (GetServiceLastAccessedDetails: "For each service that the resource could access using permissions
 * policies"), among the services this deployment has: IAM and STS (their actions from the Service
 * Authorization Reference table) and the service catalog's (issue 9 §1).
 *
 * Only identity-based permissions policies count, as in AWS (User Guide, "IAM policy types": not
 * resource-based policies, boundaries or session policies). A service is listed when an `Allow` statement's
 * `Action` (or `NotAction`) covers at least one of its actions; conditions and `Deny` statements do not
 * remove a service (the report says what the policies grant, not what a given request would be allowed).
 */
import type { Catalog } from '../../../core/catalog/types';
import { actionMatches, compileAction, type ActionPattern } from '../../../core/policy/match';
import { parsePolicy } from '../../../core/policy/index';
import { AUTHZ_TABLE } from '../../authz-table.gen';
import type { PolicyDocRef } from '../../policy-set';
import { isTracked } from './track';

/** A service as a report names it. */
export interface KnownService {
  /** `iam`. */
  namespace: string;
  /** `AWS Identity and Access Management`; a catalog service's prefix (its reference has no other name). */
  name: string;
  /** Its tracked actions, in their own spelling. */
  actions: readonly string[];
}

/** AWS's names of its two services here, as last accessed reports give them. */
const BUILT_IN_NAMES: Readonly<Record<string, string>> = { iam: 'AWS Identity and Access Management', sts: 'AWS Security Token Service' };

/** Every service of this deployment, built-in first, each with its tracked actions. */
export function knownServices(catalog: Catalog | undefined): KnownService[] {
  const out: KnownService[] = Object.entries(AUTHZ_TABLE).map(([ns, s]) => ({ namespace: ns, name: BUILT_IN_NAMES[ns] ?? ns, actions: Object.keys(s.actions) }));
  for (const s of catalog?.services() ?? []) out.push({ namespace: s.prefix, name: s.prefix, actions: s.actions().map((a) => a.name) });
  return out.map((s) => ({ ...s, actions: s.actions.filter((a) => isTracked(s.namespace, a)) }));
}

/** The `Allow` statements' action patterns of the documents: `not` for NotAction. */
function allowPatterns(docs: readonly PolicyDocRef[]): { not: boolean; patterns: ActionPattern[] }[] {
  const out: { not: boolean; patterns: ActionPattern[] }[] = [];
  for (const d of docs) {
    const parsed = parsePolicy(d.document);
    if (!parsed.ok) continue;
    for (const s of parsed.value.statements) {
      if (s.effect !== 'Allow') continue;
      if (s.action) out.push({ not: false, patterns: s.action.map(compileAction) });
      else if (s.notAction) out.push({ not: true, patterns: s.notAction.map(compileAction) });
    }
  }
  return out;
}

/** For each service the documents allow, the tracked actions they allow (namespace → action names), in the services' order. */
export function allowedActions(docs: readonly PolicyDocRef[], services: readonly KnownService[]): Map<string, string[]> {
  const statements = allowPatterns(docs);
  const out = new Map<string, string[]>();
  for (const s of services) {
    const allowed = s.actions.filter((a) => {
      const lower = `${s.namespace}:${a}`.toLowerCase();
      return statements.some((st) => st.patterns.some((p) => actionMatches(p, lower)) !== st.not);
    });
    if (allowed.length) out.set(s.namespace, allowed);
  }
  return out;
}
