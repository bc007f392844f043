/**
 * @module The AccountStore (core/ports.ts) on an account's SQLite, one module per aggregate:
 *
 * | module | port | tables |
 * |---|---|---|
 * | users.ts | `UserStore` | `users`, `access_keys` |
 * | groups.ts | `GroupStore` | `groups`, `group_members` |
 * | policies.ts | `PolicyStore` | `managed_policies`, `policy_versions`, `policy_attachments`, `inline_policies` |
 * | roles.ts, instance-profiles.ts | `RoleStore` | `roles`; `instance_profiles`, `instance_profile_roles`, `workload_tokens` |
 * | mfa.ts | `MfaStore` | `mfa_devices` |
 * | providers.ts | `ProviderStore` | `oidc_providers`, `saml_providers` |
 * | tags.ts over tag-table.ts | `TagStore` | `tags` (every taggable kind) |
 *
 * Shared by them: context.ts (the `StoreContext`), named-rows.ts (find by name or id, page, count of the
 * five named kinds), tag-table.ts (the one implementation of reading, replacing and deleting tags) and
 * principal-row.ts (the read model's row of a user or role, with its tags).
 *
 * Composition, not inheritance: each module is a function of one transaction's `StoreContext` (context.ts:
 * the database, the account id, the queued read-model ops) returning its port as a plain object, and the
 * store is those objects spread into one. A module writes another aggregate's tables only through the
 * shared pieces (the tag table, the principal row, `projectUser`/`projectRole` for the tag port), never
 * through another module's port, so each aggregate's statements are in one file; two reads cross over
 * (group members join `users`, `countBoundaryUses` counts `users` and `roles`). (Mixing the modules
 * into one class would share `this` instead, and hide which module calls which.)
 *
 * Every method is a plain statement; the object wraps each call in `transactionSync`. A method that
 * changes state the data plane reads also queues the matching read-model op (`pendingOps`), which the
 * object commits into the outbox in the same transaction: services never deal with projection.
 */
import type { AccountStore } from '../../core/ports';
import type { ProjectionOp } from '../../core/projection';
import type { AccountRecord } from '../../core/records';
import * as t from '../schema/account';
import { storeContext, type AccountDb } from './context';
import { groupStore } from './groups';
import { instanceProfileStore } from './instance-profiles';
import { mfaStore } from './mfa';
import { policyStore } from './policies';
import { providerStore } from './providers';
import { roleTable } from './roles';
import { tagStore } from './tags';
import { userStore } from './users';

export type { AccountDb } from './context';

/** A store bound to one database, one account and one transaction. */
export interface SqliteAccountStore extends AccountStore {
  /** Read-model ops queued since the store was created, in order. */
  readonly pendingOps: readonly ProjectionOp[];
  /** Queues a read-model op (the object uses it for the account row itself). */
  emit(op: ProjectionOp): void;
}

/** A store over `db` for the account `accountId` (only writes use the id: read-model rows are keyed by it). */
export function sqliteAccountStore(db: AccountDb, accountId: string): SqliteAccountStore {
  const c = storeContext(db, accountId);
  return {
    pendingOps: c.pending,
    emit: c.emit,
    getAccount() {
      const r = c.db.select().from(t.account).get();
      return r ? { ...r, status: r.status as AccountRecord['status'] } : undefined;
    },
    ...userStore(c),
    ...groupStore(c),
    ...policyStore(c),
    ...roleTable(c),
    ...instanceProfileStore(c),
    ...mfaStore(c),
    ...providerStore(c),
    ...tagStore(c),
  };
}
