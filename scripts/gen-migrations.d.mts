/** Types of scripts/gen-migrations.mjs for the tests. */
/** The TypeScript module of the AccountDO's migrations, from drizzle-kit's output folder (default drizzle/account). */
export function accountMigrationsModule(outDir?: string): string;
