/**
 * A plan as SQL (core/policy/plan-sql.ts), run on a real SQLite (sql.js, the engine D1 runs): the rows
 * the WHERE clause selects are exactly the ones authorize() allows when the clause is exact, and a
 * superset otherwise. Resources are rows with their ARN and the SaaS's columns, tags a table.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import initSqlJs, { type Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { authorize, type AuthzRequest, type ContextValue } from '../../../src/core/policy';
import { planResources, type ResourcePlan } from '../../../src/core/policy/plan';
import { planToSql, type PlanSqlSchema } from '../../../src/core/policy/plan-sql';
import { ACCOUNT, ARNS, scenarioWith } from './plan-arbitraries';
import { compileJson } from './support';

let db: Database;
beforeAll(async () => {
  const wasm = createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm');
  const SQL = await initSqlJs({ wasmBinary: new Uint8Array(readFileSync(wasm)).buffer });
  db = new SQL.Database();
  db.run(`CREATE TABLE projects (id INTEGER PRIMARY KEY, arn TEXT NOT NULL, visibility TEXT, archived TEXT, owner TEXT COLLATE NOCASE);
          CREATE TABLE tags (resource INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL)`);
});

const SCHEMA: PlanSqlSchema = {
  arn: 'p.arn',
  tags: { table: 'tags', resourceColumn: 'resource', rowId: 'p.id', keyColumn: 'key', valueColumn: 'value' },
  keys: { 'acme:ProjectVisibility': 'p.visibility', 'acme:Archived': 'p.archived', 'acme:Owner': 'p.owner' },
};

/** Columns of a row and the keys authorize() sees for it. */
interface Row { arn: string; team?: string; env?: string; visibility?: string; archived?: string; owner?: string }
const keysOf = (r: Row): Record<string, ContextValue> => Object.fromEntries(Object.entries({
  'aws:ResourceTag/team': r.team, 'aws:ResourceTag/env': r.env,
  'acme:ProjectVisibility': r.visibility, 'acme:Archived': r.archived, 'acme:Owner': r.owner,
}).filter(([, v]) => v !== undefined));

function load(rows: readonly Row[]) {
  db.run('DELETE FROM projects; DELETE FROM tags');
  rows.forEach((r, id) => {
    db.run('INSERT INTO projects VALUES (?, ?, ?, ?, ?)', [id, r.arn, r.visibility ?? null, r.archived ?? null, r.owner ?? null]);
    // Tag keys as a SaaS may spell them: conditions compare keys case-insensitively.
    if (r.team !== undefined) db.run('INSERT INTO tags VALUES (?, ?, ?)', [id, id % 2 ? 'Team' : 'team', r.team]);
    if (r.env !== undefined) db.run('INSERT INTO tags VALUES (?, ?, ?)', [id, 'env', r.env]);
  });
}

function select(plan: ResourcePlan, schema: PlanSqlSchema): { ids: number[]; exact: boolean } {
  const q = planToSql(plan, schema);
  const stmt = db.prepare(`SELECT p.id FROM projects p WHERE ${q.where} ORDER BY p.id`);
  stmt.bind(q.params);
  const ids: number[] = [];
  while (stmt.step()) ids.push(stmt.get()[0] as number);
  stmt.free();
  return { ids, exact: q.exact };
}

/** A resource whose id holds `:`: `arn:aws:acme:*:<account>:project/p?` GLOBs it, IAM does not match it. */
const COLON_ARN = `arn:aws:acme:eu-west-1:999988887777:project/x:r:${ACCOUNT}:project/p1`;
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const rowKeys = fc.record({
  team: opt(fc.constantFrom('ops', 'dev', 'OPS', 'alice-team', '')),
  env: opt(fc.constantFrom('prod', 'dev')),
  visibility: opt(fc.constantFrom('public', 'private', 'x1', 'pub[1]')),
  archived: opt(fc.constantFrom('true', 'false', 'TRUE', 'yes')),
  owner: opt(fc.constantFrom('alice', 'p1', 'nobody', 'ALICE')),
});

describe('plan as SQL', () => {
  it('reads as the README says: GLOB for patterns, tag subqueries, absent keys per IAM', () => {
    const plan: ResourcePlan = {
      kind: 'Filter',
      allow: [{ resources: [`arn:aws:acme:us-east-1:${ACCOUNT}:project/*`], conditions: [{ operator: 'StringEquals', key: 'aws:resourcetag/team', values: ['ops'] }] }],
      deny: [{ resources: ['*'], conditions: [{ operator: 'Bool', key: 'acme:archived', values: ['true'] }] }],
      exact: true,
    };
    const q = planToSql(plan, SCHEMA);
    expect(q.where).toBe(
      '((p.arn GLOB ? AND (CASE WHEN (SELECT value FROM tags WHERE resource = p.id AND lower(key) = ?) IS NULL THEN 0'
      + ' ELSE ((SELECT value FROM tags WHERE resource = p.id AND lower(key) = ?) = ? COLLATE BINARY) END))'
      + " AND NOT ((CASE WHEN p.archived IS NULL THEN 0 ELSE (lower(p.archived) IN ('true', 'false') AND lower(p.archived) = lower(?)) END)))",
    );
    expect(q.params).toEqual([`arn:aws:acme:us-east-1:${ACCOUNT}:project/*`, 'team', 'team', 'ops', 'true']);
    expect(q.exact).toBe(true);
    load([
      { arn: `arn:aws:acme:us-east-1:${ACCOUNT}:project/p1`, team: 'ops' },
      { arn: `arn:aws:acme:us-east-1:${ACCOUNT}:project/p2`, team: 'ops', archived: 'true' },
      { arn: `arn:aws:acme:us-east-1:${ACCOUNT}:project/p3`, team: 'dev' },
      { arn: `arn:aws:acme:us-east-1:${ACCOUNT}:project/p4` },
      { arn: `arn:aws:acme:eu-west-1:${ACCOUNT}:project/p5`, team: 'ops' },
    ]);
    expect(select(plan, SCHEMA).ids).toEqual([0]);
  });

  it('operators it does not translate widen an allow and drop a deny, and say so', () => {
    const plan: ResourcePlan = {
      kind: 'Filter',
      allow: [{ resources: ['*'], conditions: [{ operator: 'NumericLessThan', key: 'acme:size', values: ['10'] }] }],
      deny: [{ resources: ['*'], conditions: [{ operator: 'DateLessThan', key: 'acme:created', values: ['2020-01-01T00:00:00.000Z'] }] }],
      exact: true,
    };
    expect(planToSql(plan, SCHEMA)).toEqual({ where: '1', params: [], exact: false });
  });

  it('selects exactly the rows authorize() allows when exact, a superset otherwise', () => {
    const arns = [...ARNS, COLON_ARN];
    let exactRuns = 0;
    fc.assert(fc.property(scenarioWith(rowKeys, arns.length), fc.boolean(), (s, colonFree) => {
      const identityPolicies = s.identity.map((d, i) => compileJson(d, 'identity', 'identity', `identity-${i}`));
      const boundaryPolicies = s.boundary ? [compileJson(s.boundary, 'boundary', 'boundary', 'boundary')] : undefined;
      const sessionPolicies = s.session ? [compileJson(s.session, 'session', 'session', 'session')] : undefined;
      const base = { principal: s.principal, action: s.action, context: s.context };
      const plan = planResources({ request: base, identityPolicies, boundaryPolicies, sessionPolicies });
      // The colon-free promise holds only without the resource whose id has a colon.
      const rows: Row[] = (colonFree ? ARNS : arns).map((arn, i) => ({ arn, ...s.keys[i]! }));
      load(rows);
      const { ids, exact } = select(plan, { ...SCHEMA, colonFreeResourceIds: colonFree });
      const allowed = rows.flatMap((r, id) => {
        const req: AuthzRequest = { ...base, resource: r.arn, context: { ...s.context, ...keysOf(r) } };
        return authorize({ request: req, identityPolicies, boundaryPolicies, sessionPolicies }).decision === 'Allow' ? [id] : [];
      });
      if (exact) { exactRuns++; expect(ids, JSON.stringify({ plan, rows })).toEqual(allowed); }
      else expect(ids.filter((id) => allowed.includes(id)), JSON.stringify({ plan, rows })).toEqual(allowed);
    }), { numRuns: 600 });
    expect(exactRuns).toBeGreaterThan(150);
  });
});
