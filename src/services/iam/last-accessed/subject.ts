/**
 * @module The subject of a last accessed report (GenerateServiceLastAccessedDetails' `Arn`): a user, group,
 * role or managed policy of the caller's account (or an AWS-managed policy), the identity-based policies
 * that say which services it lists, and the entities whose activity it reports (User Guide, "View last
 * accessed information for IAM"): a user or role itself; a group's members (users); the users, group
 * members and roles a policy is attached to.
 */
import { parseArn } from '../../../core/arn';
import { AwsError, noSuchEntity } from '../../../core/errors';
import type { AccessEntityType } from '../../../core/ports/last-access';
import type { AccountStore } from '../../../core/ports';
import type { TagRecord } from '../../../core/records';
import type { CallContext } from '../../context';
import { entityDocs, managedPolicyDoc, userPolicyDocs, type PolicyDocRef } from '../../policy-set';
import { findAnyPolicy } from '../policies/managed-lookup';
import { MAX_USERS_PER_ACCOUNT } from '../users';

/** An entity of the report, as EntityInfo shows it. */
export interface ReportEntity {
  type: AccessEntityType;
  id: string;
  arn: string;
  name: string;
  path: string;
}

/** A resolved subject. */
export interface Subject {
  /** The reference's resource type (`user`, `group`, `role`, `policy`). */
  kind: 'user' | 'group' | 'role' | 'policy';
  arn: string;
  tags: readonly TagRecord[];
  docs: readonly PolicyDocRef[];
  entities: readonly ReportEntity[];
}

const KINDS = ['user', 'group', 'role', 'policy'] as const;

/** InvalidInput for an ARN that is not one of a user, group, role or policy (AWS's wording is not published). */
const invalidArn = (arn: string) => new AwsError('InvalidInput', `ARN ${arn} is not valid.`, 400);

/** The kind and name an ARN names, or InvalidInput. */
export function kindOf(ctx: CallContext, arn: string): { kind: Subject['kind']; name: string } {
  const a = parseArn(arn);
  const slash = a?.resource.indexOf('/') ?? -1;
  const kind = a && slash > 0 ? (a.resource.slice(0, slash) as Subject['kind']) : undefined;
  if (!a || a.partition !== ctx.partition || a.service !== 'iam' || a.region !== '' || !kind || !KINDS.includes(kind)) throw invalidArn(arn);
  const name = a.resource.slice(a.resource.lastIndexOf('/') + 1);
  const local = a.account === ctx.caller.accountId || (kind === 'policy' && a.account === 'aws');
  if (!name || !local) throw invalidArn(arn);
  return { kind, name };
}

const userEntity = (u: { userId: string; arn: string; userName: string; path: string }): ReportEntity => ({ type: 'user', id: u.userId, arn: u.arn, name: u.userName, path: u.path });
const roleEntity = (r: { roleId: string; arn: string; roleName: string; path: string }): ReportEntity => ({ type: 'role', id: r.roleId, arn: r.arn, name: r.roleName, path: r.path });

/** The subject `arn` names, with its policies and entities; NoSuchEntity when it does not exist (as its ARN says it: path and name). */
export function subjectOf(ctx: CallContext, store: AccountStore, arn: string): Subject {
  const { kind, name } = kindOf(ctx, arn);
  const p = ctx.partition;
  if (kind === 'user') {
    const u = store.findUserByName(name);
    if (!u || u.arn !== arn) throw noSuchEntity(`The user with name ${name} cannot be found.`);
    return { kind, arn, tags: store.listTags('user', u.userId), docs: userPolicyDocs(store, p, u.userId).identity, entities: [userEntity(u)] };
  }
  if (kind === 'role') {
    const r = store.findRoleByName(name);
    if (!r || r.arn !== arn) throw noSuchEntity(`The role with name ${name} cannot be found.`);
    return { kind, arn, tags: store.listTags('role', r.roleId), docs: entityDocs(store, p, 'role', r.roleId), entities: [roleEntity(r)] };
  }
  if (kind === 'group') {
    const g = store.findGroupByName(name);
    if (!g || g.arn !== arn) throw noSuchEntity(`The group with name ${name} cannot be found.`);
    const members = store.listGroupMembers(g.groupId, { limit: MAX_USERS_PER_ACCOUNT });
    return { kind, arn, tags: [], docs: entityDocs(store, p, 'group', g.groupId), entities: members.map(userEntity) };
  }
  const found = findAnyPolicy(ctx, store, arn);
  const doc = found && managedPolicyDoc(store, p, arn, 'identity');
  if (!doc) throw noSuchEntity(`Policy ${arn} was not found.`);
  return { kind, arn, tags: found.kind === 'local' ? store.listTags('policy', arn) : [], docs: [doc], entities: policyEntities(store, arn) };
}

/** The users (directly or through a group) and roles a managed policy is attached to, each once. */
function policyEntities(store: AccountStore, arn: string): ReportEntity[] {
  const seen = new Map<string, ReportEntity>();
  for (const a of store.listPolicyAttachments(arn)) {
    if (a.entityType === 'user') {
      const u = store.findUserById(a.entityId);
      if (u) seen.set(`user/${u.userId}`, userEntity(u));
    } else if (a.entityType === 'role') {
      const r = store.findRoleById(a.entityId);
      if (r) seen.set(`role/${r.roleId}`, roleEntity(r));
    } else {
      for (const u of store.listGroupMembers(a.entityId, { limit: MAX_USERS_PER_ACCOUNT })) seen.set(`user/${u.userId}`, userEntity(u));
    }
  }
  return [...seen.values()];
}
