/**
 * The AWS-managed policy catalog's seed (scripts/lib/aws-managed-seed.mjs) on a real SQLite (sql.js, the
 * engine D1 runs) with the D1 migration that creates its tables: every statement under D1's 100,000-byte
 * limit on one SQL statement (Cloudflare D1 "Limits"), and the committed artefact read back exactly,
 * the longest documents (inserted in parts) and quotes included; a second seed replaces the first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import initSqlJs, { type Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { readArtefact, seedStatements, seedSql, subset } from '../../../scripts/lib/aws-managed-seed.mjs';

const D1_MAX_STATEMENT_BYTES = 100_000;
const artefact = readArtefact();
const policies = artefact.text.trim().split('\n').map((l) => JSON.parse(l));

let db: Database;
beforeAll(async () => {
  const wasm = createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm');
  const SQL = await initSqlJs({ wasmBinary: new Uint8Array(readFileSync(wasm)).buffer });
  db = new SQL.Database();
  // Found by name, not number: migrations are renumbered when branches merge.
  const migration = readdirSync('migrations/d1').find((f) => f.endsWith('_aws_managed_policies.sql'))!;
  db.run(readFileSync(`migrations/d1/${migration}`, 'utf8').replaceAll('--> statement-breakpoint', ''));
});

const rows = (sql: string) => {
  const r = db.exec(sql)[0];
  return r ? r.values : [];
};

describe('the AWS-managed policy seed', () => {
  it('keeps every statement under D1’s limit and reads back the artefact exactly', () => {
    const stmts = seedStatements(artefact.text, artefact.version, '2026-01-01T00:00:00.000Z');
    expect(Math.max(...stmts.map((s) => new TextEncoder().encode(s).length))).toBeLessThan(D1_MAX_STATEMENT_BYTES);
    for (const s of stmts) db.run(s);
    expect(rows('SELECT version, policies FROM aws_managed_catalog_version')).toEqual([[artefact.version, policies.length]]);
    const stored = new Map(rows('SELECT name, path, default_version_id, document, create_date, update_date, attachable FROM aws_managed_policies').map((r) => [r[0], r]));
    expect(stored.size).toBe(policies.length);
    const longest = [...policies].sort((a, b) => b.document.length - a.document.length)[0];
    expect(longest.document.length).toBeGreaterThan(D1_MAX_STATEMENT_BYTES);
    for (const p of policies) {
      expect(stored.get(p.name)).toEqual([p.name, p.path, p.defaultVersionId, p.document, p.createDate, p.updateDate, 1]);
    }
  });

  it('replaces the catalog whole when seeded again (a refresh), quotes in documents included', () => {
    const admin = JSON.parse(subset(artefact, ['AdministratorAccess']).text);
    const quoted = JSON.stringify({ ...admin, document: admin.document.replace('"Resource":"*"', `"Resource":"arn:aws:s3:::it's"`) }) + '\n';
    const sql = seedSql(quoted, 'v2');
    // The file form splits on `;` at line ends only (wrangler's splitter respects quotes); run it whole here.
    db.exec(sql);
    expect(rows('SELECT name FROM aws_managed_policies')).toEqual([['AdministratorAccess']]);
    expect(rows('SELECT version, policies FROM aws_managed_catalog_version')).toEqual([['v2', 1]]);
    expect(JSON.parse(rows('SELECT document FROM aws_managed_policies')[0]![0] as string).Statement[0].Resource).toBe("arn:aws:s3:::it's");
  });
});
