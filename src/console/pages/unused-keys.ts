/**
 * @module The dashboard's "unused access keys" check: the active access keys of the account's IAM users
 * that were not used for 90 days or were never used, read as the signed-in principal through ListUsers,
 * ListAccessKeys and GetAccessKeyLastUsed (the reads AWS's credential report summarises).
 *
 * Spec: IAM User Guide, "Security best practices in IAM" (regularly remove unused credentials;
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html) and "Manage access keys for IAM
 * users" (GetAccessKeyLastUsed; https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html).
 * 90 days is the age AWS's guidance and the CIS benchmark use for unused credentials.
 *
 * The check reads one ListUsers page of at most SCAN_MAX_USERS users, so the dashboard's cost is bounded
 * (at most 1 + 20 × 3 calls to the account's object, which serves them one at a time, on every visit of
 * the landing page); beyond that it says how far it looked, and each user's page shows their keys.
 * Inactive keys are not listed: they cannot sign anything, which is what deactivating an unused key is for.
 */
import type { ConsoleContext } from '../guard';
import { actQuery, type ActError } from '../act-query';

/** Users whose keys the dashboard checks (one ListUsers page of this size); see the module comment. */
export const SCAN_MAX_USERS = 20;
/** A key unused this long is reported (milliseconds; 90 days). */
export const UNUSED_AFTER_MS = 90 * 86_400_000;

/** One unused active key. */
export interface UnusedKey {
  userName: string;
  accessKeyId: string;
  createDate: string;
  /** When it was last used, or undefined when never. */
  lastUsed: string | undefined;
}

export type UnusedKeysScan =
  | { ok: true; keys: UnusedKey[]; users: number; truncated: boolean; refused: ActError | undefined; unchecked: number }
  | { ok: false; error: ActError };

type KeyMeta = { UserName: string; AccessKeyId: string; Status: string; CreateDate: string | Date };
const iso = (d: string | Date | undefined): string | undefined => (d === undefined ? undefined : new Date(d).toISOString());

/** The unused active keys of one user, or the refusal of one of its reads. */
async function unusedOf(c: ConsoleContext, userName: string, nowMs: number): Promise<UnusedKey[] | ActError> {
  const listed = await actQuery(c, 'ListAccessKeys', { UserName: userName });
  if (!listed.ok) return listed.error;
  const active = ((listed.output as { AccessKeyMetadata?: KeyMeta[] }).AccessKeyMetadata ?? []).filter((k) => k.Status === 'Active');
  const found: UnusedKey[] = [];
  for (const key of active) {
    const used = await actQuery(c, 'GetAccessKeyLastUsed', { AccessKeyId: key.AccessKeyId });
    if (!used.ok) return used.error;
    const lastUsed = iso((used.output as { AccessKeyLastUsed?: { LastUsedDate?: string | Date } }).AccessKeyLastUsed?.LastUsedDate);
    if (lastUsed === undefined || nowMs - Date.parse(lastUsed) >= UNUSED_AFTER_MS) {
      found.push({ userName, accessKeyId: key.AccessKeyId, createDate: iso(key.CreateDate)!, lastUsed });
    }
  }
  return found;
}

/** Scans the first SCAN_MAX_USERS users' keys; see the module comment. */
export async function scanUnusedKeys(c: ConsoleContext): Promise<UnusedKeysScan> {
  const listed = await actQuery(c, 'ListUsers', { MaxItems: String(SCAN_MAX_USERS) });
  if (!listed.ok) return { ok: false, error: listed.error };
  const page = listed.output as { Users?: Array<{ UserName: string }>; IsTruncated?: boolean };
  const users = page.Users ?? [];
  const nowMs = c.get('now').getTime();
  const results = await Promise.all(users.map((u) => unusedOf(c, u.UserName, nowMs)));
  const keys: UnusedKey[] = [];
  let refused: ActError | undefined;
  let unchecked = 0;
  for (const r of results) {
    if (Array.isArray(r)) keys.push(...r);
    else {
      refused ??= r;
      unchecked++;
    }
  }
  return { ok: true, keys, users: users.length, truncated: page.IsTruncated === true, refused, unchecked };
}
