import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
// The AWS-managed policy catalog, as `npm start` and `npm run deploy` seed it (one batch: one transaction).
await env.DB.batch(env.TEST_AWS_MANAGED_SEED.map((sql) => env.DB.prepare(sql)));
