/**
 * @module IAM's pagination: `Marker`, `MaxItems` (default 100) and `IsTruncated`.
 *
 * A Marker is opaque to clients; here it is the base64url of the last returned sort key, so a page is a
 * keyset query that stays correct while entities are added or removed between pages.
 * Spec: IAM API Reference, "ListUsers" request parameters (Marker, MaxItems).
 */
import { AwsError } from '../../core/errors';

/** MaxItems when the request gives none (IAM's documented default). */
export const DEFAULT_MAX_ITEMS = 100;

/** The result fields every paginated IAM answer carries. */
export interface PageFields {
  IsTruncated: boolean;
  Marker?: string;
}

/** Encodes a sort key as a Marker. */
export function encodeMarker(sortKey: string): string {
  const bytes = new TextEncoder().encode(sortKey);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes a Marker given by a client; an invalid one is a ValidationError, as in AWS. */
export function decodeMarker(marker: string | undefined): string | undefined {
  if (marker === undefined) return undefined;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(marker)) throw new Error('alphabet');
    const bin = atob(marker.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
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
