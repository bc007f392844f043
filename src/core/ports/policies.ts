/**
 * @module The policies aggregate's port: customer-managed policies and their versions, the attachments of
 * managed policies (customer or AWS) to users, groups and roles, and inline policies. A policy's tags are
 * the tag port's (kind `policy`, under its ARN).
 */
import type { AttachmentRecord, InlinePolicyRecord, ManagedPolicyRecord, PolicyEntityType, PolicyVersionRecord } from '../records';
import type { PageQuery } from './page';

/** Customer-managed policies and their versions. */
export interface ManagedPolicyStore {
  /** A customer-managed policy of this account by ARN. */
  findPolicy(policyArn: string): ManagedPolicyRecord | undefined;
  /** A customer-managed policy by name (case-insensitive; names are unique in an account). */
  findPolicyByName(policyName: string): ManagedPolicyRecord | undefined;
  /** Customer-managed policies ordered by lower-cased name; `after` is a lower-cased name. */
  listPolicies(query: PageQuery): ManagedPolicyRecord[];
  countPolicies(): number;
  insertPolicy(policy: ManagedPolicyRecord): void;
  updatePolicy(policyArn: string, changes: Partial<Pick<ManagedPolicyRecord, 'defaultVersionId' | 'updateDate' | 'nextVersion'>>): void;
  /** Deletes the policy with its versions and tags (attachments must be gone first). */
  deletePolicy(policyArn: string): void;
  /** Versions of a policy, oldest first. */
  listPolicyVersions(policyArn: string): PolicyVersionRecord[];
  findPolicyVersion(policyArn: string, versionId: string): PolicyVersionRecord | undefined;
  insertPolicyVersion(version: PolicyVersionRecord): void;
  deletePolicyVersion(policyArn: string, versionId: string): void;
}

/** What is attached to users, groups and roles: managed policies (by ARN) and inline policies. */
export interface AttachmentStore {
  /** ARNs of the managed policies attached to an entity, in attachment order. */
  listAttachedPolicies(entityType: PolicyEntityType, entityId: string): string[];
  attachPolicy(attachment: AttachmentRecord): void;
  detachPolicy(attachment: AttachmentRecord): void;
  /** Entities a managed policy (customer or AWS) is attached to, in attachment order. */
  listPolicyAttachments(policyArn: string): AttachmentRecord[];
  /** How many users and roles use a policy as their permissions boundary. */
  countBoundaryUses(policyArn: string): number;
  /**
   * Every managed policy ARN (customer or AWS) this account attaches to an entity or uses as a permissions
   * boundary, once each: what the account uses of AWS's ~1,600 managed policies without asking for each.
   */
  listPolicyArnsInUse(): string[];

  /** Inline policies of an entity, ordered by name. */
  listInlinePolicies(entityType: PolicyEntityType, entityId: string): InlinePolicyRecord[];
  findInlinePolicy(entityType: PolicyEntityType, entityId: string, policyName: string): InlinePolicyRecord | undefined;
  /** Creates or replaces an inline policy. */
  putInlinePolicy(policy: InlinePolicyRecord): void;
  deleteInlinePolicy(entityType: PolicyEntityType, entityId: string, policyName: string): void;
}

/** The policies aggregate. */
export interface PolicyStore extends ManagedPolicyStore, AttachmentStore {}
