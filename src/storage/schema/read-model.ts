/**
 * @module Tables of the D1 read model (drizzle-orm/d1). Every key is led by the account id so the model can
 * be sharded by account (storage/read-model.ts, `readModelFor`). The one definition of the read model:
 * `npm run gen:migrations` writes the next migrations/d1/*.sql from it (0001..0006 predate drizzle-kit), and
 * the outbox's ops are typed by it (storage/projection-ops.ts). Described in storage/README.md. Each projected row carries `seq`, the outbox sequence number of the write that last
 * set it, so replays are idempotent and never move a row backwards.
 */
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { AccessKeyStatus } from '../../core/records';

/** Accounts, as the operator lists them. */
export const accounts = sqliteTable('accounts', {
  accountId: text('account_id').primaryKey(),
  email: text('email').notNull(),
  alias: text('alias'),
  status: text('status').notNull(),
  createdAt: text('created_at').notNull(),
  seq: integer('seq').notNull(),
});

/** Principals (IAM users) with what authorization needs about them. */
export const principals = sqliteTable(
  'principals',
  {
    accountId: text('account_id').notNull(),
    principalId: text('principal_id').notNull(),
    type: text('type').notNull(),
    name: text('name').notNull(),
    path: text('path').notNull(),
    arn: text('arn').notNull(),
    tags: text('tags').notNull(),
    /** ARN of the principal's permissions boundary, if any. */
    boundaryArn: text('boundary_arn'),
    /** Roles: the trust policy (JSON text). */
    trustPolicy: text('trust_policy'),
    /** Roles: JSON binding of the trust policy's principals (ARN → unique id, other account id → its created_at; services/iam/roles/trust-bindings.ts). */
    trustBindings: text('trust_bindings'),
    /** Roles: the longest session in seconds. */
    maxSessionDuration: integer('max_session_duration'),
    seq: integer('seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.principalId] }), index('principals_arn').on(t.accountId, t.arn)],
);

/** Instance profiles and their role, for workload credentials. */
export const instanceProfiles = sqliteTable(
  'instance_profiles',
  {
    accountId: text('account_id').notNull(),
    instanceProfileId: text('instance_profile_id').notNull(),
    name: text('name').notNull(),
    arn: text('arn').notNull(),
    roleId: text('role_id'),
    seq: integer('seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.instanceProfileId] })],
);

/** Group membership, for assembling a user's policies. */
export const groupMembers = sqliteTable(
  'group_members',
  {
    accountId: text('account_id').notNull(),
    groupId: text('group_id').notNull(),
    userId: text('user_id').notNull(),
    seq: integer('seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.groupId, t.userId] }), index('group_members_user').on(t.accountId, t.userId)],
);

/** Managed policies attached to users, groups and roles. */
export const policyAttachments = sqliteTable(
  'policy_attachments',
  {
    accountId: text('account_id').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    policyArn: text('policy_arn').notNull(),
    seq: integer('seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.entityType, t.entityId, t.policyArn] })],
);

/** Inline policies of users, groups and roles. */
export const inlinePolicies = sqliteTable(
  'inline_policies',
  {
    accountId: text('account_id').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    policyName: text('policy_name').notNull(),
    document: text('document').notNull(),
    seq: integer('seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.entityType, t.entityId, t.policyName] })],
);

/** The default version's document of each customer-managed policy. */
export const managedPolicies = sqliteTable(
  'managed_policies',
  {
    accountId: text('account_id').notNull(),
    policyArn: text('policy_arn').notNull(),
    defaultVersionId: text('default_version_id').notNull(),
    document: text('document').notNull(),
    seq: integer('seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.policyArn] })],
);

/** Access keys by id; the secret stays sealed. */
export const accessKeys = sqliteTable(
  'access_keys',
  {
    accessKeyId: text('access_key_id').primaryKey(),
    accountId: text('account_id').notNull(),
    principalId: text('principal_id'),
    status: text('status').notNull(),
    secretSealed: text('secret_sealed').notNull(),
    createDate: text('create_date').notNull(),
    seq: integer('seq').notNull(),
  },
  (t) => [index('access_keys_account').on(t.accountId)],
);

/** The last outbox sequence number applied per account. */
export const projectionCursor = sqliteTable('projection_cursor', {
  accountId: text('account_id').primaryKey(),
  seq: integer('seq').notNull(),
});

/**
 * Globally unique account aliases. Not a projection: the account's object claims an alias here directly
 * (a conditional insert on the primary) before it commits the alias, because uniqueness across accounts
 * cannot be decided inside one account's object.
 */
export const accountAliases = sqliteTable('account_aliases', {
  alias: text('alias').primaryKey(),
  accountId: text('account_id').notNull(),
});

/** OpenID Connect providers, for AssumeRoleWithWebIdentity. */
export const oidcProviders = sqliteTable(
  'oidc_providers',
  {
    accountId: text('account_id').notNull(),
    arn: text('arn').notNull(),
    url: text('url').notNull(),
    clientIds: text('client_ids').notNull(),
    thumbprints: text('thumbprints').notNull(),
    seq: integer('seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.arn] })],
);

/** SAML providers, for AssumeRoleWithSAML. */
export const samlProviders = sqliteTable(
  'saml_providers',
  {
    accountId: text('account_id').notNull(),
    arn: text('arn').notNull(),
    metadataDocument: text('metadata_document').notNull(),
    validUntil: text('valid_until').notNull(),
    seq: integer('seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.arn] })],
);

/**
 * Workload tokens by the SHA-256 of the token (the token itself is never stored). Keyed by the hash alone,
 * because a token does not name its account: `lookupWorkloadToken` reads the primary database. To shard,
 * let the token carry its account (e.g. `ewt_<account>_…`) and route on it, as access key ids do.
 */
export const workloadTokens = sqliteTable(
  'workload_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    accountId: text('account_id').notNull(),
    tokenId: text('token_id').notNull(),
    instanceProfileId: text('instance_profile_id').notNull(),
    expiresAt: text('expires_at').notNull(),
    seq: integer('seq').notNull(),
  },
  (t) => [index('workload_tokens_account').on(t.accountId)],
);

/**
 * IAM users' service-specific credentials (CreateServiceSpecificCredential), by their generated user name
 * (`<user>-at-<account>`, which names the account, so the data plane routes it to the account's shard):
 * the SaaS's services verify them through the decision path (data-plane/authenticate.ts). The password's
 * SHA-256 only, never the password.
 */
export const serviceSpecificCredentials = sqliteTable(
  'service_specific_credentials',
  {
    serviceUserName: text('service_user_name').primaryKey(),
    accountId: text('account_id').notNull(),
    credentialId: text('credential_id').notNull(),
    userId: text('user_id').notNull(),
    serviceName: text('service_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    status: text('status').$type<AccessKeyStatus>().notNull(),
    seq: integer('seq').notNull(),
  },
  (t) => [index('service_specific_credentials_account').on(t.accountId)],
);

/**
 * Service credentials: the keys a SaaS backend signs HTTPS decision API calls with (http/decision-api.ts),
 * issued by the operator. Deployment-wide (not an account's), not a projection: the operator API writes
 * them directly on the primary. The secret stays sealed (AAD: the key id); `services` is the JSON list of
 * service prefixes the credential may ask decisions for.
 */
export const serviceCredentials = sqliteTable('service_credentials', {
  accessKeyId: text('access_key_id').primaryKey(),
  secretSealed: text('secret_sealed').notNull(),
  services: text('services').notNull(),
  description: text('description').notNull(),
  createdAt: text('created_at').notNull(),
});

/**
 * The deployment's service catalog (issue 9 §1): one row per service prefix, its service reference JSON as
 * the operator sent it, and a version that grows with every change. A deleted service keeps its row with
 * `document` NULL (a tombstone), so its version keeps growing if it is declared again and an isolate
 * holding an older version sees the deletion as a newer version. Deployment-wide, not per account: it lives
 * in the main `DB` binding, never in an account's shard (storage/service-catalog.ts).
 */
export const serviceCatalog = sqliteTable('service_catalog', {
  /** The service prefix, lower case. */
  prefix: text('prefix').primaryKey(),
  /** The document as sent (JSON text); NULL once deleted. */
  document: text('document'),
  version: integer('version').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/**
 * AWS's catalog of AWS-managed policies (`arn:aws:iam::aws:policy/…`), seeded at deploy and start time from
 * catalog/aws-managed-policies/ (scripts/lib/aws-managed-seed.mjs), never bundled into the Worker: one row
 * per policy with its default version's document. Deployment-wide, in the main `DB` binding (no account's
 * shard); read by storage/aws-managed-catalog.ts.
 */
export const awsManagedPolicies = sqliteTable('aws_managed_policies', {
  /** The policy name (unique among AWS-managed policies; the ARN is `arn:<partition>:iam::aws:policy<path><name>`). */
  name: text('name').primaryKey(),
  path: text('path').notNull(),
  defaultVersionId: text('default_version_id').notNull(),
  /** The default version's document (JSON text, as AWS returns it). */
  document: text('document').notNull(),
  createDate: text('create_date').notNull(),
  updateDate: text('update_date').notNull(),
  description: text('description'),
  /** 1 when the policy can be attached (AWS's IsAttachable). */
  attachable: integer('attachable').notNull(),
});

/**
 * The seeded catalog's version (one row, `id` 1): the SHA-256 of the artefact it was seeded from, written
 * last by the seed, so an isolate reloads its copy only when it changes and a seed is skipped when current.
 */
export const awsManagedCatalogVersion = sqliteTable('aws_managed_catalog_version', {
  id: integer('id').primaryKey(),
  version: text('version').notNull(),
  policies: integer('policies').notNull(),
  seededAt: text('seeded_at').notNull(),
});
