/**
 * @module The seed of the AWS-managed policy catalog: SQL statements that replace the D1 tables
 * `aws_managed_policies` and `aws_managed_catalog_version` (migrations/d1) with the committed artefact
 * catalog/aws-managed-policies/policies.ndjson. Used by `npm start` and `npm run deploy` (through
 * `wrangler d1 execute --file`), by the worker tests' set-up (vitest.config.ts → test/worker/setup.ts) and
 * by the e2e server and the benchmark (test/support/server.mjs). Plain Node, no dependency.
 *
 * Every statement stays under D1's 100,000-byte limit on one SQL statement (Cloudflare D1 "Limits"): a
 * document longer than {@link CHUNK_CHARS} (ReadOnlyAccess is about 90 KB) is inserted in parts, each
 * later part appended with `document = document || '…'`. The version row is written last, so a seed cut
 * short leaves the old version and the next start seeds again.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The committed artefact. */
export const ARTEFACT = path.join(ROOT, 'catalog', 'aws-managed-policies', 'policies.ndjson');
/** Characters of a document per statement (UTF-16 units; the documents are ASCII, so bytes too). */
const CHUNK_CHARS = 60_000;

/** A SQLite string literal. */
const lit = (s) => (s === null || s === undefined ? 'NULL' : `'${String(s).replaceAll("'", "''")}'`);

/** Splits `s` into parts of at most `n` UTF-16 units, never between the halves of a surrogate pair. */
function chunks(s, n) {
  const out = [];
  for (let i = 0; i < s.length; ) {
    let end = Math.min(i + n, s.length);
    if (end < s.length && /[\uD800-\uDBFF]/.test(s[end - 1])) end--;
    out.push(s.slice(i, end));
    i = end;
  }
  return out.length ? out : [''];
}

/** A catalog text's version: its SHA-256, hex. */
const versionOf = (text) => createHash('sha256').update(text).digest('hex');

/** The artefact's text and its version. */
export function readArtefact(file = ARTEFACT) {
  const text = readFileSync(file, 'utf8');
  return { text, version: versionOf(text) };
}

/**
 * Only the policies named in `names`, with a version of its own (the worker tests seed this subset in
 * every file, and the whole catalog only where a test needs it: seeding all of it costs about 0.6 s).
 */
export function subset(artefact, names) {
  const want = new Set(names);
  const text = artefact.text.split('\n').filter((l) => l.trim() && want.has(JSON.parse(l).name)).join('\n') + '\n';
  return { text, version: versionOf(text) };
}

/**
 * The statements that replace the catalog with the artefact's `text` (one policy per line), `version` and
 * `seededAt` (ISO 8601) recorded last.
 */
export function seedStatements(text, version, seededAt = new Date().toISOString()) {
  const stmts = ['DELETE FROM aws_managed_policies'];
  let count = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const p = JSON.parse(line);
    const [first, ...rest] = chunks(p.document, CHUNK_CHARS);
    stmts.push(
      'INSERT INTO aws_managed_policies (name, path, default_version_id, document, create_date, update_date, description, attachable) VALUES ' +
        `(${lit(p.name)}, ${lit(p.path)}, ${lit(p.defaultVersionId)}, ${lit(first)}, ${lit(p.createDate)}, ${lit(p.updateDate)}, ${lit(p.description)}, ${p.attachable === false ? 0 : 1})`,
    );
    for (const part of rest) stmts.push(`UPDATE aws_managed_policies SET document = document || ${lit(part)} WHERE name = ${lit(p.name)}`);
    count++;
  }
  stmts.push(
    `INSERT INTO aws_managed_catalog_version (id, version, policies, seeded_at) VALUES (1, ${lit(version)}, ${count}, ${lit(seededAt)}) ` +
      'ON CONFLICT (id) DO UPDATE SET version = excluded.version, policies = excluded.policies, seeded_at = excluded.seeded_at',
  );
  return stmts;
}

/** The seed as one SQL file's text (for `wrangler d1 execute --file`). */
export const seedSql = (text, version, seededAt) => seedStatements(text, version, seededAt).map((s) => `${s};`).join('\n') + '\n';

/**
 * Seeds the D1 database `DB` through wrangler (`npm start`: `where` `--local`; `npm run deploy`: `--remote`
 * with its generated config) when its catalog's version is not the artefact's: reads the version row
 * (`wrangler d1 execute --command … --json`), then executes the seed file written under `.wrangler/`.
 * `wrangler(args)` runs wrangler with stdin closed and resolves with its stdout (rejecting on failure).
 * Resolves with `{ seeded, version, policies }`.
 */
export async function seedWithWrangler(wrangler, where = ['--local'], file = ARTEFACT) {
  const { text, version } = readArtefact(file);
  const policies = text.split('\n').filter((l) => l.trim()).length;
  const out = await wrangler(['d1', 'execute', 'DB', ...where, '--json', '--command', 'SELECT version FROM aws_managed_catalog_version WHERE id = 1']);
  const current = JSON.parse(out.slice(out.indexOf('[')))[0]?.results?.[0]?.version ?? null;
  if (current === version) return { seeded: false, version, policies };
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const dir = path.join(ROOT, '.wrangler', 'seed');
  mkdirSync(dir, { recursive: true });
  const sqlFile = path.join(dir, 'aws-managed-policies.sql');
  writeFileSync(sqlFile, seedSql(text, version));
  await wrangler(['d1', 'execute', 'DB', ...where, '--yes', '--file', sqlFile]);
  return { seeded: true, version, policies };
}
