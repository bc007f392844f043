/**
 * @module Tables of an account's Durable Object (its source of truth), for drizzle-orm/durable-sqlite.
 * The one definition of the object's schema: drizzle-kit generates its migrations from this file
 * (`npm run gen:migrations`, account/migrations.ts), and the row types are inferred from it (schema/rows.ts).
 * Described in storage/README.md.
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { AccessKeyStatus, AccountStatus, PolicyEntityType, RoleDeletionStatus } from '../../core/records';

/** The one row describing this account. */
export const account = sqliteTable('account', {
  accountId: text('account_id').primaryKey(),
  email: text('email').notNull(),
  alias: text('alias'),
  status: text('status').$type<AccountStatus>().notNull(),
  createdAt: text('created_at').notNull(),
});

/** IAM users; `name_lc` makes names unique regardless of letter case, as AWS's are. */
export const users = sqliteTable(
  'users',
  {
    userId: text('user_id').primaryKey(),
    userName: text('user_name').notNull(),
    nameLc: text('name_lc').notNull(),
    path: text('path').notNull(),
    arn: text('arn').notNull(),
    createDate: text('create_date').notNull(),
    permissionsBoundaryArn: text('permissions_boundary_arn'),
  },
  (t) => [uniqueIndex('users_name_lc').on(t.nameLc)],
);

/** Long-term access keys of users and of the root user (`user_id` null). */
export const accessKeys = sqliteTable(
  'access_keys',
  {
    accessKeyId: text('access_key_id').primaryKey(),
    userId: text('user_id'),
    status: text('status').$type<AccessKeyStatus>().notNull(),
    createDate: text('create_date').notNull(),
    secretSealed: text('secret_sealed').notNull(),
    lastUsedDate: text('last_used_date'),
    lastUsedService: text('last_used_service'),
    lastUsedRegion: text('last_used_region'),
  },
  (t) => [index('access_keys_user').on(t.userId)],
);

/**
 * Changes not yet projected into D1, in commit order. A write inserts its rows here in the same
 * transaction as the change itself.
 */
export const outbox = sqliteTable('outbox', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  ops: text('ops').notNull(),
  createdAt: text('created_at').notNull(),
});

/** Small key/value facts of the object itself (projection backoff, schema version). */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** IAM groups; names unique regardless of case. */
export const groups = sqliteTable(
  'groups',
  {
    groupId: text('group_id').primaryKey(),
    groupName: text('group_name').notNull(),
    nameLc: text('name_lc').notNull(),
    path: text('path').notNull(),
    arn: text('arn').notNull(),
    createDate: text('create_date').notNull(),
  },
  (t) => [uniqueIndex('groups_name_lc').on(t.nameLc)],
);

/** Group membership (no nesting: members are users). */
export const groupMembers = sqliteTable(
  'group_members',
  {
    groupId: text('group_id').notNull(),
    userId: text('user_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.userId] }), index('group_members_user').on(t.userId)],
);

/** Customer-managed policies. */
export const managedPolicies = sqliteTable(
  'managed_policies',
  {
    policyId: text('policy_id').primaryKey(),
    policyName: text('policy_name').notNull(),
    nameLc: text('name_lc').notNull(),
    path: text('path').notNull(),
    arn: text('arn').notNull(),
    description: text('description'),
    defaultVersionId: text('default_version_id').notNull(),
    createDate: text('create_date').notNull(),
    updateDate: text('update_date').notNull(),
    nextVersion: integer('next_version').notNull(),
  },
  (t) => [uniqueIndex('managed_policies_name_lc').on(t.nameLc), uniqueIndex('managed_policies_arn').on(t.arn)],
);

/** Versions of customer-managed policies. */
export const policyVersions = sqliteTable(
  'policy_versions',
  {
    policyArn: text('policy_arn').notNull(),
    versionId: text('version_id').notNull(),
    document: text('document').notNull(),
    createDate: text('create_date').notNull(),
    /** Creation order, for listing oldest first. */
    ordinal: integer('ordinal').notNull(),
  },
  (t) => [primaryKey({ columns: [t.policyArn, t.versionId] })],
);

/** Managed policies (customer or AWS) attached to users, groups and roles. */
export const policyAttachments = sqliteTable(
  'policy_attachments',
  {
    entityType: text('entity_type').$type<PolicyEntityType>().notNull(),
    entityId: text('entity_id').notNull(),
    policyArn: text('policy_arn').notNull(),
    /** Attachment order. */
    ordinal: integer('ordinal').notNull(),
  },
  (t) => [primaryKey({ columns: [t.entityType, t.entityId, t.policyArn] }), index('policy_attachments_arn').on(t.policyArn)],
);

/** Inline policies of users, groups and roles. */
export const inlinePolicies = sqliteTable(
  'inline_policies',
  {
    entityType: text('entity_type').$type<PolicyEntityType>().notNull(),
    entityId: text('entity_id').notNull(),
    policyName: text('policy_name').notNull(),
    document: text('document').notNull(),
  },
  (t) => [primaryKey({ columns: [t.entityType, t.entityId, t.policyName] })],
);

/** IAM roles; names unique regardless of case. */
export const roles = sqliteTable(
  'roles',
  {
    roleId: text('role_id').primaryKey(),
    roleName: text('role_name').notNull(),
    nameLc: text('name_lc').notNull(),
    path: text('path').notNull(),
    arn: text('arn').notNull(),
    trustPolicy: text('trust_policy').notNull(),
    description: text('description'),
    maxSessionDuration: integer('max_session_duration').notNull(),
    createDate: text('create_date').notNull(),
    permissionsBoundaryArn: text('permissions_boundary_arn'),
    lastUsedDate: text('last_used_date'),
    lastUsedRegion: text('last_used_region'),
    /** JSON binding of the trust policy's principals (services/iam/roles/trust-bindings.ts); NULL only before the start-up backfill. */
    trustBindings: text('trust_bindings'),
  },
  (t) => [uniqueIndex('roles_name_lc').on(t.nameLc)],
);

/** Instance profiles; names unique regardless of case. */
export const instanceProfiles = sqliteTable(
  'instance_profiles',
  {
    instanceProfileId: text('instance_profile_id').primaryKey(),
    instanceProfileName: text('instance_profile_name').notNull(),
    nameLc: text('name_lc').notNull(),
    path: text('path').notNull(),
    arn: text('arn').notNull(),
    createDate: text('create_date').notNull(),
  },
  (t) => [uniqueIndex('instance_profiles_name_lc').on(t.nameLc)],
);

/** The role of each instance profile (one at most). */
export const instanceProfileRoles = sqliteTable(
  'instance_profile_roles',
  {
    instanceProfileId: text('instance_profile_id').notNull(),
    roleId: text('role_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.instanceProfileId, t.roleId] }), index('instance_profile_roles_role').on(t.roleId)],
);

/** Virtual MFA devices; the seed is sealed. */
export const mfaDevices = sqliteTable(
  'mfa_devices',
  {
    serialNumber: text('serial_number').primaryKey(),
    deviceName: text('device_name').notNull(),
    path: text('path').notNull(),
    seedSealed: text('seed_sealed').notNull(),
    createDate: text('create_date').notNull(),
    userId: text('user_id'),
    enableDate: text('enable_date'),
    lastUsedStep: integer('last_used_step'),
  },
  (t) => [index('mfa_devices_user').on(t.userId)],
);

/** OpenID Connect providers; client ids and thumbprints as JSON arrays. */
export const oidcProviders = sqliteTable('oidc_providers', {
  arn: text('arn').primaryKey(),
  url: text('url').notNull(),
  clientIds: text('client_ids').notNull(),
  thumbprints: text('thumbprints').notNull(),
  createDate: text('create_date').notNull(),
});

/** SAML providers with their metadata document. */
export const samlProviders = sqliteTable('saml_providers', {
  arn: text('arn').primaryKey(),
  name: text('name').notNull(),
  metadataDocument: text('metadata_document').notNull(),
  createDate: text('create_date').notNull(),
  validUntil: text('valid_until').notNull(),
});

/** Workload tokens: SHA-256 of each token (never the token), the profile it is bound to, its expiry. */
export const workloadTokens = sqliteTable(
  'workload_tokens',
  {
    tokenId: text('token_id').primaryKey(),
    tokenHash: text('token_hash').notNull(),
    instanceProfileId: text('instance_profile_id').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [uniqueIndex('workload_tokens_hash').on(t.tokenHash), index('workload_tokens_profile').on(t.instanceProfileId)],
);

/**
 * Tags of every taggable kind, in the order set (`position`); keys unique regardless of case. `kind` is
 * the `TaggableType` (`user`, `role`, `policy`, `instance-profile`, `mfa`, `oidc-provider`,
 * `saml-provider`), `resource_id` the id the entity's tags are kept under (user id, role id, policy ARN,
 * instance profile id, MFA serial number, provider ARN).
 */
export const tags = sqliteTable(
  'tags',
  {
    kind: text('kind').notNull(),
    resourceId: text('resource_id').notNull(),
    keyLc: text('key_lc').notNull(),
    key: text('key').notNull(),
    value: text('value').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.resourceId, t.keyLc] })],
);

/**
 * Console passwords (login profiles) of users and of the root user (`owner`: user id or `root`). Only the
 * hash is kept, as a self-describing PHC string (core/password-hash.ts).
 */
export const loginProfiles = sqliteTable('login_profiles', {
  owner: text('owner').primaryKey(),
  passwordHash: text('password_hash').notNull(),
  createDate: text('create_date').notNull(),
  passwordResetRequired: integer('password_reset_required', { mode: 'boolean' }).notNull(),
  passwordChangedAt: text('password_changed_at').notNull(),
});

/** Previous password hashes per owner, newest `seq` last; at most 24 per owner (PasswordReusePrevention). */
export const passwordHistory = sqliteTable(
  'password_history',
  {
    owner: text('owner').notNull(),
    seq: integer('seq').notNull(),
    passwordHash: text('password_hash').notNull(),
    setAt: text('set_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.owner, t.seq] })],
);

/** When each owner's password was last used to sign in (User.PasswordLastUsed). */
export const passwordUse = sqliteTable('password_use', {
  owner: text('owner').primaryKey(),
  lastUsed: text('last_used').notNull(),
});

/** The account password policy: one row (`id` 1) when set. */
export const passwordPolicy = sqliteTable('password_policy', {
  id: integer('id').primaryKey(),
  minimumPasswordLength: integer('minimum_password_length').notNull(),
  requireSymbols: integer('require_symbols', { mode: 'boolean' }).notNull(),
  requireNumbers: integer('require_numbers', { mode: 'boolean' }).notNull(),
  requireUppercaseCharacters: integer('require_uppercase_characters', { mode: 'boolean' }).notNull(),
  requireLowercaseCharacters: integer('require_lowercase_characters', { mode: 'boolean' }).notNull(),
  allowUsersToChangePassword: integer('allow_users_to_change_password', { mode: 'boolean' }).notNull(),
  maxPasswordAge: integer('max_password_age'),
  passwordReusePrevention: integer('password_reuse_prevention'),
  hardExpiry: integer('hard_expiry', { mode: 'boolean' }),
});

/**
 * The account's latest credential report (GenerateCredentialReport), in slices of consecutive CSV lines
 * joined by `\n` (slice 0 starts with the header; account-store/reports.ts), replaced whole by the next
 * generation. Slices, not one value: a report of 5,000 users with long paths can pass the 2 MB a Durable
 * Object's SQLite allows in one value. The column keeps its first name, `line` (one line per row then),
 * since a one-line slice is that same row.
 */
export const credentialReport = sqliteTable('credential_report', {
  slice: integer('line').primaryKey(),
  csv: text('csv').notNull(),
  generatedAt: text('generated_at').notNull(),
});

/**
 * X.509 signing certificates of users and of the root user (`user_id` null): the PEM body as uploaded;
 * `sha256` (hex of the DER) makes one certificate unique in the account (DuplicateCertificate).
 */
export const signingCertificates = sqliteTable(
  'signing_certificates',
  {
    certificateId: text('certificate_id').primaryKey(),
    userId: text('user_id'),
    body: text('body').notNull(),
    sha256: text('sha256').notNull(),
    status: text('status').$type<AccessKeyStatus>().notNull(),
    uploadDate: text('upload_date').notNull(),
  },
  (t) => [index('signing_certificates_user').on(t.userId), uniqueIndex('signing_certificates_sha256').on(t.sha256)],
);

/**
 * Server certificates (UploadServerCertificate): names unique regardless of case (`name_lc`); the private
 * key only sealed (`private_key_sealed`, SecretBox envelope bound to the certificate id). Not projected:
 * nothing on the request path reads a server certificate.
 */
export const serverCertificates = sqliteTable(
  'server_certificates',
  {
    serverCertificateId: text('server_certificate_id').primaryKey(),
    serverCertificateName: text('server_certificate_name').notNull(),
    nameLc: text('name_lc').notNull(),
    path: text('path').notNull(),
    arn: text('arn').notNull(),
    certificateBody: text('certificate_body').notNull(),
    certificateChain: text('certificate_chain'),
    privateKeySealed: text('private_key_sealed').notNull(),
    uploadDate: text('upload_date').notNull(),
    expiration: text('expiration').notNull(),
  },
  (t) => [uniqueIndex('server_certificates_name_lc').on(t.nameLc)],
);

/**
 * Service and action last accessed (GenerateServiceLastAccessedDetails): when an IAM user or role
 * (`entity_type` `user` / `role`, `entity_id` its unique id) last attempted an action of a service, and from
 * which region. `action` is the action's name (`GetUser`); every service of this deployment is tracked at
 * action level, so a service's last access is its latest action's. `at_ms` is epoch milliseconds; a row is
 * rewritten at most once a minute for the same region (services/iam/last-accessed/track.ts).
 */
export const serviceLastAccess = sqliteTable(
  'service_last_access',
  {
    entityType: text('entity_type').$type<'user' | 'role'>().notNull(),
    entityId: text('entity_id').notNull(),
    service: text('service').notNull(),
    action: text('action').notNull(),
    atMs: integer('at_ms').notNull(),
    region: text('region').notNull(),
  },
  (t) => [primaryKey({ columns: [t.entityType, t.entityId, t.service, t.action] })],
);

/**
 * Reports made by GenerateServiceLastAccessedDetails, complete when made: who made it (`owner`: only that
 * principal, or that role session, may read it), for which ARN, and its result as JSON.
 */
export const lastAccessJobs = sqliteTable(
  'last_access_jobs',
  {
    jobId: text('job_id').primaryKey(),
    owner: text('owner').notNull(),
    arn: text('arn').notNull(),
    granularity: text('granularity').$type<'SERVICE_LEVEL' | 'ACTION_LEVEL'>().notNull(),
    createdAt: text('created_at').notNull(),
    result: text('result').notNull(),
  },
  (t) => [index('last_access_jobs_created').on(t.createdAt)],
);

/**
 * SSH public keys of IAM users: the canonical SSH blob (base64) and its SHA-256 (hex), unique per user
 * (DuplicateSSHPublicKey); status and upload date. Not projected: nothing on the request path uses them.
 */
export const sshPublicKeys = sqliteTable(
  'ssh_public_keys',
  {
    keyId: text('key_id').primaryKey(),
    userId: text('user_id').notNull(),
    blob: text('blob').notNull(),
    sha256: text('sha256').notNull(),
    status: text('status').$type<AccessKeyStatus>().notNull(),
    uploadDate: text('upload_date').notNull(),
  },
  (t) => [uniqueIndex('ssh_public_keys_user_key').on(t.userId, t.sha256)],
);

/**
 * Service-specific credentials of IAM users: the service, the generated user name (fixed at creation), the
 * SHA-256 of the generated password (never the password), status and creation date.
 */
export const serviceSpecificCredentials = sqliteTable(
  'service_specific_credentials',
  {
    credentialId: text('credential_id').primaryKey(),
    userId: text('user_id').notNull(),
    serviceName: text('service_name').notNull(),
    serviceUserName: text('service_user_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    status: text('status').$type<AccessKeyStatus>().notNull(),
    createDate: text('create_date').notNull(),
  },
  (t) => [index('service_specific_credentials_user').on(t.userId, t.serviceName)],
);

/**
 * Deletion tasks of service-linked roles (DeleteServiceLinkedRole): the task id AWS's format gives
 * (`task/aws-service-role/<service principal>/<role name>/<uuid>`) and its status, which
 * GetServiceLinkedRoleDeletionStatus reads. A deletion runs in the call's own transaction, so a task is
 * recorded already SUCCEEDED; the status column keeps AWS's other states representable.
 */
export const roleDeletionTasks = sqliteTable('role_deletion_tasks', {
  taskId: text('task_id').primaryKey(),
  status: text('status').$type<RoleDeletionStatus>().notNull(),
  submittedAt: text('submitted_at').notNull(),
});

/**
 * The account's audit trail (core/audit/event.ts): one row per event, the CloudTrail record as JSON in
 * `record`, and the columns LookupEvents searches. `seq` orders events of the same millisecond. Appended by
 * the object in the call's own transaction (IAM) or from the audit queue (isolate events), idempotently by
 * `event_id`; purged past retention. Never in the read model.
 */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    eventId: text('event_id').notNull(),
    eventTimeMs: integer('event_time_ms').notNull(),
    eventName: text('event_name').notNull(),
    eventSource: text('event_source').notNull(),
    readOnly: integer('read_only', { mode: 'boolean' }).notNull(),
    username: text('username'),
    accessKeyId: text('access_key_id'),
    record: text('record').notNull(),
  },
  (t) => [
    uniqueIndex('audit_events_id').on(t.eventId),
    index('audit_events_time').on(t.eventTimeMs, t.seq),
    index('audit_events_name').on(t.eventName, t.eventTimeMs),
    index('audit_events_source').on(t.eventSource, t.eventTimeMs),
    index('audit_events_username').on(t.username, t.eventTimeMs),
    index('audit_events_key').on(t.accessKeyId, t.eventTimeMs),
  ],
);

/** The resources each audit event names (LookupEvents' `ResourceType` and `ResourceName` attributes). */
export const auditEventResources = sqliteTable(
  'audit_event_resources',
  {
    seq: integer('seq').notNull(),
    resourceType: text('resource_type').notNull(),
    resourceName: text('resource_name').notNull(),
  },
  (t) => [index('audit_event_resources_seq').on(t.seq), index('audit_event_resources_type').on(t.resourceType, t.seq), index('audit_event_resources_name').on(t.resourceName, t.seq)],
);
