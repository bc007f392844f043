/**
 * @module ListEntitiesForPolicy: the groups, users and roles of this account that have a managed policy
 * attached (PolicyUsageFilter PermissionsPolicy) or use it as their permissions boundary
 * (PermissionsBoundary); both when no usage filter is given.
 * Spec: IAM API Reference, API_ListEntitiesForPolicy.html.
 */
import type { PolicyEntityType } from '../../../core/records';
import type { AccountAction } from '../../action';
import { pageOfSorted } from '../pagination';
import { GROUP_HOLDER, type PolicyHolder, type PolicyHolderKind, USER_HOLDER } from './holders';
import { policyTarget, requireAnyPolicy } from './managed-lookup';
import { ROLE_HOLDER } from '../roles/lookup';

/** The kinds that can hold a policy, in the order the answer lists them. */
const HOLDER_KINDS: readonly PolicyHolderKind[] = [GROUP_HOLDER, USER_HOLDER, ROLE_HOLDER];

const FILTER_TYPE: Record<string, PolicyEntityType | null> = { User: 'user', Group: 'group', Role: 'role', LocalManagedPolicy: null, AWSManagedPolicy: null };

type Row = { type: PolicyEntityType; holder: PolicyHolder; key: string };

type Input = {
  PolicyArn: string;
  EntityFilter?: 'User' | 'Role' | 'Group' | 'LocalManagedPolicy' | 'AWSManagedPolicy';
  PathPrefix?: string;
  PolicyUsageFilter?: 'PermissionsPolicy' | 'PermissionsBoundary';
  Marker?: string;
  MaxItems?: number;
};

/** ListEntitiesForPolicy: groups, then users, then roles, each by name; paginated across the three. */
export const ListEntitiesForPolicy: AccountAction<Input> = {
  name: 'ListEntitiesForPolicy',
  target: (_ctx, store, i) => policyTarget(store, 'ListEntitiesForPolicy', i.PolicyArn),
  run(ctx, store, input) {
    requireAnyPolicy(ctx, store, input.PolicyArn);
    const only = input.EntityFilter === undefined ? undefined : FILTER_TYPE[input.EntityFilter];
    const prefix = input.PathPrefix ?? '/';
    const usage = input.PolicyUsageFilter;
    const boundaries = store.countBoundaryUses(input.PolicyArn) > 0;
    const seen = new Set<string>();
    const rows: Row[] = [];
    const add = (rank: number, type: PolicyEntityType, holder: PolicyHolder | undefined) => {
      if (!holder || !holder.path.startsWith(prefix) || seen.has(`${type}:${holder.id}`)) return;
      seen.add(`${type}:${holder.id}`);
      rows.push({ type, holder, key: `${rank}\u0000${holder.name.toLowerCase()}` });
    };
    if (only !== null) {
      HOLDER_KINDS.forEach((kind, rank) => {
        if (only !== undefined && only !== kind.type) return;
        if (usage !== 'PermissionsBoundary') {
          for (const a of store.listPolicyAttachments(input.PolicyArn)) if (a.entityType === kind.type) add(rank, kind.type, kind.byId(store, a.entityId));
        }
        if (usage !== 'PermissionsPolicy' && boundaries) {
          for (const h of kind.withBoundary(store, input.PolicyArn)) add(rank, kind.type, h);
        }
      });
    }
    rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const { items, ...pageFields } = pageOfSorted(rows, input, (r) => r.key);
    const of = (type: PolicyEntityType) => items.filter((r) => r.type === type).map((r) => r.holder);
    return {
      PolicyGroups: of('group').map((g) => ({ GroupName: g.name, GroupId: g.id })),
      PolicyUsers: of('user').map((u) => ({ UserName: u.name, UserId: u.id })),
      PolicyRoles: of('role').map((r) => ({ RoleName: r.name, RoleId: r.id })),
      ...pageFields,
    };
  },
};
