/**
 * Three test projects, one command (`npm test`):
 * - unit:   the pure core and protocol in Node (fast; no platform).
 * - worker: the Worker, AccountDO and D1 inside workerd (@cloudflare/vitest-pool-workers).
 * - e2e:    a real local server (the bundled Worker in Miniflare on loopback) driven by real AWS clients.
 */
import { defineConfig } from 'vitest/config';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        plugins: [
          cloudflareTest(async () => ({
            main: './src/worker.ts',
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations('migrations/d1'),
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
