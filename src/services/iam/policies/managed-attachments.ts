/**
 * @module Managed-policy attachments: Attach/Detach/ListAttached{User,Group}Policies, written once over the
 * entity kind ({@link PolicyHolderKind}, holders.ts) so the role variants plug in with the role kind.
 *
 * Rules (IAM API Reference, API_AttachUserPolicy.html and siblings; "IAM and AWS STS quotas"):
 * - the policy is a customer policy of this account or an AWS-managed one in the catalog, else NoSuchEntity
 *   `Policy <arn> does not exist or is not attachable.`;
 * - attaching an attached policy changes nothing and succeeds;
 * - at most 10 managed policies per user, group or role (LimitExceeded `Cannot exceed quota for
 *   PoliciesPerUser: 10`, `PoliciesPerGroup`, `PoliciesPerRole`);
 * - detaching a policy that is not attached is NoSuchEntity `Policy <arn> was not found.`;
 * - the authorization context carries `iam:PolicyARN`.
 */
import { noSuchEntity } from '../../../core/errors';
import type { AccountStore } from '../../../core/ports';
import type { AccountAction, AuthzTarget } from '../../action';
import type { CallContext } from '../../context';
import { pageOfSorted } from '../pagination';
import { checkQuota } from '../guards';
import { holderName, type PolicyHolderKind } from './holders';
import { findAnyPolicy, notAttachable, splitPolicyArn } from './managed-lookup';

/** Managed policies one user, group or role may have attached (IAM quotas, default). */
export const MAX_ATTACHED_POLICIES = 10;

type EntityInput = Readonly<Record<string, string | number | undefined>>;
type AttachInput = EntityInput & { PolicyArn: string };

/** The target of Attach/Detach: the entity, with the request's `PolicyArn` as `iam:PolicyARN`. */
function attachTarget(kind: PolicyHolderKind, verb: 'Attach' | 'Detach') {
  const action = `iam:${verb}${kind.noun}Policy`;
  return (ctx: CallContext, store: AccountStore, input: AttachInput): AuthzTarget =>
    kind.target(ctx, store, action, holderName(kind, input), { PolicyArn: input.PolicyArn });
}

/** Attach<Entity>Policy. */
export function attachPolicy(kind: PolicyHolderKind): AccountAction<AttachInput> {
  return {
    name: `Attach${kind.noun}Policy`,
    target: attachTarget(kind, 'Attach'),
    run(ctx, store, input) {
      const entity = kind.requireWritable(store, holderName(kind, input));
      const policy = findAnyPolicy(ctx, store, input.PolicyArn);
      // An AWS-managed policy the catalog marks not attachable (IsAttachable false) is refused as an unknown one.
      if (!policy || (policy.kind === 'aws' && !policy.entry.attachable)) throw notAttachable(input.PolicyArn);
      const attached = store.listAttachedPolicies(kind.type, entity.id);
      if (attached.includes(input.PolicyArn)) return {};
      checkQuota(attached.length, MAX_ATTACHED_POLICIES, `PoliciesPer${kind.noun}`);
      store.attachPolicy({ entityType: kind.type, entityId: entity.id, policyArn: input.PolicyArn });
      return {};
    },
  };
}

/** Detach<Entity>Policy. */
export function detachPolicy(kind: PolicyHolderKind): AccountAction<AttachInput> {
  return {
    name: `Detach${kind.noun}Policy`,
    target: attachTarget(kind, 'Detach'),
    run(_ctx, store, input) {
      const entity = kind.requireWritable(store, holderName(kind, input));
      if (!store.listAttachedPolicies(kind.type, entity.id).includes(input.PolicyArn)) {
        throw noSuchEntity(`Policy ${input.PolicyArn} was not found.`);
      }
      store.detachPolicy({ entityType: kind.type, entityId: entity.id, policyArn: input.PolicyArn });
      return {};
    },
  };
}

/** ListAttached<Entity>Policies: by policy name, filtered by policy path, paginated. */
export function listAttachedPolicies(
  kind: PolicyHolderKind,
): AccountAction<EntityInput & { PathPrefix?: string; Marker?: string; MaxItems?: number }> {
  const action = `iam:ListAttached${kind.noun}Policies`;
  return {
    name: `ListAttached${kind.noun}Policies`,
    target: (ctx, store, input) => kind.target(ctx, store, action, holderName(kind, input)),
    run(_ctx, store, input) {
      const entity = kind.require(store, holderName(kind, input));
      const prefix = input.PathPrefix ?? '/';
      const rows = store
        .listAttachedPolicies(kind.type, entity.id)
        .map((arn) => ({ arn, ...splitPolicyArn(arn) }))
        .filter((r) => r.path.startsWith(prefix))
        .map((r) => ({ ...r, key: `${r.name.toLowerCase()}\u0000${r.arn}` }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const { items, ...pageFields } = pageOfSorted(rows, input, (r) => r.key);
      return { AttachedPolicies: items.map((r) => ({ PolicyName: r.name, PolicyArn: r.arn })), ...pageFields };
    },
  };
}

/** The three attachment actions of one entity kind. */
export const attachmentActions = (kind: PolicyHolderKind) => [attachPolicy(kind), detachPolicy(kind), listAttachedPolicies(kind)];
