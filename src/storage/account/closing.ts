/**
 * @module Closing an account. The object refuses every IAM call at once (status `closing`, outbox
 * dropped), marks the account closing in the read model (which the data plane checks on every key and
 * session, data-plane/account-state.ts), purges the read model, archives the audit events not archived yet
 * (when an archive is configured: the trail outlives the account there, as a trail's S3 files outlive an
 * AWS account), then deletes its own data. If D1 or the archive fails at any step, the account stays
 * `closing` and the alarm retries them all (each is idempotent); the answer says whether the data plane
 * refuses it yet.
 */
import { eq } from 'drizzle-orm';
import type { AccountRecord } from '../../core/records';
import type { AdminResult } from '../account-rpc';
import { markAccountClosing, purgeAccount } from '../read-model';
import * as t from '../schema/account';
import type { AccountContext, ReadModelAccess } from './context';
import { PROJECTION_RETRY_BASE_MS, type OutboxProjection } from './projection';

/** Closes (or goes on closing) the account; see the module comment. */
export async function closeAccount(
  obj: AccountContext,
  projection: OutboxProjection,
  readModel: ReadModelAccess,
  account: AccountRecord,
  archiveTrail: () => Promise<void>,
): Promise<AdminResult> {
  if (account.status !== 'closing') {
    obj.storage.transactionSync(() => {
      obj.db.update(t.account).set({ status: 'closing' }).where(eq(t.account.accountId, account.accountId)).run();
      obj.db.delete(t.outbox).run();
    });
  }
  // INVARIANT: the marker is written after the last projection run settled (the outbox was emptied in
  // the same transaction as the status), so no later projection can put the account row back `active`.
  await projection.settled();
  const db = readModel(account.accountId);
  let bookmark: string | null;
  try {
    bookmark = await markAccountClosing(db, account.accountId);
  } catch (e) {
    return retryLater(obj, 'closing-marker-failed', e, { ok: true, closed: false, dataPlaneRefused: false, bookmark: null });
  }
  try {
    await purgeAccount(db, account.accountId);
  } catch (e) {
    return retryLater(obj, 'purge-failed', e, { ok: true, closed: false, dataPlaneRefused: true, bookmark });
  }
  try {
    await archiveTrail();
  } catch (e) {
    return retryLater(obj, 'closing-archive-failed', e, { ok: true, closed: false, dataPlaneRefused: true, bookmark });
  }
  await obj.storage.deleteAlarm();
  await obj.deleteAll();
  projection.reset();
  await obj.migrate();
  return { ok: true, closed: true, bookmark: null };
}

/** Logs a failed D1 step of a closing, arms the alarm to retry it, and answers `result`. */
async function retryLater(obj: AccountContext, event: string, error: unknown, result: AdminResult): Promise<AdminResult> {
  console.warn(JSON.stringify({ event, error: String(error) }));
  await obj.storage.setAlarm(obj.clock() + PROJECTION_RETRY_BASE_MS);
  return result;
}
