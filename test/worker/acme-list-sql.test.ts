/**
 * The example SaaS's list query (examples/acme/src/store.ts `listProjectsWhere` with the plan translated by
 * core/policy/plan-sql.ts through acme's schema, examples/acme/src/list.ts `planSchema`) on a real D1
 * database inside workerd, with acme's own migration: the rows the SQL selects are exactly those the plan
 * allows (checked against the in-memory meaning of the plan, `compilePlan`), plus every project with a
 * resource policy (which the plan does not see), and only the caller's account's.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { planSchema } from '../../examples/acme/src/list';
import { projectArn, projectContext } from '../../examples/acme/src/resources';
import { createProject, listProjectsWhere, type Project } from '../../examples/acme/src/store';
import { compilePlan } from '../../src/core/policy/plan-match';
import { planToSql } from '../../src/core/policy/plan-sql';
import type { ResourcePlan } from '../../src/core/policy/plan';

const migration = Object.values(import.meta.glob('/examples/acme/migrations/0001_projects.sql', { query: '?raw', import: 'default', eager: true }))[0] as string;
const A = '111122223333';
const B = '444455556666';
const db = env.DB;

const project = (id: number, accountId: string, tags: Record<string, string>, visibility: 'private' | 'public' = 'private', policy: string | null = null): Project => ({
  projectId: `p-${id.toString(16).padStart(16, '0')}`,
  accountId,
  name: `n${id}`,
  visibility,
  policy,
  tags,
  createdAt: '2026-01-01T00:00:00.000Z',
});

const rows: Project[] = [
  project(1, A, { team: 'red' }),
  project(2, A, { team: 'blue' }),
  project(3, A, { Team: 'red', env: 'prod' }, 'public'),
  project(4, A, {}),
  project(5, A, { team: 'blue' }, 'private', '{"Statement":[]}'),
  project(6, B, { team: 'red' }),
];

beforeAll(async () => {
  // acme's own migration, as wrangler applies it (statement by statement).
  for (const stmt of migration.split(';').map((s) => s.replace(/^\s*--.*$/gm, '').trim()).filter(Boolean)) await db.prepare(stmt).run();
  for (const p of rows) await createProject(db, p);
});

const plans: [string, ResourcePlan][] = [
  ['tag equals', { kind: 'Filter', exact: true, deny: [], allow: [{ resources: [`arn:aws:acme:*:${A}:project/*`], conditions: [{ operator: 'StringEquals', key: 'aws:ResourceTag/team', values: ['red'] }] }] }],
  ['a deny on visibility', { kind: 'Filter', exact: true, allow: [{ resources: ['*'] }], deny: [{ resources: ['*'], conditions: [{ operator: 'StringEquals', key: 'acme:ProjectVisibility', values: ['public'] }] }] }],
  ['one ARN', { kind: 'Filter', exact: true, deny: [], allow: [{ resources: [projectArn('us-east-1', A, rows[1]!.projectId)] }] }],
  ['absent tag', { kind: 'Filter', exact: true, deny: [], allow: [{ resources: ['*'], conditions: [{ operator: 'Null', key: 'aws:ResourceTag/team', values: ['true'] }] }] }],
  ['everything', { kind: 'Allow', exact: true, allow: [], deny: [] }],
  ['nothing', { kind: 'Deny', exact: true, allow: [], deny: [] }],
];

describe("acme's list query from a plan", () => {
  it.each(plans)('%s: the plan\'s rows of the account, and the rows with a resource policy', async (_name, plan) => {
    const sql = planToSql(plan, planSchema('us-east-1'));
    const got = await listProjectsWhere(db, A, 100, undefined, `(${sql.where}) OR p.policy IS NOT NULL`, sql.params);
    const passes = compilePlan(plan);
    const want = rows
      .filter((p) => p.accountId === A && (p.policy !== null || passes(projectArn('us-east-1', p.accountId, p.projectId), projectContext(p))))
      .map((p) => p.projectId);
    expect(got.map((p) => p.projectId)).toEqual(want);
    // The tags come along.
    for (const p of got) expect(p.tags).toEqual(rows.find((r) => r.projectId === p.projectId)!.tags);
  });

  it('pages in id order after a token', async () => {
    const sql = planToSql(plans[4]![1], planSchema('us-east-1'));
    const first = await listProjectsWhere(db, A, 2, undefined, sql.where, sql.params);
    const next = await listProjectsWhere(db, A, 2, first[1]!.projectId, sql.where, sql.params);
    expect([...first, ...next].map((p) => p.projectId)).toEqual(rows.slice(0, 4).map((p) => p.projectId));
  });
});
