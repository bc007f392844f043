/**
 * Import direction (README, Architecture: the rings): imports point inward only. The pure core and the protocol/services ring
 * never reach the platform, and the storage edge never reaches the HTTP edge.
 */
import { describe, expect, it } from 'vitest';

const sources = import.meta.glob('/src/**/*.ts', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;

function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) out.push((m[1] ?? m[2])!);
  return out;
}

/** Resolves a relative specifier against the importing file, giving a path under /src. */
function resolve(from: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  const parts = from.split('/').slice(0, -1);
  for (const p of spec.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.') parts.push(p);
  }
  return parts.join('/');
}

const RULES: { ring: string; folder: RegExp; allowed: (target: string) => boolean }[] = [
  { ring: 'core', folder: /^\/src\/core\//, allowed: (t) => t.startsWith('/src/core/') || t.startsWith('@noble/hashes/') || t === 'jose' },
  {
    ring: 'protocol',
    folder: /^\/src\/protocol\//,
    allowed: (t) => t.startsWith('/src/core/') || t.startsWith('/src/protocol/'),
  },
  {
    ring: 'services',
    folder: /^\/src\/services\//,
    allowed: (t) => t.startsWith('/src/core/') || t.startsWith('/src/services/'),
  },
  {
    ring: 'storage',
    folder: /^\/src\/storage\//,
    allowed: (t) =>
      !t.startsWith('/src/http/') && !t.startsWith('hono') && (t.startsWith('/src/') || t.startsWith('drizzle-orm') || t === 'cloudflare:workers'),
  },
];

describe('architecture', () => {
  it('finds the sources and reads their imports, multi-line ones included', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(30);
    expect(importsOf(sources['/src/storage/account-do.ts']!)).toContain('cloudflare:workers');
    expect(importsOf("import {\n  a,\n  b,\n} from '../http/app';\nexport { c } from 'hono';")).toEqual(['../http/app', 'hono']);
  });

  for (const rule of RULES) {
    it(`keeps ${rule.ring} imports pointing inward`, () => {
      const violations: string[] = [];
      for (const [file, text] of Object.entries(sources)) {
        if (!rule.folder.test(file)) continue;
        for (const spec of importsOf(text)) {
          const target = resolve(file, spec);
          if (!rule.allowed(target)) violations.push(`${file} imports ${spec}`);
        }
      }
      expect(violations).toEqual([]);
    });
  }

  it('exports only the default handler and the Durable Object classes from the Worker entry', () => {
    const worker = sources['/src/worker.ts']!;
    const exported = [...worker.matchAll(/^export\s+(?:\{([^}]*)\}|default|const\s+(\w+)|class\s+(\w+))/gm)].map((m) => m[0]);
    expect(exported).toEqual(['export { AccountDO }', 'export { SamlReplayDO }', 'export default']);
  });
});
