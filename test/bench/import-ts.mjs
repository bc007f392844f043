// Imports a TypeScript module (and what it imports) in plain Node for the benchmarks: bundled with esbuild
// (wrangler's dependency) into a temporary ESM file, imported, then the file is removed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The module at `entry` (an absolute path to a .ts file). */
export async function importTs(entry) {
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'edge-iam-bench-'));
  const file = path.join(dir, `${path.basename(entry, '.ts')}.mjs`);
  writeFileSync(file, out.outputFiles[0].text);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
