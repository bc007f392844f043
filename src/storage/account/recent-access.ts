/**
 * @module The last-accessed rows an account's object wrote lately (service and action last accessed,
 * services/iam/last-accessed/track.ts), so that an IAM call whose row is within its resolution runs no
 * statement at all. The row's upsert already leaves such a row alone (account-store/last-access.ts); asking
 * SQLite to decide cost every IAM call a statement (about a tenth of GetUser's work in the object, `npm run
 * profile -- iam-get-user --http --concurrency 16`).
 *
 * A call within the resolution of the last call the object wrote for the same entity, action and region runs
 * no statement. The upsert may have left that last call's row as it was (a newer one within the
 * resolution), so a row can lag its latest call by up to twice the resolution (two minutes), where AWS's own
 * data lags by up to four hours (User Guide, "Refine permissions in AWS using last accessed information").
 * A call from another region is always written, as the upsert writes a change of region.
 */
import type { Caller } from '../../services/context';
import { ACCESS_RESOLUTION_MS, accessEntityOf } from '../../services/iam/last-accessed/track';

/** Rows remembered at most; past it the memory starts again empty. */
const RECENT_ACCESS_MAX = 4_096;

/** What the object wrote lately, per entity and IAM action; see the module comment. */
export class RecentAccess {
  readonly #written = new Map<string, { atMs: number; region: string }>();

  /** Whether the row of `caller`'s attempt at `iam:<action>` from `region` at `atMs` is one the upsert would leave as it is. */
  covers(caller: Caller, action: string, region: string, atMs: number): boolean {
    const key = keyOf(caller, action);
    if (key === undefined) return true; // not an IAM entity: nothing is recorded
    const last = this.#written.get(key);
    return last !== undefined && last.region === region && atMs >= last.atMs && atMs < last.atMs + ACCESS_RESOLUTION_MS;
  }

  /** After the row was written (or left as it was, when it was newer). */
  wrote(caller: Caller, action: string, region: string, atMs: number): void {
    const key = keyOf(caller, action);
    if (key === undefined) return;
    if (this.#written.size >= RECENT_ACCESS_MAX) this.#written.clear();
    this.#written.set(key, { atMs, region });
  }
}

function keyOf(caller: Caller, action: string): string | undefined {
  const entity = accessEntityOf(caller);
  return entity && `${entity.type}\0${entity.id}\0${action}`;
}
