/**
 * @module The page request every listing port takes (keyset pagination over a sort key).
 */

/** A page request over a keyset ordered by `sortKey`. */
export interface PageQuery {
  /** Only entities whose path starts with this. */
  pathPrefix?: string;
  /** Exclusive lower bound on the sort key (from a Marker). */
  after?: string;
  /** How many rows to return at most. */
  limit: number;
}
