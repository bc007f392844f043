-- Workload tokens on the data plane: GET /workload/credentials resolves a token by its SHA-256 (never the
-- token itself) to its account and instance profile without calling the account's object
-- (src/storage/schema/read-model.ts). The token does not name its account, so this table is keyed by the
-- hash alone and lives on the primary database (see storage/README.md on sharding).
CREATE TABLE workload_tokens (
  token_hash TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  token_id TEXT NOT NULL,
  instance_profile_id TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  seq INTEGER NOT NULL
);
CREATE INDEX workload_tokens_account ON workload_tokens (account_id);
