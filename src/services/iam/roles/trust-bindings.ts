/**
 * @module Trust policies bind the users and roles they name by unique id, as IAM does: "When you save the
 * policy, AWS transforms the ARN to a unique principal ID. This helps mitigate the risk of someone
 * escalating their privileges by removing and recreating the role or user. … if you delete the role or
 * user, then the relationship is broken. The policy no longer applies, even if you recreate the user or
 * role because it does not match the principal ID stored in the trust policy. When this happens, the
 * principal ID shows up in the console because AWS can no longer map it back to an ARN."
 *
 * - On CreateRole and UpdateAssumeRolePolicy, every `Principal.AWS` ARN of a user or role of this account
 *   is resolved to that principal's unique id (`AIDA…`, `AROA…`) and the binding is stored with the role
 *   (`RoleRecord.trustBindings`, projected to the read model with the trust policy). The text is kept as
 *   written, so the policy reads back as the caller wrote it while its principals exist.
 * - A same-account user or role ARN that names nobody is refused as IAM refuses it: MalformedPolicyDocument
 *   `Invalid principal in policy: "AWS":"<arn>"`.
 * - Evaluation (AssumeRole on the data plane, the simulator in the account's object) compiles the trust
 *   policy with its binding (services/trust-policy.ts): a bound ARN names only the principal it was bound
 *   to (core/policy/principal.ts).
 * - Reading the role back (GetRole, ListRoles, …) shows the bound id in place of an ARN whose principal
 *   was deleted (or deleted and created again).
 * - Only this account's principals can be resolved: ARNs of other accounts, account ids and root ARNs,
 *   role-session ARNs, services and federated providers stay as written and match by ARN.
 * Spec: IAM User Guide, "Example IAM role trust policies" / "IAM JSON policy elements: Principal"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_policy-examples.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles).
 */
import { parseArn } from '../../../core/arn';
import { AwsError } from '../../../core/errors';
import { MESSAGES, type PolicyDocument } from '../../../core/policy/index';
import type { AccountStore } from '../../../core/ports';
import type { RoleRecord } from '../../../core/records';
import { parseTrustBindings } from '../../trust-policy';

/** The unique id of the user or role of this account that `arn` names, if it exists. */
function holderOf(store: AccountStore, accountId: string, arn: string): string | null | undefined {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 'iam' || parsed.account !== accountId) return null; // not resolvable here
  const m = /^(user|role)(\/(?:.*\/)?)([^/]+)$/.exec(parsed.resource);
  if (!m) return null;
  const [, kind, , name] = m as unknown as [string, 'user' | 'role', string, string];
  const holder = kind === 'user' ? store.findUserByName(name) : store.findRoleByName(name);
  if (!holder || holder.arn !== arn) return undefined;
  return 'userId' in holder ? holder.userId : holder.roleId;
}

/**
 * Resolves the same-account user and role ARNs of a validated trust policy to unique ids. Returns the
 * binding as stored (JSON, null when the policy names none); throws MalformedPolicyDocument for an ARN of
 * this account that names no user or role.
 */
export function bindTrustPrincipals(store: AccountStore, accountId: string, doc: PolicyDocument): string | null {
  const bound: Record<string, string> = {};
  for (const st of doc.statements) {
    for (const arn of st.principal?.AWS ?? []) {
      if (Object.hasOwn(bound, arn)) continue;
      const id = holderOf(store, accountId, arn);
      if (id === undefined) throw new AwsError('MalformedPolicyDocument', MESSAGES.invalidPrincipal('AWS', arn), 400);
      if (id !== null) bound[arn] = id;
    }
  }
  return Object.keys(bound).length ? JSON.stringify(bound) : null;
}

/**
 * The trust policy as IAM shows it: the text as written while every bound principal still holds its ARN;
 * otherwise the document with each stale ARN replaced by the unique id it was bound to.
 */
export function displayedTrustPolicy(store: AccountStore, role: RoleRecord): string {
  const bindings = parseTrustBindings(role.trustBindings);
  const accountId = parseArn(role.arn)?.account;
  if (!bindings || accountId === undefined) return role.trustPolicy;
  const stale = new Map<string, string>();
  for (const [arn, id] of Object.entries(bindings)) if (holderOf(store, accountId, arn) !== id) stale.set(arn, id);
  if (stale.size === 0) return role.trustPolicy;
  let doc: unknown;
  try {
    doc = JSON.parse(role.trustPolicy);
  } catch {
    return role.trustPolicy; // INVARIANT: stored trust policies were validated, so this does not happen.
  }
  const swap = (v: unknown) => (typeof v === 'string' ? stale.get(v) ?? v : v);
  const record = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!record(doc)) return role.trustPolicy;
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  for (const st of statements) {
    if (!record(st) || !record(st.Principal)) continue;
    const aws = st.Principal.AWS;
    st.Principal.AWS = Array.isArray(aws) ? aws.map(swap) : swap(aws);
  }
  return JSON.stringify(doc);
}
