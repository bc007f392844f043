/**
 * @module Tables of the D1 read model (drizzle-orm/d1). Every key is led by the account id so the model can
 * be sharded by account (storage/read-model.ts, `readModelFor`). DDL: migrations/d1/*.sql. Described in
 * storage/README.md. Each projected row carries `seq`, the outbox sequence number of the write that last
 * set it, so replays are idempotent and never move a row backwards.
 */
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

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
    seq: integer('seq').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.principalId] })],
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
