/**
 * @module The one builder of an action's authorization target: the resource ARN and EVERY condition key the
 * Service Authorization Reference lists for the action (and for the resource type it targets) that this
 * service can know, filled from the target entity (its ARN, current tags, current boundary) and from the
 * request's input (the tags it sets or removes, the boundary or policy it names). Every IAM action's
 * `target()` goes through here, so a key the reference lists cannot be forgotten by one action: a Deny
 * conditioned on it applies (issue 7 §2: TagUser used to be authorized without `aws:TagKeys`).
 *
 * Keys the reference lists that this service cannot know are named in {@link UNKNOWABLE_KEYS} with the
 * reason; they are absent from the context, as AWS leaves a key absent when a request does not carry it.
 * Spec: Service Authorization Reference, "Actions, resources, and condition keys for AWS Identity and
 * Access Management" (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html);
 * IAM User Guide, "Controlling access to and for IAM users and roles using tags"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_iam-tags.html): `aws:RequestTag/<key>` and
 * `aws:TagKeys` carry the tags a request adds (create or tag), `aws:TagKeys` the keys an untag removes,
 * `aws:ResourceTag/<key>` (and `iam:ResourceTag/<key>` for users and roles) the target's current tags.
 */
import type { TagRecord } from '../core/records';
import type { AuthzTarget } from './action';
import { targetConditionKeys } from './authz-resources';

/** The entity an action targets, as authorization sees it. */
export interface TargetEntity {
  /** The reference's resource type: `user`, `role`, `group`, `policy`, `instance-profile`, `mfa`, `oidc-provider`, `saml-provider`. */
  type: string;
  /** Its ARN (with its path when it exists; the ARN the request names when it does not, or is to be created). */
  arn: string;
  /** Its current tags; none when it does not exist (yet). */
  tags?: readonly TagRecord[];
  /** Its current permissions boundary (users and roles). */
  permissionsBoundary?: string | null;
}

/** The members of a request's input the condition keys come from, named as the API names them. */
export interface TargetInput {
  /** Tags a create or tag request sets. */
  Tags?: readonly { Key: string; Value: string }[];
  /** Keys an untag request removes. */
  TagKeys?: readonly string[];
  /** The boundary a request sets (CreateUser, CreateRole, Put…PermissionsBoundary). */
  PermissionsBoundary?: string;
  /** The managed policy a request attaches or detaches. */
  PolicyArn?: string;
  /** The service of a service-linked role. */
  AWSServiceName?: string;
  /** The service a service-specific credential is for (the request's, or the stored credential's). */
  ServiceName?: string;
}

/**
 * Condition keys the reference lists for some IAM action that this service cannot know, with the reason.
 * Templates keep their variable. A key in neither this list nor the fillers below fails the unit test that
 * walks the table (test/unit/authz-table/authz-target.test.ts).
 */
export const UNKNOWABLE_KEYS: Readonly<Record<string, string>> = {
  'iam:RoleTemplateARN': 'set only for roles created from an AWS role template; this service has no role templates',
  'iam:FIDO-FIPS-140-2-certification': 'set only when a FIDO security key is registered; only virtual (TOTP) MFA devices exist here',
  'iam:FIDO-FIPS-140-3-certification': 'set only when a FIDO security key is registered; only virtual (TOTP) MFA devices exist here',
  'iam:FIDO-certification': 'set only when a FIDO security key is registered; only virtual (TOTP) MFA devices exist here',
  'iam:RegisterSecurityKey': 'set only during FIDO security key registration; only virtual (TOTP) MFA devices exist here',
  'iam:OrganizationsPolicyId': 'AWS Organizations access reports are not part of this service',
  'iam:AccountPropertyNamespaces': 'account properties (Get/PutAccountProperties) are not part of this service',
  'iam:AssociatedResourceArn': 'iam:PassRole is checked by the service a role is passed to; no such service here',
  'iam:PassedToService': 'iam:PassRole is checked by the service a role is passed to; no such service here',
  'iam:DelegationDuration': 'delegation requests are not part of this service',
  'iam:DelegationRequestOwner': 'delegation requests are not part of this service',
  'iam:NotificationChannel': 'delegation requests are not part of this service',
  'iam:TemplateArn': 'delegation requests are not part of this service',
  'iam:ServiceSpecificCredentialAgeDays': 'CredentialAgeDays applies only to Bedrock and CloudWatch Logs API keys, which this deployment does not issue (the request is refused)',
};

type Context = Record<string, string | string[]>;

/** How each knowable key is filled; a filler leaves the key out when the request does not carry it. */
const FILLERS: Readonly<Record<string, (ctx: Context, entity: TargetEntity | undefined, input: TargetInput) => void>> = {
  'aws:RequestTag/${TagKey}': (c, _e, i) => {
    for (const t of i.Tags ?? []) c[`aws:RequestTag/${t.Key}`] = t.Value;
  },
  'aws:TagKeys': (c, _e, i) => {
    const keys = i.Tags !== undefined ? i.Tags.map((t) => t.Key) : i.TagKeys;
    if (keys && keys.length > 0) c['aws:TagKeys'] = [...keys];
  },
  'aws:ResourceTag/${TagKey}': (c, e) => {
    for (const t of e?.tags ?? []) c[`aws:ResourceTag/${t.key}`] = t.value;
  },
  'iam:ResourceTag/${TagKey}': (c, e) => {
    for (const t of e?.tags ?? []) c[`iam:ResourceTag/${t.key}`] = t.value;
  },
  'iam:PermissionsBoundary': (c, e, i) => {
    const arn = i.PermissionsBoundary ?? e?.permissionsBoundary;
    if (arn) c['iam:PermissionsBoundary'] = arn;
  },
  'iam:PolicyARN': (c, _e, i) => {
    if (i.PolicyArn !== undefined) c['iam:PolicyARN'] = i.PolicyArn;
  },
  'iam:AWSServiceName': (c, _e, i) => {
    if (i.AWSServiceName !== undefined) c['iam:AWSServiceName'] = i.AWSServiceName;
  },
  'iam:ServiceSpecificCredentialServiceName': (c, _e, i) => {
    if (i.ServiceName !== undefined) c['iam:ServiceSpecificCredentialServiceName'] = i.ServiceName;
  },
};

/** Whether this module knows how to fill `key` (a reference key, template spelling). */
export const isFillableKey = (key: string): boolean => key in FILLERS;

/** The condition keys of `action` on `entity` with `input`, as the reference lists them and this service knows them. */
export function targetContext(action: string, entity: TargetEntity | undefined, input: TargetInput = {}): Context {
  const context: Context = {};
  for (const key of targetConditionKeys(action, entity?.type) ?? []) FILLERS[key]?.(context, entity, input);
  return context;
}

/**
 * The authorization target of `action` (`iam:TagUser`) on `entity` (undefined: the action takes no
 * resource, `*`) for a request with `input`.
 */
export function buildTarget(action: string, entity: TargetEntity | undefined, input: TargetInput = {}): AuthzTarget {
  const context = targetContext(action, entity, input);
  return { action, resource: entity?.arn ?? '*', ...(Object.keys(context).length ? { context } : {}) };
}
