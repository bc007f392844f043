/**
 * @module The AWS-managed policy catalog as stored in D1 (tables `aws_managed_policies` and
 * `aws_managed_catalog_version`, seeded from catalog/aws-managed-policies/ by scripts/lib/aws-managed-seed.mjs)
 * and one isolate's copy of it.
 *
 * {@link AwsManagedView} keeps the catalog an isolate (or account object) read, and installs it for the
 * synchronous lookups of services/iam/aws-managed.ts. After {@link AWS_MANAGED_TTL_MS} it reads the
 * version row only (one small query); the policies are read again, page by page, only when the version
 * changed, that is after a refresh was seeded. D1 failing keeps the copy read before; with none, the
 * lookups fail (ServiceFailure) rather than answer as if a policy did not exist.
 */
import { installAwsManagedCatalog, type AwsManagedEntry } from '../services/iam/aws-managed';
import type { D1Like } from './read-model';

/** How long an isolate uses its catalog before asking D1 for the version (milliseconds). */
export const AWS_MANAGED_TTL_MS = 5_000;
/** Policies read per query when the catalog is (re)loaded: bounded answers, about 1 MB each. */
const PAGE_ROWS = 400;

interface Row {
  name: string;
  path: string;
  default_version_id: string;
  document: string;
  create_date: string;
  update_date: string;
  description: string | null;
  attachable: number;
}

/** The seeded version, or null when nothing was seeded. */
export async function seededVersion(db: D1Like): Promise<string | null> {
  const row = await db.prepare('SELECT version FROM aws_managed_catalog_version WHERE id = 1').first<{ version: string }>();
  return row?.version ?? null;
}

/** Every stored policy, by name, read in pages of {@link PAGE_ROWS}. */
export async function readAwsManagedPolicies(db: D1Like): Promise<AwsManagedEntry[]> {
  const out: AwsManagedEntry[] = [];
  let after = '';
  for (;;) {
    const { results } = await db
      .prepare('SELECT * FROM aws_managed_policies WHERE name > ?1 ORDER BY name LIMIT ?2')
      .bind(after, PAGE_ROWS)
      .all<Row>();
    for (const r of results) {
      out.push({
        name: r.name,
        path: r.path,
        defaultVersionId: r.default_version_id,
        document: r.document,
        createDate: r.create_date,
        updateDate: r.update_date,
        description: r.description,
        attachable: r.attachable !== 0,
      });
    }
    if (results.length < PAGE_ROWS) return out;
    after = results[results.length - 1]!.name;
  }
}

/** One isolate's copy of the catalog; see the module comment. */
export class AwsManagedView {
  #version: string | null | undefined;
  #checkedAt = -Infinity;
  #refreshing: Promise<void> | undefined;

  /**
   * Makes the catalog current (no older than AWS_MANAGED_TTL_MS plus replica lag) and installed. `db` is the
   * main D1 database. Concurrent callers share one refresh.
   */
  async ensure(db: D1Database, nowMs: number): Promise<void> {
    if (nowMs - this.#checkedAt < AWS_MANAGED_TTL_MS) return;
    this.#refreshing ??= this.#refresh(db.withSession('first-unconstrained'), nowMs)
      .catch((e: unknown) => this.#stale(e, nowMs))
      .finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  async #refresh(db: D1Like, nowMs: number): Promise<void> {
    const version = await seededVersion(db);
    if (version !== null && version !== this.#version) {
      installAwsManagedCatalog(version, await readAwsManagedPolicies(db));
      this.#version = version;
    } else if (version === null && this.#version === undefined) {
      // Nothing seeded (a database the seed never reached): an empty catalog, said once per refresh.
      console.warn(JSON.stringify({ event: 'aws-managed-catalog-empty', message: 'no AWS managed policies are seeded (npm start and npm run deploy seed them)' }));
      installAwsManagedCatalog('', []);
    }
    this.#checkedAt = nowMs;
  }

  /** D1 failed: the copy read before stays (one attempt per TTL); without one, lookups fail (ServiceFailure). */
  #stale(e: unknown, nowMs: number): void {
    console.error(JSON.stringify({ event: 'aws-managed-catalog-unavailable', message: e instanceof Error ? e.message : String(e) }));
    if (this.#version !== undefined) this.#checkedAt = nowMs;
  }
}

const views = new WeakMap<D1Database, AwsManagedView>();

/** This isolate's copy of the catalog stored in `db` (the main D1 database), made current. */
export function ensureAwsManagedCatalog(db: D1Database, nowMs: number): Promise<void> {
  let v = views.get(db);
  if (!v) views.set(db, (v = new AwsManagedView()));
  return v.ensure(db, nowMs);
}
