/**
 * @module Ports: the interfaces the services need from storage, owned by the core and implemented at the
 * edge (storage/account-store/ on the Durable Object's SQLite; the same code on sql.js in unit tests).
 * STYLE habit 9.
 *
 * One small port per aggregate (`ports/`): users and access keys, groups, policies and attachments, roles
 * and instance profiles, MFA devices, passwords (login profiles, policy, alias), identity providers, the
 * credential report, signing and server certificates, last-accessed tracking, SSH public keys,
 * service-specific credentials, service-linked roles' deletion tasks, the audit trail's events, and the one tag port every taggable kind shares.
 * `AccountStore` is their composition, what an action receives; a function that needs one aggregate can
 * take only its port.
 *
 * The store is synchronous on purpose: the object runs each call's checks and writes in one
 * `transactionSync`, so an invariant checked by a read (two keys per user, unique names) still holds when
 * the write commits, whatever the concurrency. The store also describes its own changes to the read
 * model (the outbox), so the services never deal with projection.
 */
import type { AccountRecord } from './records';
import type { AuditEventStore } from './ports/audit-events';
import type { CertificateStore } from './ports/certificates';
import type { GroupStore } from './ports/groups';
import type { LastAccessStore } from './ports/last-access';
import type { MfaStore } from './ports/mfa';
import type { PasswordStore } from './ports/passwords';
import type { PolicyStore } from './ports/policies';
import type { ProviderStore } from './ports/providers';
import type { ReportStore } from './ports/reports';
import type { RoleDeletionStore } from './ports/role-deletions';
import type { RoleStore } from './ports/roles';
import type { ServerCertificateStore } from './ports/server-certificates';
import type { ServiceCredentialStore } from './ports/service-credentials';
import type { SshKeyStore } from './ports/ssh-keys';
import type { TagStore } from './ports/tags';
import type { UserStore } from './ports/users';

export type { PageQuery } from './ports/page';
export type { AliasRegistry } from './ports/passwords';
export { PASSWORD_HISTORY_MAX } from './ports/passwords';
export type { AuditEventStore, CertificateStore, GroupStore, LastAccessStore, MfaStore, PasswordStore, PolicyStore, ProviderStore, ReportStore, RoleDeletionStore, RoleStore, ServerCertificateStore, TagStore, UserStore };
export type { StoredCredentialReport } from './ports/reports';
export type { EventCursor, EventPage, EventQuery } from './ports/audit-events';
export type { AttachmentStore, ManagedPolicyStore } from './ports/policies';
export type { InstanceProfileStore, RoleTable } from './ports/roles';
export type { ServiceCredentialRecord, ServiceCredentialStore } from './ports/service-credentials';
export type { SshKeyStore, SshPublicKeyRecord } from './ports/ssh-keys';

/** The per-account state the IAM services read and write: every aggregate's port, and the account row. */
export interface AccountStore
  extends UserStore, GroupStore, PolicyStore, RoleStore, MfaStore, ProviderStore, TagStore, PasswordStore, ReportStore, CertificateStore, ServerCertificateStore, LastAccessStore,
    SshKeyStore, ServiceCredentialStore, RoleDeletionStore, AuditEventStore {
  getAccount(): AccountRecord | undefined;
}
