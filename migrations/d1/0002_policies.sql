-- What data-plane decisions need about policies (src/storage/schema/read-model.ts; storage/README.md).
ALTER TABLE principals ADD COLUMN boundary_arn TEXT;
CREATE TABLE group_members (
  account_id TEXT NOT NULL,
  group_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (account_id, group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (account_id, user_id);
CREATE TABLE policy_attachments (
  account_id TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  policy_arn TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (account_id, entity_type, entity_id, policy_arn)
);
CREATE TABLE inline_policies (
  account_id TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  policy_name TEXT NOT NULL,
  document TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (account_id, entity_type, entity_id, policy_name)
);
CREATE TABLE managed_policies (
  account_id TEXT NOT NULL,
  policy_arn TEXT NOT NULL,
  default_version_id TEXT NOT NULL,
  document TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (account_id, policy_arn)
);
