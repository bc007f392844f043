// Shared, plain-Node logic to build the Worker and serve it with the Miniflare API on loopback.
// Used by the e2e harness (test/e2e/support/server.ts, through test/e2e/global-setup.ts) and by
// scripts/bench.mjs. Types: server.d.mts next to this file.
//
// - The bundle is what production ships: `wrangler deploy --dry-run --outdir <tmp>` (offline).
// - Bindings, Durable Objects (SQLite), D1 databases, compatibility date/flags come from wrangler.toml
//   through wrangler's own `unstable_getMiniflareWorkerOptions`, so nothing is duplicated here.
//   Vars are taken from wrangler.toml only: `.dev.vars` (the developer's local secrets) is NOT used;
//   the secrets are the test secrets given to startServer (random by default).
// - D1 migrations (each database's `migrations_dir`) are applied the way wrangler does: split with
//   wrangler's own SQL splitter, one batch per file, recorded in the `d1_migrations` table; then the
//   AWS-managed policy catalog is seeded (catalog/aws-managed-policies/, as `npm start` seeds it).
// - Persistence is a fresh temporary directory per server, removed by dispose().

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readArtefact, seedStatements } from '../../scripts/lib/aws-managed-seed.mjs';

/** Repository root (this file lives in <root>/test/support/). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Environment that keeps wrangler and miniflare off the network (the same variables as scripts/start.mjs). */
export const OFFLINE_ENV = Object.freeze({
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_SEND_ERROR_REPORTS: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
});

/** Path of wrangler's CLI entry (run with `node`, never through npx: no wrapper process). */
export function wranglerBin(root = REPO_ROOT) {
  const require = createRequire(path.join(root, 'package.json'));
  const pkgPath = require.resolve('wrangler/package.json');
  const bin = JSON.parse(readFileSync(pkgPath, 'utf8')).bin;
  return path.join(path.dirname(pkgPath), typeof bin === 'string' ? bin : bin.wrangler);
}

/** Env for a wrangler child process: offline, logs/config kept under <root>/.wrangler/config. */
export function wranglerEnv(root = REPO_ROOT, extra = {}) {
  return {
    ...process.env,
    ...OFFLINE_ENV,
    XDG_CONFIG_HOME: path.join(root, '.wrangler', 'config'),
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    ...extra,
  };
}

/** Run wrangler with args; resolves {code, stdout, stderr}. Never reads stdin (no prompts). */
export function runWrangler(args, { root = REPO_ROOT, env = {}, timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [wranglerBin(root), ...args], {
      cwd: root,
      env: wranglerEnv(root, { CI: 'true', ...env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

/**
 * Bundle the Worker with `wrangler deploy --dry-run --outdir <outdir>`.
 * Returns {outdir, scriptPath}; throws with wrangler's output when the build fails.
 */
export async function bundleWorker({ root = REPO_ROOT, configPath, outdir } = {}) {
  const config = path.resolve(root, configPath ?? 'wrangler.toml');
  const out = outdir ?? mkdtempSync(path.join(tmpdir(), 'edge-iam-bundle-'));
  const res = await runWrangler(['deploy', '--dry-run', '--config', config, '--outdir', out], {
    root,
  });
  if (res.code !== 0) {
    if (!outdir) rmSync(out, { recursive: true, force: true });
    throw new Error(
      `wrangler deploy --dry-run failed (exit ${res.code}) for ${config}:\n` +
        `${res.stdout}\n${res.stderr}`.replace(/\x1b\[[0-9;]*m/g, '').trim(),
    );
  }
  const wr = await loadWranglerApi();
  const main = wr.unstable_readConfig({ config }).main;
  const base = main ? path.basename(main).replace(/\.[cm]?[jt]sx?$/, '.js') : 'index.js';
  let scriptPath = path.join(out, base);
  if (!existsSync(scriptPath)) {
    const js = readdirSync(out).filter((f) => /\.m?js$/.test(f));
    if (js.length !== 1) throw new Error(`cannot find the bundled entry in ${out}: ${js.join(', ')}`);
    scriptPath = path.join(out, js[0]);
  }
  return { outdir: out, scriptPath };
}

let wranglerApi;
async function loadWranglerApi() {
  // The in-process API writes a debug log under $XDG_CONFIG_HOME/.wrangler/logs (default ~/.config):
  // keep it in the repo like the CLI runs, unless the caller chose a place.
  process.env.XDG_CONFIG_HOME ??= path.join(REPO_ROOT, '.wrangler', 'config');
  wranglerApi ??= await import('wrangler');
  return wranglerApi;
}

/** Read wrangler.toml's Miniflare options, keeping `.dev.vars` out (and wrangler quiet about it). */
async function miniflareOptionsFromConfig(config) {
  const wr = await loadWranglerApi();
  const saved = process.env.WRANGLER_LOG;
  process.env.WRANGLER_LOG = 'warn';
  try {
    const parsed = wr.unstable_readConfig({ config });
    const { workerOptions } = wr.unstable_getMiniflareWorkerOptions(config);
    return { parsed, workerOptions };
  } finally {
    if (saved === undefined) delete process.env.WRANGLER_LOG;
    else process.env.WRANGLER_LOG = saved;
  }
}

/** Read a D1 migrations directory like wrangler (files `NNNN_name.sql`, numeric order). */
export async function readD1Migrations(dir) {
  const wr = await loadWranglerApi();
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir).filter((n) => n.endsWith('.sql'));
  names.sort((a, b) => parseInt(a.split('_')[0], 10) - parseInt(b.split('_')[0], 10));
  return names.map((name) => ({
    name,
    queries: wr.unstable_splitSqlQuery(readFileSync(path.join(dir, name), 'utf8')),
  }));
}

/** Apply migrations to a D1Database (Node-side proxy from Miniflare), recording them like wrangler. */
export async function applyD1Migrations(db, migrations, table = 'd1_migrations') {
  await db
    .prepare(
      `CREATE TABLE IF NOT EXISTS ${table} (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL);`,
    )
    .run();
  const applied = new Set(
    (await db.prepare(`SELECT name FROM ${table};`).all()).results.map((r) => r.name),
  );
  for (const m of migrations) {
    if (applied.has(m.name)) continue;
    const stmts = m.queries.map((q) => db.prepare(q));
    stmts.push(db.prepare(`INSERT INTO ${table} (name) VALUES (?);`).bind(m.name));
    try {
      await db.batch(stmts);
    } catch (e) {
      throw new Error(`D1 migration ${m.name} failed: ${e instanceof Error ? e.message : e}`);
    }
  }
}

/** Random test secrets in the production formats. */
export function randomSecrets() {
  return {
    IAM_MASTER_KEY: randomBytes(32).toString('base64'),
    OPERATOR_TOKEN: randomBytes(24).toString('base64url'),
  };
}

/**
 * Build the Worker and serve it with Miniflare on 127.0.0.1 (random port by default).
 * Options: root, configPath (default <root>/wrangler.toml, env EDGE_IAM_CONFIG overrides),
 * secrets (merged over random ones), vars (extra plain bindings), port (0), persistDir (fresh temp),
 * bundle ({scriptPath, outdir} to skip building), verbose (Miniflare INFO logs), inspectorPort (workerd's
 * inspector on 127.0.0.1; 0 for a free port; `mf.getInspectorURL()` says where), extraWorkers (Miniflare
 * worker options of more Workers in the same runtime, e.g. with a service binding to the Worker's name),
 * companions (more Workers built from their own wrangler.toml, e.g. the example SaaS examples/acme, each
 * served on its own loopback port beside the Worker: their service bindings to the Worker's name, with an
 * `entrypoint`, reach its named entrypoint in the same runtime; their D1 migrations are applied too).
 */
export async function startServer(opts = {}) {
  const root = opts.root ?? REPO_ROOT;
  for (const [k, v] of Object.entries(OFFLINE_ENV)) process.env[k] ??= v;
  const config = path.resolve(root, opts.configPath ?? process.env.EDGE_IAM_CONFIG ?? 'wrangler.toml');
  const secrets = { ...randomSecrets(), ...(opts.secrets ?? {}) };

  const cleanups = [];
  // Temp dirs are also removed if the process exits without dispose() (Miniflare stops workerd itself).
  const tempDirs = [];
  const removeTempDirs = () => {
    for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
  };
  process.once('exit', removeTempDirs);
  cleanups.push(() => {
    process.removeListener('exit', removeTempDirs);
    removeTempDirs();
  });
  const cleanupAll = async () => {
    for (const fn of cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch {
        /* best effort */
      }
    }
  };

  try {
    // The companions are bundled beside the Worker (each bundle is its own wrangler process).
    const companionSpecs = (opts.companions ?? []).map((c) => ({ ...c, config: path.resolve(root, c.configPath) }));
    const [bundle, ...companionBundles] = await Promise.all([
      opts.bundle ?? bundleWorker({ root, configPath: config }),
      ...companionSpecs.map((c) => c.bundle ?? bundleWorker({ root, configPath: c.config })),
    ]);
    if (!opts.bundle) tempDirs.push(bundle.outdir);
    companionSpecs.forEach((c, i) => {
      if (!c.bundle) tempDirs.push(companionBundles[i].outdir);
    });

    const persistRoot = opts.persistDir ?? mkdtempSync(path.join(tmpdir(), 'edge-iam-state-'));
    if (!opts.persistDir) tempDirs.push(persistRoot);

    const { parsed, workerOptions } = await miniflareOptionsFromConfig(config);
    const { Miniflare, Log, LogLevel } = await import('miniflare');

    const worker = {
      ...workerOptions,
      name: parsed.name ?? 'worker',
      scriptPath: bundle.scriptPath,
      modulesRoot: path.dirname(bundle.scriptPath),
      modules: true,
      // Plain vars from wrangler.toml only (not .dev.vars), then the test secrets.
      bindings: { ...(parsed.vars ?? {}), ...(opts.vars ?? {}), ...secrets },
    };
    const shared = {
      host: '127.0.0.1',
      port: opts.port ?? 0,
      // The runtime's inspector (Chrome DevTools protocol), for scripts/profile.mjs.
      ...(opts.inspectorPort !== undefined ? { inspectorPort: opts.inspectorPort } : {}),
      cf: false,
      defaultPersistRoot: persistRoot,
      log: new Log(opts.verbose ? LogLevel.INFO : LogLevel.WARN),
    };
    // Companions: each its own Worker in the same runtime, reached directly on its own loopback socket
    // (Miniflare's unsafeDirectSockets), not through the entry that serves the Worker.
    const companions = [];
    for (const [i, c] of companionSpecs.entries()) {
      const o = await miniflareOptionsFromConfig(c.config);
      const b = companionBundles[i];
      companions.push({
        config: c.config,
        parsed: o.parsed,
        options: {
          ...o.workerOptions,
          name: o.parsed.name ?? `companion-${i}`,
          scriptPath: b.scriptPath,
          modulesRoot: path.dirname(b.scriptPath),
          modules: true,
          bindings: { ...(o.parsed.vars ?? {}), ...(c.vars ?? {}) },
          unsafeDirectSockets: [{ host: '127.0.0.1', port: c.port ?? 0 }],
        },
      });
    }
    const others = [...companions.map((c) => c.options), ...(opts.extraWorkers ?? [])];
    // Extra Workers (the bench's in-runtime driver) run beside the Worker, which stays the one served.
    const mf = new Miniflare(others.length ? { ...shared, workers: [worker, ...others] } : { ...shared, ...worker });
    cleanups.push(() => mf.dispose());
    const url = await mf.ready;

    const migrate = async (cfg, cfgParsed, workerName) => {
      for (const d1 of cfgParsed.d1_databases ?? []) {
        if (!d1.migrations_dir && !existsSync(path.join(path.dirname(cfg), 'migrations'))) continue;
        const dir = path.resolve(path.dirname(cfg), d1.migrations_dir ?? 'migrations');
        const db = await mf.getD1Database(d1.binding, workerName);
        await applyD1Migrations(db, await readD1Migrations(dir), d1.migrations_table ?? 'd1_migrations');
      }
    };
    await migrate(config, parsed, undefined);
    // The AWS-managed policy catalog, seeded as `npm start` seeds it (scripts/lib/aws-managed-seed.mjs).
    const main = await mf.getD1Database('DB');
    const artefact = readArtefact();
    await main.batch(seedStatements(artefact.text, artefact.version).map((sql) => main.prepare(sql)));
    const companionUrls = {};
    for (const c of companions) {
      await migrate(c.config, c.parsed, c.options.name);
      companionUrls[c.options.name] = (await mf.unsafeGetDirectURL(c.options.name)).origin;
    }

    const baseUrl = url.origin;
    return {
      url: baseUrl,
      companions: companionUrls,
      operatorToken: secrets.OPERATOR_TOKEN,
      secrets,
      mf,
      persistDir: persistRoot,
      scriptPath: bundle.scriptPath,
      dispose: cleanupAll,
    };
  } catch (e) {
    await cleanupAll();
    throw e;
  }
}
