#!/usr/bin/env node
// `npm start`: run edge-iam locally with `wrangler dev`, offline, with local persistence.
//
//  0. Checks that 127.0.0.1:${PORT:-8787} is free, and stops with a clear message when it is not.
//  1. Keeps wrangler off the network and its logs/config inside the repo (.wrangler/config).
//  2. Creates .dev.vars (mode 0600) with random IAM_MASTER_KEY and OPERATOR_TOKEN when missing; an
//     existing file is never overwritten (a missing key is appended).
//  3. Applies the local D1 migrations (`wrangler d1 migrations apply DB --local`, non-interactive), then
//     seeds the AWS-managed policy catalog (catalog/aws-managed-policies/) when its version in D1 is not
//     the artefact's (scripts/lib/aws-managed-seed.mjs; a few seconds the first time).
//  4. Starts `wrangler dev --ip 127.0.0.1 --port ${PORT:-8787}` (state in .wrangler/state) and waits
//     for GET /healthz.
//  5. First run (no .iam-dev/credentials): creates the default account through the operator API
//     (id from .iam-dev/account.json, else IAM_DEV_ACCOUNT_ID, else 123456789012; alias "default";
//     on 409 it reuses the existing account) and root access keys for it; writes
//     .iam-dev/account.json, .iam-dev/credentials (profile edge-iam, 0600) and .iam-dev/config.
//     .iam-dev/config: only its [profile edge-iam] section is rewritten; other profiles are kept.
//  6. Pushes the service catalog files catalog/*.json through the operator API
//     (scripts/lib/push-catalogs.mjs), as `npm run deploy` does: each push replaces its service.
//  7. With `--with-example` (`npm run start:example`): also runs the example SaaS examples/acme beside
//     it (scripts/lib/start-example.mjs): its local D1 migrations, a second `wrangler dev` on
//     127.0.0.1:${ACME_PORT:-8788} whose service binding IAM reaches this one's DecisionEntrypoint
//     through wrangler's local dev registry (no network), and the acme catalog pushed to the operator API.
//  8. Prints the endpoint, the account id and the `export AWS_…` line for the AWS CLI.
//  SIGINT/SIGTERM/SIGHUP are forwarded to the wrangler processes themselves; exits when they exit.
//
// Environment: PORT (8787), ACME_PORT (8788), IAM_DEV_ACCOUNT_ID (123456789012), IAM_DEV_EMAIL (root@example.com).

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFirstAccount, writePrivate } from './lib/first-account.mjs';
import { assertPortFree } from './lib/port.mjs';
import { seedWithWrangler } from './lib/aws-managed-seed.mjs';
import { catalogFiles, pushCatalogs } from './lib/push-catalogs.mjs';
import { ACME_PORT, startExample } from './lib/start-example.mjs';
import { upsertSection } from './lib/profile-file.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PORT = Number(process.env.PORT || 8787);
const HOST = '127.0.0.1';
const ENDPOINT = `http://${HOST}:${PORT}`;
const DEV_VARS = path.join(ROOT, '.dev.vars');
const IAM_DEV = path.join(ROOT, '.iam-dev');
const CREDENTIALS = path.join(IAM_DEV, 'credentials');
const CONFIG = path.join(IAM_DEV, 'config');
const ACCOUNT_JSON = path.join(IAM_DEV, 'account.json');
const PROFILE = 'edge-iam';
const DEFAULT_ACCOUNT_ID = process.env.IAM_DEV_ACCOUNT_ID || '123456789012';
const DEFAULT_EMAIL = process.env.IAM_DEV_EMAIL || 'root@example.com';
const HEALTH_TIMEOUT_MS = 90_000;
const WITH_EXAMPLE = process.argv.includes('--with-example');

const OFFLINE_ENV = {
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_SEND_ERROR_REPORTS: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  // wrangler writes logs and its config under $XDG_CONFIG_HOME/.wrangler: keep them in the repo.
  XDG_CONFIG_HOME: path.join(ROOT, '.wrangler', 'config'),
};
const childEnv = { ...process.env, ...OFFLINE_ENV };

const log = (msg) => process.stdout.write(`[start] ${msg}\n`);
const fail = (msg) => {
  process.stderr.write(`[start] error: ${msg}\n`);
  process.exitCode = 1;
};

function wranglerBin() {
  const pkg = path.join(ROOT, 'node_modules', 'wrangler', 'package.json');
  if (!existsSync(pkg)) throw new Error('wrangler is not installed: run `npm ci` first');
  const bin = JSON.parse(readFileSync(pkg, 'utf8')).bin;
  return path.join(path.dirname(pkg), typeof bin === 'string' ? bin : bin.wrangler);
}

// ---------- .dev.vars ----------
function parseDotenv(text) {
  const out = {};
  for (const line of text.split(/\r?\n/)) {
    const m = line.match(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/);
    if (!m) continue;
    let v = m[2];
    if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) {
      v = v.slice(1, -1);
    }
    out[m[1]] = v;
  }
  return out;
}

function ensureDevVars() {
  const fresh = {
    IAM_MASTER_KEY: () => randomBytes(32).toString('base64'),
    OPERATOR_TOKEN: () => randomBytes(32).toString('base64url'),
  };
  if (!existsSync(DEV_VARS)) {
    const body =
      '# Local secrets for `wrangler dev` (created by npm start; never commit).\n' +
      Object.entries(fresh)
        .map(([k, gen]) => `${k}=${gen()}`)
        .join('\n') +
      '\n';
    writeFileSync(DEV_VARS, body, { mode: 0o600, flag: 'wx' });
    log('created .dev.vars with a random IAM_MASTER_KEY and OPERATOR_TOKEN (mode 0600)');
  } else {
    const text = readFileSync(DEV_VARS, 'utf8');
    const have = parseDotenv(text);
    const missing = Object.keys(fresh).filter((k) => !have[k]);
    if (missing.length) {
      const add = missing.map((k) => `${k}=${fresh[k]()}`).join('\n') + '\n';
      writeFileSync(DEV_VARS, (text.endsWith('\n') || text === '' ? '' : '\n') + add, { flag: 'a' });
      log(`added ${missing.join(', ')} to the existing .dev.vars`);
    }
  }
  chmodSync(DEV_VARS, 0o600);
  return parseDotenv(readFileSync(DEV_VARS, 'utf8'));
}

// ---------- child processes ----------
/** Runs wrangler, its stdout captured: resolves with it, rejects on a non-zero exit. */
function runCaptured(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [wranglerBin(), ...args], { cwd: ROOT, env: { ...childEnv, CI: 'true' }, stdio: ['ignore', 'pipe', 'inherit'] });
    helper = child;
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      helper = null;
      if (code === 0) resolve(out);
      else reject(new Error(`wrangler ${args.slice(0, 3).join(' ')} exited with ${code}`));
    });
  });
}

function run(args, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [wranglerBin(), ...args], {
      cwd: ROOT,
      env: { ...childEnv, CI: 'true', ...extraEnv },
      stdio: ['ignore', 'inherit', 'inherit'], // no stdin: wrangler never prompts
    });
    helper = child;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      helper = null;
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

let dev = null; // the wrangler dev process
let example = null; // the example SaaS's wrangler dev process (--with-example)
let helper = null; // a short-lived wrangler (migrations) while it runs
let stopping = false;

function forward(signal) {
  if (stopping) {
    // A second Ctrl+C: pass it on too (wrangler handles repeated signals), then give up waiting.
    if (dev && dev.exitCode === null) dev.kill(signal);
    return;
  }
  stopping = true;
  if (example && example.exitCode === null && example.signalCode === null) example.kill(signal);
  if (!dev || dev.exitCode !== null || dev.signalCode !== null) {
    if (helper && helper.exitCode === null) helper.kill(signal);
    process.exit(130);
  }
  log(`${signal}: stopping wrangler (pid ${dev.pid})`);
  dev.kill(signal);
  // wrangler normally exits within a second; never hang forever.
  setTimeout(() => {
    if (dev.exitCode === null && dev.signalCode === null) {
      log('wrangler still running after 15 s: sending SIGTERM');
      dev.kill('SIGTERM');
    }
  }, 15_000).unref();
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => forward(sig));

// `npm start` runs us under `sh -c`, which does not pass signals on: a SIGTERM to npm kills the
// shell and leaves us re-parented. Treat losing our parent like SIGTERM so wrangler and workerd
// never outlive the command that started them.
const initialPpid = process.ppid;
const parentWatch = setInterval(() => {
  if (process.ppid !== initialPpid) {
    clearInterval(parentWatch);
    log('parent process exited');
    forward('SIGTERM');
  }
}, 500);
parentWatch.unref();

async function waitHealthy(child) {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`wrangler dev exited (code ${child.exitCode ?? child.signalCode}) before it answered`);
    }
    try {
      const r = await fetch(`${ENDPOINT}/healthz`, { signal: AbortSignal.timeout(2000) });
      await r.arrayBuffer();
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no answer from ${ENDPOINT}/healthz after ${HEALTH_TIMEOUT_MS / 1000} s`);
}

// ---------- bootstrap ----------
function readAccountJson() {
  if (!existsSync(ACCOUNT_JSON)) return undefined;
  try {
    return JSON.parse(readFileSync(ACCOUNT_JSON, 'utf8'));
  } catch {
    return undefined;
  }
}

const CONFIG_COMMENT = '# AWS CLI / SDK profile for the local edge-iam (this section is rewritten by every npm start).';

/** The default account and its root keys, as `npm run deploy` makes a deployment's first account. */
async function bootstrap(token) {
  const accountId = readAccountJson()?.accountId || DEFAULT_ACCOUNT_ID;
  // On 409 (the local state already has it, e.g. .iam-dev was removed) it is reused with new root keys.
  const r = await createFirstAccount({ endpoint: ENDPOINT, token, email: DEFAULT_EMAIL, accountId, alias: 'default', dir: IAM_DEV, profile: PROFILE, comment: CONFIG_COMMENT });
  log(r.created ? `created the default account ${r.accountId}` : `the default account ${r.accountId} already exists in .wrangler/state: issued new root keys`);
  writePrivate(ACCOUNT_JSON, JSON.stringify(r.account, null, 2) + '\n');
  log(`wrote root access keys to ${path.relative(ROOT, CREDENTIALS)}`);
  return r.accountId;
}

/** Rewrites the `edge-iam` profile of .iam-dev/config; profiles added beside it (a role profile) are kept. */
function writeConfig() {
  mkdirSync(IAM_DEV, { recursive: true, mode: 0o700 });
  const current = existsSync(CONFIG) ? readFileSync(CONFIG, 'utf8') : '';
  writePrivate(
    CONFIG,
    upsertSection(
      current,
      `profile ${PROFILE}`,
      ['region = us-east-1', `endpoint_url = ${ENDPOINT}`, 'output = json'],
      CONFIG_COMMENT,
    ),
  );
}

// ---------- main ----------
async function main() {
  if (!Number.isInteger(PORT) || PORT <= 0 || PORT > 65535) throw new Error(`bad PORT ${process.env.PORT}`);
  // Before anything else (no file written, no wrangler): a taken port would let the health check below
  // reach another server and announce it as this one.
  await assertPortFree(HOST, PORT);
  if (WITH_EXAMPLE) await assertPortFree(HOST, ACME_PORT);
  const vars = ensureDevVars();
  const token = vars.OPERATOR_TOKEN;

  log('applying local D1 migrations');
  const mig = await run(['d1', 'migrations', 'apply', 'DB', '--local']);
  if (mig !== 0) throw new Error(`wrangler d1 migrations apply failed (exit ${mig})`);
  if (stopping) return;
  const seed = await seedWithWrangler(runCaptured, ['--local']);
  log(`AWS managed policies: ${seed.policies} (${seed.seeded ? 'seeded' : 'already seeded'}, catalog/aws-managed-policies/)`);
  if (stopping) return;

  log(`starting wrangler dev on ${ENDPOINT}`);
  dev = spawn(
    process.execPath,
    [wranglerBin(), 'dev', '--ip', HOST, '--port', String(PORT)],
    // stdin ignored: no interactive hotkeys, so Ctrl+C is a plain SIGINT for both processes.
    { cwd: ROOT, env: childEnv, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const exited = new Promise((resolve) => {
    dev.on('exit', (code, signal) => resolve({ code, signal }));
  });
  dev.on('error', (e) => fail(`cannot start wrangler: ${e.message}`));
  exited.then(({ code, signal }) => {
    if (stopping) {
      // The example's wrangler got the same signal: let it finish too (at most 15 s).
      const waitExample =
        example && example.exitCode === null && example.signalCode === null
          ? Promise.race([new Promise((r) => example.once('exit', r)), new Promise((r) => setTimeout(r, 15_000))])
          : Promise.resolve();
      waitExample.then(() => {
        log('stopped');
        process.exit(); // 0, or 1 if a failure was recorded
      });
      return;
    }
    fail(`wrangler dev exited unexpectedly (${signal ?? `code ${code}`})`);
    process.exit(code || 1);
  });

  await waitHealthy(dev);
  if (stopping) return;

  let accountId;
  if (!existsSync(CREDENTIALS)) {
    accountId = await bootstrap(token);
  } else {
    accountId = readAccountJson()?.accountId ?? '(unknown: .iam-dev/account.json is missing)';
  }
  writeConfig();
  for (const p of await pushCatalogs(ENDPOINT, token, catalogFiles(path.join(ROOT, 'catalog')))) {
    log(`service catalog: ${p.prefix} version ${p.version} (${path.relative(ROOT, p.file)})`);
  }

  let exampleLines = [];
  if (WITH_EXAMPLE && !stopping) {
    const started = await startExample({ root: ROOT, host: HOST, iamEndpoint: ENDPOINT, operatorToken: token, env: childEnv, wranglerBin: wranglerBin(), log, runWrangler: run });
    example = started.child;
    example.on('exit', (code, signal) => {
      if (stopping) return;
      fail(`the example's wrangler dev exited unexpectedly (${signal ?? `code ${code}`})`);
      forward('SIGTERM');
    });
    exampleLines = started.lines;
  }

  const exportLine =
    `export AWS_CONFIG_FILE=${CONFIG} AWS_SHARED_CREDENTIALS_FILE=${CREDENTIALS} AWS_PROFILE=${PROFILE}`;
  process.stdout.write(
    [
      '',
      '──────────────── edge-iam is running ────────────────',
      `Endpoint:    ${ENDPOINT}`,
      `Account ID:  ${accountId}`,
      `Credentials: ${CREDENTIALS} (profile ${PROFILE}, root access keys)`,
      `Operator:    Authorization: Bearer <OPERATOR_TOKEN from .dev.vars>`,
      '',
      'Use it from another shell:',
      '',
      exportLine,
      'aws iam list-users',
      '',
      `(the profile sets endpoint_url; with another client pass --endpoint-url ${ENDPOINT})`,
      ...exampleLines,
      'Stop with Ctrl+C.',
      '',
    ].join('\n') + '\n',
  );
}

main().catch((e) => {
  fail(e instanceof Error ? e.message : String(e));
  if (example && example.exitCode === null && example.signalCode === null) example.kill('SIGINT');
  if (dev && dev.exitCode === null && dev.signalCode === null) {
    stopping = true;
    dev.kill('SIGINT');
  } else {
    process.exit(1);
  }
});
