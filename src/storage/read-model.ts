/**
 * @module The D1 read model: which database serves an account, how the outbox is projected into it, and
 * the reads the data plane makes. docs/DESIGN.md §1 and §9.
 *
 * Sharding: every read and projection goes through {@link readModelFor}. Today it returns the one `DB`
 * binding; to add a shard, bind another D1 database (`DB_1`, …), apply the same migrations to it, and map
 * account ids to bindings here (a stable hash of the account id, or a directory). Access key ids encode
 * their account (core/ids.ts), so a request is routed to its shard before any lookup.
 */
import { and, eq, getTableColumns, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { drizzle } from 'drizzle-orm/d1';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { AliasRegistry } from '../core/ports';
import type { TagRecord } from '../core/records';
import type { StoredPolicyRow } from '../services/policy-set';
import { PROJECTED, type ProjectionOp, type RowValue } from './projection-ops';
import * as schema from './schema/read-model';

/** The bindings this module needs. */
export interface ReadModelEnv {
  DB: D1Database;
}

/** Where `accountId`'s rows live. The one place that knows about shards. */
export function readModelFor(env: ReadModelEnv, _accountId: string): D1Database {
  return env.DB;
}

/** A D1 database or one of its sessions; drizzle only needs `prepare` and `batch`. */
export type D1Like = D1Database | D1DatabaseSession;

const orm = (db: D1Like) => drizzle(db as D1Database, { schema });

/** One outbox entry: the ops of one committed write, in order. */
export interface OutboxEntry {
  seq: number;
  ops: ProjectionOp[];
}

/**
 * Applies outbox entries of one account in one D1 `batch()` (atomic on D1, no interactive transaction).
 * Idempotent: a `put` only overwrites a row set by an earlier or equal `seq`, a `del` only removes a row
 * not set by a later one, and the cursor only moves forward. Returns the session's bookmark.
 */
export async function projectEntries(
  session: D1DatabaseSession,
  accountId: string,
  entries: readonly OutboxEntry[],
): Promise<string | null> {
  const db = orm(session);
  const statements: BatchItem<'sqlite'>[] = [];
  for (const entry of entries) {
    for (const op of entry.ops) statements.push(statementFor(db, op, entry.seq));
  }
  const last = entries[entries.length - 1];
  if (last) {
    statements.push(
      db
        .insert(schema.projectionCursor)
        .values({ accountId, seq: last.seq })
        .onConflictDoUpdate({
          target: schema.projectionCursor.accountId,
          set: { seq: sql`max(${schema.projectionCursor.seq}, excluded.seq)` },
        }),
    );
  }
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
  return session.getBookmark();
}

/**
 * The statement applying one op at `seq`. The op's row and key were type-checked against their table where
 * the op was built (projection-ops.ts); ops also come back from the outbox's JSON, so the one code path here
 * treats every table through drizzle's base table type and finds columns by property name.
 */
function statementFor(db: ReturnType<typeof orm>, op: ProjectionOp, seq: number) {
  const { table, key } = PROJECTED[op.table];
  const base: SQLiteTable = table;
  const columns = getTableColumns(base);
  const column = (name: string): SQLiteColumn => {
    const c = columns[name];
    if (!c) throw new Error(`projection: ${op.table} has no column ${name}`);
    return c;
  };
  const keyNames: readonly string[] = key;
  if (op.op === 'put') {
    const row: Record<string, RowValue | undefined> = { ...op.row, seq };
    const set: Record<string, SQL> = {};
    for (const name of Object.keys(row)) if (!keyNames.includes(name)) set[name] = sql.raw(`excluded.${column(name).name}`);
    return db
      .insert(base)
      .values(row)
      .onConflictDoUpdate({ target: keyNames.map(column), set, setWhere: lte(column('seq'), seq) });
  }
  const values: Record<string, RowValue> = op.key;
  const conditions = keyNames.map((name) => eq(column(name), values[name]));
  return db.delete(base).where(and(...conditions, lte(column('seq'), seq)));
}

/** Removes every row of `accountId` from the read model, in one batch. */
export async function purgeAccount(db: D1Database, accountId: string): Promise<void> {
  const d = orm(db);
  await d.batch([
    d.delete(schema.accessKeys).where(eq(schema.accessKeys.accountId, accountId)),
    d.delete(schema.groupMembers).where(eq(schema.groupMembers.accountId, accountId)),
    d.delete(schema.policyAttachments).where(eq(schema.policyAttachments.accountId, accountId)),
    d.delete(schema.inlinePolicies).where(eq(schema.inlinePolicies.accountId, accountId)),
    d.delete(schema.managedPolicies).where(eq(schema.managedPolicies.accountId, accountId)),
    d.delete(schema.instanceProfiles).where(eq(schema.instanceProfiles.accountId, accountId)),
    d.delete(schema.oidcProviders).where(eq(schema.oidcProviders.accountId, accountId)),
    d.delete(schema.samlProviders).where(eq(schema.samlProviders.accountId, accountId)),
    d.delete(schema.workloadTokens).where(eq(schema.workloadTokens.accountId, accountId)),
    d.delete(schema.serviceSpecificCredentials).where(eq(schema.serviceSpecificCredentials.accountId, accountId)),
    d.delete(schema.principals).where(eq(schema.principals.accountId, accountId)),
    d.delete(schema.accounts).where(eq(schema.accounts.accountId, accountId)),
    d.delete(schema.projectionCursor).where(eq(schema.projectionCursor.accountId, accountId)),
    d.delete(schema.accountAliases).where(eq(schema.accountAliases.accountId, accountId)),
  ]);
}

/**
 * Claims a globally unique alias for an account on the primary. True when the alias is now this
 * account's (newly or already), false when another account holds it.
 */
export async function claimAlias(db: D1Database, alias: string, accountId: string): Promise<boolean> {
  const d = orm(db.withSession('first-primary'));
  await d.insert(schema.accountAliases).values({ alias, accountId }).onConflictDoNothing();
  const row = await d.select().from(schema.accountAliases).where(eq(schema.accountAliases.alias, alias)).get();
  return row?.accountId === accountId;
}

/** Releases every alias claim of `accountId` except `keep` (all of them when null), on the primary. */
export async function releaseAliasesExcept(db: D1Database, accountId: string, keep: string | null): Promise<void> {
  const d = orm(db.withSession('first-primary'));
  const mine = eq(schema.accountAliases.accountId, accountId);
  await d.delete(schema.accountAliases).where(keep === null ? mine : and(mine, sql`${schema.accountAliases.alias} <> ${keep}`));
}

/** The deployment-wide alias register (core/ports/passwords.ts) on the main D1 database. */
export const d1AliasRegistry = (db: D1Database): AliasRegistry => ({
  claim: (alias, accountId) => claimAlias(db, alias, accountId),
  releaseExcept: (accountId, keep) => releaseAliasesExcept(db, accountId, keep),
});

/** An account as the data plane sees it: `active` or `closing`, and its incarnation (creation time). */
export interface AccountState {
  status: string;
  /** When the account was created: tells apart accounts that reuse a closed account's id. */
  createdAt: string;
}

/** The account's row (status and creation time); undefined when the read model has none. */
export async function readAccountState(session: D1Like, accountId: string): Promise<AccountState | undefined> {
  const a = schema.accounts;
  const row = await orm(session).select({ status: a.status, createdAt: a.createdAt }).from(a).where(eq(a.accountId, accountId)).get();
  return row ?? undefined;
}

/**
 * Marks an account `closing` in the read model, on the primary, before its rows are purged: the data plane
 * refuses a closing account's keys and sessions (data-plane/account-state.ts) from then on. No-op when the
 * account has no row (then the data plane refuses it already).
 */
export async function markAccountClosing(db: D1Database, accountId: string): Promise<string | null> {
  const a = schema.accounts;
  const session = db.withSession('first-primary');
  await orm(session).update(a).set({ status: 'closing' }).where(eq(a.accountId, accountId)).run();
  return session.getBookmark();
}

/** What the data plane knows about an access key and its principal. */
export interface KeyLookup {
  accessKeyId: string;
  accountId: string;
  principalId: string | null;
  status: string;
  secretSealed: string;
  principal: { name: string; path: string; arn: string; tags: string; boundaryArn: string | null } | null;
  /** When the key's account was created: tells apart accounts that reuse a closed account's id. */
  accountCreatedAt: string | null;
}

/** The columns a credential's lookup joins from its principal's row and its account's (incarnation). */
const principalJoinColumns = {
  name: schema.principals.name,
  path: schema.principals.path,
  arn: schema.principals.arn,
  tags: schema.principals.tags,
  boundaryArn: schema.principals.boundaryArn,
  accountCreatedAt: schema.accounts.createdAt,
};

type PrincipalJoin = { name: string | null; path: string | null; arn: string | null; tags: string | null; boundaryArn: string | null; accountCreatedAt: string | null };

/** A lookup's row without its joined columns, with the principal (null when its row is missing) and the incarnation. */
function withPrincipal<R extends PrincipalJoin>(row: R): Omit<R, keyof PrincipalJoin> & { principal: KeyLookup['principal']; accountCreatedAt: string | null } {
  const { name, path, arn, tags, boundaryArn, accountCreatedAt, ...rest } = row;
  return {
    ...rest,
    accountCreatedAt: accountCreatedAt ?? null,
    principal: name != null && path != null && arn != null ? { name, path, arn, tags: tags ?? '[]', boundaryArn: boundaryArn ?? null } : null,
  };
}

/** Reads an access key and its principal in one query from a D1 session. */
export async function lookupAccessKey(session: D1Like, accessKeyId: string): Promise<KeyLookup | undefined> {
  const d = orm(session);
  const k = schema.accessKeys;
  const p = schema.principals;
  const row = await d
    .select({
      accessKeyId: k.accessKeyId,
      accountId: k.accountId,
      principalId: k.principalId,
      status: k.status,
      secretSealed: k.secretSealed,
      ...principalJoinColumns,
    })
    .from(k)
    .leftJoin(p, and(eq(p.accountId, k.accountId), eq(p.principalId, k.principalId)))
    .leftJoin(schema.accounts, eq(schema.accounts.accountId, k.accountId))
    .where(eq(k.accessKeyId, accessKeyId))
    .get();
  return row ? withPrincipal(row) : undefined;
}

/** A service-specific credential and its user, as the data plane verifies it. */
export interface ServiceCredentialLookup {
  serviceUserName: string;
  accountId: string;
  credentialId: string;
  userId: string;
  serviceName: string;
  passwordHash: string;
  status: string;
  /** The user's row; null while the user is being deleted. */
  principal: KeyLookup['principal'];
  /** When the credential's account was created (its incarnation); null when the account row is gone. */
  accountCreatedAt: string | null;
}

/** Reads a service-specific credential by its user name, with its user, in one query from a D1 session. */
export async function lookupServiceSpecificCredential(session: D1Like, serviceUserName: string): Promise<ServiceCredentialLookup | undefined> {
  const c = schema.serviceSpecificCredentials;
  const p = schema.principals;
  const row = await orm(session)
    .select({
      serviceUserName: c.serviceUserName,
      accountId: c.accountId,
      credentialId: c.credentialId,
      userId: c.userId,
      serviceName: c.serviceName,
      passwordHash: c.passwordHash,
      status: c.status,
      ...principalJoinColumns,
    })
    .from(c)
    .leftJoin(p, and(eq(p.accountId, c.accountId), eq(p.principalId, c.userId)))
    .leftJoin(schema.accounts, eq(schema.accounts.accountId, c.accountId))
    .where(eq(c.serviceUserName, serviceUserName))
    .get();
  return row ? withPrincipal(row) : undefined;
}

/** Lists accounts for the operator, ordered by id, from `afterId` on. */
export async function listAccounts(db: D1Like, afterId: string | null, limit: number) {
  const d = orm(db);
  const a = schema.accounts;
  const q = d.select({ accountId: a.accountId, email: a.email, alias: a.alias, status: a.status, createdAt: a.createdAt }).from(a);
  return (afterId ? q.where(sql`${a.accountId} > ${afterId}`) : q).orderBy(a.accountId).limit(limit).all();
}

/** The projection cursor of an account (0 when none), for tests and diagnostics. */
export async function projectedSeq(db: D1Like, accountId: string): Promise<number> {
  const row = await orm(db)
    .select()
    .from(schema.projectionCursor)
    .where(eq(schema.projectionCursor.accountId, accountId))
    .get();
  return row?.seq ?? 0;
}

/**
 * Every policy row that applies to a user or a role: its inline and attached policies, those of a user's
 * groups, its permissions boundary, and a session's managed session policies. One D1 round trip (a
 * single statement).
 */
export async function loadPolicyRows(
  session: D1Like,
  accountId: string,
  entityType: 'user' | 'role',
  entityId: string,
  boundaryArn: string | null,
  sessionPolicyArns: readonly string[] = [],
): Promise<StoredPolicyRow[]> {
  const { results } = await session
    .prepare(
      `WITH owners(entity_type, entity_id) AS (
         SELECT ?4, ?2
         UNION ALL SELECT 'group', group_id FROM group_members WHERE account_id = ?1 AND user_id = ?2 AND ?4 = 'user')
       SELECT 'inline' AS source, i.entity_type || '/' || i.entity_id AS owner, i.policy_name AS policyId,
              NULL AS versionId, i.document AS document
         FROM inline_policies i JOIN owners o ON i.entity_type = o.entity_type AND i.entity_id = o.entity_id
        WHERE i.account_id = ?1
       UNION ALL
       SELECT 'managed', NULL, a.policy_arn, m.default_version_id, m.document
         FROM policy_attachments a JOIN owners o ON a.entity_type = o.entity_type AND a.entity_id = o.entity_id
         LEFT JOIN managed_policies m ON m.account_id = a.account_id AND m.policy_arn = a.policy_arn
        WHERE a.account_id = ?1
       UNION ALL
       SELECT 'boundary', NULL, ?3, m.default_version_id, m.document
         FROM (SELECT 1) LEFT JOIN managed_policies m ON m.account_id = ?1 AND m.policy_arn = ?3
        WHERE ?3 IS NOT NULL
       UNION ALL
       SELECT 'session', NULL, j.value, m.default_version_id, m.document
         FROM json_each(?5) j LEFT JOIN managed_policies m ON m.account_id = ?1 AND m.policy_arn = j.value`,
    )
    .bind(accountId, entityId, boundaryArn, entityType, JSON.stringify(sessionPolicyArns))
    .all<StoredPolicyRow>();
  return results;
}

/** The tags of a principal row (a JSON array of `{Key, Value}`, as the store projects them). */
export function principalTags(json: string | null | undefined): TagRecord[] {
  try {
    return (JSON.parse(json ?? '[]') as { Key: string; Value: string }[]).map((t) => ({ key: t.Key, value: t.Value }));
  } catch {
    return [];
  }
}

/** A principal row (user or role) as the data plane reads it. */
export interface PrincipalView {
  principalId: string;
  type: string;
  name: string;
  path: string;
  arn: string;
  tags: string;
  boundaryArn: string | null;
  trustPolicy: string | null;
  /** Roles: JSON `{ARN: unique id}` of the principals the trust policy binds, or null. */
  trustBindings: string | null;
  maxSessionDuration: number | null;
}

/** A principal by id. */
export async function findPrincipal(session: D1Like, accountId: string, principalId: string): Promise<PrincipalView | undefined> {
  const p = schema.principals;
  const row = await orm(session)
    .select()
    .from(p)
    .where(and(eq(p.accountId, accountId), eq(p.principalId, principalId)))
    .get();
  return row ?? undefined;
}

/** A role by ARN (names are unique regardless of case; the ARN's path must match). */
export async function findRoleByArn(session: D1Like, accountId: string, roleArn: string): Promise<(PrincipalView & { account: AccountState | null }) | undefined> {
  // The role's account row is read in the same statement (one snapshot): a session into the role is stamped
  // with the incarnation this row belongs to, never with one cached or read apart (security review L1).
  const row = await session
    .prepare(
      `SELECT p.*, a.status AS account_status, a.created_at AS account_created_at
         FROM principals p LEFT JOIN accounts a ON a.account_id = p.account_id
        WHERE p.account_id = ?1 AND p.type = 'Role' AND lower(p.arn) = lower(?2) LIMIT 1`,
    )
    .bind(accountId, roleArn)
    .first<Record<string, unknown>>();
  if (!row) return undefined;
  return {
    account: accountOfRow(row),
    principalId: row.principal_id as string,
    type: row.type as string,
    name: row.name as string,
    path: row.path as string,
    arn: row.arn as string,
    tags: row.tags as string,
    boundaryArn: (row.boundary_arn as string | null) ?? null,
    trustPolicy: (row.trust_policy as string | null) ?? null,
    trustBindings: (row.trust_bindings as string | null) ?? null,
    maxSessionDuration: (row.max_session_duration as number | null) ?? null,
  };
}

/** Whether a customer-managed policy exists in an account's read model. */
export async function managedPolicyExists(session: D1Like, accountId: string, policyArn: string): Promise<boolean> {
  const row = await session
    .prepare('SELECT 1 AS x FROM managed_policies WHERE account_id = ?1 AND policy_arn = ?2')
    .bind(accountId, policyArn)
    .first();
  return row !== null;
}

/** The account columns joined as `account_status`, `account_created_at`; null when the account has no row. */
function accountOfRow(row: Record<string, unknown>): AccountState | null {
  return typeof row.account_status === 'string' && typeof row.account_created_at === 'string'
    ? { status: row.account_status, createdAt: row.account_created_at }
    : null;
}

/** A workload token as the data plane resolves it: its account, expiry, instance profile and role. */
export interface WorkloadTokenLookup {
  accountId: string;
  /** The token's account row, read in the same statement: the incarnation the token belongs to. */
  account: AccountState | null;
  tokenId: string;
  expiresAt: string;
  instanceProfileId: string;
  /** Null when the profile is no longer in the read model (deleted): the token is then worthless. */
  instanceProfileArn: string | null;
  /** The profile's role; null when the profile holds no role or the role is gone. */
  role: PrincipalView | null;
}

/**
 * A workload token by the SHA-256 of its text, joined to its instance profile and the profile's role, in
 * one statement. Pass a session of the primary database: the token does not say its account.
 */
export async function lookupWorkloadToken(session: D1Like, tokenHash: string): Promise<WorkloadTokenLookup | undefined> {
  const row = await session
    .prepare(
      `SELECT w.account_id, w.token_id, w.expires_at, w.instance_profile_id, ip.arn AS profile_arn,
              p.principal_id, p.type, p.name, p.path, p.arn, p.tags, p.boundary_arn, p.trust_policy, p.trust_bindings, p.max_session_duration,
              a.status AS account_status, a.created_at AS account_created_at
         FROM workload_tokens w
         LEFT JOIN accounts a ON a.account_id = w.account_id
         LEFT JOIN instance_profiles ip ON ip.account_id = w.account_id AND ip.instance_profile_id = w.instance_profile_id
         LEFT JOIN principals p ON p.account_id = w.account_id AND p.principal_id = ip.role_id AND p.type = 'Role'
        WHERE w.token_hash = ?1`,
    )
    .bind(tokenHash)
    .first<Record<string, unknown>>();
  if (!row) return undefined;
  const role: PrincipalView | null =
    row.principal_id == null
      ? null
      : {
          principalId: row.principal_id as string,
          type: row.type as string,
          name: row.name as string,
          path: row.path as string,
          arn: row.arn as string,
          tags: (row.tags as string | null) ?? '[]',
          boundaryArn: (row.boundary_arn as string | null) ?? null,
          trustPolicy: (row.trust_policy as string | null) ?? null,
          trustBindings: (row.trust_bindings as string | null) ?? null,
          maxSessionDuration: (row.max_session_duration as number | null) ?? null,
        };
  return {
    accountId: row.account_id as string,
    account: accountOfRow(row),
    tokenId: row.token_id as string,
    expiresAt: row.expires_at as string,
    instanceProfileId: row.instance_profile_id as string,
    instanceProfileArn: (row.profile_arn as string | null) ?? null,
    role,
  };
}

/** ARNs per `IN (…)` of {@link principalIdsByArn}. */
const ARNS_PER_QUERY = 90;

/**
 * The unique ids of the users and roles of `accountId` that hold `arns` now (exact ARNs, active accounts
 * only), by ARN. For trust policies naming principals of other accounts (services/iam/roles/trust-bindings.ts).
 */
export async function principalIdsByArn(session: D1Like, accountId: string, arns: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (arns.length === 0) return out;
  const p = schema.principals;
  const a = schema.accounts;
  // D1 binds at most 100 parameters a statement: a trust policy's ARNs are read 90 at a time (a 2,048-character
  // policy names fewer, but the quota can be raised).
  for (let i = 0; i < arns.length; i += ARNS_PER_QUERY) {
    const rows = await orm(session)
      .select({ arn: p.arn, principalId: p.principalId })
      .from(p)
      .innerJoin(a, and(eq(a.accountId, p.accountId), eq(a.status, 'active')))
      .where(and(eq(p.accountId, accountId), inArray(p.arn, arns.slice(i, i + ARNS_PER_QUERY)), inArray(p.type, ['User', 'Role'])))
      .all();
    for (const r of rows) out.set(r.arn, r.principalId);
  }
  return out;
}

/** The account an alias is claimed by (the console's sign-in URL by alias), on the primary. */
export async function accountOfAlias(db: D1Database, alias: string): Promise<string | undefined> {
  const row = await orm(db.withSession('first-primary')).select().from(schema.accountAliases).where(eq(schema.accountAliases.alias, alias)).get();
  return row?.accountId;
}
