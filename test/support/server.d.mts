// Types for server.mjs (plain Node module shared by the e2e harness and scripts/bench.mjs).
import type { Miniflare } from 'miniflare';

export declare const REPO_ROOT: string;
export declare const OFFLINE_ENV: Readonly<Record<string, string>>;

export declare function wranglerBin(root?: string): string;
export declare function wranglerEnv(
  root?: string,
  extra?: Record<string, string>,
): Record<string, string | undefined>;
export declare function runWrangler(
  args: string[],
  opts?: { root?: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<{ code: number; stdout: string; stderr: string }>;

export interface WorkerBundle {
  outdir: string;
  scriptPath: string;
}
export declare function bundleWorker(opts?: {
  root?: string;
  configPath?: string;
  outdir?: string;
}): Promise<WorkerBundle>;

export interface D1MigrationFile {
  name: string;
  queries: string[];
}
export declare function readD1Migrations(dir: string): Promise<D1MigrationFile[]>;
export declare function applyD1Migrations(
  db: D1Database,
  migrations: D1MigrationFile[],
  table?: string,
): Promise<void>;

export interface ServerSecrets {
  IAM_MASTER_KEY: string;
  OPERATOR_TOKEN: string;
}
export declare function randomSecrets(): ServerSecrets;

export interface StartServerOptions {
  /** Repository root (default: this repo). */
  root?: string;
  /** wrangler.toml to derive bindings from (default <root>/wrangler.toml; env EDGE_IAM_CONFIG overrides). */
  configPath?: string;
  /** Secrets bound to the Worker (default: random IAM_MASTER_KEY and OPERATOR_TOKEN). */
  secrets?: Partial<ServerSecrets>;
  /** Extra plain-text bindings. */
  vars?: Record<string, string>;
  /** Port on 127.0.0.1 (default 0: random free port). */
  port?: number;
  /** Persistence directory (default: a fresh temp dir, removed by dispose()). */
  persistDir?: string;
  /** An existing bundle (skips `wrangler deploy --dry-run`). */
  bundle?: WorkerBundle;
  /** Miniflare INFO logs. */
  verbose?: boolean;
  /** Open workerd's inspector (Chrome DevTools protocol) on this port (0: a free one; see `mf.getInspectorURL()`). */
  inspectorPort?: number;
  /** More Workers in the same runtime (Miniflare worker options); the Worker stays the one served. */
  extraWorkers?: Record<string, unknown>[];
  /**
   * More Workers built from their own wrangler.toml (bundled like the Worker, D1 migrations applied),
   * each served on its own 127.0.0.1 port (`port`, default a free one); their service bindings to the
   * Worker's name (with `entrypoint`) reach it in the same runtime. `RunningServer.companions` has their URLs.
   */
  companions?: { configPath: string; port?: number; vars?: Record<string, string>; bundle?: WorkerBundle }[];
}

export interface RunningServer {
  /** Origin, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  /** Origins of the companions by Worker name, e.g. `{ acme: 'http://127.0.0.1:41235' }`. */
  companions: Record<string, string>;
  operatorToken: string;
  secrets: ServerSecrets;
  mf: Miniflare;
  persistDir: string;
  scriptPath: string;
  /** Stops workerd and removes the temp bundle and temp persistence. Idempotent. */
  dispose(): Promise<void>;
}
export declare function startServer(opts?: StartServerOptions): Promise<RunningServer>;
