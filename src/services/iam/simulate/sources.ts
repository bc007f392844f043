/**
 * @module What a simulation is made of: the policies (given as text, or a principal's stored ones), the
 * simulated caller and the keys it provides.
 *
 * - Policies given as text are validated for their kind (identity, boundary, resource) like the write
 *   actions do; a finding fails the call with InvalidInput and the engine's message (the simulator's
 *   documented errors are InvalidInput and PolicyEvaluation, not MalformedPolicyDocument). They are
 *   named `PolicyInputList.N`, `PermissionsBoundaryPolicyInputList.N` (1-based, as the AWS CLI example
 *   of SimulateCustomPolicy shows) and `ResourcePolicy`, with SourcePolicyType `none` (`resource` for
 *   the resource policy).
 * - A principal's stored policies come from services/policy-set.ts (`userPolicyDocs`, the assembly
 *   enforcement uses); inline ones are named by their policy name with type `user` / `group` (AWS CLI
 *   example of SimulatePrincipalPolicy), managed ones by their policy name with type `aws-managed` /
 *   `user-managed`.
 * - The simulated caller is a user: `CallerArn`, else the user of `PolicySourceArn`; a user of this
 *   account becomes the engine principal through `principalOf` (its id and tags give `aws:userid` and
 *   `aws:PrincipalTag/*`), exactly as enforcement builds the caller.
 */
import { parseArn } from '../../../core/arn';
import { invalidInput, noSuchEntity } from '../../../core/errors';
import { checkPolicy, compilePolicy, parsePolicy, type AuthzPrincipal, type PolicyKind, type PolicyType } from '../../../core/policy/index';
import type { AccountStore } from '../../../core/ports';
import type { GroupRecord, UserRecord } from '../../../core/records';
import { principalOf } from '../../authz-enforce';
import type { CallContext } from '../../context';
import { entityDocs, PolicyCompileCache, userPolicyDocs, type PolicyDocRef, type PrincipalPolicyDocs } from '../../policy-set';
import { compileTrust } from '../../trust-policy';
import { isAwsManagedArn } from '../aws-managed';
import type { SimPolicy, SourcePolicyType } from './simulate';

/** Numbers the compiled policies of one simulation (their ids only need to be unique within it). */
export class PolicyIds {
  #n = 0;
  next(): string {
    return `sim-${++this.#n}`;
  }
}

/**
 * A policy given as text: validated for `kind` in the deployment's `partition` (InvalidInput on a finding)
 * and compiled.
 */
export function inputPolicy(ids: PolicyIds, partition: string, text: string, kind: PolicyKind, sourceId: string, sourceType: SourcePolicyType): SimPolicy {
  const checked = checkPolicy(text, kind, partition);
  if (!checked.ok) throw invalidInput(checked.error[0]?.message ?? 'Syntax errors in policy.');
  const policyType: PolicyType = kind === 'boundary' ? 'boundary' : kind === 'resource' ? 'resource' : 'identity';
  return { sourceId, sourceType, text, doc: checked.value, compiled: compilePolicy(checked.value, { policyId: ids.next(), policyType }) };
}

/** The texts of a list input as policies named `<list>.N`. */
export function inputPolicies(ids: PolicyIds, partition: string, texts: readonly string[] | undefined, kind: PolicyKind, list: string): SimPolicy[] {
  return (texts ?? []).map((t, i) => inputPolicy(ids, partition, t, kind, `${list}.${i + 1}`, 'none'));
}

const policyName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

/** A stored policy as a simulation policy; undefined when it does not parse (enforcement ignores it too). */
function storedPolicy(ids: PolicyIds, ref: PolicyDocRef): SimPolicy | undefined {
  const parsed = parsePolicy(ref.document);
  if (!parsed.ok) return undefined;
  const managed = ref.versionId !== undefined;
  const sourceType: SourcePolicyType = managed
    ? isAwsManagedArn(ref.policyId) ? 'aws-managed' : 'user-managed'
    : ref.owner?.startsWith('group/') ? 'group' : 'user';
  return {
    sourceId: managed ? policyName(ref.policyId) : ref.policyId,
    sourceType,
    text: ref.document,
    doc: parsed.value,
    compiled: compilePolicy(parsed.value, { policyId: ids.next(), policyType: ref.policyType }),
  };
}

/** Stored policy documents as simulation policies. */
export function storedPolicies(ids: PolicyIds, docs: PrincipalPolicyDocs): { identity: SimPolicy[]; boundary: SimPolicy[] } {
  const all = (refs: PolicyDocRef[]) => refs.map((r) => storedPolicy(ids, r)).filter((p): p is SimPolicy => p !== undefined);
  return { identity: all(docs.identity), boundary: all(docs.boundary) };
}

/** The entity a PolicySourceArn names. */
export type PolicySource = { kind: 'user'; user: UserRecord } | { kind: 'group'; group: GroupRecord };

/**
 * Resolves PolicySourceArn to a user or group of this account. Not an IAM user/group/role ARN:
 * InvalidInput; unknown (or another account's, or a role: roles do not exist here yet): NoSuchEntity.
 */
export function requirePolicySource(ctx: CallContext, store: AccountStore, arn: string): PolicySource {
  const parsed = parseArn(arn);
  const m = parsed && parsed.service === 'iam' ? /^(user|group|role)(\/.*)?\/([^/]+)$/.exec(parsed.resource) : null;
  if (!parsed || !m) throw invalidInput(`ARN ${arn} is not valid.`);
  const [, type, , name] = m as unknown as [string, 'user' | 'group' | 'role', string, string];
  const sameAccount = parsed.account === ctx.caller.accountId;
  const notFound = () => noSuchEntity(`The ${type} with name ${name} cannot be found.`);
  if (type === 'user') {
    const user = sameAccount ? store.findUserByName(name) : undefined;
    if (!user || user.arn.toLowerCase() !== arn.toLowerCase()) throw notFound();
    return { kind: 'user', user };
  }
  if (type === 'group') {
    const group = sameAccount ? store.findGroupByName(name) : undefined;
    if (!group || group.arn.toLowerCase() !== arn.toLowerCase()) throw notFound();
    return { kind: 'group', group };
  }
  throw notFound();
}

/**
 * The documents of a policy source: a user's as enforcement assembles them (`userPolicyDocs`); a group's
 * inline and attached policies (what `userPolicyDocs` adds for each of a user's groups).
 */
export function sourceDocs(ctx: CallContext, store: AccountStore, source: PolicySource): PrincipalPolicyDocs {
  if (source.kind === 'user') return userPolicyDocs(store, ctx.partition, source.user.userId);
  return { identity: entityDocs(store, ctx.partition, 'group', source.group.groupId), boundary: [] };
}

/** The simulated caller and the keys the engine derives from it (lowercased). */
export interface SimCaller {
  principal: AuthzPrincipal;
  derivedKeys: Set<string>;
}

/** The keys `core/policy/request.ts` derives from a principal, lowercased. */
function derivedKeysOf(p: AuthzPrincipal): Set<string> {
  const keys = new Set(['aws:principalarn', 'aws:principalaccount', 'aws:principaltype']);
  if (p.userName) keys.add('aws:username');
  if (p.userId) keys.add('aws:userid');
  for (const k of Object.keys(p.tags ?? {})) keys.add(`aws:principaltag/${k.toLowerCase()}`);
  return keys;
}

/** A user of this account as the engine principal, built by enforcement's own `principalOf`. */
export function userCaller(ctx: CallContext, store: AccountStore, user: UserRecord): SimCaller {
  const principal = principalOf(
    { type: 'User', accountId: ctx.caller.accountId, arn: user.arn, principalId: user.userId, userName: user.userName, accessKeyId: '' },
    store.listTags('user', user.userId),
  );
  return { principal, derivedKeys: derivedKeysOf(principal) };
}

/**
 * The caller CallerArn names: an IAM user ARN ("You cannot specify the ARN of an assumed role, federated
 * user, or a service principal"; groups and roles cannot call). A user of this account is taken with its
 * id and tags; any other user ARN (another account's, or one that does not exist) as its ARN and name.
 */
export function callerFromArn(ctx: CallContext, store: AccountStore, arn: string): SimCaller {
  const parsed = parseArn(arn);
  const m = parsed && parsed.service === 'iam' && /^\d{12}$/.test(parsed.account) ? /^user(\/.*)?\/([^/]+)$/.exec(parsed.resource) : null;
  if (!parsed || !m) throw invalidInput(`Invalid CallerArn ${arn}: only the ARN of an IAM user can be the simulated caller.`);
  const name = m[2]!;
  if (parsed.account === ctx.caller.accountId) {
    const user = store.findUserByName(name);
    if (user && user.arn.toLowerCase() === arn.toLowerCase()) return userCaller(ctx, store, user);
  }
  const principal: AuthzPrincipal = { arn, accountId: parsed.account, type: 'User', userName: name };
  return { principal, derivedKeys: derivedKeysOf(principal) };
}

/**
 * No caller given: an anonymous user of this account. The engine still derives `aws:PrincipalArn` (empty)
 * and `aws:PrincipalAccount` from it, but none of its keys count as provided, so a policy testing them
 * shows them in MissingContextValues.
 */
export function noCaller(ctx: CallContext): SimCaller {
  return { principal: { arn: '', accountId: ctx.caller.accountId, type: 'User' }, derivedKeys: new Set() };
}

/** The account of ResourceOwner (`arn:aws:iam::123456789012:root`, or a bare 12-digit account id). */
export function resourceOwnerAccount(owner: string): string {
  if (/^\d{12}$/.test(owner)) return owner;
  const parsed = parseArn(owner);
  if (!parsed || !/^\d{12}$/.test(parsed.account)) throw invalidInput(`Invalid ResourceOwner ${owner}: expected an account ARN such as arn:aws:iam::123456789012:root.`);
  return parsed.account;
}

/**
 * The trust policies of this account's roles as the simulator evaluates sts:AssumeRole on them: the role
 * found by ARN as AssumeRole finds it (the ARN's path must match), compiled with its principal bindings
 * exactly as enforcement compiles it (services/trust-policy.ts). Its statements are reported with
 * SourcePolicyId `AssumeRolePolicyDocument` and SourcePolicyType `resource`.
 */
export function roleTrustPolicies(ctx: CallContext, store: AccountStore): (roleArn: string) => SimPolicy | 'missing' | 'foreign' {
  const cache = new PolicyCompileCache();
  const found = new Map<string, SimPolicy | 'missing'>();
  return (roleArn) => {
    const parsed = parseArn(roleArn);
    if (!parsed || parsed.account !== ctx.caller.accountId) return 'foreign';
    let hit = found.get(roleArn);
    if (hit === undefined) {
      const name = parsed.resource.slice(parsed.resource.lastIndexOf('/') + 1);
      const role = store.findRoleByName(name);
      const compiled = role && role.arn.toLowerCase() === roleArn.toLowerCase() ? compileTrust(cache, role) : null;
      const doc = compiled && parsePolicy(role!.trustPolicy);
      hit =
        compiled && doc?.ok
          ? { sourceId: 'AssumeRolePolicyDocument', sourceType: 'resource', text: role!.trustPolicy, doc: doc.value, compiled }
          : 'missing';
      found.set(roleArn, hit);
    }
    return hit;
  };
}

