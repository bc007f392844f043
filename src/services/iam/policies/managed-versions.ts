/**
 * @module Managed policy versions: CreatePolicyVersion, GetPolicyVersion, ListPolicyVersions,
 * DeletePolicyVersion, SetDefaultPolicyVersion.
 *
 * A policy keeps at most five versions; ids are `v<n>` from the policy's counter and are never reused after
 * a deletion. Documents come back URL-encoded (RFC 3986) from GetPolicyVersion; CreatePolicyVersion and
 * ListPolicyVersions describe versions without their documents, newest first.
 * Spec: IAM User Guide, "Versioning IAM policies"; IAM API Reference, API_CreatePolicyVersion.html and
 * siblings, "PolicyVersion" data type.
 */
import { deleteConflict, limitExceeded, noSuchEntity } from '../../../core/errors';
import type { AccountStore } from '../../../core/ports';
import type { PolicyVersionRecord } from '../../../core/records';
import type { AccountAction } from '../../action';
import type { CallContext } from '../../context';
import type { AwsManagedPolicy } from '../aws-managed';
import { DEFAULT_MAX_ITEMS, decodeMarker, page } from '../pagination';
import {
  checkManagedDocument,
  MAX_VERSIONS_PER_POLICY,
  policyTarget,
  requireAnyPolicy,
  requireLocalPolicy,
  urlEncodeDocument,
} from './managed-lookup';

const versionNotFound = (arn: string, versionId: string) =>
  noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);

/** The number in a version id (`v12` → 12). */
export const versionNumber = (versionId: string) => Number.parseInt(versionId.slice(1), 10);

/** The one version of an AWS-managed policy the catalog keeps: its default, dated at its last update. */
export const awsVersion = (entry: AwsManagedPolicy): PolicyVersionRecord => ({
  policyArn: entry.arn,
  versionId: entry.defaultVersionId,
  document: entry.document,
  createDate: entry.updateDate,
});

/** A policy's versions with the default one marked; an AWS-managed policy shows its default version. */
function versionsOf(ctx: CallContext, store: AccountStore, arn: string): { versions: PolicyVersionRecord[]; defaultVersionId: string } {
  const p = requireAnyPolicy(ctx, store, arn);
  if (p.kind === 'aws') return { versions: [awsVersion(p.entry)], defaultVersionId: p.entry.defaultVersionId };
  return { versions: store.listPolicyVersions(arn), defaultVersionId: p.record.defaultVersionId };
}

/** The PolicyVersion shape; `withDocument` only for GetPolicyVersion. */
export const toApiVersion = (v: PolicyVersionRecord, defaultVersionId: string, withDocument: boolean) => ({
  ...(withDocument ? { Document: urlEncodeDocument(v.document) } : {}),
  VersionId: v.versionId,
  IsDefaultVersion: v.versionId === defaultVersionId,
  CreateDate: v.createDate,
});

/** CreatePolicyVersion: a new `v<n>`, optionally made the default. */
export const CreatePolicyVersion: AccountAction<{ PolicyArn: string; PolicyDocument: string; SetAsDefault?: boolean }> = {
  name: 'CreatePolicyVersion',
  target: (_ctx, store, i) => policyTarget(store, 'CreatePolicyVersion', i.PolicyArn),
  run(ctx, store, input) {
    const policy = requireLocalPolicy(ctx, store, input.PolicyArn, 'CreatePolicyVersion');
    checkManagedDocument(input.PolicyDocument, ctx.partition);
    if (store.listPolicyVersions(policy.arn).length >= MAX_VERSIONS_PER_POLICY) {
      throw limitExceeded(
        `A managed policy can have up to ${MAX_VERSIONS_PER_POLICY} versions. Before you create a new version, you must delete an existing version.`,
      );
    }
    const now = ctx.now.toISOString();
    const version: PolicyVersionRecord = { policyArn: policy.arn, versionId: `v${policy.nextVersion}`, document: input.PolicyDocument, createDate: now };
    store.insertPolicyVersion(version);
    const defaultVersionId = input.SetAsDefault ? version.versionId : policy.defaultVersionId;
    store.updatePolicy(policy.arn, {
      nextVersion: policy.nextVersion + 1,
      updateDate: now,
      ...(input.SetAsDefault ? { defaultVersionId } : {}),
    });
    return { PolicyVersion: toApiVersion(version, defaultVersionId, false) };
  },
};

/** GetPolicyVersion: the version with its document, URL-encoded. */
export const GetPolicyVersion: AccountAction<{ PolicyArn: string; VersionId: string }> = {
  name: 'GetPolicyVersion',
  target: (_ctx, store, i) => policyTarget(store, 'GetPolicyVersion', i.PolicyArn),
  run(ctx, store, input) {
    const { versions, defaultVersionId } = versionsOf(ctx, store, input.PolicyArn);
    const version = versions.find((v) => v.versionId === input.VersionId);
    if (!version) throw versionNotFound(input.PolicyArn, input.VersionId);
    return { PolicyVersion: toApiVersion(version, defaultVersionId, true) };
  },
};

/** ListPolicyVersions: newest first, paginated. */
export const ListPolicyVersions: AccountAction<{ PolicyArn: string; Marker?: string; MaxItems?: number }> = {
  name: 'ListPolicyVersions',
  target: (_ctx, store, i) => policyTarget(store, 'ListPolicyVersions', i.PolicyArn),
  run(ctx, store, input) {
    const { versions, defaultVersionId } = versionsOf(ctx, store, input.PolicyArn);
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const after = decodeMarker(input.Marker);
    const newestFirst = [...versions].sort((a, b) => versionNumber(b.versionId) - versionNumber(a.versionId));
    const rest = after === undefined ? newestFirst : newestFirst.filter((v) => versionNumber(v.versionId) < versionNumber(after));
    const { items, ...pageFields } = page(rest.slice(0, limit + 1), limit, (v) => v.versionId);
    return { Versions: items.map((v) => toApiVersion(v, defaultVersionId, false)), ...pageFields };
  },
};

/** DeletePolicyVersion: any version but the default (DeletePolicy removes that one). */
export const DeletePolicyVersion: AccountAction<{ PolicyArn: string; VersionId: string }> = {
  name: 'DeletePolicyVersion',
  target: (_ctx, store, i) => policyTarget(store, 'DeletePolicyVersion', i.PolicyArn),
  run(ctx, store, input) {
    const policy = requireLocalPolicy(ctx, store, input.PolicyArn, 'DeletePolicyVersion');
    if (!store.findPolicyVersion(policy.arn, input.VersionId)) throw versionNotFound(policy.arn, input.VersionId);
    if (input.VersionId === policy.defaultVersionId) throw deleteConflict('Cannot delete the default version of a policy.');
    store.deletePolicyVersion(policy.arn, input.VersionId);
    return {};
  },
};

/** SetDefaultPolicyVersion: makes an existing version the one in effect. */
export const SetDefaultPolicyVersion: AccountAction<{ PolicyArn: string; VersionId: string }> = {
  name: 'SetDefaultPolicyVersion',
  target: (_ctx, store, i) => policyTarget(store, 'SetDefaultPolicyVersion', i.PolicyArn),
  run(ctx, store, input) {
    const policy = requireLocalPolicy(ctx, store, input.PolicyArn, 'SetDefaultPolicyVersion');
    if (!store.findPolicyVersion(policy.arn, input.VersionId)) throw versionNotFound(policy.arn, input.VersionId);
    store.updatePolicy(policy.arn, { defaultVersionId: input.VersionId });
    return {};
  },
};
