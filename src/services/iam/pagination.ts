/**
 * @module IAM's pagination: `Marker`, `MaxItems` (default 100) and `IsTruncated`.
 *
 * A Marker is opaque to clients; here it is the base64url of the last returned sort key, so a page is a
 * keyset query that stays correct while entities are added or removed between pages.
 * Spec: IAM API Reference, "ListUsers" request parameters (Marker, MaxItems).
 */
import { fromBase64Url, toBase64Url, utf8 } from '../../core/bytes';
import { AwsError } from '../../core/errors';

/** MaxItems when the request gives none (IAM's documented default). */
export const DEFAULT_MAX_ITEMS = 100;

/** The result fields every paginated IAM answer carries. */
export interface PageFields {
  IsTruncated: boolean;
  Marker?: string;
}

/** Encodes a sort key as a Marker. */
export const encodeMarker = (sortKey: string): string => toBase64Url(utf8(sortKey));

/** Decodes a Marker given by a client; an invalid one is a ValidationError, as in AWS. */
export function decodeMarker(marker: string | undefined): string | undefined {
  if (marker === undefined) return undefined;
  const bytes = marker === '' ? undefined : fromBase64Url(marker);
  try {
    if (!bytes) throw new Error('not base64url');
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new AwsError('ValidationError', 'Invalid Marker.', 400);
  }
}

/**
 * Turns `limit + 1` fetched rows into a page: the first `limit` rows, and a Marker when there were more.
 */
export function page<T>(rows: T[], limit: number, sortKey: (row: T) => string): { items: T[] } & PageFields {
  if (rows.length <= limit) return { items: rows, IsTruncated: false };
  const items = rows.slice(0, limit);
  return { items, IsTruncated: true, Marker: encodeMarker(sortKey(items[items.length - 1]!)) };
}

/**
 * One page of a short list kept in a fixed order (tags in the order set, keys, MFA devices), for
 * `Marker`/`MaxItems`. The Marker holds the last returned item's key and position; if that item was
 * removed before the next page is asked for, the page starts where it was, so nothing is repeated or
 * skipped by the removal itself.
 */
export function pageOfList<T>(all: readonly T[], input: { Marker?: string; MaxItems?: number }, keyOf: (item: T) => string): { items: T[] } & PageFields {
  const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
  const marker = decodeMarker(input.Marker);
  let start = 0;
  if (marker !== undefined) {
    const cut = marker.indexOf('\n');
    const position = Number(marker.slice(0, cut));
    if (cut < 0 || !Number.isInteger(position) || position < 0) throw new AwsError('ValidationError', 'Invalid Marker.', 400);
    const key = marker.slice(cut + 1);
    const found = all.findIndex((item) => keyOf(item) === key);
    start = found >= 0 ? found + 1 : Math.min(position, all.length);
  }
  const items = all.slice(start, start + limit);
  if (start + limit >= all.length) return { items, IsTruncated: false };
  return { items, IsTruncated: true, Marker: encodeMarker(`${start + limit - 1}\n${keyOf(items[items.length - 1]!)}`) };
}

/** The request members of a paginated IAM action. */
export interface PageInput {
  Marker?: string;
  MaxItems?: number;
}

/**
 * One page of a store listing in sort-key order: `fetch` runs the keyset query (rows whose key is after
 * the Marker's, at most `limit`), asked for one row more than MaxItems to know whether there is a next page.
 */
export function pageOfQuery<T>(
  input: PageInput,
  fetch: (query: { after: string | undefined; limit: number }) => T[],
  sortKey: (row: T) => string,
): { items: T[] } & PageFields {
  const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
  return page(fetch({ after: decodeMarker(input.Marker), limit: limit + 1 }), limit, sortKey);
}

/** One page of rows already in ascending `sortKey` order (keys unique): those after the Marker's key. */
export function pageOfSorted<T>(sorted: readonly T[], input: PageInput, sortKey: (row: T) => string): { items: T[] } & PageFields {
  const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
  const after = decodeMarker(input.Marker);
  const rest = after === undefined ? sorted : sorted.filter((row) => sortKey(row) > after);
  return page(rest.slice(0, limit + 1), limit, sortKey);
}
