-- Identity providers on the data plane: AssumeRoleWithWebIdentity and AssumeRoleWithSAML are unsigned
-- calls answered in the isolate (src/storage/schema/read-model.ts).
CREATE TABLE oidc_providers (
  account_id TEXT NOT NULL,
  arn TEXT NOT NULL,
  url TEXT NOT NULL,
  client_ids TEXT NOT NULL,
  thumbprints TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (account_id, arn)
);
CREATE TABLE saml_providers (
  account_id TEXT NOT NULL,
  arn TEXT NOT NULL,
  metadata_document TEXT NOT NULL,
  valid_until TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (account_id, arn)
);
