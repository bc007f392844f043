/**
 * @module GET /projects: the caller's account's projects that the caller may read (`acme:GetProject`),
 * without one decision per row. edge-iam's plan (`planResources`: the ARN patterns and tag conditions
 * under which the caller is allowed and explicitly denied) becomes the SQL `WHERE` of acme's query
 * (core/policy/plan-sql.ts `planToSql`, values bound), so a page holds readable projects; the rows are then
 * checked with the policy engine's own matchers (core/policy/plan-match.ts `compilePlan`), as the SQL is a
 * superset where it cannot be exact. Rows the plan cannot settle (an inexact plan's candidates, and any
 * project with its own resource policy, which the plan does not see and the query therefore always keeps)
 * are decided together by `authorizeBatch` (30 items a call, as Verified Permissions' BatchIsAuthorized).
 */
import { IamError, type AuthorizeItem, type IamClient, type IamPlan } from 'edge-iam/middleware';
import { compilePlan, planToSql, type PlanSqlSchema } from 'edge-iam/plan';
import { projectArn, projectContext } from './resources';
import { listProjects, listProjectsWhere, type Project } from './store';

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

/** Where acme keeps what a plan filters on (its own SQL over `p`, the projects row). */
export function planSchema(region: string): PlanSqlSchema {
  // The region is configuration, checked so it can be a literal of acme's own SQL.
  if (!/^[a-z0-9-]+$/.test(region)) throw new Error(`bad region ${region}`);
  return {
    arn: `('arn:aws:acme:${region}:' || p.account_id || ':project/' || p.project_id)`,
    tags: { table: 'project_tags', resourceColumn: 'project_id', rowId: 'p.project_id', keyColumn: 'tag_key', valueColumn: 'tag_value' },
    keys: { 'acme:ProjectVisibility': 'p.visibility' },
    colonFreeResourceIds: true,
  };
}

/** D1 binds at most 100 parameters a statement: a plan needing more is applied in memory instead. */
const MAX_PLAN_PARAMS = 90;

/**
 * One page of the caller's account's projects the caller of `iam` may read, in id order, and the token
 * of the next page (the last row the query read, when the page was full).
 */
export async function readablePage(
  iam: IamClient,
  db: D1Database,
  region: string,
  accountId: string,
  limit: number,
  after: string | undefined,
): Promise<{ projects: Project[]; nextToken?: string; how: { plan: 'sql' | 'memory' | 'none'; exact: boolean; batched: number } }> {
  let plan: IamPlan | undefined;
  try {
    plan = await iam.planResources('acme:GetProject');
  } catch (e) {
    // The plan is a shortcut, the batch is the authority: an IAM Worker that cannot plan (a 5xx, e.g. a
    // version without planResources) still gets every row decided, never listed unchecked.
    if (!(e instanceof IamError) || e.status < 500) throw e;
  }
  const sql = plan ? planToSql(plan, planSchema(region)) : undefined;
  const inSql = sql !== undefined && sql.params.length <= MAX_PLAN_PARAMS;
  const page = inSql
    ? await listProjectsWhere(db, accountId, limit, after, `(${sql.where}) OR p.policy IS NOT NULL`, sql.params)
    : await listProjects(db, accountId, limit, after);
  const { projects, batched } = await decideRows(iam, region, page, plan);
  return {
    projects,
    ...(page.length === limit ? { nextToken: page[page.length - 1]!.projectId } : {}),
    how: { plan: inSql ? 'sql' : plan ? 'memory' : 'none', exact: plan?.exact === true && sql?.exact !== false, batched },
  };
}

/** The rows of `projects` the caller may read, in order: the plan's verdicts, the rest decided in one batch (`batched` rows). */
export async function decideRows(iam: IamClient, region: string, projects: readonly Project[], plan: IamPlan | undefined): Promise<{ projects: Project[]; batched: number }> {
  if (!projects.length) return { projects: [], batched: 0 };
  const rows = projects.map((p) => ({ arn: projectArn(region, p.accountId, p.projectId), keys: projectContext(p), hasPolicy: p.policy !== null }));
  const verdicts: Verdict[] = plan ? verdictsOf(plan, rows) : rows.map(() => 'decide');
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
  return { projects: projects.filter((_, i) => keep[i]), batched: undecided.length };
}
