/**
 * @module GET /projects: the caller's account's projects that the caller may read (`acme:GetProject`),
 * without one decision per row. edge-iam's plan (`planResources`: the ARN patterns and tag conditions
 * under which the caller is allowed and explicitly denied) is applied to acme's rows with the policy
 * engine's own matchers (core/policy/plan-match.ts `compilePlan`). Rows the plan cannot settle (an inexact
 * plan's candidates, and any project with its own resource policy, which the plan does not see) are
 * decided together by `authorizeBatch` (30 items a call, as Verified Permissions' BatchIsAuthorized).
 */
import { IamError, type AuthorizeItem, type IamClient, type IamPlan } from 'edge-iam/middleware';
import { compilePlan } from '../../../src/core/policy/plan-match';
import { projectArn, projectContext } from './resources';
import type { Project } from './store';

type Verdict = 'allow' | 'deny' | 'decide';

/** What a plan says of each row: allowed, denied, or to decide one by one. */
export function verdictsOf(plan: IamPlan, rows: readonly { arn: string; keys: Record<string, string | string[]>; hasPolicy: boolean }[]): Verdict[] {
  const passes = compilePlan(plan);
  return rows.map((r) => {
    // A project's own resource policy can allow or deny beyond the caller's identity policies.
    if (r.hasPolicy) return 'decide';
    if (!passes(r.arn, r.keys)) return 'deny';
    return plan.exact ? 'allow' : 'decide';
  });
}

/** The rows of `projects` the caller of `iam` may read, in order. */
export async function readableProjects(iam: IamClient, region: string, projects: readonly Project[]): Promise<Project[]> {
  if (!projects.length) return [];
  const rows = projects.map((p) => ({ arn: projectArn(region, p.accountId, p.projectId), keys: projectContext(p), hasPolicy: p.policy !== null }));
  let verdicts: Verdict[];
  try {
    verdicts = verdictsOf(await iam.planResources('acme:GetProject'), rows);
  } catch (e) {
    // The plan is a shortcut, the batch is the authority: an IAM Worker that cannot plan (a 5xx, e.g. a
    // version without planResources) still gets every row decided, never listed unchecked.
    if (!(e instanceof IamError) || e.status < 500) throw e;
    verdicts = rows.map(() => 'decide');
  }
  const keep = verdicts.map((v) => v === 'allow');
  const undecided: { index: number; item: AuthorizeItem }[] = [];
  verdicts.forEach((v, index) => {
    if (v !== 'decide') return;
    const p = projects[index]!;
    undecided.push({ index, item: { action: 'acme:GetProject', resource: rows[index]!.arn, context: rows[index]!.keys, ...(p.policy ? { resourcePolicy: p.policy } : {}) } });
  });
  if (undecided.length) {
    const results = await iam.authorizeBatch(undecided.map((u) => u.item));
    undecided.forEach((u, j) => {
      if (results[j]?.decision === 'Allow') keep[u.index] = true;
    });
  }
  return projects.filter((_, i) => keep[i]);
}
