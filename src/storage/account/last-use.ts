/**
 * @module Last use of keys and roles (GetAccessKeyLastUsed, GetRole's RoleLastUsed), recorded by the object
 * for its own calls and for calls served outside it (STS, `touch` over RPC). Also for calls that were then
 * denied or failed, as AWS does.
 */
import type { RoleTable, UserStore } from '../../core/ports';
import type { AccessKeyRecord } from '../../core/records';

/** A last-use record is rewritten at most this often, to keep reads from becoming writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

const isFresh = (lastUsedDate: string | null, now: Date) =>
  lastUsedDate !== null && now.getTime() - Date.parse(lastUsedDate) < LAST_USED_RESOLUTION_MS;

/**
 * Records a key's use; rewritten at most once per LAST_USED_RESOLUTION_MS unless the service or region changed.
 * `read` is the key's record when the caller has just read it (an IAM call resolving its caller): its last-use
 * fields are current, since only this function writes them and nothing ran in between, so it is not read again.
 */
export function touchKey(store: UserStore, accessKeyId: string, service: string, region: string, now: Date, read?: AccessKeyRecord): void {
  const key = read ?? store.findAccessKey(accessKeyId);
  if (!key) return;
  if (isFresh(key.lastUsedDate, now) && key.lastUsedService === service && key.lastUsedRegion === region) return;
  store.recordAccessKeyUse(accessKeyId, now.toISOString(), service, region);
}

/** Records a role's last use, at most once per LAST_USED_RESOLUTION_MS unless the region changed. */
export function touchRole(store: RoleTable, roleId: string, region: string, now: Date): void {
  const role = store.findRoleById(roleId);
  if (!role) return;
  if (isFresh(role.lastUsedDate, now) && role.lastUsedRegion === region) return;
  store.updateRole(roleId, { lastUsedDate: now.toISOString(), lastUsedRegion: region });
}
