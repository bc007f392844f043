/**
 * @module The AccountDO's hand-written DDL from before drizzle-kit, FROZEN: never edit, never append.
 * Objects created before the generated migrations ran these entries in order, counting them in
 * `meta.schema_version`; an object still below the last one finishes them before it joins the generated
 * migrations, whose baseline (drizzle/account/0000_baseline.sql) is the schema these eight produce
 * (account/migrations.ts; test/worker/account-migrations.test.ts proves both). New schema changes:
 * edit schema/account.ts and run `npm run gen:migrations`.
 */
export const LEGACY_ACCOUNT_MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE account (account_id TEXT PRIMARY KEY, email TEXT NOT NULL, alias TEXT, status TEXT NOT NULL,
     created_at TEXT NOT NULL);
   CREATE TABLE users (user_id TEXT PRIMARY KEY, user_name TEXT NOT NULL, name_lc TEXT NOT NULL, path TEXT NOT NULL,
     arn TEXT NOT NULL, create_date TEXT NOT NULL, permissions_boundary_arn TEXT);
   CREATE UNIQUE INDEX users_name_lc ON users (name_lc);
   CREATE TABLE user_tags (user_id TEXT NOT NULL, key_lc TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
     position INTEGER NOT NULL, PRIMARY KEY (user_id, key_lc));
   CREATE TABLE access_keys (access_key_id TEXT PRIMARY KEY, user_id TEXT, status TEXT NOT NULL,
     create_date TEXT NOT NULL, secret_sealed TEXT NOT NULL, last_used_date TEXT, last_used_service TEXT,
     last_used_region TEXT);
   CREATE INDEX access_keys_user ON access_keys (user_id);
   CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, ops TEXT NOT NULL, created_at TEXT NOT NULL);`,
  `CREATE TABLE groups (group_id TEXT PRIMARY KEY, group_name TEXT NOT NULL, name_lc TEXT NOT NULL, path TEXT NOT NULL,
     arn TEXT NOT NULL, create_date TEXT NOT NULL);
   CREATE UNIQUE INDEX groups_name_lc ON groups (name_lc);
   CREATE TABLE group_members (group_id TEXT NOT NULL, user_id TEXT NOT NULL, PRIMARY KEY (group_id, user_id));
   CREATE INDEX group_members_user ON group_members (user_id);
   CREATE TABLE managed_policies (policy_id TEXT PRIMARY KEY, policy_name TEXT NOT NULL, name_lc TEXT NOT NULL,
     path TEXT NOT NULL, arn TEXT NOT NULL, description TEXT, default_version_id TEXT NOT NULL,
     create_date TEXT NOT NULL, update_date TEXT NOT NULL, next_version INTEGER NOT NULL);
   CREATE UNIQUE INDEX managed_policies_name_lc ON managed_policies (name_lc);
   CREATE UNIQUE INDEX managed_policies_arn ON managed_policies (arn);
   CREATE TABLE policy_versions (policy_arn TEXT NOT NULL, version_id TEXT NOT NULL, document TEXT NOT NULL,
     create_date TEXT NOT NULL, ordinal INTEGER NOT NULL, PRIMARY KEY (policy_arn, version_id));
   CREATE TABLE policy_tags (policy_arn TEXT NOT NULL, key_lc TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
     position INTEGER NOT NULL, PRIMARY KEY (policy_arn, key_lc));
   CREATE TABLE policy_attachments (entity_type TEXT NOT NULL, entity_id TEXT NOT NULL, policy_arn TEXT NOT NULL,
     ordinal INTEGER NOT NULL, PRIMARY KEY (entity_type, entity_id, policy_arn));
   CREATE INDEX policy_attachments_arn ON policy_attachments (policy_arn);
   CREATE TABLE inline_policies (entity_type TEXT NOT NULL, entity_id TEXT NOT NULL, policy_name TEXT NOT NULL,
     document TEXT NOT NULL, PRIMARY KEY (entity_type, entity_id, policy_name));`,
  `CREATE TABLE roles (role_id TEXT PRIMARY KEY, role_name TEXT NOT NULL, name_lc TEXT NOT NULL, path TEXT NOT NULL,
     arn TEXT NOT NULL, trust_policy TEXT NOT NULL, description TEXT, max_session_duration INTEGER NOT NULL,
     create_date TEXT NOT NULL, permissions_boundary_arn TEXT, last_used_date TEXT, last_used_region TEXT);
   CREATE UNIQUE INDEX roles_name_lc ON roles (name_lc);
   CREATE TABLE role_tags (role_id TEXT NOT NULL, key_lc TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
     position INTEGER NOT NULL, PRIMARY KEY (role_id, key_lc));
   CREATE TABLE instance_profiles (instance_profile_id TEXT PRIMARY KEY, instance_profile_name TEXT NOT NULL,
     name_lc TEXT NOT NULL, path TEXT NOT NULL, arn TEXT NOT NULL, create_date TEXT NOT NULL);
   CREATE UNIQUE INDEX instance_profiles_name_lc ON instance_profiles (name_lc);
   CREATE TABLE instance_profile_roles (instance_profile_id TEXT NOT NULL, role_id TEXT NOT NULL,
     PRIMARY KEY (instance_profile_id, role_id));
   CREATE INDEX instance_profile_roles_role ON instance_profile_roles (role_id);
   CREATE TABLE instance_profile_tags (instance_profile_id TEXT NOT NULL, key_lc TEXT NOT NULL, key TEXT NOT NULL,
     value TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (instance_profile_id, key_lc));`,
  `CREATE TABLE mfa_devices (serial_number TEXT PRIMARY KEY, device_name TEXT NOT NULL, path TEXT NOT NULL,
     seed_sealed TEXT NOT NULL, create_date TEXT NOT NULL, user_id TEXT, enable_date TEXT, last_used_step INTEGER);
   CREATE INDEX mfa_devices_user ON mfa_devices (user_id);
   CREATE TABLE oidc_providers (arn TEXT PRIMARY KEY, url TEXT NOT NULL, client_ids TEXT NOT NULL,
     thumbprints TEXT NOT NULL, create_date TEXT NOT NULL);
   CREATE TABLE saml_providers (arn TEXT PRIMARY KEY, name TEXT NOT NULL, metadata_document TEXT NOT NULL,
     create_date TEXT NOT NULL, valid_until TEXT NOT NULL);
   CREATE TABLE resource_tags (kind TEXT NOT NULL, resource_id TEXT NOT NULL, key_lc TEXT NOT NULL, key TEXT NOT NULL,
     value TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (kind, resource_id, key_lc));`,
  `CREATE TABLE workload_tokens (token_id TEXT PRIMARY KEY, token_hash TEXT NOT NULL, instance_profile_id TEXT NOT NULL,
     created_at TEXT NOT NULL, expires_at TEXT NOT NULL);
   CREATE UNIQUE INDEX workload_tokens_hash ON workload_tokens (token_hash);
   CREATE INDEX workload_tokens_profile ON workload_tokens (instance_profile_id);`,
  // Trust policies bind principals by unique id (services/iam/roles/trust-bindings.ts).
  `ALTER TABLE roles ADD COLUMN trust_bindings TEXT;`,
  // OneTimeUse SAML assertions already consumed, kept until they expire (http/sts-ports.ts verifySaml).
  `CREATE TABLE saml_assertions_used (provider_arn TEXT NOT NULL, assertion_id TEXT NOT NULL, expires_at INTEGER NOT NULL,
     PRIMARY KEY (provider_arn, assertion_id));
   CREATE INDEX saml_assertions_used_expiry ON saml_assertions_used (expires_at);`,
  // OneTimeUse assertions moved to one SamlReplayDO per IdP (saml-replay-do.ts): kept per account, an
  // assertion naming roles of several providers or accounts was accepted once in each.
  `DROP TABLE saml_assertions_used;`,
];
