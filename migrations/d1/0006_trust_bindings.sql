-- Trust policies bind same-account users and roles by unique id (services/iam/roles/trust-bindings.ts):
-- JSON {"<principal ARN>": "<unique id>"} of the principals a role's trust policy named when it was saved.
ALTER TABLE principals ADD COLUMN trust_bindings TEXT;
