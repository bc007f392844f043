/**
 * drizzle-kit config for the D1 read model (`npm run gen:migrations`). Writes the next numbered migration
 * into migrations/d1/, where `wrangler d1 migrations apply` finds it. 0001..0006 were written by hand before
 * drizzle-kit; meta/0006_snapshot.json is the schema they produce, the baseline later migrations diff from.
 */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/storage/schema/read-model.ts',
  out: './migrations/d1',
});
