-- Roles on the data plane: AssumeRole reads a role's trust policy and session limit from here, and
-- workload credentials resolve an instance profile to its role (src/storage/schema/read-model.ts).
ALTER TABLE principals ADD COLUMN trust_policy TEXT;
ALTER TABLE principals ADD COLUMN max_session_duration INTEGER;
CREATE INDEX principals_arn ON principals (account_id, arn);
CREATE TABLE instance_profiles (
  account_id TEXT NOT NULL,
  instance_profile_id TEXT NOT NULL,
  name TEXT NOT NULL,
  arn TEXT NOT NULL,
  role_id TEXT,
  seq INTEGER NOT NULL,
  PRIMARY KEY (account_id, instance_profile_id)
);
