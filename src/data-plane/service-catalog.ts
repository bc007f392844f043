/**
 * @module The deployment's service catalog as an isolate sees it (issue 9 §1).
 *
 * OWNER: the catalog work replaces this placeholder with the D1-backed, versioned, cached loader; its
 * signature stays.
 */
import type { Catalog } from '../core/catalog/types';
import type { Env } from '../env';

const EMPTY: Catalog = { service: () => undefined, services: () => [] };

/** The catalog for this env, no older than the documented propagation bound. */
export async function catalogFor(_env: Env, _nowMs: number): Promise<Catalog> {
  return EMPTY;
}
