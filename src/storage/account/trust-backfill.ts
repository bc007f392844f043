/**
 * @module Binding the trust policies of roles saved before bindings existed (issue 7 §5, security review
 * M1): when the object starts, after its migrations, every role whose `trust_bindings` is NULL gets the
 * binding of the principals that hold its ARNs then (services/iam/roles/trust-bindings.ts,
 * `backfillBinding`). It is written through the store like any save of a trust policy, so the outbox
 * projects it to the read model the data plane evaluates. A no-op once every role is bound.
 */
import { isNull } from 'drizzle-orm';
import { backfillBinding } from '../../services/iam/index';
import * as t from '../schema/account';
import type { AccountContext } from './context';
import type { OutboxProjection } from './projection';

/** Binds every unbound role of an active account, then projects; see the module comment. */
export async function backfillTrustBindings(obj: AccountContext, projection: OutboxProjection): Promise<void> {
  const legacy = obj.db.select({ roleId: t.roles.roleId }).from(t.roles).where(isNull(t.roles.trustBindings)).all();
  const account = legacy.length > 0 ? obj.account() : undefined;
  if (!account || account.status !== 'active') return;
  const { queued } = obj.transact(account.accountId, (store) => {
    for (const { roleId } of legacy) {
      const role = store.findRoleById(roleId);
      if (role && role.trustBindings === null) store.updateRole(roleId, { trustBindings: backfillBinding(store, role) });
    }
  });
  if (queued) await projection.projectNow();
}
