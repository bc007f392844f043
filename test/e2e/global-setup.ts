/**
 * Starts ONE local server for the whole e2e project and provides its URL and operator token to the
 * tests (read them with `e2eServer()` from ./support/server). The returned teardown disposes it.
 * EDGE_IAM_CONFIG=<path to a wrangler.toml> serves another Worker config (harness debugging only).
 */
import type { TestProject } from 'vitest/node';
import { startServer } from '../support/server.mjs';
import type {} from './support/server'; // ProvidedContext typing (erased at runtime)

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Loopback OIDC issuers are allowed so the federation tests can run their own issuer on 127.0.0.1.
  const server = await startServer({ vars: { IAM_ALLOW_INSECURE_OIDC_ISSUERS: 'true', IAM_CHECK_OUTPUT: 'true' } });
  project.provide('e2eBaseUrl', server.url);
  project.provide('e2eOperatorToken', server.operatorToken);
  return async () => {
    await server.dispose();
  };
}
