/**
 * @module The policies aggregate on SQLite: customer-managed policies (`managed_policies`), their versions
 * (`policy_versions`), attachments of managed policies (`policy_attachments`) and inline policies
 * (`inline_policies`). The read model keeps each managed policy's default document, the attachments and
 * the inline policies: what assembles a principal's policies on the data plane.
 */
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { PolicyStore } from '../../core/ports';
import type { ManagedPolicyRecord, PolicyEntityType, PolicyVersionRecord } from '../../core/records';
import * as t from '../schema/account';
import { countRows, nextOrdinal, param, prepared, type StoreContext, type StoreMethods } from './context';
import { namedRows } from './named-rows';
import { deleteTags } from './tag-table';

const toPolicy = ({ nameLc: _, ...r }: typeof t.managedPolicies.$inferSelect): ManagedPolicyRecord => r;
const toVersion = ({ ordinal: _, ...r }: typeof t.policyVersions.$inferSelect): PolicyVersionRecord => r;

const POLICIES = namedRows(t.managedPolicies, { id: t.managedPolicies.arn, nameLc: t.managedPolicies.nameLc, path: t.managedPolicies.path }, toPolicy);
const version = (policyArn: string, versionId: string) => and(eq(t.policyVersions.policyArn, policyArn), eq(t.policyVersions.versionId, versionId));
const attachment = (entityType: PolicyEntityType, entityId: string, policyArn: string) =>
  and(eq(t.policyAttachments.entityType, entityType), eq(t.policyAttachments.entityId, entityId), eq(t.policyAttachments.policyArn, policyArn));
const inline = (entityType: PolicyEntityType, entityId: string, policyName: string) =>
  and(eq(t.inlinePolicies.entityType, entityType), eq(t.inlinePolicies.entityId, entityId), eq(t.inlinePolicies.policyName, policyName));

/** A version of a policy (prepared: every call reads the default version of each policy it evaluates). */
function findPolicyVersion(c: StoreContext, policyArn: string, versionId: string): PolicyVersionRecord | undefined {
  const q = prepared(c.db, 'findPolicyVersion', (db) =>
    db
      .select()
      .from(t.policyVersions)
      .where(and(eq(t.policyVersions.policyArn, param('arn')), eq(t.policyVersions.versionId, param('versionId'))))
      .prepare(),
  );
  const r = q.get({ arn: policyArn, versionId });
  return r ? toVersion(r) : undefined;
}

/** The read model keeps each customer-managed policy's default document (a policy and its version arrive in either order). */
function projectPolicy(c: StoreContext, policyArn: string): void {
  const policy = POLICIES.byId(c, policyArn);
  const document = policy && findPolicyVersion(c, policyArn, policy.defaultVersionId);
  if (!policy || !document) return;
  c.emit({
    op: 'put',
    table: 'managed_policies',
    row: { accountId: c.accountId, policyArn, defaultVersionId: document.versionId, document: document.document },
  });
}

/** The policies aggregate's methods. */
export const policyMethods: PolicyStore & ThisType<StoreMethods> = {
  findPolicy(policyArn) {
    return POLICIES.byId(this.c, policyArn);
  },

  findPolicyByName(policyName) {
    return POLICIES.byName(this.c, policyName);
  },

  listPolicies(query) {
    return POLICIES.list(this.c, query);
  },

  countPolicies() {
    return POLICIES.count(this.c);
  },

  insertPolicy(policy) {
    this.c.db.insert(t.managedPolicies).values({ ...policy, nameLc: policy.policyName.toLowerCase() }).run();
    projectPolicy(this.c, policy.arn);
  },

  updatePolicy(policyArn, changes) {
    this.c.db.update(t.managedPolicies).set(changes).where(eq(t.managedPolicies.arn, policyArn)).run();
    if (changes.defaultVersionId !== undefined) projectPolicy(this.c, policyArn);
  },

  deletePolicy(policyArn) {
    this.c.db.delete(t.policyVersions).where(eq(t.policyVersions.policyArn, policyArn)).run();
    deleteTags(this.c, 'policy', policyArn);
    this.c.db.delete(t.managedPolicies).where(eq(t.managedPolicies.arn, policyArn)).run();
    this.c.emit({ op: 'del', table: 'managed_policies', key: { accountId: this.c.accountId, policyArn } });
  },

  listPolicyVersions(policyArn) {
    return this.c.db.select().from(t.policyVersions).where(eq(t.policyVersions.policyArn, policyArn)).orderBy(asc(t.policyVersions.ordinal)).all().map(toVersion);
  },

  findPolicyVersion(policyArn, versionId) {
    return findPolicyVersion(this.c, policyArn, versionId);
  },

  insertPolicyVersion(v) {
    this.c.db.insert(t.policyVersions).values({ ...v, ordinal: nextOrdinal(this.c, t.policyVersions, t.policyVersions.ordinal) }).run();
    projectPolicy(this.c, v.policyArn);
  },

  deletePolicyVersion(policyArn, versionId) {
    this.c.db.delete(t.policyVersions).where(version(policyArn, versionId)).run();
  },

  listAttachedPolicies(entityType, entityId) {
    // Prepared, as listInlinePolicies: every call assembles its caller's (and the caller's groups') policies.
    const q = prepared(this.c.db, 'listAttachedPolicies', (db) =>
      db
        .select({ arn: t.policyAttachments.policyArn })
        .from(t.policyAttachments)
        .where(and(eq(t.policyAttachments.entityType, param('entityType')), eq(t.policyAttachments.entityId, param('entityId'))))
        .orderBy(asc(t.policyAttachments.ordinal))
        .prepare(),
    );
    return q.all({ entityType, entityId }).map((r) => r.arn);
  },

  attachPolicy(a) {
    this.c.db.insert(t.policyAttachments).values({ ...a, ordinal: nextOrdinal(this.c, t.policyAttachments, t.policyAttachments.ordinal) }).onConflictDoNothing().run();
    this.c.emit({ op: 'put', table: 'policy_attachments', row: { accountId: this.c.accountId, ...a } });
  },

  detachPolicy(a) {
    this.c.db.delete(t.policyAttachments).where(attachment(a.entityType, a.entityId, a.policyArn)).run();
    this.c.emit({ op: 'del', table: 'policy_attachments', key: { accountId: this.c.accountId, ...a } });
  },

  listPolicyAttachments(policyArn) {
    return this.c.db
      .select({ entityType: t.policyAttachments.entityType, entityId: t.policyAttachments.entityId, policyArn: t.policyAttachments.policyArn })
      .from(t.policyAttachments)
      .where(eq(t.policyAttachments.policyArn, policyArn))
      .orderBy(asc(t.policyAttachments.ordinal))
      .all();
  },

  countBoundaryUses(policyArn) {
    return countRows(this.c, t.users, eq(t.users.permissionsBoundaryArn, policyArn)) + countRows(this.c, t.roles, eq(t.roles.permissionsBoundaryArn, policyArn));
  },

  listPolicyArnsInUse() {
    const attached = this.c.db.selectDistinct({ arn: t.policyAttachments.policyArn }).from(t.policyAttachments).all();
    const users = this.c.db.selectDistinct({ arn: t.users.permissionsBoundaryArn }).from(t.users).where(isNotNull(t.users.permissionsBoundaryArn)).all();
    const roles = this.c.db.selectDistinct({ arn: t.roles.permissionsBoundaryArn }).from(t.roles).where(isNotNull(t.roles.permissionsBoundaryArn)).all();
    return [...new Set([...attached, ...users, ...roles].map((r) => r.arn!))];
  },

  listInlinePolicies(entityType, entityId) {
    const q = prepared(this.c.db, 'listInlinePolicies', (db) =>
      db
        .select()
        .from(t.inlinePolicies)
        .where(and(eq(t.inlinePolicies.entityType, param('entityType')), eq(t.inlinePolicies.entityId, param('entityId'))))
        .orderBy(asc(t.inlinePolicies.policyName))
        .prepare(),
    );
    return q.all({ entityType, entityId });
  },

  findInlinePolicy(entityType, entityId, policyName) {
    return this.c.db.select().from(t.inlinePolicies).where(inline(entityType, entityId, policyName)).get();
  },

  putInlinePolicy(p) {
    this.c.db
      .insert(t.inlinePolicies)
      .values(p)
      .onConflictDoUpdate({ target: [t.inlinePolicies.entityType, t.inlinePolicies.entityId, t.inlinePolicies.policyName], set: { document: p.document } })
      .run();
    this.c.emit({ op: 'put', table: 'inline_policies', row: { accountId: this.c.accountId, ...p } });
  },

  deleteInlinePolicy(entityType, entityId, policyName) {
    this.c.db.delete(t.inlinePolicies).where(inline(entityType, entityId, policyName)).run();
    this.c.emit({ op: 'del', table: 'inline_policies', key: { accountId: this.c.accountId, entityType, entityId, policyName } });
  },
};
