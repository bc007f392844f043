/**
 * @module `edge-iam/plan`: what a SaaS needs to apply a plan for a list page in its own code: the plan as
 * a SQLite/D1 WHERE clause (`planToSql`) and as an in-memory test of one resource (`compilePlan`). Pure
 * code, safe in any Worker (the plan itself comes from the IAM Worker: `planResources` in
 * `edge-iam/middleware`).
 */
export { compilePlan, filterMatches, type ResourceKeys } from './plan-match';
export { planToSql, type PlanSql, type PlanSqlSchema } from './plan-sql';
export type { ResourcePlan } from './plan';
