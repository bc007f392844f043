/**
 * @module The deployment's service catalog in D1 (table `service_catalog`, schema/read-model.ts) and the
 * per-isolate view of it that everything reads (issue 9 §1).
 *
 * Writes (the operator API) go to the primary: `putService` creates or replaces a service and
 * `deleteService` leaves a tombstone, each raising the service's version by one in the same statement.
 *
 * Reads: {@link CatalogView} keeps one isolate's compiled catalog. After {@link CATALOG_TTL_MS} it asks D1
 * for the versions only (one small query), and fetches, parses and compiles the documents of the services
 * whose version grew (a second query, only then): a service is compiled once per version. A version never
 * goes back: a replica behind the one read before cannot undo a change this isolate has seen. A bookmark
 * (`x-iam-bookmark` of the operator's write) reads past the cache at least that fresh.
 *
 * Propagation bound: a catalog change reaches every isolate within CATALOG_TTL_MS (5 s) plus the replica
 * lag of D1's read replication (reads use the Sessions API, `first-unconstrained`), at once with the
 * write's bookmark.
 */
import { desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { catalogOf, compileService, EMPTY_CATALOG, parseServiceReference, type Catalog, type CatalogService } from '../core/catalog/index';
import { BUILT_IN_PREFIXES } from '../services/catalog-reference';
import type { D1Like } from './read-model';
import { serviceCatalog } from './schema/read-model';

/** How long an isolate uses its catalog before asking D1 for changed versions (milliseconds). */
export const CATALOG_TTL_MS = 5_000;

const orm = (db: D1Like) => drizzle(db as D1Database);

/** One stored service, as the operator API shows it. */
export interface StoredService {
  prefix: string;
  /** The document as the operator sent it (JSON text). */
  document: string;
  version: number;
  updatedAt: string;
}

/**
 * Creates or replaces `prefix`'s document; its version is one more than before (1 for a new prefix).
 * Undefined, and nothing written, when the catalog already has `maxServices` other services: the check and
 * the write are one statement, so concurrent writes cannot pass the bound together.
 */
export async function putService(
  db: D1Database,
  prefix: string,
  document: string,
  updatedAt: string,
  maxServices: number,
): Promise<{ version: number; bookmark: string | null } | undefined> {
  const session = db.withSession('first-primary');
  const row = await session
    .prepare(
      `insert into service_catalog (prefix, document, version, updated_at)
       select ?1, ?2, 1, ?3 where (select count(*) from service_catalog where document is not null and prefix != ?1) < ?4
       on conflict (prefix) do update set document = excluded.document, updated_at = excluded.updated_at, version = service_catalog.version + 1
       returning version`,
    )
    .bind(prefix, document, updatedAt, maxServices)
    .first<{ version: number }>();
  return row ? { version: row.version, bookmark: session.getBookmark() } : undefined;
}

/**
 * Deletes `prefix`'s document, keeping its row as a tombstone with the next version. Undefined when the
 * service does not exist (never declared, or already deleted).
 */
export async function deleteService(db: D1Database, prefix: string, updatedAt: string): Promise<{ version: number; bookmark: string | null } | undefined> {
  const session = db.withSession('first-primary');
  const rows = await orm(session)
    .update(serviceCatalog)
    .set({ document: null, updatedAt, version: sql`${serviceCatalog.version} + 1` })
    .where(sql`${serviceCatalog.prefix} = ${prefix} and ${serviceCatalog.document} is not null`)
    .returning({ version: serviceCatalog.version });
  return rows[0] ? { version: rows[0].version, bookmark: session.getBookmark() } : undefined;
}

/** The service `prefix` (lower case), or undefined when it does not exist. */
export async function getService(db: D1Like, prefix: string): Promise<StoredService | undefined> {
  const rows = await orm(db).select().from(serviceCatalog).where(eq(serviceCatalog.prefix, prefix)).limit(1);
  const row = rows[0];
  return row && row.document !== null ? { prefix: row.prefix, document: row.document, version: row.version, updatedAt: row.updatedAt } : undefined;
}

/** Every existing service's prefix, version and time of change, by prefix. */
export async function listServices(db: D1Like): Promise<Omit<StoredService, 'document'>[]> {
  return orm(db)
    .select({ prefix: serviceCatalog.prefix, version: serviceCatalog.version, updatedAt: serviceCatalog.updatedAt })
    .from(serviceCatalog)
    .where(isNotNull(serviceCatalog.document))
    .orderBy(serviceCatalog.prefix);
}

/** Every row's prefix, version and whether it is a tombstone: what a refresh compares. */
async function versions(db: D1Like): Promise<{ prefix: string; version: number; deleted: boolean }[]> {
  const rows = await orm(db)
    .select({ prefix: serviceCatalog.prefix, version: serviceCatalog.version, deleted: sql<number>`${serviceCatalog.document} is null` })
    .from(serviceCatalog)
    .orderBy(desc(serviceCatalog.version));
  return rows.map((r) => ({ prefix: r.prefix, version: r.version, deleted: r.deleted === 1 }));
}

/** What one isolate knows of one prefix: the version read and the compiled service (null once deleted). */
interface Known {
  version: number;
  service: CatalogService | null;
}

/** Something went wrong with a stored document (it was valid when written; a later rule may refuse it). */
export type CatalogWarning = (prefix: string, version: number, message: string) => void;

const defaultWarning: CatalogWarning = (prefix, version, message) =>
  console.error(JSON.stringify({ event: 'catalog-service-skipped', prefix, version, message }));

/** One isolate's view of the catalog; see the module comment. */
export class CatalogView {
  readonly #known = new Map<string, Known>();
  #catalog: Catalog = EMPTY_CATALOG;
  #checkedAt = -Infinity;
  #refreshing: Promise<Catalog> | undefined;

  constructor(
    private readonly reserved: readonly string[] = BUILT_IN_PREFIXES,
    private readonly warn: CatalogWarning = defaultWarning,
  ) {}

  /**
   * The catalog, no older than CATALOG_TTL_MS plus replica lag; with `bookmark`, at least as fresh as the
   * write that returned it. `db` is the main D1 database. Concurrent callers share one refresh.
   */
  async catalog(db: D1Database, nowMs: number, bookmark: string | null = null): Promise<Catalog> {
    if (bookmark === null && nowMs - this.#checkedAt < CATALOG_TTL_MS) return this.#catalog;
    if (bookmark !== null) return this.#refresh(db.withSession(bookmark), nowMs);
    this.#refreshing ??= this.#refresh(db.withSession('first-unconstrained'), nowMs)
      .catch((e: unknown) => this.#stale(e, nowMs))
      .finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  /**
   * D1 failed: the catalog read before stays in use until the next refresh is due (one attempt per TTL,
   * not one per request); without one, the failure is the caller's.
   */
  #stale(e: unknown, nowMs: number): Catalog {
    if (this.#checkedAt === -Infinity) throw e;
    this.warn('*', 0, `catalog refresh failed, the previous catalog stays in use: ${e instanceof Error ? e.message : String(e)}`);
    this.#checkedAt = nowMs;
    return this.#catalog;
  }

  async #refresh(db: D1Like, nowMs: number): Promise<Catalog> {
    const rows = await versions(db);
    const changed = rows.filter((r) => r.version > (this.#known.get(r.prefix)?.version ?? 0));
    const documents = new Map<string, { version: number; document: string | null }>();
    const toFetch = changed.filter((r) => !r.deleted).map((r) => r.prefix);
    if (toFetch.length > 0) {
      const fetched = await orm(db)
        .select({ prefix: serviceCatalog.prefix, version: serviceCatalog.version, document: serviceCatalog.document })
        .from(serviceCatalog)
        .where(inArray(serviceCatalog.prefix, toFetch));
      for (const f of fetched) documents.set(f.prefix, f);
    }
    for (const r of changed) {
      const known = this.#known.get(r.prefix);
      if (r.deleted) {
        this.#known.set(r.prefix, { version: r.version, service: null });
        continue;
      }
      // The document may have changed again between the two reads: take it at the version it has.
      const doc = documents.get(r.prefix);
      if (!doc || doc.version <= (known?.version ?? 0)) continue;
      if (doc.document === null) {
        this.#known.set(r.prefix, { version: doc.version, service: null });
        continue;
      }
      const parsed = parseServiceReference(doc.document, { reserved: this.reserved });
      if (!parsed.ok) {
        this.warn(r.prefix, doc.version, parsed.error.map((p) => `${p.path}: ${p.message}`).join('; '));
        this.#known.set(r.prefix, { version: doc.version, service: null });
        continue;
      }
      this.#known.set(r.prefix, { version: doc.version, service: compileService(parsed.value, doc.version) });
    }
    if (changed.length > 0) this.#catalog = catalogOf([...this.#known.values()].flatMap((k) => (k.service ? [k.service] : [])));
    this.#checkedAt = nowMs;
    return this.#catalog;
  }
}

const views = new WeakMap<D1Database, CatalogView>();

/** This isolate's view of the catalog stored in `db` (the main D1 database). */
export function catalogViewOf(db: D1Database): CatalogView {
  let v = views.get(db);
  if (!v) views.set(db, (v = new CatalogView()));
  return v;
}
