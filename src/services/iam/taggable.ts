/**
 * @module One abstraction over every taggable IAM entity (users, roles, managed policies, instance profiles,
 * virtual MFA devices, OIDC and SAML providers): how a request names one, how to find it (its ARN, the id
 * its tags are kept under in the tag port, its boundary) and how it is refused when absent. The tag actions
 * of every kind (resource-tags.ts) and the authorization target of every action on an entity
 * ({@link entityTarget}, through services/authz-target.ts) are built from it.
 * Spec: IAM User Guide, "Tags for AWS Identity and Access Management resources"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html); Service Authorization Reference,
 * "Resource types defined by IAM".
 */
import type { AccountStore } from '../../core/ports';
import type { TaggableType } from '../../core/records';
import type { AuthzTarget } from '../action';
import { buildTarget, type TargetEntity, type TargetInput } from '../authz-target';
import type { CallContext } from '../context';

/** A taggable entity that exists. */
export interface TaggableEntity {
  /** Its ARN, with its path. */
  arn: string;
  /** The id its tags are kept under (`AccountStore.listTags`): user id, role id, policy ARN, profile id, serial, provider ARN. */
  tagId: string;
  /** Its permissions boundary (users and roles). */
  permissionsBoundary?: string | null;
}

/** How one kind of taggable entity is named, found and refused. */
export interface TaggableKind {
  /** The reference's resource type, also the tag port's kind. */
  type: TaggableType;
  /** The API's noun: `User` in TagUser, `MFADevice`, `OpenIDConnectProvider`… */
  noun: string;
  /** The input member naming the entity: `UserName`, `PolicyArn`, `SerialNumber`… */
  idMember: string;
  /** The kind in the LimitExceeded message (`TagsPer<quotaNoun>`); `noun` unless given. */
  quotaNoun?: string;
  /** The entity `id` names, if it exists. */
  find(store: AccountStore, id: string): TaggableEntity | undefined;
  /** The ARN `id` names when no entity has it (AWS authorizes before it looks the entity up). */
  absentArn(ctx: CallContext, id: string): string;
  /**
   * The entity `action` (`TagPolicy`, `ListPolicyTags`) acts on, or the kind's own error: NoSuchEntity,
   * InvalidInput for a malformed id, AccessDenied for a write to an AWS-managed policy.
   */
  require(ctx: CallContext, store: AccountStore, id: string, action: string): TaggableEntity;
}

/**
 * A kind named by its name within the account (users, roles, instance profiles): `lookup` finds its record,
 * `required` throws the kind's NoSuchEntity, and `view` is what authorization and the tag port need of it.
 */
export function namedKind<R>(
  kind: Pick<TaggableKind, 'type' | 'noun' | 'idMember' | 'quotaNoun' | 'absentArn'> & {
    lookup(store: AccountStore, name: string): R | null | undefined;
    required(store: AccountStore, name: string): R;
    view(record: R): TaggableEntity;
  },
): TaggableKind {
  const { lookup, required, view, ...named } = kind;
  return {
    ...named,
    find(store, name) {
      const record = lookup(store, name);
      return record ? view(record) : undefined;
    },
    require: (_ctx, store, name) => view(required(store, name)),
  };
}

/**
 * A kind named by its ARN (OIDC and SAML providers; MFA devices, whose serial number is their ARN): the ARN
 * is also the id its tags are kept under and what authorization sees when no entity has it. `lookup` finds
 * the record, `required` throws the kind's refusal, `arnOf` is the record's stored ARN.
 */
export function arnNamedKind<R>(
  kind: Pick<TaggableKind, 'type' | 'noun' | 'idMember' | 'quotaNoun'> & {
    lookup(store: AccountStore, arn: string): R | null | undefined;
    required(store: AccountStore, arn: string): R;
    arnOf(record: R): string;
  },
): TaggableKind {
  const { arnOf, ...named } = kind;
  // The store finds these by exact ARN, so the stored ARN is the one asked for.
  return namedKind({ ...named, view: (record) => ({ arn: arnOf(record), tagId: arnOf(record) }), absentArn: (_ctx, arn) => arn });
}

/**
 * The entity `id` names as authorization sees it: its ARN, current tags and boundary; when absent, only
 * `absentArn` (the kind's ARN for the id; the id itself for kinds named by their ARN).
 */
function entityOf(store: AccountStore, kind: TaggableKind, id: string, absentArn: () => string): TargetEntity {
  const found = kind.find(store, id);
  return found ? foundEntityOf(store, kind.type, found) : { type: kind.type, arn: absentArn() };
}

/** An entity already found (its record at hand), as authorization sees it: its ARN, current tags and boundary. */
export const foundEntityOf = (store: AccountStore, type: TaggableType, found: TaggableEntity): TargetEntity => ({
  type,
  arn: found.arn,
  tags: store.listTags(type, found.tagId),
  permissionsBoundary: found.permissionsBoundary ?? null,
});

/** The entity `id` names as authorization sees it (see {@link entityOf}). */
export const targetEntityOf = (ctx: CallContext, store: AccountStore, kind: TaggableKind, id: string): TargetEntity =>
  entityOf(store, kind, id, () => kind.absentArn(ctx, id));

/** The authorization target of `action` (`iam:GetUser`) on the entity `id` names, for a request with `input`. */
export function entityTarget(ctx: CallContext, store: AccountStore, kind: TaggableKind, action: string, id: string, input?: TargetInput): AuthzTarget {
  return buildTarget(action, targetEntityOf(ctx, store, kind, id), input);
}

/** {@link entityTarget} for the kinds named by their ARN (policies, MFA devices, providers): no call context needed. */
export function arnEntityTarget(store: AccountStore, kind: TaggableKind, action: string, arn: string, input?: TargetInput): AuthzTarget {
  return buildTarget(action, entityOf(store, kind, arn, () => arn), input);
}
