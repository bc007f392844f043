/**
 * @module GET /projects: the caller's account's projects that the caller may read (`acme:GetProject`),
 * without one decision per row. edge-iam's plan (`planResources`) gives the ARN patterns and tag
 * conditions under which the caller is allowed and explicitly denied; acme applies them to its rows. Rows
 * the plan cannot settle (an inexact plan, a condition operator this filter does not implement, a project
 * with its own resource policy, which the plan does not see) are decided together in batches
 * (`batchAuthorize`, at most 30 items a call).
 */
import {
  MAX_BATCH_ITEMS,
  type AuthorizeItem,
  type DecisionScope,
  type DecisionService,
  type PlanOutput,
  type ResourceFilter,
} from '../../../src/core/decision/contract';
import { AcmeError } from './errors';
import { projectArn, projectContext } from './resources';
import type { Project } from './store';

type Ctx = Record<string, string | string[]>;

/** IAM's wildcard match (`*` any run, `?` one character), case-sensitive. */
function glob(pattern: string, value: string): boolean {
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 's');
  return re.test(value);
}

/** ARN matching as IAM does it: the first five components each on their own, the resource part whole. */
export function arnMatches(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const p = pattern.split(':');
  const a = arn.split(':');
  if (p.length < 6 || a.length < 6) return false;
  for (let i = 0; i < 5; i++) if (!glob(p[i]!, a[i]!)) return false;
  return glob(p.slice(5).join(':'), a.slice(5).join(':'));
}

/** A context key's values: `aws:ResourceTag/<key>` names the tag case-insensitively, other keys too (IAM's key names are). */
function valuesOf(ctx: Ctx, key: string): string[] | undefined {
  const want = key.toLowerCase();
  for (const [k, v] of Object.entries(ctx)) if (k.toLowerCase() === want) return Array.isArray(v) ? v : [v];
  return undefined;
}

/** One plan condition on a row: true, false, or undefined when this filter does not implement the operator. */
export function conditionHolds(c: { operator: string; key: string; values: string[] }, ctx: Ctx): boolean | undefined {
  const ifExists = c.operator.endsWith('IfExists');
  const op = ifExists ? c.operator.slice(0, -'IfExists'.length) : c.operator;
  const have = valuesOf(ctx, c.key);
  if (op === 'Null') {
    const wantAbsent = c.values.some((v) => v.toLowerCase() === 'true');
    return wantAbsent === (have === undefined);
  }
  if (have === undefined) {
    // IAM: a missing key fails every operator but the negated ones, and …IfExists holds.
    if (ifExists) return true;
    return op.startsWith('StringNot') ? true : ['StringEquals', 'StringEqualsIgnoreCase', 'StringLike'].includes(op) ? false : undefined;
  }
  const any = (f: (h: string, w: string) => boolean) => have.some((h) => c.values.some((w) => f(h, w)));
  switch (op) {
    case 'StringEquals':
      return any((h, w) => h === w);
    case 'StringNotEquals':
      return !any((h, w) => h === w);
    case 'StringEqualsIgnoreCase':
      return any((h, w) => h.toLowerCase() === w.toLowerCase());
    case 'StringNotEqualsIgnoreCase':
      return !any((h, w) => h.toLowerCase() === w.toLowerCase());
    case 'StringLike':
      return any((h, w) => glob(w, h));
    case 'StringNotLike':
      return !any((h, w) => glob(w, h));
    default:
      return undefined;
  }
}

/** Whether a row matches a filter: true, false, or undefined (cannot tell here). */
export function filterMatches(f: ResourceFilter, arn: string, ctx: Ctx): boolean | undefined {
  if (!f.resources.some((p) => arnMatches(p, arn))) return false;
  if (f.notResources?.some((p) => arnMatches(p, arn))) return false;
  let result: boolean | undefined = true;
  for (const c of f.conditions ?? []) {
    const r = conditionHolds(c, ctx);
    if (r === false) return false;
    if (r === undefined) result = undefined;
  }
  return result;
}

type Verdict = 'allow' | 'deny' | 'decide';

/** What the plan says of one row. */
export function verdictOf(plan: Extract<PlanOutput, { ok: true }>, arn: string, ctx: Ctx): Verdict {
  if (plan.kind === 'Deny') return 'deny';
  let unsure = !plan.exact;
  for (const f of plan.deny) {
    const m = filterMatches(f, arn, ctx);
    if (m === true) return 'deny';
    if (m === undefined) unsure = true;
  }
  if (plan.kind === 'Allow') return unsure ? 'decide' : 'allow';
  let allowed: boolean | undefined = false;
  for (const f of plan.allow) {
    const m = filterMatches(f, arn, ctx);
    if (m === true) {
      allowed = true;
      break;
    }
    if (m === undefined) allowed = undefined;
  }
  if (allowed === undefined) return 'decide';
  // An inexact plan may miss allows and denies alike: only an exact plan settles a row by itself.
  return unsure ? 'decide' : allowed ? 'allow' : 'deny';
}

/** The rows of `projects` the caller may read, in order; `scope` names the caller (its principal token). */
export async function readableProjects(
  iam: DecisionService,
  scope: DecisionScope,
  region: string,
  projects: readonly Project[],
): Promise<Project[]> {
  if (!projects.length) return [];
  const plan = await iam.planResources({ ...scope, action: 'acme:GetProject' });
  if (!plan.ok) throw new AcmeError(plan.error.status as 400, plan.error.code, plan.error.message);
  const keep = new Array<boolean>(projects.length).fill(false);
  const undecided: { index: number; item: AuthorizeItem }[] = [];
  projects.forEach((p, index) => {
    const arn = projectArn(region, p.accountId, p.projectId);
    const ctx = projectContext(p);
    // A project's own resource policy can allow or deny beyond the caller's identity policies: decide it.
    const v = p.policy ? 'decide' : verdictOf(plan, arn, ctx);
    if (v === 'allow') keep[index] = true;
    else if (v === 'decide') {
      undecided.push({ index, item: { action: 'acme:GetProject', resource: arn, context: ctx, ...(p.policy ? { resourcePolicy: p.policy } : {}) } });
    }
  });
  for (let i = 0; i < undecided.length; i += MAX_BATCH_ITEMS) {
    const chunk = undecided.slice(i, i + MAX_BATCH_ITEMS);
    const out = await iam.batchAuthorize({ ...scope, items: chunk.map((u) => u.item) });
    if (!out.ok) throw new AcmeError(out.error.status as 400, out.error.code, out.error.message);
    chunk.forEach((u, j) => {
      if (out.results[j]?.decision === 'Allow') keep[u.index] = true;
    });
  }
  return projects.filter((_, i) => keep[i]);
}
