/**
 * @module `npm start -- --with-example` (`npm run start:example`): the example SaaS examples/acme beside
 * the local edge-iam, offline. After edge-iam answers (scripts/start.mjs):
 *  1. applies acme's local D1 migrations (`wrangler d1 migrations apply ACME_DB --local`, its own database),
 *  2. starts `wrangler dev -c examples/acme/wrangler.toml --ip 127.0.0.1 --port ${ACME_PORT:-8788}`: its
 *     service binding `IAM` (service edge-iam, entrypoint DecisionEntrypoint) reaches the edge-iam
 *     `wrangler dev` through wrangler's local dev registry (a directory under XDG_CONFIG_HOME, which both
 *     processes share: <repo>/.wrangler/config), without any network,
 *  3. once acme answers, pushes acme's catalog (examples/acme/acme.service.json) to edge-iam's operator API, so tenants'
 *     policies may name acme: actions and the decisions know them,
 *  4. returns the lines `npm start` prints: acme's URL and a signed call with curl.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pushCatalogs } from './push-catalogs.mjs';

export const ACME_PORT = Number(process.env.ACME_PORT || 8788);
const HEALTH_TIMEOUT_MS = 90_000;

async function waitHealthy(child, url) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`acme's wrangler dev exited (code ${child.exitCode ?? child.signalCode}) before it answered`);
    try {
      const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      await r.arrayBuffer();
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no answer from ${url}/healthz after ${HEALTH_TIMEOUT_MS / 1000} s`);
}

/** Pushes acme's catalog file through the operator API (scripts/lib/push-catalogs.mjs). */
async function pushCatalog(root, iamEndpoint, operatorToken, log) {
  const file = path.join(root, 'examples', 'acme', 'acme.service.json');
  if (!existsSync(file)) throw new Error(`${path.relative(root, file)} is missing`);
  for (const p of await pushCatalogs(iamEndpoint, operatorToken, [file])) log(`service catalog: ${p.prefix} version ${p.version} (${path.relative(root, p.file)})`);
}

/**
 * Starts the example; resolves { child, url, lines } once acme answers and its catalog is in place.
 * `runWrangler(args)` runs a short wrangler command (resolves its exit code).
 */
export async function startExample({ root, host, iamEndpoint, operatorToken, env, wranglerBin, log, runWrangler }) {
  const config = path.join('examples', 'acme', 'wrangler.toml');
  const url = `http://${host}:${ACME_PORT}`;
  log('applying acme\'s local D1 migrations');
  const mig = await runWrangler(['d1', 'migrations', 'apply', 'ACME_DB', '--local', '-c', config]);
  if (mig !== 0) throw new Error(`wrangler d1 migrations apply ACME_DB failed (exit ${mig})`);
  log(`starting acme (wrangler dev -c ${config}) on ${url}`);
  const child = spawn(process.execPath, [wranglerBin, 'dev', '-c', config, '--ip', host, '--port', String(ACME_PORT)], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('error', (e) => log(`cannot start acme's wrangler: ${e.message}`));
  try {
    await waitHealthy(child, url);
    log(`pushing acme's catalog to ${iamEndpoint}`);
    await pushCatalog(root, iamEndpoint, operatorToken, log);
  } catch (e) {
    // Never leave acme's wrangler behind when the example cannot be completed.
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    }
    throw e;
  }
  const lines = [
    '',
    '──────────────── acme (the example SaaS) is running ────────────────',
    `acme:        ${url}  (service acme, region us-east-1; examples/acme/README.md)`,
    'Call it signed with your keys (root keys of the default account shown; better an IAM user\'s):',
    '',
    `AK=$(aws configure get aws_access_key_id) SK=$(aws configure get aws_secret_access_key)`,
    `curl -s --aws-sigv4 "aws:amz:us-east-1:acme" --user "$AK:$SK" -X POST -H 'content-type: application/json' \\`,
    `  -d '{"name":"first","tags":{"team":"red"}}' ${url}/projects`,
    `curl -s --aws-sigv4 "aws:amz:us-east-1:acme" --user "$AK:$SK" ${url}/projects`,
  ];
  return { child, url, lines };
}
