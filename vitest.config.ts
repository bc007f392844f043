/**
 * Three test projects, one command (`npm test`):
 * - unit:   the pure core and protocol in Node (fast; no platform).
 * - worker: the Worker, AccountDO and D1 inside workerd (@cloudflare/vitest-pool-workers).
 * - e2e:    a real local server (the bundled Worker in Miniflare on loopback) driven by real AWS clients.
 */
import { defineConfig } from 'vitest/config';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { readArtefact, seedStatements, subset } from './scripts/lib/aws-managed-seed.mjs';

// The AWS-managed policy catalog, seeded into each worker test file's D1 as `npm start` seeds it: in every
// file the policies the tests name (test/worker/setup.ts), the whole catalog where a test asks for it
// (`seedFullAwsManagedCatalog` of test/worker/support.ts; about 0.6 s a file).
const awsManaged = readArtefact();
const SEEDED_IN_EVERY_FILE = [
  'AdministratorAccess',
  'PowerUserAccess',
  'IAMFullAccess',
  'IAMReadOnlyAccess',
  'IAMUserChangePassword',
  'IAMSelfManageServiceSpecificCredentials',
  'IAMAccessAdvisorReadOnly',
];
const everyFile = subset(awsManaged, SEEDED_IN_EVERY_FILE);
const SEEDED_AT = '2026-01-01T00:00:00.000Z';

export default defineConfig({
  test: {
    // Three test files at a time on this 2-core machine: much of a file's time is waiting (workerd's start,
    // the local server, the AWS CLI, Chromium), so a third worker fills it. Measured on 2026-12-02 with the
    // same 3,161 tests: 548 s with the default (2) and 338 s with 3.
    maxWorkers: 3,
    projects: [
      {
        // Timeouts catch hangs, not slowness: property tests are CPU-bound and this 2-core machine is
        // often shared, so the 5 s default failed them under load while nothing was wrong.
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', testTimeout: 60_000 },
      },
      {
        plugins: [
          cloudflareTest(async () => ({
            main: './src/worker.ts',
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations('migrations/d1'),
                TEST_AWS_MANAGED_SEED: seedStatements(everyFile.text, everyFile.version, SEEDED_AT),
                TEST_AWS_MANAGED_SEED_FULL: seedStatements(awsManaged.text, awsManaged.version, SEEDED_AT),
                TEST_AWS_MANAGED_POLICIES: awsManaged.text,
                IAM_MASTER_KEY: 'dGVzdC1tYXN0ZXIta2V5LXRlc3QtbWFzdGVyLWtleS0xMjM0NTY3OA==',
                OPERATOR_TOKEN: 'test-operator-token',
                // Every response a worker test provokes is checked against the service model.
                IAM_CHECK_OUTPUT: 'true',
              },
            },
          })),
        ],
        test: {
          name: 'worker',
          include: ['test/worker/**/*.test.ts'],
          setupFiles: ['test/worker/setup.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
