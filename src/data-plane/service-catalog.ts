/**
 * @module The deployment's service catalog as an isolate sees it (issue 9 §1): the services the operator
 * declared (`/operator/services`, stored in D1 by storage/service-catalog.ts), compiled once per version and
 * cached per isolate.
 *
 * Propagation bound: a change of the catalog is seen by every isolate within CATALOG_TTL_MS (5 s) plus D1's
 * replica lag; a caller holding the operator write's `x-iam-bookmark` sees it at once.
 */
import type { Catalog } from '../core/catalog/types';
import type { Env } from '../env';
import { catalogViewOf } from '../storage/service-catalog';

export { CATALOG_TTL_MS } from '../storage/service-catalog';

/**
 * The catalog for this env, no older than the documented propagation bound; with `bookmark` (a D1
 * bookmark), at least as fresh as the write that returned it.
 */
export async function catalogFor(env: Env, nowMs: number, bookmark: string | null = null): Promise<Catalog> {
  return catalogViewOf(env.DB).catalog(env.DB, nowMs, bookmark);
}
