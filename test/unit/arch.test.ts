/**
 * Import direction (README, Architecture: the rings): imports point inward only. The pure core and the protocol/services ring
 * never reach the platform; services reach storage only through the ports of src/core/ports.ts; the two platform adapters,
 * storage and the data plane, never reach the HTTP edge (the data plane is reused by every entry: the Query API, an RPC, a
 * middleware), and storage never reaches the data plane that reads it.
 */
import { describe, expect, it } from 'vitest';

const sources = import.meta.glob(['/src/**/*.ts', '/src/**/*.tsx'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

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

interface Rule {
  ring: string;
  folder: RegExp;
  allowed: (target: string) => boolean;
}

const RULES: Rule[] = [
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
    // Said on its own although the services rule implies it: the store is reached through src/core/ports.ts.
    ring: 'services (no storage internals)',
    folder: /^\/src\/services\//,
    allowed: (t) => !t.startsWith('/src/storage/'),
  },
  {
    ring: 'storage',
    folder: /^\/src\/storage\//,
    allowed: (t) =>
      !t.startsWith('/src/http/') &&
      !t.startsWith('/src/data-plane/') &&
      !t.startsWith('hono') &&
      (t.startsWith('/src/') || t.startsWith('drizzle-orm') || t === 'cloudflare:workers'),
  },
  {
    ring: 'data-plane',
    folder: /^\/src\/data-plane\//,
    allowed: (t) =>
      !t.startsWith('/src/http/') &&
      !t.startsWith('hono') &&
      (t.startsWith('/src/core/') ||
        t.startsWith('/src/protocol/') ||
        t.startsWith('/src/services/') ||
        t.startsWith('/src/storage/') ||
        t.startsWith('/src/data-plane/') ||
        t === '/src/env' ||
        t.startsWith('node:')),
  },
  {
    // The RPC entrypoint is an edge like http/, but without HTTP: it hands its bindings to the data plane
    // and imports neither the HTTP edge, Hono, nor storage or services directly.
    ring: 'rpc',
    folder: /^\/src\/rpc\//,
    allowed: (t) =>
      t.startsWith('/src/core/') || t.startsWith('/src/data-plane/') || t.startsWith('/src/rpc/') || t === '/src/env' || t === 'cloudflare:workers',
  },
  {
    // The middleware runs in the SaaS's Worker (edge-iam/middleware): Hono, the decision contract and the
    // pure core only; nothing of the IAM Worker (its storage, data plane, services, secrets' bindings).
    ring: 'middleware',
    folder: /^\/src\/middleware\//,
    allowed: (t) => t.startsWith('/src/core/') || t.startsWith('/src/middleware/') || t === 'hono' || t.startsWith('hono/'),
  },
  {
    // The console is an edge like http/: Hono and its JSX, the pure core, and the account's object through
    // storage's RPC surface and read model; never the services directly (it acts through IAM actions). It
    // names services/context only for the `Caller` type a console call acts as (act.ts), and protocol/query
    // to decode and validate every input with the IAM model exactly as the Query API does (act.ts).
    ring: 'console',
    folder: /^\/src\/console\//,
    allowed: (t) =>
      t.startsWith('/src/core/') ||
      t.startsWith('/src/console/') ||
      t === '/src/storage/account-rpc' ||
      t === '/src/storage/account/sign-in' ||
      t === '/src/storage/read-model' ||
      t === '/src/services/context' ||
      // The Query API's model decoder, so a page's input is validated with the API's words (console/input.ts).
      t === '/src/protocol/query/index' ||
      // Switch role: AssumeRole run by the isolate's STS runner, and a role session's token turned into its
      // caller as authentication does (data-plane/console-role.ts), never a second STS.
      t === '/src/data-plane/console-role' ||
      // Sign-in events (ConsoleLogin, SwitchRole), built by the audit service and queued by the data plane.
      t === '/src/data-plane/sign-in-audit' ||
      t === '/src/env' ||
      t === 'hono' ||
      t.startsWith('hono/'),
  },
];

/** The imports of files in `rule`'s folder that it does not allow, as `file imports spec`. */
function violationsOf(rule: Rule, files: Record<string, string>): string[] {
  const violations: string[] = [];
  for (const [file, text] of Object.entries(files)) {
    if (!rule.folder.test(file)) continue;
    for (const spec of importsOf(text)) {
      const target = resolve(file, spec);
      if (!rule.allowed(target)) violations.push(`${file} imports ${spec}`);
    }
  }
  return violations;
}

const ruleOf = (ring: string): Rule => RULES.find((r) => r.ring === ring)!;

describe('architecture', () => {
  it('finds the sources and reads their imports, multi-line ones included', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(30);
    expect(importsOf(sources['/src/storage/account-do.ts']!)).toContain('cloudflare:workers');
    expect(importsOf("import {\n  a,\n  b,\n} from '../http/app';\nexport { c } from 'hono';")).toEqual(['../http/app', 'hono']);
  });

  it('finds a violation of each new rule in a synthetic tree, and none where the import points inward', () => {
    const files = {
      '/src/data-plane/decide.ts': "import { onError } from '../http/on-error';\nimport { readModelFor } from '../storage/read-model';",
      '/src/data-plane/route.ts': "import type { Context } from 'hono';\nimport { enforce } from '../services/authz-enforce';",
      '/src/services/iam/users.ts': "import type { AccountStore } from '../../core/ports';\nimport { SqliteAccountStore } from '../../storage/account-store';",
      '/src/services/policy-set.ts': "import {\n  lookupAccessKey,\n} from '../storage/read-model';",
      '/src/storage/read-model.ts': "import { authenticatorFor } from '../data-plane/authenticate';\nimport { sql } from 'drizzle-orm';",
      '/src/rpc/decision-entrypoint.ts': "import { WorkerEntrypoint } from 'cloudflare:workers';\nimport { decisionApi } from '../http/decision-api';\nimport { lookupAccessKey } from '../storage/read-model';\nimport * as d from '../data-plane/decide';",
    };
    expect(violationsOf(ruleOf('data-plane'), files)).toEqual([
      '/src/data-plane/decide.ts imports ../http/on-error',
      '/src/data-plane/route.ts imports hono',
    ]);
    expect(violationsOf(ruleOf('services (no storage internals)'), files)).toEqual([
      '/src/services/iam/users.ts imports ../../storage/account-store',
      '/src/services/policy-set.ts imports ../storage/read-model',
    ]);
    expect(violationsOf(ruleOf('storage'), files)).toEqual(['/src/storage/read-model.ts imports ../data-plane/authenticate']);
    expect(violationsOf(ruleOf('rpc'), files)).toEqual([
      '/src/rpc/decision-entrypoint.ts imports ../http/decision-api',
      '/src/rpc/decision-entrypoint.ts imports ../storage/read-model',
    ]);
  });

  it('finds a middleware import of the IAM Worker, and none of the contract, the core or Hono', () => {
    const files = {
      '/src/middleware/authorizer.ts': "import type { DecisionService } from '../core/decision/contract';\nimport { createMiddleware } from 'hono/factory';",
      '/src/middleware/leak.ts': "import { authenticatorFor } from '../data-plane/authenticate';\nimport { env } from 'cloudflare:workers';\nimport { AwsClient } from 'aws4fetch';",
    };
    expect(violationsOf(ruleOf('middleware'), files)).toEqual([
      '/src/middleware/leak.ts imports ../data-plane/authenticate',
      '/src/middleware/leak.ts imports cloudflare:workers',
      '/src/middleware/leak.ts imports aws4fetch',
    ]);
    expect(Object.keys(sources).filter((f) => ruleOf('middleware').folder.test(f)).length).toBeGreaterThan(5);
  });

  it('finds the console where its rule looks, .tsx pages included', () => {
    expect(Object.keys(sources).filter((f) => ruleOf('console').folder.test(f))).toEqual(expect.arrayContaining(['/src/console/routes.tsx', '/src/console/sign-in-pages.tsx', '/src/console/layout.tsx', '/src/console/session.ts']));
  });

  it('finds the data plane where its rule looks (a rule over an empty folder would pass whatever it forbids)', () => {
    expect(Object.keys(sources).filter((f) => ruleOf('data-plane').folder.test(f)).length).toBeGreaterThan(8);
  });

  for (const rule of RULES) {
    it(`keeps ${rule.ring} imports pointing inward`, () => {
      expect(violationsOf(rule, sources)).toEqual([]);
    });
  }

  it('finds the RPC entrypoint where its rule looks', () => {
    expect(Object.keys(sources).filter((f) => ruleOf('rpc').folder.test(f))).toContain('/src/rpc/decision-entrypoint.ts');
  });

  it('exports only the default handler, the Durable Object classes and the decision entrypoint from the Worker entry', () => {
    const worker = sources['/src/worker.ts']!;
    const exported = [...worker.matchAll(/^export\s+(?:\{([^}]*)\}|default|const\s+(\w+)|class\s+(\w+))/gm)].map((m) => m[0]);
    expect(exported).toEqual(['export { AccountDO }', 'export { SamlReplayDO }', 'export { DecisionEntrypoint }', 'export default']);
  });
});
