/**
 * Tags as objects stored them before the one tag table: rows of user_tags, role_tags, policy_tags,
 * instance_profile_tags and resource_tags, inserted out of their `position` order, and the tags each
 * entity must list after the migration. Shared by the unit (sql.js) and worker (workerd) upgrade tests.
 */
import { ACCOUNT_MIGRATION_SQL } from '../../src/storage/account/migrations';

/** The index of the generated migration that creates `tags` from the five old tables. */
export const TAGS_MIGRATION = ACCOUNT_MIGRATION_SQL.findIndex((ddl) => /CREATE TABLE `tags`/.test(ddl));

/** [old table, its id column, kind after the migration, id, key, value, position], not in position order. */
export const OLD_TAG_ROWS: readonly (readonly [string, string, string, string, string, string, number])[] = [
  ['user_tags', 'user_id', 'user', 'AIDAUSER1', 'Team', 'core', 1],
  ['user_tags', 'user_id', 'user', 'AIDAUSER1', 'cost-center', '42', 0],
  ['user_tags', 'user_id', 'user', 'AIDAUSER1', 'Owner', 'alice', 2],
  ['user_tags', 'user_id', 'user', 'AIDAUSER2', 'Team', 'edge', 0],
  ['role_tags', 'role_id', 'role', 'AROAROLE1', 'env', 'prod', 1],
  ['role_tags', 'role_id', 'role', 'AROAROLE1', 'Team', 'core', 0],
  ['policy_tags', 'policy_arn', 'policy', 'arn:aws:iam::123456789012:policy/p', 'b', '2', 1],
  ['policy_tags', 'policy_arn', 'policy', 'arn:aws:iam::123456789012:policy/p', 'a', '1', 0],
  ['instance_profile_tags', 'instance_profile_id', 'instance-profile', 'AIPAPROFILE1', 'z', '', 0],
  ['resource_tags', 'resource_id', 'mfa', 'arn:aws:iam::123456789012:mfa/dev', 'k2', 'v2', 1],
  ['resource_tags', 'resource_id', 'mfa', 'arn:aws:iam::123456789012:mfa/dev', 'k1', 'v1', 0],
  ['resource_tags', 'resource_id', 'oidc-provider', 'arn:aws:iam::123456789012:oidc-provider/example.com', 'Team', 'idp', 0],
  ['resource_tags', 'resource_id', 'saml-provider', 'arn:aws:iam::123456789012:saml-provider/corp', 'Team', 'sso', 0],
  // The same id and key under another kind stays apart.
  ['resource_tags', 'resource_id', 'saml-provider', 'AIDAUSER1', 'Team', 'other', 0],
];

/** The INSERT statements (with their parameters) that put OLD_TAG_ROWS into the old tables. */
export function oldTagInserts(): [string, (string | number)[]][] {
  return OLD_TAG_ROWS.map(([table, idColumn, kind, id, key, value, position]) =>
    table === 'resource_tags'
      ? [`INSERT INTO resource_tags (kind, resource_id, key_lc, key, value, position) VALUES (?, ?, ?, ?, ?, ?)`, [kind, id, key.toLowerCase(), key, value, position]]
      : [`INSERT INTO ${table} (${idColumn}, key_lc, key, value, position) VALUES (?, ?, ?, ?, ?)`, [id, key.toLowerCase(), key, value, position]],
  );
}

/** Each entity's tags after the migration, in position order: [kind, id, tags]. */
export function expectedTags(): [string, string, { key: string; value: string }[]][] {
  const byEntity = new Map<string, { kind: string; id: string; rows: (typeof OLD_TAG_ROWS)[number][] }>();
  for (const row of OLD_TAG_ROWS) {
    const k = `${row[2]} ${row[3]}`;
    if (!byEntity.has(k)) byEntity.set(k, { kind: row[2], id: row[3], rows: [] });
    byEntity.get(k)!.rows.push(row);
  }
  return [...byEntity.values()].map(({ kind, id, rows }) => [kind, id, [...rows].sort((a, b) => a[6] - b[6]).map((r) => ({ key: r[4], value: r[5] }))]);
}
