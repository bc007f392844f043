/**
 * @module Projecting the service-specific credentials created before the read model had them: once per
 * object, when it starts after its migrations, every credential is written through the store again (its
 * status unchanged), so the outbox projects it and the SaaS's services can verify it. A no-op afterwards
 * (`meta` key {@link DONE}).
 */
import * as t from '../schema/account';
import type { AccountContext } from './context';
import type { OutboxProjection } from './projection';

const DONE = 'service-credentials-projected';

/** Projects every credential of an active account once; see the module comment. */
export async function backfillServiceCredentials(obj: AccountContext, projection: OutboxProjection): Promise<void> {
  if (obj.meta(DONE) !== undefined) return;
  const account = obj.account();
  if (account?.status === 'active') {
    const ids = obj.db.select({ id: t.serviceSpecificCredentials.credentialId, status: t.serviceSpecificCredentials.status }).from(t.serviceSpecificCredentials).all();
    if (ids.length > 0) {
      const { queued } = obj.transact(account.accountId, (store) => {
        for (const { id, status } of ids) store.updateServiceCredential(id, { status });
      });
      if (queued) await projection.projectNow();
    }
  }
  // Also for an object with no account yet: its credentials will be created with the projection.
  obj.setMeta(DONE, '1');
}
