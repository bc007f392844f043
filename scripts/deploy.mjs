#!/usr/bin/env node
// `npm run deploy`: deploy edge-iam to Cloudflare and create its first account.
//
//  1. Finds the D1 database named in wrangler.toml (`wrangler d1 list --json`) and creates it when it is
//     missing (`wrangler d1 create`): no database id is ever pasted into wrangler.toml.
//  2. Applies the D1 migrations to it (`wrangler d1 migrations apply DB --remote`, through a generated
//     config in .wrangler/deploy/ that carries the id), before the new code serves.
//     Then seeds the AWS-managed policy catalog (catalog/aws-managed-policies/) when the version in D1 is
//     not the artefact's (scripts/lib/aws-managed-seed.mjs: `wrangler d1 execute --remote --file`); a
//     refresh (`npm run refresh:managed-policies`) is deployed the same way.
//  3. Creates the Queues wrangler.toml names (the audit queue and its dead-letter queue) when missing
//     (`wrangler queues info`, else `wrangler queues create`): a consumer or producer of a missing queue
//     fails the deploy. Then `wrangler deploy`: wrangler's automatic resource provisioning (on by default
//     in wrangler 4.86) binds `DB` to the database of that name, since wrangler.toml gives no `database_id`.
//  4. With ENDPOINT and OPERATOR_TOKEN set: waits for ENDPOINT/healthz and pushes the service catalog files
//     catalog/*.json through the operator API (PUT /operator/services/{Name}, scripts/lib/push-catalogs.mjs;
//     each push replaces its service, version + 1). A refused file stops the deploy with its problems.
//  5. With ENDPOINT and OPERATOR_TOKEN set: creates the first account through
//     the operator API with its root access keys, and writes them as the AWS profile `edge-iam` in
//     .iam-deploy/credentials (0600) and .iam-deploy/config (endpoint_url = ENDPOINT).
//
// Before the first deploy, set the secrets (see README "Configuration and deployment"):
//   wrangler secret put IAM_MASTER_KEY; wrangler secret put OPERATOR_TOKEN
// Environment: ENDPOINT (the Worker's URL), OPERATOR_TOKEN (the same value as the secret), ACCOUNT_EMAIL
// (required with ENDPOINT), ACCOUNT_ID (12 digits; random when absent), ACCOUNT_ALIAS, IAM_DEPLOY_DIR
// (where the profile is written; .iam-deploy).
// Flags: --account-only (steps 4-5 only, against an existing deployment), --catalogs-only (step 4 only),
// --skip-account (steps 1-4 only), --skip-catalogs (no step 4).

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createFirstAccount } from './lib/first-account.mjs';
import { seedWithWrangler } from './lib/aws-managed-seed.mjs';
import { catalogFiles, pushCatalogs } from './lib/push-catalogs.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PROFILE = 'edge-iam';
const log = (msg) => process.stdout.write(`[deploy] ${msg}\n`);

function wranglerBin() {
  const pkg = path.join(ROOT, 'node_modules', 'wrangler', 'package.json');
  if (!existsSync(pkg)) throw new Error('wrangler is not installed: run `npm ci` first');
  const bin = JSON.parse(readFileSync(pkg, 'utf8')).bin;
  return path.join(path.dirname(pkg), typeof bin === 'string' ? bin : bin.wrangler);
}

/** Runs wrangler; resolves with its stdout when `capture`, rejects on a non-zero exit. */
function wrangler(args, { capture = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [wranglerBin(), ...args], {
      cwd: ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true' },
      stdio: ['inherit', capture ? 'pipe' : 'inherit', 'inherit'],
    });
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`wrangler ${args.join(' ')} exited with ${code}`))));
  });
}

/** The `[[d1_databases]]` entry of wrangler.toml for binding DB: its database_name. */
export function databaseName(toml) {
  const block = toml.split(/^\[\[d1_databases\]\]\s*$/m)[1]?.split(/^\[/m)[0] ?? '';
  const name = /^database_name\s*=\s*"([^"]+)"/m.exec(block)?.[1];
  if (!name) throw new Error('wrangler.toml has no [[d1_databases]] entry with a database_name');
  return name;
}

/** wrangler.toml with the database's id and absolute paths, for `d1 migrations apply --remote` from another directory. */
export function configWithDatabaseId(toml, id) {
  const i = toml.search(/^\[\[d1_databases\]\]\s*$/m);
  if (i < 0) throw new Error('wrangler.toml has no [[d1_databases]] entry');
  const d1 = toml
    .slice(i)
    .replace(/^database_id\s*=.*\n?/m, '')
    .replace(/^(database_name\s*=.*)$/m, `$1\ndatabase_id = "${id}"`)
    .replace(/^migrations_dir\s*=\s*"([^"]+)"/m, (_m, dir) => `migrations_dir = ${JSON.stringify(path.resolve(ROOT, dir))}`);
  const head = toml.slice(0, i).replace(/^main\s*=\s*"([^"]+)"/m, (_m, main) => `main = ${JSON.stringify(path.resolve(ROOT, main))}`);
  return head + d1;
}

/** Every queue wrangler.toml names (producers, consumers, dead-letter queues), once each, in order. */
export function queueNames(toml) {
  const names = [];
  for (const m of toml.matchAll(/^\s*(?:queue|dead_letter_queue)\s*=\s*"([^"]+)"/gm)) if (!names.includes(m[1])) names.push(m[1]);
  return names;
}

async function ensureQueues(toml) {
  for (const name of queueNames(toml)) {
    try {
      await wrangler(['queues', 'info', name], { capture: true });
    } catch {
      log(`creating the queue ${name}`);
      await wrangler(['queues', 'create', name]);
    }
  }
}

async function databaseId(name) {
  // The JSON array, past anything wrangler prints before it (a notice on stdout).
  const list = (out) => JSON.parse(out.slice(out.indexOf('[')));
  const find = async () => list(await wrangler(['d1', 'list', '--json'], { capture: true })).find((d) => d.name === name)?.uuid;
  let id = await find();
  if (!id) {
    log(`creating the D1 database ${name}`);
    await wrangler(['d1', 'create', name]);
    id = await find();
    if (!id) throw new Error(`the D1 database ${name} was created but is not listed`);
  }
  return id;
}

async function waitHealthy(endpoint, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(new URL('/healthz', endpoint), { signal: AbortSignal.timeout(5000) });
      if (r.ok && (await r.text()) === 'ok') return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`no answer from ${endpoint}/healthz`);
}

/** Step 4: the deployment's service catalog, catalog/*.json (or CATALOG_DIR), pushed through the operator API. */
export async function pushCatalogsFromEnv(env = process.env) {
  const { ENDPOINT: endpoint, OPERATOR_TOKEN: token } = env;
  if (!endpoint || !token) throw new Error('set ENDPOINT and OPERATOR_TOKEN to push the service catalog');
  const files = catalogFiles(path.resolve(ROOT, env.CATALOG_DIR || 'catalog'));
  if (files.length === 0) {
    log('no service catalog files in catalog/');
    return [];
  }
  await waitHealthy(endpoint);
  const pushed = await pushCatalogs(endpoint, token, files);
  for (const p of pushed) log(`service ${p.prefix}: version ${p.version} (${path.relative(ROOT, p.file)})`);
  return pushed;
}

/** Step 5: the first account, from the environment. */
export async function firstAccountFromEnv(env = process.env) {
  const { ENDPOINT: endpoint, OPERATOR_TOKEN: token, ACCOUNT_EMAIL: email } = env;
  if (!endpoint || !token || !email) throw new Error('set ENDPOINT, OPERATOR_TOKEN and ACCOUNT_EMAIL to create the first account');
  await waitHealthy(endpoint);
  const dir = path.resolve(ROOT, env.IAM_DEPLOY_DIR || '.iam-deploy');
  const r = await createFirstAccount({ endpoint, token, email, accountId: env.ACCOUNT_ID, alias: env.ACCOUNT_ALIAS, dir, profile: PROFILE });
  log(r.created ? `created account ${r.accountId}` : `account ${r.accountId} exists`);
  log(r.keysIssued ? `wrote its root access keys to ${r.credentials}` : `kept the root access keys already in ${r.credentials}`);
  log(`use it: export AWS_CONFIG_FILE=${r.config} AWS_SHARED_CREDENTIALS_FILE=${r.credentials} AWS_PROFILE=${PROFILE}`);
  return r;
}

async function main() {
  const args = process.argv.slice(2);
  const accountOnly = args.includes('--account-only');
  const catalogsOnly = args.includes('--catalogs-only');
  if (!accountOnly && !catalogsOnly) {
    const toml = readFileSync(path.join(ROOT, 'wrangler.toml'), 'utf8');
    const name = databaseName(toml);
    const id = await databaseId(name);
    log(`D1 database ${name}: ${id}`);
    const dir = path.join(ROOT, '.wrangler', 'deploy');
    mkdirSync(dir, { recursive: true });
    const generated = path.join(dir, 'wrangler.toml');
    writeFileSync(generated, configWithDatabaseId(toml, id));
    log('applying the D1 migrations (remote)');
    await wrangler(['d1', 'migrations', 'apply', 'DB', '--remote', '--config', generated]);
    const seed = await seedWithWrangler((a) => wrangler(a, { capture: true }), ['--remote', '--config', generated]);
    log(`AWS managed policies: ${seed.policies} (${seed.seeded ? 'seeded' : 'already seeded'})`);
    await ensureQueues(toml);
    log('deploying the Worker');
    await wrangler(['deploy']);
  }
  if (!accountOnly && !catalogsOnly && (!process.env.ENDPOINT || !process.env.OPERATOR_TOKEN)) {
    log('deployed. Set ENDPOINT (the URL wrangler printed), OPERATOR_TOKEN and ACCOUNT_EMAIL and run `npm run deploy -- --account-only` to push the service catalog (catalog/*.json) and create the first account.');
    return;
  }
  const canPush = Boolean(process.env.ENDPOINT && process.env.OPERATOR_TOKEN);
  if (!args.includes('--skip-catalogs') && (canPush || catalogsOnly)) await pushCatalogsFromEnv();
  if (catalogsOnly || args.includes('--skip-account')) return;
  await firstAccountFromEnv();
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e) => {
    process.stderr.write(`[deploy] error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
