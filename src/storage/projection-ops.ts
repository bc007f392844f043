/**
 * @module The outbox's vocabulary: what an account's object tells the read model (D1) to change, typed by
 * the read-model tables themselves (schema/read-model.ts).
 *
 * Ops are plain data so they can be stored as JSON in the outbox and replayed any number of times:
 * `put` is an upsert of a row keyed by the table's key, `del` removes it. The projector (read-model.ts)
 * applies them in commit order with the sequence number of the write, so a replay never moves a row
 * backwards. A `put` sets the columns it names; a nullable column it leaves out is NULL in a new row and
 * unchanged in an existing one. docs/DESIGN.md §1; the tables are described in storage/README.md.
 */
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as schema from './schema/read-model';

/** A projected table and the property names of its key columns. */
interface Projected<T extends SQLiteTable> {
  table: T;
  key: readonly (keyof T['$inferSelect'] & keyof T & string)[];
}

const projected = <T extends SQLiteTable & { seq: SQLiteColumn }, const K extends readonly (keyof T['$inferSelect'] & keyof T & string)[]>(
  table: T,
  key: K,
) => ({ table, key }) satisfies Projected<T>;

/**
 * The read-model tables the outbox may write, by their SQL name (the name an op carries in the outbox, so
 * never renamed), with their key. `projection_cursor` and `account_aliases` are written directly, not
 * through the outbox.
 */
export const PROJECTED = {
  accounts: projected(schema.accounts, ['accountId']),
  principals: projected(schema.principals, ['accountId', 'principalId']),
  access_keys: projected(schema.accessKeys, ['accessKeyId']),
  group_members: projected(schema.groupMembers, ['accountId', 'groupId', 'userId']),
  policy_attachments: projected(schema.policyAttachments, ['accountId', 'entityType', 'entityId', 'policyArn']),
  inline_policies: projected(schema.inlinePolicies, ['accountId', 'entityType', 'entityId', 'policyName']),
  managed_policies: projected(schema.managedPolicies, ['accountId', 'policyArn']),
  instance_profiles: projected(schema.instanceProfiles, ['accountId', 'instanceProfileId']),
  oidc_providers: projected(schema.oidcProviders, ['accountId', 'arn']),
  saml_providers: projected(schema.samlProviders, ['accountId', 'arn']),
  workload_tokens: projected(schema.workloadTokens, ['tokenHash']),
  service_specific_credentials: projected(schema.serviceSpecificCredentials, ['serviceUserName']),
};

type Registry = typeof PROJECTED;

/** The read-model tables the outbox may write. */
export type ReadModelTable = keyof Registry;

/** Each entry's name is its table's SQL name (checked: a mismatch makes this `never` and fails below). */
type NamesMatch = { [N in ReadModelTable]: Registry[N]['table']['_']['name'] extends N ? true : never }[ReadModelTable];
const _namesMatch: NamesMatch = true;
void _namesMatch;

/** The row a `put` writes into table `N`: its columns, without `seq` (the projector sets it). */
export type ProjectedRow<N extends ReadModelTable> = Omit<Registry[N]['table']['$inferInsert'], 'seq'>;

/** The key a `del` removes from table `N`. */
export type ProjectedKey<N extends ReadModelTable> = Pick<
  Registry[N]['table']['$inferSelect'],
  Registry[N]['key'][number] & keyof Registry[N]['table']['$inferSelect']
>;

/** One change to one read-model row: a union over the tables, so a row or key names its table's columns. */
export type ProjectionOp = {
  [N in ReadModelTable]: { op: 'put'; table: N; row: ProjectedRow<N> } | { op: 'del'; table: N; key: ProjectedKey<N> };
}[ReadModelTable];

/** A column value of a read-model row. */
export type RowValue = string | number | null;
