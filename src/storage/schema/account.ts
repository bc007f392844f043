/**
 * @module Tables of an account's Durable Object (its source of truth), for drizzle-orm/durable-sqlite.
 * The DDL that creates them is in `storage/account-migrations.ts`; both are described in storage/README.md.
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** The one row describing this account. */
export const account = sqliteTable('account', {
  accountId: text('account_id').primaryKey(),
  email: text('email').notNull(),
  alias: text('alias'),
  status: text('status').notNull(),
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

/** Tags of users, in the order they were set; keys unique regardless of case. */
export const userTags = sqliteTable(
  'user_tags',
  {
    userId: text('user_id').notNull(),
    keyLc: text('key_lc').notNull(),
    key: text('key').notNull(),
    value: text('value').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.keyLc] })],
);

/** Long-term access keys of users and of the root user (`user_id` null). */
export const accessKeys = sqliteTable(
  'access_keys',
  {
    accessKeyId: text('access_key_id').primaryKey(),
    userId: text('user_id'),
    status: text('status').notNull(),
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
