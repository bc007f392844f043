-- acme's own data (the example SaaS of examples/acme): projects owned by tenant accounts, their tags,
-- their optional resource policy, and their documents. Applied by `wrangler d1 migrations apply ACME_DB`
-- (npm start -- --with-example) and by the e2e harness (test/support/server.mjs).
CREATE TABLE projects (
  project_id TEXT PRIMARY KEY NOT NULL,
  account_id TEXT NOT NULL,
  name TEXT NOT NULL,
  visibility TEXT NOT NULL DEFAULT 'private',
  policy TEXT,
  created_at TEXT NOT NULL
);
-- The list page reads one account's projects in id order.
CREATE INDEX projects_by_account ON projects (account_id, project_id);

CREATE TABLE project_tags (
  project_id TEXT NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  tag_key TEXT NOT NULL,
  tag_value TEXT NOT NULL,
  PRIMARY KEY (project_id, tag_key)
);

CREATE TABLE documents (
  project_id TEXT NOT NULL REFERENCES projects (project_id) ON DELETE CASCADE,
  document_id TEXT NOT NULL,
  content_type TEXT NOT NULL,
  body TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (project_id, document_id)
);
