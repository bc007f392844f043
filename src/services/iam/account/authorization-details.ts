/**
 * @module GetAccountAuthorizationDetails: a snapshot of the account's users, roles, groups and managed
 * policies with their relationships, filtered by entity type and paginated with MaxItems/Marker.
 *
 * Spec: IAM API Reference, https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
 * and the data types UserDetail, GroupDetail, RoleDetail, ManagedPolicyDetail, PolicyDetail, PolicyVersion.
 * Where the reference is silent, the behaviour follows captures of the live service:
 * - the four lists are always present; one page spans the entity families in the order users, roles,
 *   groups, policies (MaxItems counts entities of every family together);
 * - no Filter (or an empty one) means every family; the Filter is a set (order and repetition are free);
 *   a Marker belongs to the filter set it was issued for: reused with another set it is a ValidationError,
 *   `Invalid Marker.` when either side is the default (all) set, `Marker and Filter do not match` otherwise;
 * - `LocalManagedPolicy` lists every customer-managed policy; `AWSManagedPolicy` lists the AWS-managed
 *   policies this account uses, attached to an entity or set as a permissions boundary;
 * - a UserDetail carries UserPolicyList and Tags only when non-empty, GroupList and AttachedManagedPolicies
 *   always; a GroupDetail always carries GroupPolicyList and AttachedManagedPolicies;
 * - a ManagedPolicyDetail has no Description; its PolicyVersionList holds every version, newest first, each
 *   document URL-encoded (RFC 3986) like every policy document of this action.
 * - a RoleDetail always carries InstanceProfileList (each profile with its Roles), RolePolicyList,
 *   AttachedManagedPolicies and RoleLastUsed (empty until the role is used); PermissionsBoundary when set and
 *   Tags when non-empty, as a UserDetail does; its trust policy is URL-encoded like every document here.
 */
import { validationError } from '../../../core/errors';
import type { AccountStore } from '../../../core/ports';
import type { GroupRecord, ManagedPolicyRecord, PolicyEntityType, RoleRecord, UserRecord } from '../../../core/records';
import type { AccountAction } from '../../action';
import { buildTarget } from '../../authz-target';
import type { CallContext } from '../../context';
import { awsManagedPolicy, isAwsManagedArn, type AwsManagedPolicy } from '../aws-managed';
import { DEFAULT_MAX_ITEMS, decodeMarker, encodeMarker } from '../pagination';
import { MAX_POLICIES_PER_ACCOUNT, splitPolicyArn, toApiPolicy, urlEncodeDocument } from '../policies/managed-lookup';
import { toListedUser } from '../entities';
import { toApiGroup } from '../groups/lookup';
import { awsVersion, toApiVersion, versionNumber } from '../policies/managed-versions';
import { toApiTags } from '../tags';
import { toApiProfile } from '../roles/instance-profiles';
import { boundaryOf, lastUsedOf, roleIdentity } from '../roles/lookup';
import { displayedTrustPolicy } from '../roles/trust-bindings';

/** The entity types of the `Filter` parameter (model enum EntityType). */
export type EntityType = 'User' | 'Role' | 'Group' | 'LocalManagedPolicy' | 'AWSManagedPolicy';

/** Bits of a filter set, so a set has one canonical spelling in a Marker. */
const FILTER_BITS: Record<EntityType, number> = { User: 1, Role: 2, Group: 4, LocalManagedPolicy: 8, AWSManagedPolicy: 16 };
const ALL_FILTERS = 31;

/** The families of the answer, in the order a page walks them. */
const Family = { Users: 0, Roles: 1, Groups: 2, Policies: 3 } as const;
type Family = (typeof Family)[keyof typeof Family];

/** One entity of the sequence a page is cut from: its family, its sort key within it, and its detail. */
interface Row {
  family: Family;
  key: string;
  detail: () => unknown;
}

/** Where a Marker resumes: after `key` in `family`. */
interface Position {
  family: Family;
  key: string;
}

function filterBits(filter: readonly EntityType[] | undefined): number {
  if (!filter || filter.length === 0) return ALL_FILTERS;
  return filter.reduce((bits, f) => bits | (FILTER_BITS[f] ?? 0), 0);
}

/** A Marker: the filter set, the family and the sort key of the last entity returned. */
const markerFor = (bits: number, row: Row) => encodeMarker(`${bits}\n${row.family}\n${row.key}`);

/** The position a Marker resumes at, or the ValidationError AWS answers for a Marker of another filter set. */
function resumeAt(marker: string | undefined, bits: number): Position | undefined {
  if (marker === undefined) return undefined;
  const mismatch = (markerBits: number | undefined) =>
    validationError(bits === ALL_FILTERS || markerBits === ALL_FILTERS ? 'Invalid Marker.' : 'Marker and Filter do not match');
  let text: string | undefined;
  try {
    text = decodeMarker(marker);
  } catch {
    throw mismatch(undefined);
  }
  const parts = text?.split('\n') ?? [];
  const markerBits = Number(parts[0]);
  const family = Number(parts[1]);
  if (parts.length !== 3 || !Number.isInteger(markerBits) || !Number.isInteger(family) || family < 0 || family > Family.Policies) {
    throw mismatch(undefined);
  }
  if (markerBits !== bits) throw mismatch(markerBits);
  return { family: family as Family, key: parts[2]! };
}

// ---- details --------------------------------------------------------------------------------------------

/** PolicyDetail list: an entity's inline policies, documents URL-encoded. */
const inlinePolicies = (store: AccountStore, type: PolicyEntityType, id: string) =>
  store.listInlinePolicies(type, id).map((p) => ({ PolicyName: p.policyName, PolicyDocument: urlEncodeDocument(p.document) }));

/** AttachedPolicy list: an entity's managed policies, in attachment order. */
const attachedPolicies = (store: AccountStore, type: PolicyEntityType, id: string) =>
  store.listAttachedPolicies(type, id).map((arn) => ({ PolicyName: splitPolicyArn(arn).name, PolicyArn: arn }));

function userDetail(store: AccountStore, user: UserRecord) {
  const inline = inlinePolicies(store, 'user', user.userId);
  const tags = store.listTags('user', user.userId);
  return {
    ...toListedUser(user),
    ...(inline.length ? { UserPolicyList: inline } : {}),
    GroupList: store.listGroupsForUser(user.userId).map((g) => g.groupName),
    AttachedManagedPolicies: attachedPolicies(store, 'user', user.userId),
    ...boundaryOf(user.permissionsBoundaryArn),
    ...(tags.length ? { Tags: toApiTags(tags) } : {}),
  };
}

function roleDetail(store: AccountStore, role: RoleRecord) {
  const tags = store.listTags('role', role.roleId);
  return {
    ...roleIdentity(role),
    AssumeRolePolicyDocument: urlEncodeDocument(displayedTrustPolicy(store, role)),
    InstanceProfileList: store.listInstanceProfilesForRole(role.roleId).map((p) => toApiProfile(store, p, false)),
    RolePolicyList: inlinePolicies(store, 'role', role.roleId),
    AttachedManagedPolicies: attachedPolicies(store, 'role', role.roleId),
    ...boundaryOf(role.permissionsBoundaryArn),
    ...(tags.length ? { Tags: toApiTags(tags) } : {}),
    RoleLastUsed: lastUsedOf(role),
  };
}

function groupDetail(store: AccountStore, group: GroupRecord) {
  return {
    ...toApiGroup(group),
    GroupPolicyList: inlinePolicies(store, 'group', group.groupId),
    AttachedManagedPolicies: attachedPolicies(store, 'group', group.groupId),
  };
}

function localPolicyDetail(store: AccountStore, p: ManagedPolicyRecord) {
  const versions = [...store.listPolicyVersions(p.arn)].sort((a, b) => versionNumber(b.versionId) - versionNumber(a.versionId));
  return {
    ...toApiPolicy(store, { kind: 'local', record: p }),
    PolicyVersionList: versions.map((v) => toApiVersion(v, p.defaultVersionId, true)),
  };
}

/** An AWS-managed policy; the catalog keeps its default version only, so that is the one version listed. */
function awsPolicyDetail(store: AccountStore, p: AwsManagedPolicy) {
  return {
    ...toApiPolicy(store, { kind: 'aws', entry: p }),
    PolicyVersionList: [toApiVersion(awsVersion(p), p.defaultVersionId, true)],
  };
}

/** Whether an account uses a managed policy: attached to an entity or set as a permissions boundary. */
export function policyInUse(store: AccountStore, arn: string): boolean {
  return store.listPolicyAttachments(arn).length > 0 || store.countBoundaryUses(arn) > 0;
}

// ---- the entity sequence ----------------------------------------------------------------------------------

/** Sort key of a policy: lower-cased name, an AWS-managed policy before a customer one of the same name. */
const policyKey = (name: string, aws: boolean) => `${name.toLowerCase()}\u0000${aws ? 0 : 1}`;

/** Up to `limit` entities of `family` after `after`, in order. */
function familyRows(ctx: CallContext, store: AccountStore, family: Family, bits: number, after: string | undefined, limit: number): Row[] {
  switch (family) {
    case Family.Users:
      return store.listUsers({ pathPrefix: '/', after, limit }).map((u) => ({ family, key: u.userName.toLowerCase(), detail: () => userDetail(store, u) }));
    case Family.Roles:
      return store.listRoles({ pathPrefix: '/', after, limit }).map((r) => ({ family, key: r.roleName.toLowerCase(), detail: () => roleDetail(store, r) }));
    case Family.Groups:
      return store.listGroups({ pathPrefix: '/', after, limit }).map((g) => ({ family, key: g.groupName.toLowerCase(), detail: () => groupDetail(store, g) }));
    case Family.Policies: {
      const rows: Row[] = [];
      if (bits & FILTER_BITS.AWSManagedPolicy) {
        // The AWS-managed policies the account uses, from its own ARNs (not one query per catalog entry).
        for (const arn of store.listPolicyArnsInUse()) {
          const p = isAwsManagedArn(arn) ? awsManagedPolicy(ctx.partition, arn) : undefined;
          const key = p && policyKey(p.policyName, true);
          if (p && key && (after === undefined || key > after)) rows.push({ family, key, detail: () => awsPolicyDetail(store, p) });
        }
      }
      if (bits & FILTER_BITS.LocalManagedPolicy) {
        for (const p of store.listPolicies({ pathPrefix: '/', limit: MAX_POLICIES_PER_ACCOUNT * 4 })) {
          const key = policyKey(p.policyName, false);
          if (after === undefined || key > after) rows.push({ family, key, detail: () => localPolicyDetail(store, p) });
        }
      }
      return rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).slice(0, limit);
    }
  }
}

/** The families a filter set selects. */
function familiesOf(bits: number): Family[] {
  const out: Family[] = [];
  if (bits & FILTER_BITS.User) out.push(Family.Users);
  if (bits & FILTER_BITS.Role) out.push(Family.Roles);
  if (bits & FILTER_BITS.Group) out.push(Family.Groups);
  if (bits & (FILTER_BITS.LocalManagedPolicy | FILTER_BITS.AWSManagedPolicy)) out.push(Family.Policies);
  return out;
}

export interface GetAccountAuthorizationDetailsInput {
  Filter?: EntityType[];
  MaxItems?: number;
  Marker?: string;
}

/** GetAccountAuthorizationDetails, authorized as `iam:GetAccountAuthorizationDetails` on `*`. */
export const GetAccountAuthorizationDetails: AccountAction<GetAccountAuthorizationDetailsInput> = {
  name: 'GetAccountAuthorizationDetails',
  target: () => buildTarget('iam:GetAccountAuthorizationDetails', undefined),
  run(ctx, store, input) {
    const limit = input.MaxItems ?? DEFAULT_MAX_ITEMS;
    const bits = filterBits(input.Filter);
    const from = resumeAt(input.Marker, bits);
    const rows: Row[] = [];
    for (const family of familiesOf(bits)) {
      if (from && family < from.family) continue;
      const need = limit + 1 - rows.length;
      if (need <= 0) break;
      rows.push(...familyRows(ctx, store, family, bits, from && family === from.family ? from.key : undefined, need));
    }
    const items = rows.slice(0, limit);
    const truncated = rows.length > limit;
    const of = (family: Family) => items.filter((r) => r.family === family).map((r) => r.detail());
    return {
      UserDetailList: of(Family.Users),
      GroupDetailList: of(Family.Groups),
      RoleDetailList: of(Family.Roles),
      Policies: of(Family.Policies),
      IsTruncated: truncated,
      ...(truncated ? { Marker: markerFor(bits, items[items.length - 1]!) } : {}),
    };
  },
};
