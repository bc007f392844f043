/**
 * A plain clone is the whole project: nothing in the build, the tests, the scripts or the runtime reads
 * outside the repository, and no document sends its reader to a file the repository does not hold.
 * (A clone from the repository host has no workspace folder beside it; issue 7 §1.)
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Never scanned: installed packages, git's own data, local state and build output (all git-ignored). */
const SKIP = new Set(['node_modules', '.git', '.wrangler', 'dist', '.iam-dev', 'coverage', '.prof']);
const TEXT = /\.(?:[cm]?[jt]s|json|md|toml|sql|sh|ya?ml)$|^run$/;

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (TEXT.test(name)) out.push(full);
  }
  return out;
}

const files = walk(ROOT).map((full) => ({ rel: path.relative(ROOT, full), text: readFileSync(full, 'utf8') }));
const rel = (p: string) => p.split(path.sep).join('/');

// Built from pieces so that this file does not match itself.
const SHARED = ['..' + '/shared', 'shared' + '/models', 'shared' + '/vectors', "'shared'" + ", 'vectors'"];

describe('the repository is self-contained', () => {
  it('scans the source, tests, scripts, models and documents', () => {
    const names = new Set(files.map((f) => rel(f.rel)));
    for (const must of ['README.md', 'package.json', 'wrangler.toml', 'scripts/gen-model.mjs', 'models/iam.service-2.json', 'src/worker.ts'])
      expect(names.has(must), must).toBe(true);
  });

  it('no file reads or cites the workspace folder beside the repository', () => {
    const offenders = files.flatMap((f) => SHARED.filter((s) => f.text.includes(s)).map((s) => `${rel(f.rel)}: ${s}`));
    expect(offenders).toEqual([]);
  });

  it('the service models the generator reads are in the repository', async () => {
    const gen = (await import(new URL('../../scripts/gen-model.mjs', import.meta.url).href)) as {
      modelsDir(): string;
      TARGETS: { source: string }[];
    };
    const saved = process.env['EDGE_IAM_MODELS_DIR'];
    delete process.env['EDGE_IAM_MODELS_DIR'];
    try {
      const dir = path.resolve(gen.modelsDir());
      expect(path.relative(ROOT, dir).startsWith('..')).toBe(false);
      for (const t of gen.TARGETS) expect(existsSync(path.join(dir, t.source)), t.source).toBe(true);
    } finally {
      if (saved !== undefined) process.env['EDGE_IAM_MODELS_DIR'] = saved;
    }
  });

  it('every Markdown document a file names (DESIGN.md, …) is in the repository', () => {
    const present = new Set(files.filter((f) => f.rel.endsWith('.md')).map((f) => path.basename(f.rel)));
    const cited = files.flatMap((f) =>
      [...f.text.matchAll(/\b([A-Z][A-Za-z0-9_-]*\.md)\b/g)].map((m) => ({ file: rel(f.rel), doc: m[1]! })),
    );
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.filter((c) => !present.has(c.doc))).toEqual([]);
  });

  it('every Markdown table has a header row and separator (a row cut off from its table renders as text)', () => {
    const orphans: string[] = [];
    for (const f of files.filter((x) => x.rel.endsWith('.md'))) {
      const lines = f.text.split('\n');
      let inFence = false;
      for (let i = 0; i < lines.length; i++) {
        if (/^\s*```/.test(lines[i]!)) inFence = !inFence;
        if (inFence || !/^\s*\|/.test(lines[i]!) || /^\s*\|/.test(lines[i - 1] ?? '')) continue;
        // The first line of a table: the next must be its separator.
        if (!/^\s*\|(\s*:?-{3,}:?\s*\|)+\s*$/.test(lines[i + 1] ?? '')) orphans.push(`${rel(f.rel)}:${i + 1}`);
      }
    }
    expect(orphans).toEqual([]);
  });

  it('every relative link of a Markdown document resolves to a file of the repository', () => {
    const broken: string[] = [];
    for (const f of files.filter((x) => x.rel.endsWith('.md'))) {
      for (const m of f.text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
        const full = path.resolve(ROOT, path.dirname(f.rel), target);
        if (!existsSync(full) || path.relative(ROOT, full).startsWith('..')) broken.push(`${rel(f.rel)} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
