/**
 * The object's migrations' SQL in order, as drizzle-kit generated them (src/storage/account-migrations.generated.ts);
 * drizzle's `--> statement-breakpoint` markers are SQL comments, so each text runs whole. Shared by the sql.js
 * store (memory-store.ts) and the upgrade tests, in Node and in workerd.
 */
import generated from '../../src/storage/account-migrations.generated';

export const ACCOUNT_MIGRATION_SQL: readonly string[] = generated.journal.entries.map(
  (e) => (generated.migrations as Record<string, string>)[`m${String(e.idx).padStart(4, '0')}`]!,
);
