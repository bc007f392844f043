/**
 * @module The policies that apply to a principal, compiled once per policy version and cached.
 *
 * A user's identity-based policies are its inline policies, the managed policies attached to it, and the
 * inline and attached policies of every group it belongs to; its permissions boundary is separate.
 * Spec: IAM User Guide, "Policy evaluation logic" (identity-based policies and permissions boundaries).
 * The same assembly feeds enforcement and the policy simulator, so they cannot disagree.
 */
import { BoundedCache } from '../core/bounded-cache';
import { compilePolicy, parsePolicy, type CompiledPolicy, type PolicyType } from '../core/policy/index';
import type { AccountStore } from '../core/ports';
import type { PolicyEntityType } from '../core/records';
import type { Caller, SessionInfo } from './context';
import { awsManagedPolicy, isAwsManagedArn } from './iam/aws-managed';

/** A policy document as stored, with where it came from. */
export interface PolicyDocRef {
  /** Managed policy ARN, or the inline policy's name. */
  policyId: string;
  /** For managed policies: the default version id. */
  versionId?: string;
  policyType: PolicyType;
  /** JSON text. */
  document: string;
  /** Identifies an inline policy's owner in the cache key (inline policies have no version). */
  owner?: string;
  /** A trust policy's principal bindings (ARN → unique id); `owner` must identify them in the cache key. */
  principalIds?: Readonly<Record<string, string>>;
}

/** The documents that apply to a principal. */
export interface PrincipalPolicyDocs {
  identity: PolicyDocRef[];
  boundary: PolicyDocRef[];
  /** Session policies of a role session or federated user; empty when none were passed. */
  session?: PolicyDocRef[];
}

/** The compiled policies that apply to a principal. */
export interface PrincipalPolicies {
  identity: CompiledPolicy[];
  boundary: CompiledPolicy[];
  session?: CompiledPolicy[];
}

/** Compiled policies kept per object or isolate (bounded). */
const COMPILE_CACHE_MAX_ENTRIES = 2_000;

/**
 * A bounded LRU of compiled policies, keyed by type, id, version and the document text itself: an ARN and
 * version id do not identify a document for ever (a policy deleted and created again under the same name
 * starts at `v1` with another document), so the text is part of the key.
 */
export class PolicyCompileCache {
  readonly #entries = new BoundedCache<string, CompiledPolicy | null>({ maxEntries: COMPILE_CACHE_MAX_ENTRIES });

  get(ref: PolicyDocRef): CompiledPolicy | null {
    const key = `${ref.policyType}\0${ref.owner ?? ''}\0${ref.policyId}\0${ref.versionId ?? ''}\0${ref.document}`;
    const hit = this.#entries.get(key);
    if (hit !== undefined) return hit;
    const parsed = parsePolicy(ref.document);
    const compiled = parsed.ok
      ? compilePolicy(parsed.value, {
          policyId: ref.policyId,
          policyType: ref.policyType,
          ...(ref.versionId ? { versionId: ref.versionId } : {}),
          ...(ref.principalIds ? { principalIds: ref.principalIds } : {}),
        })
      : null;
    this.#entries.set(key, compiled);
    return compiled;
  }

  /** Compiles (or fetches) every document of a principal. */
  compile(docs: PrincipalPolicyDocs): PrincipalPolicies {
    const all = (refs: PolicyDocRef[]) => refs.map((r) => this.get(r)).filter((c): c is CompiledPolicy => c !== null);
    return { identity: all(docs.identity), boundary: all(docs.boundary), ...(docs.session?.length ? { session: all(docs.session) } : {}) };
  }
}

/** The default-version document of a managed policy (customer or AWS), or undefined if it is gone. */
export function managedPolicyDoc(store: AccountStore, partition: string, arn: string, policyType: PolicyType): PolicyDocRef | undefined {
  if (isAwsManagedArn(arn)) {
    const p = awsManagedPolicy(partition, arn);
    return p && { policyId: arn, versionId: p.defaultVersionId, policyType, document: p.document };
  }
  const p = store.findPolicy(arn);
  const v = p && store.findPolicyVersion(arn, p.defaultVersionId);
  return v && { policyId: arn, versionId: v.versionId, policyType, document: v.document };
}

/** The inline and attached policies of one user, group or role. */
export function entityDocs(store: AccountStore, partition: string, type: PolicyEntityType, id: string): PolicyDocRef[] {
  const out: PolicyDocRef[] = store
    .listInlinePolicies(type, id)
    .map((p) => ({ policyId: p.policyName, policyType: 'identity' as const, document: p.document, owner: `${type}/${id}` }));
  for (const arn of store.listAttachedPolicies(type, id)) {
    const doc = managedPolicyDoc(store, partition, arn, 'identity');
    if (doc) out.push(doc);
  }
  return out;
}

/** Every identity-based policy and the boundary of a user, from the account's own store. */
export function userPolicyDocs(store: AccountStore, partition: string, userId: string): PrincipalPolicyDocs {
  const identity = entityDocs(store, partition, 'user', userId);
  for (const g of store.listGroupsForUser(userId)) identity.push(...entityDocs(store, partition, 'group', g.groupId));
  const boundaryArn = store.findUserById(userId)?.permissionsBoundaryArn;
  return { identity, boundary: boundaryArn ? [managedPolicyDoc(store, partition, boundaryArn, 'boundary') ?? missingBoundary(boundaryArn)] : [] };
}

/**
 * The session policies of a session: the inline document and the managed policies passed when it was
 * created (resolved now, in the session's account). A managed policy that no longer exists becomes an
 * allow-nothing stand-in, so a session never gains by losing one of its session policies.
 */
export function sessionPolicyDocs(store: AccountStore, partition: string, session: SessionInfo | undefined): PolicyDocRef[] {
  if (!session || (session.policy === undefined && !session.policyArns?.length)) return [];
  const out: PolicyDocRef[] = [];
  if (session.policy !== undefined) out.push(inlineSessionDoc(session.policy));
  for (const arn of session.policyArns ?? []) out.push(managedPolicyDoc(store, partition, arn, 'session') ?? denyAll(arn, 'session'));
  return out;
}

/** The inline session policy as a document reference (compiled once per distinct text). */
export const inlineSessionDoc = (document: string): PolicyDocRef => ({ policyId: 'SessionPolicy', policyType: 'session', document, owner: 'session' });

/**
 * Every policy that applies to a caller, from the account's own store: a user's (also through a
 * GetSessionToken session), a role session's role policies, boundary and session policies, a federated
 * user's federating user's policies and session policies. The root user has none (it needs none).
 */
export function callerPolicyDocs(store: AccountStore, partition: string, caller: Caller): PrincipalPolicyDocs {
  switch (caller.type) {
    case 'Account':
      return { identity: [], boundary: [] };
    case 'User': {
      const docs = userPolicyDocs(store, partition, caller.principalId);
      if (store.getPasswordPolicy()?.allowUsersToChangePassword) docs.identity.push(changeOwnPasswordDoc(caller));
      return docs;
    }
    case 'FederatedUser':
      return { ...userPolicyDocs(store, partition, caller.principalId), session: sessionPolicyDocs(store, partition, caller.session) };
    case 'AssumedRole': {
      const role = store.findRoleById(caller.principalId);
      if (!role) return { identity: [], boundary: [] };
      const boundary = role.permissionsBoundaryArn
        ? [managedPolicyDoc(store, partition, role.permissionsBoundaryArn, 'boundary') ?? missingBoundary(role.permissionsBoundaryArn)]
        : [];
      return { identity: entityDocs(store, partition, 'role', role.roleId), boundary, session: sessionPolicyDocs(store, partition, caller.session) };
    }
  }
}

/**
 * Stands in for a boundary whose policy cannot be found: it allows nothing, so access fails closed
 * instead of losing its boundary. (`NotAction: "*"` matches no action.)
 */
export const missingBoundary = (arn: string): PolicyDocRef => denyAll(arn, 'boundary');

/**
 * The grant of the account password policy's `AllowUsersToChangePassword`: "Gives IAM users permissions to
 * iam:ChangePassword for only their user and to the iam:GetAccountPasswordPolicy action … the permissions
 * are applied at the account-level for all users by IAM" (API_PasswordPolicy.html). It is evaluated as an
 * identity-based policy of the user, so an explicit deny, a permissions boundary or a session policy
 * still limits it, as they limit the managed policy IAMUserChangePassword that grants the same.
 */
export function changeOwnPasswordDoc(caller: Caller): PolicyDocRef {
  const document = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'iam:ChangePassword', Resource: caller.arn },
      { Effect: 'Allow', Action: 'iam:GetAccountPasswordPolicy', Resource: '*' },
    ],
  });
  return { policyId: 'AccountPasswordPolicy', policyType: 'identity', document, owner: `password-policy/${caller.principalId}` };
}

/** A policy that allows nothing (`NotAction: "*"` matches no action), standing in for a missing one. */
function denyAll(arn: string, policyType: PolicyType): PolicyDocRef {
  return {
    policyId: arn,
    versionId: 'missing',
    policyType,
    document: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"*","NotResource":"*"}]}',
  };
}

/** A policy row as the read model returns it (storage/read-model.ts, `loadUserPolicyRows`). */
export interface StoredPolicyRow {
  source: 'inline' | 'managed' | 'boundary' | 'session';
  /** `user/<id>` or `group/<id>` for inline policies. */
  owner: string | null;
  /** Inline policy name or managed policy ARN. */
  policyId: string;
  /** Default version of a customer-managed policy; null for inline and AWS-managed ones. */
  versionId: string | null;
  /** Null for AWS-managed policies (their documents come from the catalog) and for missing ones. */
  document: string | null;
}

/** Turns read-model rows into documents, resolving AWS-managed ones from the catalog. */
export function docsFromRows(rows: readonly StoredPolicyRow[], partition: string, session?: SessionInfo): PrincipalPolicyDocs {
  const out: PrincipalPolicyDocs = { identity: [], boundary: [], session: [] };
  if (session?.policy !== undefined) out.session!.push(inlineSessionDoc(session.policy));
  for (const r of rows) {
    const policyType = r.source === 'boundary' ? 'boundary' : r.source === 'session' ? 'session' : 'identity';
    let doc: PolicyDocRef | undefined;
    if (r.source === 'inline' && r.document !== null) {
      doc = { policyId: r.policyId, policyType, document: r.document, owner: r.owner ?? '' };
    } else if (r.document !== null && r.versionId !== null) {
      doc = { policyId: r.policyId, versionId: r.versionId, policyType, document: r.document };
    } else if (isAwsManagedArn(r.policyId)) {
      const p = awsManagedPolicy(partition, r.policyId);
      if (p) doc = { policyId: p.arn, versionId: p.defaultVersionId, policyType, document: p.document };
    }
    if (policyType === 'boundary') out.boundary.push(doc ?? missingBoundary(r.policyId));
    else if (policyType === 'session') out.session!.push(doc ?? denyAll(r.policyId, 'session'));
    else if (doc) out.identity.push(doc);
  }
  return out;
}
