/**
 * @module Pushes service catalog files (AWS's service reference JSON, one service per file) to a running
 * edge-iam through the operator API: `PUT /operator/services/{Name}` with the file's text as it is, so the
 * stored document is byte for byte the file. Used by `npm run deploy` (catalog/*.json after the Worker is
 * deployed) and `npm start` (the same files, locally); plain Node, no dependency.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The `*.json` files of `dir`, sorted by name; none when the folder does not exist. */
export function catalogFiles(dir) {
  let names;
  try {
    names = readdirSync(dir);
  } catch (e) {
    if (e && e.code === 'ENOENT') return [];
    throw e;
  }
  return names.filter((n) => n.endsWith('.json')).sort().map((n) => path.join(dir, n));
}

/** A file the service refused, with its problems (the operator API's `errors`). */
export class CatalogPushError extends Error {
  constructor(file, status, message, errors) {
    super(`${file}: ${status} ${message}`);
    this.name = 'CatalogPushError';
    this.status = status;
    this.errors = errors ?? [];
  }
}

/**
 * PUTs each file, in order; resolves with `[{ file, prefix, version, bookmark }]`. Stops at the first
 * file that cannot be read or that the service refuses (CatalogPushError: the file, the status and the
 * service's message, which lists every problem of the document). The operator token is only sent, never
 * printed.
 */
export async function pushCatalogs(endpoint, operatorToken, files) {
  const pushed = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    let name;
    try {
      name = JSON.parse(text)?.Name;
    } catch {
      throw new CatalogPushError(file, 0, 'is not valid JSON');
    }
    if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9-]*$/.test(name)) throw new CatalogPushError(file, 0, 'has no valid Name (the service prefix)');
    const res = await fetch(new URL(`/operator/services/${name}`, endpoint), {
      method: 'PUT',
      headers: { authorization: `Bearer ${operatorToken}`, 'content-type': 'application/json' },
      body: text,
      signal: AbortSignal.timeout(30_000),
    });
    const answer = await res.text();
    let json;
    try {
      json = JSON.parse(answer);
    } catch {
      json = undefined;
    }
    if (res.status !== 200) throw new CatalogPushError(file, res.status, json?.message ?? answer.slice(0, 300), json?.errors);
    pushed.push({ file, prefix: json.prefix, version: json.version, bookmark: res.headers.get('x-iam-bookmark') });
  }
  return pushed;
}
