/**
 * @module Instance profiles: CreateInstanceProfile, GetInstanceProfile, ListInstanceProfiles,
 * DeleteInstanceProfile, AddRoleToInstanceProfile, RemoveRoleFromInstanceProfile,
 * ListInstanceProfilesForRole, TagInstanceProfile, UntagInstanceProfile, ListInstanceProfileTags.
 *
 * - Names are unique regardless of case (EntityAlreadyExists `Instance Profile X already exists.`); an
 *   unknown one is NoSuchEntity `Instance Profile X cannot be found.`; at most 1,000 per account
 *   (LimitExceeded `Cannot exceed quota for InstanceProfilesPerAccount: 1000`); ids are `AIPA…`; the ARN is
 *   `arn:<partition>:iam::<account>:instance-profile<path><name>`.
 * - A profile holds one role, a quota AWS cannot raise: adding a role to a profile that has one (the same
 *   role included) is LimitExceeded `Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1`.
 * - Removing a role the profile does not hold is NoSuchEntity, worded as an unknown role (the reference
 *   documents NoSuchEntity and no message).
 * - A profile is deleted only without a role: DeleteConflict `Cannot delete entity, must remove roles from
 *   instance profile first.` ("The instance profile must not have an associated role").
 * - Listings (ListInstanceProfiles, ListInstanceProfilesForRole) omit Tags, as IAM's resource listings do;
 *   the Roles of a profile are shown as ListRoles shows roles.
 * - Authorization: resource type `instance-profile` (its real ARN, or `instance-profile/<name>` when it does
 *   not exist), its tags as `aws:ResourceTag/<k>`, and `aws:RequestTag`/`aws:TagKeys` when tagging.
 *   AddRoleToInstanceProfile also authorizes iam:PassRole on the role (`passRoleTarget`), as AWS does.
 * Spec: IAM API Reference (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html
 * and siblings); IAM User Guide, "IAM and AWS STS quotas".
 */
import { deleteConflict, entityAlreadyExists, noSuchEntity } from '../../../core/errors';
import { ID_PREFIX, newUniqueId } from '../../../core/ids';
import type { AccountStore, PageQuery } from '../../../core/ports';
import type { InstanceProfileRecord } from '../../../core/records';
import type { AccountAction, AuthzTarget } from '../../action';
import { buildTarget } from '../../authz-target';
import type { CallContext } from '../../context';
import { pageOfQuery, pageOfSorted } from '../pagination';
import { resourceTagActions } from '../resource-tags';
import { entityTarget, namedKind } from '../taggable';
import { checkRequestTags, mergeTags, toApiTags, type Tag } from '../tags';
import { requireModifiableRole, requireRole, roleTarget, toListedRole } from './lookup';
import { checkQuota, found } from '../guards';

/** Instance profiles one account may have (IAM quotas: "Instance profiles in an AWS account"). */
export const MAX_INSTANCE_PROFILES_PER_ACCOUNT = 1000;
/** Roles one instance profile may hold ("Roles in an instance profile"; cannot be increased). */
export const MAX_ROLES_PER_INSTANCE_PROFILE = 1;

/** `arn:aws:iam::123456789012:instance-profile/path/name`; `path` starts and ends with `/`. */
export const instanceProfileArn = (partition: string, accountId: string, path: string, name: string) =>
  `arn:${partition}:iam::${accountId}:instance-profile${path}${name}`;

/** The profile named `name` (any case), or NoSuchEntity as AWS words it. */
function requireProfile(store: AccountStore, name: string): InstanceProfileRecord {
  return found(store.findInstanceProfileByName(name), `Instance Profile ${name} cannot be found.`);
}

/** Instance profiles as a taggable kind (resource type `instance-profile`), named by `InstanceProfileName`. */
export const INSTANCE_PROFILE_TAGGABLE = namedKind({
  type: 'instance-profile',
  noun: 'InstanceProfile',
  idMember: 'InstanceProfileName',
  lookup: (store, name) => store.findInstanceProfileByName(name),
  required: requireProfile,
  view: (p) => ({ arn: p.arn, tagId: p.instanceProfileId }),
  absentArn: (ctx, name) => instanceProfileArn(ctx.partition, ctx.caller.accountId, '/', name),
});

/** The authorization target of an action on a profile (services/authz-target.ts: its ARN and tags). */
const profileTarget = (ctx: CallContext, store: AccountStore, action: string, name: string): AuthzTarget =>
  entityTarget(ctx, store, INSTANCE_PROFILE_TAGGABLE, `iam:${action}`, name);

/** The InstanceProfile shape: its roles always (possibly none), its tags when `withTags` and it has some. */
export function toApiProfile(store: AccountStore, p: InstanceProfileRecord, withTags: boolean) {
  const roles = store
    .listInstanceProfileRoles(p.instanceProfileId)
    .map((id) => store.findRoleById(id))
    .filter((r) => r !== undefined)
    .map((r) => toListedRole(store, r));
  const tags = withTags ? store.listTags('instance-profile', p.instanceProfileId) : [];
  return {
    Path: p.path,
    InstanceProfileName: p.instanceProfileName,
    InstanceProfileId: p.instanceProfileId,
    Arn: p.arn,
    CreateDate: p.createDate,
    Roles: roles,
    ...(tags.length ? { Tags: toApiTags(tags) } : {}),
  };
}

/** CreateInstanceProfile. */
export const CreateInstanceProfile: AccountAction<{ InstanceProfileName: string; Path?: string; Tags?: Tag[] }> = {
  name: 'CreateInstanceProfile',
  target: (ctx, _s, i) =>
    buildTarget('iam:CreateInstanceProfile', { type: 'instance-profile', arn: instanceProfileArn(ctx.partition, ctx.caller.accountId, i.Path ?? '/', i.InstanceProfileName) }, i),
  run(ctx, store, input) {
    const tags = input.Tags ?? [];
    checkRequestTags(tags);
    const tagRecords = mergeTags([], tags, INSTANCE_PROFILE_TAGGABLE);
    if (store.findInstanceProfileByName(input.InstanceProfileName)) {
      throw entityAlreadyExists(`Instance Profile ${input.InstanceProfileName} already exists.`);
    }
    checkQuota(store.countInstanceProfiles(), MAX_INSTANCE_PROFILES_PER_ACCOUNT, 'InstanceProfilesPerAccount');
    const path = input.Path ?? '/';
    const profile: InstanceProfileRecord = {
      instanceProfileId: newUniqueId(ID_PREFIX.instanceProfile, ctx.random),
      instanceProfileName: input.InstanceProfileName,
      path,
      arn: instanceProfileArn(ctx.partition, ctx.caller.accountId, path, input.InstanceProfileName),
      createDate: ctx.now.toISOString(),
    };
    store.insertInstanceProfile(profile);
    if (tagRecords.length) store.replaceTags('instance-profile', profile.instanceProfileId, tagRecords);
    return { InstanceProfile: toApiProfile(store, profile, true) };
  },
};

/** GetInstanceProfile: the profile with its role and tags. */
export const GetInstanceProfile: AccountAction<{ InstanceProfileName: string }> = {
  name: 'GetInstanceProfile',
  target: (ctx, store, i) => profileTarget(ctx, store, 'GetInstanceProfile', i.InstanceProfileName),
  run: (_ctx, store, input) => ({ InstanceProfile: toApiProfile(store, requireProfile(store, input.InstanceProfileName), true) }),
};

/** ListInstanceProfiles, ordered by name, filtered by PathPrefix, paginated. */
export const ListInstanceProfiles: AccountAction<{ PathPrefix?: string; Marker?: string; MaxItems?: number }> = {
  name: 'ListInstanceProfiles',
  target: (ctx) => buildTarget('iam:ListInstanceProfiles', { type: 'instance-profile', arn: instanceProfileArn(ctx.partition, ctx.caller.accountId, '/', '') }),
  run(_ctx, store, input) {
    const query = (q: PageQuery) => store.listInstanceProfiles({ ...q, pathPrefix: input.PathPrefix ?? '/' });
    const { items, ...pageFields } = pageOfQuery(input, query, (p) => p.instanceProfileName.toLowerCase());
    return { InstanceProfiles: items.map((p) => toApiProfile(store, p, false)), ...pageFields };
  },
};

/** DeleteInstanceProfile: only once the profile holds no role. */
export const DeleteInstanceProfile: AccountAction<{ InstanceProfileName: string }> = {
  name: 'DeleteInstanceProfile',
  target: (ctx, store, i) => profileTarget(ctx, store, 'DeleteInstanceProfile', i.InstanceProfileName),
  run(_ctx, store, input) {
    const profile = requireProfile(store, input.InstanceProfileName);
    if (store.listInstanceProfileRoles(profile.instanceProfileId).length > 0) {
      throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
    }
    store.deleteInstanceProfile(profile.instanceProfileId);
    return {};
  },
};

/**
 * `iam:PassRole` on the role a profile is given: the role's ARN and tags, the service it is passed to (an
 * instance profile hands its role to EC2's instances, as this service's workload credentials do), and the
 * instances it is associated with, which AWS gives as `arn:aws:ec2:*:<account>:instance/*` for this action
 * (IAM API Reference, API_AddRoleToInstanceProfile.html: "The ARN value must be
 * arn:aws:ec2:*:CallerAccountId:instance/*").
 */
function passRoleTarget(ctx: CallContext, store: AccountStore, roleName: string): AuthzTarget {
  const target = roleTarget(ctx, store, 'iam:PassRole', roleName);
  return {
    ...target,
    context: {
      ...target.context,
      'iam:PassedToService': 'ec2.amazonaws.com',
      'iam:AssociatedResourceArn': `arn:${ctx.partition}:ec2:*:${ctx.caller.accountId}:instance/*`,
    },
  };
}

/** AddRoleToInstanceProfile: one role per profile; the caller also needs iam:PassRole on the role. */
export const AddRoleToInstanceProfile: AccountAction<{ InstanceProfileName: string; RoleName: string }> = {
  name: 'AddRoleToInstanceProfile',
  target: (ctx, store, i) => ({ ...profileTarget(ctx, store, 'AddRoleToInstanceProfile', i.InstanceProfileName), also: [passRoleTarget(ctx, store, i.RoleName)] }),
  run(_ctx, store, input) {
    const profile = requireProfile(store, input.InstanceProfileName);
    const role = requireModifiableRole(store, input.RoleName);
    checkQuota(store.listInstanceProfileRoles(profile.instanceProfileId).length, MAX_ROLES_PER_INSTANCE_PROFILE, 'InstanceSessionsPerInstanceProfile');
    store.addRoleToInstanceProfile(profile.instanceProfileId, role.roleId);
    return {};
  },
};

/** RemoveRoleFromInstanceProfile. */
export const RemoveRoleFromInstanceProfile: AccountAction<{ InstanceProfileName: string; RoleName: string }> = {
  name: 'RemoveRoleFromInstanceProfile',
  target: (ctx, store, i) => profileTarget(ctx, store, 'RemoveRoleFromInstanceProfile', i.InstanceProfileName),
  run(_ctx, store, input) {
    const profile = requireProfile(store, input.InstanceProfileName);
    const role = requireModifiableRole(store, input.RoleName);
    if (!store.listInstanceProfileRoles(profile.instanceProfileId).includes(role.roleId)) {
      throw noSuchEntity(`The role with name ${input.RoleName} cannot be found.`);
    }
    store.removeRoleFromInstanceProfile(profile.instanceProfileId, role.roleId);
    return {};
  },
};

/** ListInstanceProfilesForRole: the profiles holding the role, ordered by name, paginated. */
export const ListInstanceProfilesForRole: AccountAction<{ RoleName: string; Marker?: string; MaxItems?: number }> = {
  name: 'ListInstanceProfilesForRole',
  target: (ctx, store, i) => roleTarget(ctx, store, 'iam:ListInstanceProfilesForRole', i.RoleName),
  run(_ctx, store, input) {
    const role = requireRole(store, input.RoleName);
    const profiles = store.listInstanceProfilesForRole(role.roleId);
    const { items, ...pageFields } = pageOfSorted(profiles, input, (p) => p.instanceProfileName.toLowerCase());
    return { InstanceProfiles: items.map((p) => toApiProfile(store, p, false)), ...pageFields };
  },
};

const [tag, untag, list] = resourceTagActions(INSTANCE_PROFILE_TAGGABLE) as [AccountAction, AccountAction, AccountAction];

/** TagInstanceProfile, UntagInstanceProfile, ListInstanceProfileTags: the one definition of resource-tags.ts. */
export const TagInstanceProfile = tag;
export const UntagInstanceProfile = untag;
export const ListInstanceProfileTags = list;

/** Every instance-profile action. */
export const INSTANCE_PROFILE_ACTIONS: readonly AccountAction[] = [
  CreateInstanceProfile,
  GetInstanceProfile,
  ListInstanceProfiles,
  DeleteInstanceProfile,
  AddRoleToInstanceProfile,
  RemoveRoleFromInstanceProfile,
  ListInstanceProfilesForRole,
  TagInstanceProfile,
  UntagInstanceProfile,
  ListInstanceProfileTags,
];
