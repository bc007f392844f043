/**
 * @module The policies aggregate on SQLite: customer-managed policies (`managed_policies`), their versions
 * (`policy_versions`), attachments of managed policies (`policy_attachments`) and inline policies
 * (`inline_policies`). The read model keeps each managed policy's default document, the attachments and
 * the inline policies: what assembles a principal's policies on the data plane.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { PolicyStore } from '../../core/ports';
import type { ManagedPolicyRecord, PolicyEntityType, PolicyVersionRecord } from '../../core/records';
import * as t from '../schema/account';
import { countRows, nextOrdinal, type StoreContext } from './context';
import { namedRows } from './named-rows';
import { deleteTags } from './tag-table';

const toPolicy = ({ nameLc: _, ...r }: typeof t.managedPolicies.$inferSelect): ManagedPolicyRecord => r;
const toVersion = ({ ordinal: _, ...r }: typeof t.policyVersions.$inferSelect): PolicyVersionRecord => r;
const withEntityType = <R extends { entityType: string }>(r: R) => ({ ...r, entityType: r.entityType as PolicyEntityType });

/** The policies aggregate of one transaction. */
export function policyStore(c: StoreContext): PolicyStore {
  const policies = namedRows(c, t.managedPolicies, { id: t.managedPolicies.arn, nameLc: t.managedPolicies.nameLc, path: t.managedPolicies.path }, toPolicy);
  const version = (policyArn: string, versionId: string) => and(eq(t.policyVersions.policyArn, policyArn), eq(t.policyVersions.versionId, versionId));
  const findPolicyVersion = (policyArn: string, versionId: string): PolicyVersionRecord | undefined => {
    const r = c.db.select().from(t.policyVersions).where(version(policyArn, versionId)).get();
    return r ? toVersion(r) : undefined;
  };
  const attachment = (entityType: string, entityId: string, policyArn: string) =>
    and(eq(t.policyAttachments.entityType, entityType), eq(t.policyAttachments.entityId, entityId), eq(t.policyAttachments.policyArn, policyArn));
  const inline = (entityType: string, entityId: string, policyName: string) =>
    and(eq(t.inlinePolicies.entityType, entityType), eq(t.inlinePolicies.entityId, entityId), eq(t.inlinePolicies.policyName, policyName));

  /** The read model keeps each customer-managed policy's default document (a policy and its version arrive in either order). */
  const project = (policyArn: string): void => {
    const policy = policies.byId(policyArn);
    const document = policy && findPolicyVersion(policyArn, policy.defaultVersionId);
    if (!policy || !document) return;
    c.emit({
      op: 'put',
      table: 'managed_policies',
      row: { accountId: c.accountId, policyArn, defaultVersionId: document.versionId, document: document.document },
    });
  };

  return {
    findPolicy: policies.byId,
    findPolicyByName: policies.byName,
    listPolicies: policies.list,
    countPolicies: policies.count,

    insertPolicy(policy) {
      c.db.insert(t.managedPolicies).values({ ...policy, nameLc: policy.policyName.toLowerCase() }).run();
      project(policy.arn);
    },

    updatePolicy(policyArn, changes) {
      c.db.update(t.managedPolicies).set(changes).where(eq(t.managedPolicies.arn, policyArn)).run();
      if (changes.defaultVersionId !== undefined) project(policyArn);
    },

    deletePolicy(policyArn) {
      c.db.delete(t.policyVersions).where(eq(t.policyVersions.policyArn, policyArn)).run();
      deleteTags(c, 'policy', policyArn);
      c.db.delete(t.managedPolicies).where(eq(t.managedPolicies.arn, policyArn)).run();
      c.emit({ op: 'del', table: 'managed_policies', key: { accountId: c.accountId, policyArn } });
    },

    listPolicyVersions(policyArn) {
      return c.db.select().from(t.policyVersions).where(eq(t.policyVersions.policyArn, policyArn)).orderBy(asc(t.policyVersions.ordinal)).all().map(toVersion);
    },

    findPolicyVersion,

    insertPolicyVersion(v) {
      c.db.insert(t.policyVersions).values({ ...v, ordinal: nextOrdinal(c, t.policyVersions, t.policyVersions.ordinal) }).run();
      project(v.policyArn);
    },

    deletePolicyVersion(policyArn, versionId) {
      c.db.delete(t.policyVersions).where(version(policyArn, versionId)).run();
    },

    listAttachedPolicies(entityType, entityId) {
      return c.db
        .select({ arn: t.policyAttachments.policyArn })
        .from(t.policyAttachments)
        .where(and(eq(t.policyAttachments.entityType, entityType), eq(t.policyAttachments.entityId, entityId)))
        .orderBy(asc(t.policyAttachments.ordinal))
        .all()
        .map((r) => r.arn);
    },

    attachPolicy(a) {
      c.db.insert(t.policyAttachments).values({ ...a, ordinal: nextOrdinal(c, t.policyAttachments, t.policyAttachments.ordinal) }).onConflictDoNothing().run();
      c.emit({ op: 'put', table: 'policy_attachments', row: { accountId: c.accountId, ...a } });
    },

    detachPolicy(a) {
      c.db.delete(t.policyAttachments).where(attachment(a.entityType, a.entityId, a.policyArn)).run();
      c.emit({ op: 'del', table: 'policy_attachments', key: { accountId: c.accountId, ...a } });
    },

    listPolicyAttachments(policyArn) {
      return c.db
        .select({ entityType: t.policyAttachments.entityType, entityId: t.policyAttachments.entityId, policyArn: t.policyAttachments.policyArn })
        .from(t.policyAttachments)
        .where(eq(t.policyAttachments.policyArn, policyArn))
        .orderBy(asc(t.policyAttachments.ordinal))
        .all()
        .map(withEntityType);
    },

    countBoundaryUses(policyArn) {
      return countRows(c, t.users, eq(t.users.permissionsBoundaryArn, policyArn)) + countRows(c, t.roles, eq(t.roles.permissionsBoundaryArn, policyArn));
    },

    listInlinePolicies(entityType, entityId) {
      return c.db
        .select()
        .from(t.inlinePolicies)
        .where(and(eq(t.inlinePolicies.entityType, entityType), eq(t.inlinePolicies.entityId, entityId)))
        .orderBy(asc(t.inlinePolicies.policyName))
        .all()
        .map(withEntityType);
    },

    findInlinePolicy(entityType, entityId, policyName) {
      const r = c.db.select().from(t.inlinePolicies).where(inline(entityType, entityId, policyName)).get();
      return r ? withEntityType(r) : undefined;
    },

    putInlinePolicy(p) {
      c.db
        .insert(t.inlinePolicies)
        .values(p)
        .onConflictDoUpdate({ target: [t.inlinePolicies.entityType, t.inlinePolicies.entityId, t.inlinePolicies.policyName], set: { document: p.document } })
        .run();
      c.emit({ op: 'put', table: 'inline_policies', row: { accountId: c.accountId, ...p } });
    },

    deleteInlinePolicy(entityType, entityId, policyName) {
      c.db.delete(t.inlinePolicies).where(inline(entityType, entityId, policyName)).run();
      c.emit({ op: 'del', table: 'inline_policies', key: { accountId: c.accountId, entityType, entityId, policyName } });
    },
  };
}
