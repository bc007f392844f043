/**
 * The e2e server: the bundled Worker (`wrangler deploy --dry-run`) served by the Miniflare API on
 * 127.0.0.1 with a random port, bindings derived from wrangler.toml, fresh temp persistence, D1
 * migrations applied, random test secrets. The logic lives in test/support/server.mjs (shared with
 * scripts/bench.mjs); this module adds the vitest `provide`/`inject` contract.
 *
 * One server serves the whole e2e project (started in test/e2e/global-setup.ts). Tests read it with
 * `e2eServer()` (or the helpers in ./clients.ts).
 */
import { inject } from 'vitest';
import { startServer, type RunningServer, type StartServerOptions } from '../../support/server.mjs';

export { startServer };
export type { RunningServer, StartServerOptions };

/** What global-setup provides to every e2e test file. */
export interface E2EServerInfo {
  /** Origin of the local server, e.g. http://127.0.0.1:41234 (no trailing slash). */
  baseUrl: string;
  /** Bearer token of the operator API. */
  operatorToken: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2eBaseUrl: string;
    e2eOperatorToken: string;
  }
}

/** The running e2e server (inside a test file). */
export function e2eServer(): E2EServerInfo {
  return { baseUrl: inject('e2eBaseUrl'), operatorToken: inject('e2eOperatorToken') };
}
