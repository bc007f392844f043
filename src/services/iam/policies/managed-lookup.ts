/**
 * @module What the managed-policy actions share: policy ARNs, lookups of customer and AWS-managed
 * policies with AWS's NoSuchEntity wording, document checks, the API shapes and authorization context.
 * Spec: IAM API Reference, "Policy" and "PolicyVersion" data types
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Policy.html, API_PolicyVersion.html);
 * IAM User Guide, "Versioning IAM policies" and "IAM and AWS STS quotas".
 */
import { accessDenied, noSuchEntity } from '../../../core/errors';
import type { AccountStore } from '../../../core/ports';
import type { ManagedPolicyRecord } from '../../../core/records';
import { checkManagedPolicySize, checkPolicy } from '../../../core/policy/index';
import type { AuthzTarget } from '../../action';
import type { TargetInput } from '../../authz-target';
import type { CallContext } from '../../context';
import { protectedTarget } from '../../fixed-decisions';
import { awsManagedPolicy, isAwsManagedArn, type AwsManagedPolicy } from '../aws-managed';
import { arnEntityTarget, type TaggableKind } from '../taggable';
import { policyDocumentError, rfc3986 } from './inline';

/** Customer-managed policies one account may have (IAM quotas: "Customer managed policies in an AWS account"). */
export const MAX_POLICIES_PER_ACCOUNT = 1500;
/** Versions one managed policy may keep ("Versions of a managed policy that can be stored"). */
export const MAX_VERSIONS_PER_POLICY = 5;

/** `arn:aws:iam::123456789012:policy/path/name`; `path` starts and ends with `/`. */
export const policyArn = (partition: string, accountId: string, path: string, name: string) =>
  `arn:${partition}:iam::${accountId}:policy${path}${name}`;

/** The path and name an IAM policy ARN carries (`…:policy/a/b/Name` → `/a/b/`, `Name`). */
export function splitPolicyArn(arn: string): { path: string; name: string } {
  const resource = arn.slice(arn.indexOf(':policy/') + ':policy'.length);
  const cut = resource.lastIndexOf('/');
  return { path: resource.slice(0, cut + 1) || '/', name: resource.slice(cut + 1) };
}

/** A managed policy as the actions see it: a customer record of this account or an AWS catalog entry. */
export type AnyPolicy =
  | { kind: 'local'; record: ManagedPolicyRecord }
  | { kind: 'aws'; entry: AwsManagedPolicy };

/** The customer or AWS-managed policy at `arn`, if it exists. */
export function findAnyPolicy(ctx: CallContext, store: AccountStore, arn: string): AnyPolicy | undefined {
  if (isAwsManagedArn(arn)) {
    const entry = awsManagedPolicy(ctx.partition, arn);
    return entry && { kind: 'aws', entry };
  }
  const record = store.findPolicy(arn);
  return record && { kind: 'local', record };
}

/** NoSuchEntity as GetPolicy and the other policy actions word it. */
export const policyNotFound = (arn: string) => noSuchEntity(`Policy ${arn} was not found.`);
/** NoSuchEntity as the attach actions (and version lookups) word it. */
export const notAttachable = (arn: string) => noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);

/** Any managed policy (read actions), or NoSuchEntity. */
export function requireAnyPolicy(ctx: CallContext, store: AccountStore, arn: string): AnyPolicy {
  const found = findAnyPolicy(ctx, store, arn);
  if (!found) throw policyNotFound(arn);
  return found;
}

/**
 * A customer-managed policy for a write (delete, new version, default version, tags). AWS-managed
 * policies belong to the `aws` account: no principal of a tenant account may change them, so a write
 * is refused with AccessDenied, as a cross-account write without a resource-based policy is.
 */
export function requireLocalPolicy(ctx: CallContext, store: AccountStore, arn: string, action: string): ManagedPolicyRecord {
  // The simulator reports these writes denied through the same predicate (services/fixed-decisions.ts).
  if (protectedTarget(`iam:${action}`, arn) === 'aws-managed-policy') {
    if (!awsManagedPolicy(ctx.partition, arn)) throw policyNotFound(arn);
    throw accessDenied(
      `User: ${ctx.caller.arn} is not authorized to perform: iam:${action} on resource: policy ${arn} because no resource-based policy allows the iam:${action} action`,
    );
  }
  const record = isAwsManagedArn(arn) ? undefined : store.findPolicy(arn);
  if (!record) throw policyNotFound(arn);
  return record;
}

/**
 * Checks a managed policy document: IAM's grammar for managed policies (MalformedPolicyDocument with the
 * engine's message; Version 2012-10-17 required), then the 6,144-character quota without white space
 * (LimitExceeded).
 */
export function checkManagedDocument(text: string, partition: string): void {
  const checked = checkPolicy(text, 'managed', partition);
  if (!checked.ok) throw policyDocumentError(checked.error);
  const tooBig = checkManagedPolicySize(checked.value.size);
  if (tooBig) throw policyDocumentError([tooBig]);
}

/** RFC 3986 percent-encoding, as IAM returns policy documents (shared with the inline-policy actions). */
export const urlEncodeDocument = rfc3986;

/** How many entities of this account have the policy attached, and use it as a permissions boundary. */
export const usageCounts = (store: AccountStore, arn: string) => ({
  AttachmentCount: store.listPolicyAttachments(arn).length,
  PermissionsBoundaryUsageCount: store.countBoundaryUses(arn),
});

/** The Policy shape (ListPolicies omits Description and Tags; CreatePolicy and GetPolicy add them). */
export function toApiPolicy(store: AccountStore, p: AnyPolicy) {
  const base =
    p.kind === 'local'
      ? { PolicyName: p.record.policyName, PolicyId: p.record.policyId, Arn: p.record.arn, Path: p.record.path, DefaultVersionId: p.record.defaultVersionId }
      : { PolicyName: p.entry.policyName, PolicyId: p.entry.policyId, Arn: p.entry.arn, Path: p.entry.path, DefaultVersionId: p.entry.defaultVersionId };
  const dates = p.kind === 'local' ? { CreateDate: p.record.createDate, UpdateDate: p.record.updateDate } : { CreateDate: p.entry.createDate, UpdateDate: p.entry.updateDate };
  return { ...base, ...usageCounts(store, base.Arn), IsAttachable: p.kind === 'local' || p.entry.attachable, ...dates };
}

/** Managed policies as a taggable kind (resource type `policy`), named by their ARN; AWS-managed ones have no tags here. */
export const POLICY_TAGGABLE: TaggableKind = {
  type: 'policy',
  noun: 'Policy',
  idMember: 'PolicyArn',
  find: (store, arn) => (store.findPolicy(arn) ? { arn, tagId: arn } : undefined),
  absentArn: (_ctx, arn) => arn,
  require(ctx, store, arn, action) {
    // Listing reads any policy (an AWS-managed one has no tags); tagging writes a customer policy only.
    if (action.startsWith('List')) {
      const p = requireAnyPolicy(ctx, store, arn);
      return p.kind === 'local' ? { arn: p.record.arn, tagId: p.record.arn } : { arn: p.entry.arn, tagId: p.entry.arn };
    }
    const record = requireLocalPolicy(ctx, store, arn, action);
    return { arn: record.arn, tagId: record.arn };
  },
};

/** The authorization target of an action on a policy (`iam:<action>` on the policy ARN; services/authz-target.ts). */
export const policyTarget = (store: AccountStore, action: string, arn: string, input?: TargetInput): AuthzTarget =>
  arnEntityTarget(store, POLICY_TAGGABLE, `iam:${action}`, arn, input);
