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
 * | passwords.ts | `PasswordStore` | `login_profiles`, `password_history`, `password_use`, `password_policy`, `account.alias` |
 * | providers.ts | `ProviderStore` | `oidc_providers`, `saml_providers` |
 * | reports.ts | `ReportStore` | `credential_report` |
 * | certificates.ts | `CertificateStore` | `signing_certificates` |
 * | server-certificates.ts | `ServerCertificateStore` | `server_certificates` |
 * | last-access.ts | `LastAccessStore` | `service_last_access`, `last_access_jobs` |
 * | ssh-keys.ts | `SshKeyStore` | `ssh_public_keys` |
 * | service-credentials.ts | `ServiceCredentialStore` | `service_specific_credentials` |
 * | role-deletions.ts | `RoleDeletionStore` | `role_deletion_tasks` |
 * | audit-events.ts | `AuditEventStore` | `audit_events`, `audit_event_resources` |
 * | tags.ts over tag-table.ts | `TagStore` | `tags` (every taggable kind) |
 *
 * Shared by them: context.ts (the `StoreContext`), named-rows.ts (find by name or id, page, count of the
 * five named kinds), tag-table.ts (the one implementation of reading, replacing and deleting tags) and
 * principal-row.ts (the read model's row of a user or role, with its tags).
 *
 * Each module defines its port's methods once, as an object literal whose `this` is the store
 * (`StoreMethods`: the transaction's `StoreContext` in `c`, context.ts); this module puts them all on the
 * prototype of one class, refusing two aggregates that define the same method, so creating the store for a
 * transaction allocates one object (a store is created for every call and every read outside one). A module
 * writes another aggregate's tables only through the shared pieces (the tag table, the principal row,
 * `projectUser`/`projectRole` for the tag port), never through another module's methods, so each
 * aggregate's statements are in one file; two reads cross over (group members join `users`,
 * `countBoundaryUses` counts `users` and `roles`).
 *
 * Every method is a plain statement; the object wraps each call in `transactionSync`. A method that
 * changes state the data plane reads also queues the matching read-model op (`pendingOps`), which the
 * object commits into the outbox in the same transaction: services never deal with projection.
 */
import type { AccountStore } from '../../core/ports';
import type { ProjectionOp } from '../projection-ops';
import type { AccountRecord } from '../../core/records';
import * as t from '../schema/account';
import { prepared, storeContext, type AccountDb, type ReadMemory, type StoreContext, type StoreMethods } from './context';
import { auditEventMethods } from './audit-events';
import { certificateMethods } from './certificates';
import { groupMethods } from './groups';
import { instanceProfileMethods } from './instance-profiles';
import { lastAccessMethods } from './last-access';
import { mfaMethods } from './mfa';
import { passwordMethods } from './passwords';
import { policyMethods } from './policies';
import { providerMethods } from './providers';
import { reportMethods } from './reports';
import { roleDeletionMethods } from './role-deletions';
import { roleMethods } from './roles';
import { serverCertificateMethods } from './server-certificates';
import { serviceCredentialMethods } from './service-credentials';
import { sshKeyMethods } from './ssh-keys';
import { tagMethods } from './tags';
import { userMethods } from './users';

export type { AccountDb, ReadMemory } from './context';

/** A store bound to one database, one account and one transaction. */
export interface SqliteAccountStore extends AccountStore {
  /** Read-model ops queued since the store was created, in order. */
  readonly pendingOps: readonly ProjectionOp[];
  /** Queues a read-model op (the object uses it for the account row itself). */
  emit(op: ProjectionOp): void;
}

/** The store class: its own members here, every aggregate's methods on its prototype (below). */
class Store implements StoreMethods {
  readonly c: StoreContext;

  constructor(c: StoreContext) {
    this.c = c;
  }

  get pendingOps(): readonly ProjectionOp[] {
    return this.c.pending;
  }

  emit(op: ProjectionOp): void {
    this.c.emit(op);
  }

  getAccount(): AccountRecord | undefined {
    return prepared(this.c.db, 'getAccount', (db) => db.select().from(t.account).prepare()).get();
  }
}
// The aggregates' methods, declared for the type checker and installed on the prototype.
interface Store extends SqliteAccountStore {}
for (const methods of [userMethods, groupMethods, policyMethods, roleMethods, instanceProfileMethods, mfaMethods, providerMethods, tagMethods, passwordMethods, reportMethods, certificateMethods, serverCertificateMethods, lastAccessMethods, sshKeyMethods, serviceCredentialMethods, roleDeletionMethods, auditEventMethods]) {
  for (const [name, method] of Object.entries(methods)) {
    if (name in Store.prototype) throw new Error(`two parts of the account store define ${name}`);
    Object.defineProperty(Store.prototype, name, { value: method, writable: true, configurable: true });
  }
}

/**
 * A store over `db` for the account `accountId` (only writes use the id: read-model rows are keyed by it);
 * `memory`, the object's, lets the store remember its reads until the object's next write (context.ts `remembered`).
 */
export function sqliteAccountStore(db: AccountDb, accountId: string, memory?: ReadMemory): SqliteAccountStore {
  return new Store(storeContext(db, accountId, memory));
}
