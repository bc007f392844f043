/**
 * Starts ONE local server for the whole e2e project and provides its URL and operator token to the
 * tests (read them with `e2eServer()` from ./support/server). The returned teardown disposes it.
 * Beside the Worker, in the same runtime, the example SaaS examples/acme runs on its own loopback port
 * (its service binding reaches the Worker's DecisionEntrypoint), with its catalog pushed through the
 * operator API as `npm start -- --with-example` does (`acmeUrl()` from ./support/acme).
 * EDGE_IAM_CONFIG=<path to a wrangler.toml> serves another Worker config (harness debugging only).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { REPO_ROOT, startServer } from '../support/server.mjs';
import type {} from './support/server'; // ProvidedContext typing (erased at runtime)
import type {} from './support/acme';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Loopback OIDC issuers are allowed so the federation tests can run their own issuer on 127.0.0.1.
  const server = await startServer({
    vars: { IAM_ALLOW_INSECURE_OIDC_ISSUERS: 'true', IAM_CHECK_OUTPUT: 'true' },
    companions: [{ configPath: 'examples/acme/wrangler.toml' }],
  });
  try {
    // The file's text as it is, as scripts/lib/push-catalogs.mjs sends it.
    const res = await fetch(`${server.url}/operator/services/acme`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${server.operatorToken}`, 'content-type': 'application/json' },
      body: readFileSync(path.join(REPO_ROOT, 'examples/acme/acme.service.json'), 'utf8'),
    });
    if (res.status !== 200) throw new Error(`PUT /operator/services/acme answered ${res.status}: ${await res.text()}`);
  } catch (e) {
    await server.dispose();
    throw e;
  }
  project.provide('e2eBaseUrl', server.url);
  project.provide('e2eOperatorToken', server.operatorToken);
  project.provide('e2eAcmeUrl', server.companions.acme!);
  return async () => {
    await server.dispose();
  };
}
