/**
 * @module The operator API of the service catalog (issue 9 §1): the SaaS's services, each a service
 * reference document in AWS's own format (core/catalog), stored in D1 with a version
 * (storage/service-catalog.ts). Mounted under `/operator` by http/operator.ts, behind its bearer token.
 *
 *   PUT    /operator/services/{prefix}   body: the service reference JSON (its Name equals {prefix},
 *                                         regardless of case) → 200 {"prefix","version","updatedAt"};
 *                                         creates or replaces the service, version + 1
 *   GET    /operator/services/{prefix}   → {"prefix","version","updatedAt","document"} (the document as sent)
 *   DELETE /operator/services/{prefix}   → {"prefix","version","deleted":true}
 *   GET    /operator/services            → {"services": [{"prefix","version","updatedAt"}]}
 *
 * Errors: `{"code","message"}` as every operator error; an invalid document is 400 `InvalidRequest` whose
 * message lists the problems, also given one by one in `errors` (`[{"path","message"}]`); an unknown prefix
 * is 404 `NotFound`; a document over 256 KiB is 413; a new service beyond 100 is 409 `LimitExceeded`. Writes answer with `x-iam-bookmark`: a read (this API
 * or a decision) that passes it sees the change at once; otherwise every isolate sees it within the
 * propagation bound (storage/service-catalog.ts: 5 s plus replica lag).
 */
import { Hono, type Context } from 'hono';
import { CATALOG_LIMITS, parseServiceReference, SERVICE_PREFIX, RESERVED_PREFIXES } from '../core/catalog/index';
import { readCapped } from '../core/read-capped';
import type { AppEnv, Env } from '../env';
import { BUILT_IN_PREFIXES } from '../services/catalog-reference';
import { deleteService, getService, listServices, putService } from '../storage/service-catalog';
import { OperatorError } from './operator';
import { bookmarkOf } from './query-request';

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const RESERVED = new Set([...RESERVED_PREFIXES, ...BUILT_IN_PREFIXES]);

const bad = (message: string, errors?: readonly { path: string; message: string }[]) => new OperatorError(400, 'InvalidRequest', message, errors);
const notFound = (prefix: string) => new OperatorError(404, 'NotFound', `The service ${prefix} does not exist.`);

/** The catalog lives in the main database, not in an account's shard. */
const catalogDb = (env: Env) => env.DB;

type PrefixContext = Context<AppEnv, '/services/:prefix'>;

/** The `{prefix}` of the path, lower case; 400 when it cannot be a service prefix. */
function prefixOf(c: PrefixContext): string {
  const prefix = c.req.param('prefix');
  if (!SERVICE_PREFIX.test(prefix)) throw bad(`The service prefix "${prefix}" must be 1 to 64 letters, digits and hyphens, starting with a letter and not ending with a hyphen.`);
  return prefix.toLowerCase();
}

/** Reads against a bookmark when the caller passes one, else on the primary (operator reads are rare). */
const readSession = (c: Context<AppEnv>) => catalogDb(c.env).withSession(bookmarkOf(c.req.header('x-iam-bookmark')) ?? 'first-primary');

/** The catalog routes, mounted at `/operator` after the operator's authentication. */
export function serviceRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/services', list);
  app.put('/services/:prefix', put);
  app.get('/services/:prefix', get);
  app.delete('/services/:prefix', remove);
  return app;
}

async function put(c: PrefixContext) {
  const prefix = prefixOf(c);
  if (RESERVED.has(prefix)) throw bad(`The service prefix "${prefix}" is reserved (${[...RESERVED].sort().join(', ')} are answered by IAM itself).`);
  const read = await readCapped(c.req.raw, CATALOG_LIMITS.documentBytes);
  if (!read.ok) {
    if (read.error === 'too-large') throw new OperatorError(413, 'RequestTooLarge', `A service reference document is at most ${CATALOG_LIMITS.documentBytes} bytes.`);
    throw bad('The request body could not be read.');
  }
  let text: string;
  try {
    text = UTF8.decode(read.value);
  } catch {
    throw bad('The request body is not valid UTF-8.');
  }
  const parsed = parseServiceReference(text, { reserved: BUILT_IN_PREFIXES });
  if (!parsed.ok) {
    const errors = parsed.error;
    throw bad(`The service reference document is not valid: ${errors.map((p) => `${p.path}: ${p.message}`).join(' ')}`, errors);
  }
  if (parsed.value.Name.toLowerCase() !== prefix) {
    throw bad(`The document's Name "${parsed.value.Name}" must equal the service prefix of the path, "${prefix}".`, [{ path: '$.Name', message: `Must equal "${prefix}".` }]);
  }
  const updatedAt = c.get('now').toISOString();
  const stored = await putService(catalogDb(c.env), prefix, text, updatedAt, CATALOG_LIMITS.services);
  if (!stored) throw new OperatorError(409, 'LimitExceeded', `The catalog already has ${CATALOG_LIMITS.services} services; delete one first.`);
  const { version, bookmark } = stored;
  if (bookmark) c.header('x-iam-bookmark', bookmark);
  return c.json({ prefix, version, updatedAt });
}

async function get(c: PrefixContext) {
  const prefix = prefixOf(c);
  const found = await getService(readSession(c), prefix);
  if (!found) throw notFound(prefix);
  return c.json({ prefix, version: found.version, updatedAt: found.updatedAt, document: JSON.parse(found.document) as unknown });
}

async function remove(c: PrefixContext) {
  const prefix = prefixOf(c);
  const deleted = await deleteService(catalogDb(c.env), prefix, c.get('now').toISOString());
  if (!deleted) throw notFound(prefix);
  if (deleted.bookmark) c.header('x-iam-bookmark', deleted.bookmark);
  return c.json({ prefix, version: deleted.version, deleted: true });
}

async function list(c: Context<AppEnv>) {
  const services = await listServices(readSession(c));
  return c.json({ services });
}
