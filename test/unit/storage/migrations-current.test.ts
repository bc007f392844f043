/**
 * The committed migrations are current: drizzle-kit, diffing each drizzle schema against the last snapshot
 * it wrote, finds nothing to generate, and the object's migration module inlines every SQL file drizzle-kit
 * wrote. A schema edit without `npm run gen:migrations` fails here, in Node, in a second or two.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generateSQLiteDrizzleJson, generateSQLiteMigration } from 'drizzle-kit/api';
import { describe, expect, it } from 'vitest';
import { accountMigrationsModule } from '../../../scripts/gen-migrations.mjs';
import * as accountSchema from '../../../src/storage/schema/account';
import * as readSchema from '../../../src/storage/schema/read-model';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** The snapshot of the last migration in a drizzle-kit output folder. */
function lastSnapshot(outDir: string) {
  const journal = JSON.parse(readFileSync(path.join(ROOT, outDir, 'meta/_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
  const last = journal.entries[journal.entries.length - 1]!;
  return JSON.parse(readFileSync(path.join(ROOT, outDir, `meta/${last.tag.slice(0, 4)}_snapshot.json`), 'utf8'));
}

describe('generated migrations', () => {
  for (const [name, schema, outDir] of [
    ['AccountDO', accountSchema, 'drizzle/account'],
    ['D1 read model', readSchema, 'migrations/d1'],
  ] as const) {
    it(`${name}: drizzle-kit has nothing left to generate from the schema`, async () => {
      const prev = lastSnapshot(outDir);
      const current = await generateSQLiteDrizzleJson(schema, prev.id);
      expect(Object.keys(current.tables)).not.toEqual([]);
      expect(await generateSQLiteMigration(prev, current)).toEqual([]);
    });
  }

  it('AccountDO: the migration module inlines every SQL file drizzle-kit wrote', () => {
    const committed = readFileSync(path.join(ROOT, 'src/storage/account-migrations.generated.ts'), 'utf8');
    expect(committed).toBe(accountMigrationsModule(path.join(ROOT, 'drizzle/account')));
  });

  it('notices a schema change (the check can fail)', async () => {
    const prev = lastSnapshot('migrations/d1');
    const { sqliteTable, text } = await import('drizzle-orm/sqlite-core');
    const extra = sqliteTable('new_table', { id: text('id').primaryKey() });
    const current = await generateSQLiteDrizzleJson({ ...readSchema, extra }, prev.id);
    expect((await generateSQLiteMigration(prev, current)).join('\n')).toContain('CREATE TABLE `new_table`');
  });
});
