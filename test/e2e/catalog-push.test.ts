/**
 * Deploy-time catalogs (scripts/lib/push-catalogs.mjs, `npm run deploy -- --catalogs-only`) against the
 * real local server: the acme catalog file is pushed as it is and read back through the operator API; a
 * second push is the next version; an invalid file stops the push with the service's problems, and the
 * token never appears in the output.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { endpoint } from './support/clients';
import { e2eServer } from './support/server';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ACME = path.join(ROOT, 'examples/acme/acme.service.json');
const DEPLOY = path.join(ROOT, 'scripts/deploy.mjs');
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'edge-iam-catalog-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const { pushCatalogs, catalogFiles } = (await import(new URL('../../scripts/lib/push-catalogs.mjs', import.meta.url).href)) as {
  pushCatalogs(endpoint: string, token: string, files: string[]): Promise<{ file: string; prefix: string; version: number; bookmark: string | null }[]>;
  catalogFiles(dir: string): string[];
};

async function getService(prefix: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${endpoint()}/operator/services/${prefix}`, { headers: { authorization: `Bearer ${e2eServer().operatorToken}` } });
  return { status: res.status, body: await res.json() };
}

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [DEPLOY, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('pushCatalogs', () => {
  it('pushes the acme catalog file as it is; pushing again is the next version', async () => {
    const [first] = await pushCatalogs(endpoint(), e2eServer().operatorToken, [ACME]);
    expect(first).toMatchObject({ file: ACME, prefix: 'acme' });
    const got = await getService('acme');
    expect(got.status).toBe(200);
    expect(got.body.document).toEqual(JSON.parse(readFileSync(ACME, 'utf8')));
    expect(got.body.version).toBe(first!.version);
    const [second] = await pushCatalogs(endpoint(), e2eServer().operatorToken, [ACME]);
    expect(second!.version).toBe(first!.version + 1);
  });

  it('stops at a file the service refuses, with its problems', async () => {
    const dir = tmp();
    const bad = path.join(dir, 'b.json');
    const doc = JSON.parse(readFileSync(ACME, 'utf8'));
    doc.Name = 'badcat';
    writeFileSync(bad, JSON.stringify(doc));
    await expect(pushCatalogs(endpoint(), e2eServer().operatorToken, [bad])).rejects.toMatchObject({
      status: 400,
      errors: expect.arrayContaining([expect.objectContaining({ path: '$.Resources[0].ARNFormats[0]' })]),
    });
    expect((await getService('badcat')).status).toBe(404);
    expect(catalogFiles(path.join(dir, 'missing'))).toEqual([]);
  });
});

describe('npm run deploy -- --catalogs-only', () => {
  it('pushes every catalog/*.json of CATALOG_DIR, and fails with the problems of a refused file', async () => {
    const dir = tmp();
    const other = JSON.parse(readFileSync(ACME, 'utf8').replaceAll(':acme:', ':deploycat:').replaceAll('"acme:', '"deploycat:'));
    other.Name = 'deploycat';
    copyFileSync(ACME, path.join(dir, 'acme.json'));
    writeFileSync(path.join(dir, 'deploycat.json'), JSON.stringify(other));
    writeFileSync(path.join(dir, 'notes.txt'), 'not a catalog');
    const token = e2eServer().operatorToken;
    const ok = await run(['--catalogs-only'], { ENDPOINT: endpoint(), OPERATOR_TOKEN: token, CATALOG_DIR: dir });
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toMatch(/service acme: version \d+/);
    expect(ok.out).toMatch(/service deploycat: version 1 /);
    expect(ok.out).not.toContain(token);
    expect((await getService('deploycat')).body.document).toEqual(other);

    writeFileSync(path.join(dir, 'zz.json'), JSON.stringify({ ...other, Name: 'zz' }));
    const refused = await run(['--catalogs-only'], { ENDPOINT: endpoint(), OPERATOR_TOKEN: token, CATALOG_DIR: dir });
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('zz.json: 400 The service reference document is not valid');
    expect(refused.out).toContain('must name the service "zz"');
  });
});
