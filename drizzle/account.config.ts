/**
 * drizzle-kit config for the AccountDO's SQLite (`npm run gen:migrations`). drizzle-kit writes SQL and
 * snapshots into drizzle/account/; scripts/gen-migrations.mjs turns them into
 * src/storage/account-migrations.generated.ts, which the object applies with drizzle's durable-sqlite migrator.
 */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  driver: 'durable-sqlite',
  schema: './src/storage/schema/account.ts',
  out: './drizzle/account',
});
