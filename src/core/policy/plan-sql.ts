/**
 * @module A plan as a SQL `WHERE` clause for SQLite (D1): the translation the README describes, for a
 * SaaS whose rows carry their ARN (a column or an expression) and whose tags live in a table. Values are
 * always bound parameters; the schema's names and expressions are the SaaS's own SQL, never a caller's.
 *
 * Translation, each step keeping the answer a superset where it cannot be exact (then `exact: false`:
 * decide the rows one by one):
 * - ARN patterns: `*` → true, no wildcard → `=`, else `GLOB` (case-sensitive, `*` and `?` as in IAM; `[`
 *   escaped). GLOB's `*` also crosses `:`, which IAM's does not in the first five segments: exact when the
 *   pattern has no wildcard there or the SaaS says its resource ids hold no `:` (`colonFreeResourceIds`).
 * - Conditions, on one value per key (a tag row, a column; NULL is absent), with IAM's rules for absent
 *   keys, `…IfExists` and `ForAnyValue:`/`ForAllValues:`: String operators (`IgnoreCase` through SQLite's
 *   `lower()`, which folds ASCII only), `Bool`, `Null`. Other operators are not translated.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html,
 * https://www.sqlite.org/lang_expr.html#like (GLOB)
 */
import type { ResourceFilter } from '../decision/contract';
import { CONDITION_OPERATORS, parseOperator } from './conditions';
import type { ResourcePlan } from './plan';

/** Where a SaaS keeps what a plan filters on. */
export interface PlanSqlSchema {
  /** SQL expression of the row's ARN (`p.arn`, or `'arn:aws:acme:' || p.region || ':' || …`). */
  readonly arn: string;
  /** The tags table, for `aws:ResourceTag/<key>` (one row per tag; keys compared case-insensitively). */
  readonly tags?: {
    readonly table: string;
    /** Column of the tags table naming the resource, and the row's matching expression (`p.id`). */
    readonly resourceColumn: string;
    readonly rowId: string;
    readonly keyColumn: string;
    readonly valueColumn: string;
  };
  /** SQL expressions of the SaaS's own keys, by key (`acme:ProjectVisibility` → `p.visibility`); NULL is absent. */
  readonly keys?: Readonly<Record<string, string>>;
  /** Resource ids hold no `:`, so `GLOB` cannot shift a wildcard across the ARN's first five segments. */
  readonly colonFreeResourceIds?: boolean;
}

/** The clause, its parameters in order, and whether it selects exactly the plan's resources. */
export interface PlanSql {
  readonly where: string;
  readonly params: string[];
  readonly exact: boolean;
}

/** A fragment of SQL with its parameters. */
interface Sql { readonly sql: string; readonly params: readonly string[] }
const sql = (text: string, ...params: string[]): Sql => ({ sql: text, params });
const TRUE = sql('1');
const FALSE = sql('0');
function join(all: readonly Sql[], op: 'AND' | 'OR', empty: Sql): Sql {
  // `1` adds nothing to a conjunction, and makes a disjunction true.
  if (op === 'OR' && all.includes(TRUE)) return TRUE;
  const parts = op === 'AND' ? all.filter((p) => p !== TRUE) : all;
  if (parts.length === 0) return empty;
  if (parts.length === 1) return parts[0]!;
  return { sql: `(${parts.map((p) => p.sql).join(` ${op} `)})`, params: parts.flatMap((p) => p.params) };
}
const not = (p: Sql): Sql => ({ sql: `NOT (${p.sql})`, params: p.params });

/** `[` opens a character class in GLOB; IAM has none, so it is matched literally. */
const globLiteral = (pattern: string) => pattern.replace(/\[/g, '[[]');

/** An ARN pattern; `superset` when GLOB may match more than IAM would. */
function arnSql(pattern: string, s: PlanSqlSchema): { sql: Sql; superset: boolean } {
  if (pattern === '*') return { sql: TRUE, superset: false };
  if (!/[*?]/.test(pattern)) return { sql: sql(`${s.arn} = ?`, pattern), superset: false };
  const prefix = pattern.split(':').slice(0, 5);
  const segmentWildcard = prefix.length < 5 || prefix.some((seg) => /[*?]/.test(seg));
  return { sql: sql(`${s.arn} GLOB ?`, globLiteral(pattern)), superset: segmentWildcard && !s.colonFreeResourceIds };
}

/** The value of a resource key for the row, NULL when absent. */
function keySql(keyLower: string, s: PlanSqlSchema): Sql {
  const TAG = 'aws:resourcetag/';
  if (keyLower.startsWith(TAG) && s.tags) {
    const t = s.tags;
    return sql(
      `(SELECT ${t.valueColumn} FROM ${t.table} WHERE ${t.resourceColumn} = ${t.rowId} AND lower(${t.keyColumn}) = ?)`,
      keyLower.slice(TAG.length),
    );
  }
  for (const [k, expr] of Object.entries(s.keys ?? {})) if (k.toLowerCase() === keyLower) return sql(expr);
  return sql('NULL');
}

const STRING_MATCH: Readonly<Record<string, (v: string) => string>> = {
  StringEquals: (v) => `${v} = ? COLLATE BINARY`,
  StringNotEquals: (v) => `${v} = ? COLLATE BINARY`,
  StringEqualsIgnoreCase: (v) => `lower(${v}) = lower(?)`,
  StringNotEqualsIgnoreCase: (v) => `lower(${v}) = lower(?)`,
  StringLike: (v) => `${v} GLOB ?`,
  StringNotLike: (v) => `${v} GLOB ?`,
  // Bool compares only "true"/"false" values (conditions/bool.ts).
  Bool: (v) => `lower(${v}) IN ('true', 'false') AND lower(${v}) = lower(?)`,
};

/** One condition, with IAM's meaning for an absent key (conditions/index.ts, `conditionHolds`). */
function conditionSql(c: NonNullable<ResourceFilter['conditions']>[number], s: PlanSqlSchema): Sql | undefined {
  const parsed = parseOperator(c.operator);
  if (!parsed) return undefined;
  const { op, set, ifExists } = parsed;
  const v = keySql(c.key.toLowerCase(), s);
  const empty = set === 'none' ? sql(`${v.sql} IS NULL`, ...v.params) : sql(`(${v.sql} IS NULL OR ${v.sql} = '')`, ...v.params, ...v.params);
  if (op === CONDITION_OPERATORS.Null) {
    const parts = [...new Set(c.values.map((x) => x.toLowerCase()))].flatMap((x) => (x === 'true' ? [empty] : x === 'false' ? [not(empty)] : []));
    return join(parts, 'OR', FALSE);
  }
  const match = STRING_MATCH[op.name];
  if (!match) return undefined;
  const like = op === CONDITION_OPERATORS.StringLike || op === CONDITION_OPERATORS.StringNotLike;
  const any = join(c.values.map((x) => sql(`(${match(v.sql)})`, ...v.params, ...(op === CONDITION_OPERATORS.Bool ? v.params : []), like ? globLiteral(x) : x)), 'OR', FALSE);
  const absent = ifExists || set === 'all' ? TRUE : set === 'any' ? FALSE : op.negated ? TRUE : FALSE;
  // A negated operator with no value to compare never holds on a present key.
  const present = !op.negated ? any : c.values.length === 0 ? FALSE : not(any);
  return {
    sql: `(CASE WHEN ${empty.sql} THEN ${absent.sql} ELSE ${present.sql} END)`,
    params: [...empty.params, ...absent.params, ...present.params],
  };
}

/**
 * One filter. `certain`: the clause may select fewer rows than the filter (a deny), else more (an
 * allow); what cannot be said that way is left out, or the whole filter for a deny (`undefined`).
 */
function filterSql(f: ResourceFilter, s: PlanSqlSchema, certain: boolean, inexact: () => void): Sql | undefined {
  const resources: Sql[] = [];
  for (const p of f.resources) {
    const r = arnSql(p, s);
    if (r.superset) { inexact(); if (certain) continue; }
    resources.push(r.sql);
  }
  if (resources.length === 0) return undefined;
  const excluded: Sql[] = [];
  for (const p of f.notResources ?? []) {
    const r = arnSql(p, s);
    // A wider exclusion only narrows a deny; for an allow it is left out (a superset).
    if (r.superset) { inexact(); if (!certain) continue; }
    excluded.push(r.sql);
  }
  const parts = [join(resources, 'OR', FALSE)];
  if (excluded.length) parts.push(not(join(excluded, 'OR', FALSE)));
  for (const c of f.conditions ?? []) {
    const cs = conditionSql(c, s);
    if (cs) { parts.push(cs); continue; }
    inexact();
    if (certain) return undefined;
  }
  return join(parts, 'AND', TRUE);
}

/** The `WHERE` clause selecting the plan's resources (a superset to decide one by one when not exact). */
export function planToSql(plan: ResourcePlan, schema: PlanSqlSchema): PlanSql {
  if (plan.kind === 'Allow') return { where: '1', params: [], exact: plan.exact };
  if (plan.kind === 'Deny') return { where: '0', params: [], exact: true };
  let exact = plan.exact;
  const inexact = () => { exact = false; };
  const allow = plan.allow.map((f) => filterSql(f, schema, false, inexact)).filter((x): x is Sql => x !== undefined);
  const deny = plan.deny.map((f) => filterSql(f, schema, true, inexact)).filter((x): x is Sql => x !== undefined);
  const where = deny.length ? join([join(allow, 'OR', FALSE), not(join(deny, 'OR', FALSE))], 'AND', TRUE) : join(allow, 'OR', FALSE);
  return { where: where.sql, params: [...where.params], exact };
}
