/**
 * @module Customer and AWS-managed policies: CreatePolicy, GetPolicy, ListPolicies, DeletePolicy.
 * Spec: IAM API Reference (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html and
 * siblings); quotas from "IAM and AWS STS quotas".
 */
import { deleteConflict, entityAlreadyExists } from '../../../core/errors';
import { ID_PREFIX, newUniqueId } from '../../../core/ids';
import type { AccountStore } from '../../../core/ports';
import type { ManagedPolicyRecord } from '../../../core/records';
import type { AccountAction } from '../../action';
import { buildTarget } from '../../authz-target';
import type { CallContext } from '../../context';
import { awsManagedPolicy, isAwsManagedArn, listAwsManagedPolicies } from '../aws-managed';
import { DEFAULT_MAX_ITEMS, decodeMarker, page } from '../pagination';
import { checkRequestTags, mergeTags, toApiTags, type Tag } from '../tags';
import {
  type AnyPolicy,
  checkManagedDocument,
  MAX_POLICIES_PER_ACCOUNT,
  POLICY_TAGGABLE,
  policyArn,
  policyTarget,
  requireAnyPolicy,
  requireLocalPolicy,
  toApiPolicy,
} from './managed-lookup';
import { checkQuota } from '../guards';

/** CreatePolicy: version v1 is the default; names are unique in the account regardless of case. */
export const CreatePolicy: AccountAction<{ PolicyName: string; Path?: string; PolicyDocument: string; Description?: string; Tags?: Tag[] }> = {
  name: 'CreatePolicy',
  target: (ctx, _s, i) => buildTarget('iam:CreatePolicy', { type: 'policy', arn: policyArn(ctx.partition, ctx.caller.accountId, i.Path ?? '/', i.PolicyName) }, i),
  run(ctx, store, input) {
    const tags = input.Tags ?? [];
    checkRequestTags(tags);
    checkManagedDocument(input.PolicyDocument, ctx.partition);
    if (store.findPolicyByName(input.PolicyName)) {
      throw entityAlreadyExists(`A policy called ${input.PolicyName} already exists. Duplicate names are not allowed.`);
    }
    checkQuota(store.countPolicies(), MAX_POLICIES_PER_ACCOUNT, 'PoliciesPerAccount');
    const path = input.Path ?? '/';
    const now = ctx.now.toISOString();
    const record: ManagedPolicyRecord = {
      policyId: newUniqueId(ID_PREFIX.policy, ctx.random),
      policyName: input.PolicyName,
      path,
      arn: policyArn(ctx.partition, ctx.caller.accountId, path, input.PolicyName),
      description: input.Description ?? null,
      defaultVersionId: 'v1',
      createDate: now,
      updateDate: now,
      nextVersion: 2,
    };
    const tagRecords = mergeTags([], tags, POLICY_TAGGABLE);
    store.insertPolicy(record);
    store.insertPolicyVersion({ policyArn: record.arn, versionId: 'v1', document: input.PolicyDocument, createDate: now });
    store.replaceTags('policy', record.arn, tagRecords);
    return {
      Policy: {
        ...toApiPolicy(store, { kind: 'local', record }),
        ...(record.description !== null ? { Description: record.description } : {}),
        ...(tagRecords.length ? { Tags: toApiTags(tagRecords) } : {}),
      },
    };
  },
};

/** GetPolicy: a customer policy of this account or an AWS-managed one; counts are this account's. */
export const GetPolicy: AccountAction<{ PolicyArn: string }> = {
  name: 'GetPolicy',
  target: (_ctx, store, i) => policyTarget(store, 'GetPolicy', i.PolicyArn),
  run(ctx, store, input) {
    const p = requireAnyPolicy(ctx, store, input.PolicyArn);
    if (p.kind === 'aws') return { Policy: { ...toApiPolicy(store, p), ...(p.entry.description ? { Description: p.entry.description } : {}) } };
    const tags = store.listTags('policy', p.record.arn);
    return {
      Policy: {
        ...toApiPolicy(store, p),
        ...(p.record.description !== null ? { Description: p.record.description } : {}),
        ...(tags.length ? { Tags: toApiTags(tags) } : {}),
      },
    };
  },
};

type ListPoliciesInput = {
  Scope?: 'All' | 'AWS' | 'Local';
  OnlyAttached?: boolean;
  PathPrefix?: string;
  PolicyUsageFilter?: 'PermissionsPolicy' | 'PermissionsBoundary';
  Marker?: string;
  MaxItems?: number;
};

/** The sort key of a listed policy: lower-cased name, AWS-managed before a customer one of the same name. */
const sortKey = (name: string, kind: AnyPolicy['kind']) => `${name.toLowerCase()}\u0000${kind === 'aws' ? 0 : 1}`;

/** Every policy in scope under the path prefix, in listing order. */
function policiesInScope(ctx: CallContext, store: AccountStore, input: ListPoliciesInput): { key: string; p: AnyPolicy }[] {
  const scope = input.Scope ?? 'All';
  const prefix = input.PathPrefix ?? '/';
  const rows: { key: string; p: AnyPolicy }[] = [];
  if (scope !== 'Local') {
    // OnlyAttached: the account's own ARNs in use, not a query per catalog entry (inUse filters them further).
    const entries = input.OnlyAttached
      ? store.listPolicyArnsInUse().flatMap((arn) => (isAwsManagedArn(arn) ? [awsManagedPolicy(ctx.partition, arn)].filter((e) => e !== undefined) : []))
      : listAwsManagedPolicies(ctx.partition);
    for (const entry of entries) {
      if (entry.path.startsWith(prefix)) rows.push({ key: sortKey(entry.policyName, 'aws'), p: { kind: 'aws', entry } });
    }
  }
  if (scope !== 'AWS') {
    for (const record of store.listPolicies({ pathPrefix: prefix, limit: MAX_POLICIES_PER_ACCOUNT + 1 })) {
      rows.push({ key: sortKey(record.policyName, 'local'), p: { kind: 'local', record } });
    }
  }
  return rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Whether a listed policy passes OnlyAttached / PolicyUsageFilter. Every managed policy can serve as a
 * permissions policy or a boundary, so the usage filter narrows the attached ones: PermissionsPolicy to
 * policies attached to an entity, PermissionsBoundary to policies used as a boundary; OnlyAttached alone
 * keeps policies in use either way.
 */
function inUse(store: AccountStore, arn: string, input: ListPoliciesInput): boolean {
  if (!input.OnlyAttached) return true;
  const attached = () => store.listPolicyAttachments(arn).length > 0;
  const boundary = () => store.countBoundaryUses(arn) > 0;
  if (input.PolicyUsageFilter === 'PermissionsPolicy') return attached();
  if (input.PolicyUsageFilter === 'PermissionsBoundary') return boundary();
  return attached() || boundary();
}

/** ListPolicies: AWS-managed (catalog) and customer policies merged by name, filtered and paginated. */
export const ListPolicies: AccountAction<ListPoliciesInput> = {
  name: 'ListPolicies',
  target: (ctx) => buildTarget('iam:ListPolicies', { type: 'policy', arn: policyArn(ctx.partition, ctx.caller.accountId, '/', '') }),
  run(ctx, store, input) {
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const after = decodeMarker(input.Marker);
    const picked: { key: string; p: AnyPolicy }[] = [];
    for (const row of policiesInScope(ctx, store, input)) {
      if (after !== undefined && row.key <= after) continue;
      const arn = row.p.kind === 'aws' ? row.p.entry.arn : row.p.record.arn;
      if (!inUse(store, arn, input)) continue;
      picked.push(row);
      if (picked.length > limit) break;
    }
    const { items, ...pageFields } = page(picked, limit, (r) => r.key);
    return { Policies: items.map((r) => toApiPolicy(store, r.p)), ...pageFields };
  },
};

/**
 * DeletePolicy: refused with DeleteConflict while any entity has the policy attached or uses it as a
 * permissions boundary, and while versions other than the default remain (the default goes with it).
 */
export const DeletePolicy: AccountAction<{ PolicyArn: string }> = {
  name: 'DeletePolicy',
  target: (_ctx, store, i) => policyTarget(store, 'DeletePolicy', i.PolicyArn),
  run(ctx, store, input) {
    const policy = requireLocalPolicy(ctx, store, input.PolicyArn, 'DeletePolicy');
    if (store.listPolicyAttachments(policy.arn).length > 0 || store.countBoundaryUses(policy.arn) > 0) {
      throw deleteConflict('Cannot delete a policy attached to entities.');
    }
    if (store.listPolicyVersions(policy.arn).length > 1) {
      throw deleteConflict(
        "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
      );
    }
    store.deletePolicy(policy.arn);
    return {};
  },
};
