-- The D1 read model (src/storage/schema/read-model.ts; storage/README.md). Every key leads with account_id.
CREATE TABLE accounts (
  account_id TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  alias TEXT,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  seq INTEGER NOT NULL
);
CREATE TABLE principals (
  account_id TEXT NOT NULL,
  principal_id TEXT NOT NULL,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  path TEXT NOT NULL,
  arn TEXT NOT NULL,
  tags TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (account_id, principal_id)
);
CREATE TABLE access_keys (
  access_key_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  principal_id TEXT,
  status TEXT NOT NULL,
  secret_sealed TEXT NOT NULL,
  create_date TEXT NOT NULL,
  seq INTEGER NOT NULL
);
CREATE INDEX access_keys_account ON access_keys (account_id);
CREATE TABLE projection_cursor (
  account_id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL
);
CREATE TABLE account_aliases (
  alias TEXT PRIMARY KEY,
  account_id TEXT NOT NULL
);
