/**
 * @module acme's storage: projects, their tags and resource policy, and their documents, in acme's own D1
 * database (migrations/0001_projects.sql). Nothing here knows about IAM: the routes decide first, then
 * read or write. Every multi-statement write is one `batch()` (D1 runs a batch as one transaction).
 */

export type Visibility = 'private' | 'public';

export interface Project {
  projectId: string;
  accountId: string;
  name: string;
  visibility: Visibility;
  /** The resource policy (JSON text), or null. */
  policy: string | null;
  tags: Record<string, string>;
  createdAt: string;
}

export interface DocumentRecord {
  projectId: string;
  documentId: string;
  contentType: string;
  body: string;
  updatedAt: string;
}

interface ProjectRow {
  project_id: string;
  account_id: string;
  name: string;
  visibility: string;
  policy: string | null;
  created_at: string;
}

const toProject = (r: ProjectRow, tags: Record<string, string>): Project => ({
  projectId: r.project_id,
  accountId: r.account_id,
  name: r.name,
  visibility: r.visibility === 'public' ? 'public' : 'private',
  policy: r.policy,
  tags,
  createdAt: r.created_at,
});

/** A new project id: `p-` and 16 lower-case hex digits (random). */
export function newProjectId(): string {
  const b = crypto.getRandomValues(new Uint8Array(8));
  return 'p-' + Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** The project with its tags (two reads in one batch), or null. */
export async function getProject(db: D1Database, projectId: string): Promise<Project | null> {
  const [rows, tags] = await db.batch([
    db.prepare('SELECT * FROM projects WHERE project_id = ?').bind(projectId),
    db.prepare('SELECT tag_key, tag_value FROM project_tags WHERE project_id = ? ORDER BY tag_key').bind(projectId),
  ]);
  const row = rows!.results[0] as ProjectRow | undefined;
  if (!row) return null;
  const t: Record<string, string> = {};
  for (const r of tags!.results as { tag_key: string; tag_value: string }[]) t[r.tag_key] = r.tag_value;
  return toProject(row, t);
}

/** One page of an account's projects in id order, with their tags; `after` is the last id of the previous page. */
export async function listProjects(db: D1Database, accountId: string, limit: number, after?: string): Promise<Project[]> {
  const { results } = await db
    .prepare('SELECT * FROM projects WHERE account_id = ? AND project_id > ? ORDER BY project_id LIMIT ?')
    .bind(accountId, after ?? '', limit)
    .all<ProjectRow>();
  return withTags(db, results);
}

/**
 * One page of an account's projects whose row satisfies `where` (SQL over `p`, the projects row, with its
 * bound `params`: a plan translated by edge-iam's planToSql), in id order, with their tags.
 */
export async function listProjectsWhere(
  db: D1Database,
  accountId: string,
  limit: number,
  after: string | undefined,
  where: string,
  params: readonly string[],
): Promise<Project[]> {
  const { results } = await db
    .prepare(`SELECT p.* FROM projects p WHERE p.account_id = ? AND p.project_id > ? AND (${where}) ORDER BY p.project_id LIMIT ?`)
    .bind(accountId, after ?? '', ...params, limit)
    .all<ProjectRow>();
  return withTags(db, results);
}

async function withTags(db: D1Database, results: ProjectRow[]): Promise<Project[]> {
  if (!results.length) return [];
  const ids = results.map((r) => r.project_id);
  const tagRows = await db
    .prepare(`SELECT project_id, tag_key, tag_value FROM project_tags WHERE project_id IN (${ids.map(() => '?').join(',')})`)
    .bind(...ids)
    .all<{ project_id: string; tag_key: string; tag_value: string }>();
  const tags = new Map<string, Record<string, string>>();
  for (const t of tagRows.results) {
    const m = tags.get(t.project_id) ?? {};
    m[t.tag_key] = t.tag_value;
    tags.set(t.project_id, m);
  }
  return results.map((r) => toProject(r, tags.get(r.project_id) ?? {}));
}

/** Inserts a project and its tags (one transaction). */
export async function createProject(db: D1Database, p: Project): Promise<void> {
  await db.batch([
    db
      .prepare('INSERT INTO projects (project_id, account_id, name, visibility, policy, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .bind(p.projectId, p.accountId, p.name, p.visibility, p.policy, p.createdAt),
    ...Object.entries(p.tags).map(([k, v]) =>
      db.prepare('INSERT INTO project_tags (project_id, tag_key, tag_value) VALUES (?, ?, ?)').bind(p.projectId, k, v),
    ),
  ]);
}

/** Deletes a project, its tags and its documents (one transaction). */
export async function deleteProject(db: D1Database, projectId: string): Promise<void> {
  await db.batch([
    db.prepare('DELETE FROM documents WHERE project_id = ?').bind(projectId),
    db.prepare('DELETE FROM project_tags WHERE project_id = ?').bind(projectId),
    db.prepare('DELETE FROM projects WHERE project_id = ?').bind(projectId),
  ]);
}

/** Sets (or, with null, removes) the project's resource policy. */
export async function setPolicy(db: D1Database, projectId: string, policy: string | null): Promise<void> {
  await db.prepare('UPDATE projects SET policy = ? WHERE project_id = ?').bind(policy, projectId).run();
}

/** Adds or overwrites tags. */
export async function tagProject(db: D1Database, projectId: string, tags: Record<string, string>): Promise<void> {
  const entries = Object.entries(tags);
  if (!entries.length) return;
  await db.batch(
    entries.map(([k, v]) =>
      db
        .prepare('INSERT INTO project_tags (project_id, tag_key, tag_value) VALUES (?, ?, ?) ON CONFLICT (project_id, tag_key) DO UPDATE SET tag_value = excluded.tag_value')
        .bind(projectId, k, v),
    ),
  );
}

/** Removes tags by key (absent keys are ignored, as AWS's UntagResource does). */
export async function untagProject(db: D1Database, projectId: string, keys: readonly string[]): Promise<void> {
  if (!keys.length) return;
  await db.batch(keys.map((k) => db.prepare('DELETE FROM project_tags WHERE project_id = ? AND tag_key = ?').bind(projectId, k)));
}

export async function getDocument(db: D1Database, projectId: string, documentId: string): Promise<DocumentRecord | null> {
  const r = await db
    .prepare('SELECT * FROM documents WHERE project_id = ? AND document_id = ?')
    .bind(projectId, documentId)
    .first<{ project_id: string; document_id: string; content_type: string; body: string; updated_at: string }>();
  return r ? { projectId: r.project_id, documentId: r.document_id, contentType: r.content_type, body: r.body, updatedAt: r.updated_at } : null;
}

/** A project's documents (ids, types, dates), in id order, at most 1,000. */
export async function listDocuments(db: D1Database, projectId: string): Promise<{ documentId: string; contentType: string; updatedAt: string }[]> {
  const { results } = await db
    .prepare('SELECT document_id, content_type, updated_at FROM documents WHERE project_id = ? ORDER BY document_id LIMIT 1000')
    .bind(projectId)
    .all<{ document_id: string; content_type: string; updated_at: string }>();
  return results.map((r) => ({ documentId: r.document_id, contentType: r.content_type, updatedAt: r.updated_at }));
}

/** Creates or replaces a document. */
export async function putDocument(db: D1Database, d: DocumentRecord): Promise<void> {
  await db
    .prepare(
      'INSERT INTO documents (project_id, document_id, content_type, body, updated_at) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT (project_id, document_id) DO UPDATE SET content_type = excluded.content_type, body = excluded.body, updated_at = excluded.updated_at',
    )
    .bind(d.projectId, d.documentId, d.contentType, d.body, d.updatedAt)
    .run();
}

/** Deletes a document; true when it existed. */
export async function deleteDocument(db: D1Database, projectId: string, documentId: string): Promise<boolean> {
  const r = await db.prepare('DELETE FROM documents WHERE project_id = ? AND document_id = ?').bind(projectId, documentId).run();
  return (r.meta.changes ?? 0) > 0;
}
