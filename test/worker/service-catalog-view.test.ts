/**
 * The per-isolate view of the catalog (storage/service-catalog.ts, data-plane catalogFor) on real D1: a
 * change is seen after the TTL and at once with the write's bookmark; a service is compiled once per
 * version; a deletion is a newer version; a stored document that no longer validates is skipped (never
 * half-loaded); D1 failing keeps the catalog read before.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { catalogFor } from '../../src/data-plane/service-catalog';
import { CATALOG_TTL_MS, CatalogView } from '../../src/storage/service-catalog';
import { faultyD1 } from './faulty-d1';
import { operator } from './support';

const ACME_TEXT = Object.values(import.meta.glob('/examples/acme/acme.service.json', { query: '?raw', import: 'default', eager: true }))[0] as string;

/** A service like acme under `prefix`, after `edit`. */
function service(prefix: string, edit: (d: any) => void = () => {}): any {
  const d = JSON.parse(ACME_TEXT.replaceAll(':acme:', `:${prefix}:`).replaceAll('"acme:', `"${prefix}:`));
  d.Name = prefix;
  edit(d);
  return d;
}

const unique = () => `view${Math.floor(Math.random() * 1e9)}`;

async function put(prefix: string, doc: unknown): Promise<string> {
  const res = await operator('PUT', `/services/${prefix}`, doc);
  expect(res.status).toBe(200);
  return res.headers.get('x-iam-bookmark')!;
}

describe('CatalogView', () => {
  it('sees a change after the TTL, at once with the bookmark, and compiles each version once', async () => {
    const prefix = unique();
    await put(prefix, service(prefix));
    const view = new CatalogView();
    const t0 = 1_000_000;
    const first = (await view.catalog(env.DB, t0)).service(prefix)!;
    expect(first.version).toBe(1);
    expect(first.action('DeleteDocument')).toBeDefined();

    await put(prefix, service(prefix, (d) => (d.Actions = d.Actions.filter((a: any) => a.Name !== 'DeleteDocument'))));
    // Within the TTL: the isolate's catalog, unchanged.
    expect((await view.catalog(env.DB, t0 + CATALOG_TTL_MS - 1)).service(prefix)).toBe(first);
    // After it: the new version.
    const second = (await view.catalog(env.DB, t0 + CATALOG_TTL_MS)).service(prefix)!;
    expect(second.version).toBe(2);
    expect(second.action('DeleteDocument')).toBeUndefined();
    // Nothing changed since: the same compiled service after the next refresh.
    expect((await view.catalog(env.DB, t0 + 2 * CATALOG_TTL_MS)).service(prefix)).toBe(second);

    // A write's bookmark reads past the cache at once.
    const bookmark = await put(prefix, service(prefix));
    const third = (await view.catalog(env.DB, t0 + 2 * CATALOG_TTL_MS + 1, bookmark)).service(prefix)!;
    expect(third.version).toBe(3);
    expect(third.action('DeleteDocument')).toBeDefined();
  });

  it('forgets a deleted service after the TTL, and knows it again when declared again', async () => {
    const prefix = unique();
    await put(prefix, service(prefix));
    const view = new CatalogView();
    expect((await view.catalog(env.DB, 0)).service(prefix)).toBeDefined();
    expect((await operator('DELETE', `/services/${prefix}`)).status).toBe(200);
    expect((await view.catalog(env.DB, CATALOG_TTL_MS)).service(prefix)).toBeUndefined();
    await put(prefix, service(prefix));
    expect((await view.catalog(env.DB, 2 * CATALOG_TTL_MS)).service(prefix)?.version).toBe(3);
  });

  it('skips a stored document that no longer validates, and says so', async () => {
    const good = unique();
    await put(good, service(good));
    // Written behind the operator API's back (as if a rule was added since): a prefix now reserved.
    const reserved = unique();
    await env.DB.prepare('insert into service_catalog (prefix, document, version, updated_at) values (?, ?, 1, ?)')
      .bind(reserved, JSON.stringify(service(reserved)), new Date().toISOString())
      .run();
    const warnings: string[] = [];
    const view = new CatalogView([reserved], (prefix, version, message) => warnings.push(`${prefix} v${version}: ${message}`));
    const catalog = await view.catalog(env.DB, 0);
    expect(catalog.service(reserved)).toBeUndefined();
    expect(catalog.service(good)).toBeDefined();
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`^${reserved} v1: \\$\\.Name: The service prefix "${reserved}" is reserved`))]);
  });

  it('keeps the catalog read before while D1 fails, and fails without one', async () => {
    const prefix = unique();
    await put(prefix, service(prefix));
    const faults = { batches: 0, statements: 0 };
    const db = faultyD1(env.DB, faults);
    const warnings: string[] = [];
    const view = new CatalogView(undefined, (p, _v, m) => warnings.push(`${p}: ${m}`));
    faults.statements = 1;
    await expect(view.catalog(db, 0)).rejects.toThrow(/Failed query: select/);
    const read = (await view.catalog(db, 1)).service(prefix);
    expect(read).toBeDefined();
    faults.statements = 1;
    expect((await view.catalog(db, 1 + CATALOG_TTL_MS)).service(prefix)).toBe(read);
    expect(warnings).toEqual([expect.stringContaining('*: catalog refresh failed, the previous catalog stays in use: Failed query')]);
  });
});

describe('catalogFor', () => {
  it("is one view per isolate over the env's database", async () => {
    const prefix = unique();
    const bookmark = await put(prefix, service(prefix));
    const now = Date.now();
    const catalog = await catalogFor(env, now, bookmark);
    expect(catalog.service(prefix)?.resourceTypeOf(`arn:aws:${prefix}:us-east-1:123456789012:project/p1/document/d1`)).toBe('document');
    expect(await catalogFor(env, now + 1)).toBe(catalog);
  });
});
