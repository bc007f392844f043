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
 * - Users and roles of other accounts are bound the same way, resolved through the read model on the
 *   primary before the transaction (`ForeignPrincipals`, implemented by storage/foreign-principals.ts);
 *   one that names nobody (or is of a closing account) is refused with the same message.
 * - Every other account the policy names, in any form (12-digit id, root ARN, user, role, session ARN), is
 *   pinned to its incarnation (the account's creation time; key: the account id): this service gives a
 *   closed account's id to a new account, which AWS never does, so the new tenant's principals are not
 *   the ones the policy named. An account that does not exist when the policy is saved is not pinned
 *   (its principals match by ARN or id once it exists): the writer trusted whoever will hold that id.
 * - Role-session ARNs, services and federated providers are not bound to an id (AWS binds only users and
 *   roles); a session ARN's account is still pinned (above).
 * - A role saved before bindings existed (binding NULL) is bound when its account's object starts
 *   (`backfillBinding`): each same-account ARN to the principal that holds it then, one that names nobody
 *   to `UNBOUND`, which matches no one. A binding is otherwise always JSON (`{}` when nothing is bound).
 * Spec: IAM User Guide, "Example IAM role trust policies" / "IAM JSON policy elements: Principal"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_policy-examples.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles).
 */
import { parseArn } from '../../../core/arn';
import { AwsError } from '../../../core/errors';
import { MESSAGES, parsePolicy, type PolicyDocument } from '../../../core/policy/index';
import type { AccountStore } from '../../../core/ports';
import type { RoleRecord } from '../../../core/records';
import { parseTrustBindings } from '../../trust-policy';

/** The unique id that an ARN bound before it could be resolved is pinned to: no principal has it. */
export const UNBOUND = 'UNBOUND';

/**
 * What binding needs to know of other accounts, read asynchronously before the transaction; the
 * account's object implements it over the read model on the primary (storage/foreign-principals.ts).
 */
export interface ForeignPrincipals {
  lookupForeignPrincipals(query: ForeignQuery): Promise<ForeignFacts>;
}

/** User and role ARNs of other accounts, and other accounts' ids. */
export interface ForeignQuery {
  arns: readonly string[];
  accounts: readonly string[];
}

/** The answer: each ARN's holder (unique id), each existing account's incarnation (`created_at`). */
export interface ForeignFacts {
  holders: ReadonlyMap<string, string>;
  incarnations: ReadonlyMap<string, string>;
}

const ACCOUNT_ID = /^\d{12}$/;
const ROOT = /^arn:[a-z-]+:iam::(\d{12}):root$/;

/** The user or role an ARN names, if it names one: kind, account, name. */
function entityOf(arn: string): { kind: 'user' | 'role'; account: string; name: string } | null {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== 'iam') return null;
  const m = /^(user|role)(\/(?:.*\/)?)([^/]+)$/.exec(parsed.resource);
  if (!m) return null;
  return { kind: m[1] as 'user' | 'role', account: parsed.account, name: m[3]! };
}

/** The account a principal value names (12-digit id, root ARN or any IAM/STS ARN), if any. */
function accountOf(value: string): string | undefined {
  if (ACCOUNT_ID.test(value)) return value;
  const root = ROOT.exec(value);
  if (root) return root[1];
  const parsed = parseArn(value);
  return parsed && (parsed.service === 'iam' || parsed.service === 'sts') && ACCOUNT_ID.test(parsed.account) ? parsed.account : undefined;
}

/** The unique id of the user or role of this account that `arn` names, if it exists. */
function holderOf(store: AccountStore, accountId: string, arn: string): string | null | undefined {
  const entity = entityOf(arn);
  if (!entity || entity.account !== accountId) return null; // not resolvable here
  const holder = entity.kind === 'user' ? store.findUserByName(entity.name) : store.findRoleByName(entity.name);
  if (!holder || holder.arn !== arn) return undefined;
  return 'userId' in holder ? holder.userId : holder.roleId;
}

/** The `Principal.AWS` values of a trust policy, each once. */
function awsPrincipals(doc: PolicyDocument): Set<string> {
  const out = new Set<string>();
  for (const st of doc.statements) for (const v of st.principal?.AWS ?? []) out.add(v);
  return out;
}

/** What a trust policy of `accountId`'s role needs to know of other accounts before it can be bound. */
export function foreignQueryOf(accountId: string, doc: PolicyDocument): ForeignQuery {
  const arns = new Set<string>();
  const accounts = new Set<string>();
  for (const v of awsPrincipals(doc)) {
    const account = accountOf(v);
    if (account === undefined || account === accountId) continue;
    accounts.add(account);
    if (entityOf(v)) arns.add(v);
  }
  return { arns: [...arns], accounts: [...accounts] };
}

/** The other accounts' user and role ARNs a role's binding names, whose current holders GetRole shows. */
export function foreignBoundArns(role: RoleRecord): string[] {
  const accountId = parseArn(role.arn)?.account;
  const bindings = parseTrustBindings(role.trustBindings) ?? {};
  return Object.keys(bindings).filter((k) => {
    const e = entityOf(k);
    return e !== null && e.account !== accountId;
  });
}

/** Nothing known of other accounts (a policy that names none). */
export const NO_FOREIGN_FACTS: ForeignFacts = { holders: new Map(), incarnations: new Map() };

/**
 * Resolves the user and role ARNs of a validated trust policy to unique ids and pins the other accounts
 * it names to their incarnations (`foreign`, looked up with `foreignQueryOf`'s query). Returns the binding
 * as stored (JSON); throws MalformedPolicyDocument for a user or role ARN that names nobody.
 */
export function bindTrustPrincipals(store: AccountStore, accountId: string, doc: PolicyDocument, foreign: ForeignFacts): string {
  const bound: Record<string, string> = {};
  for (const v of awsPrincipals(doc)) {
    const account = accountOf(v);
    const entity = entityOf(v);
    if (account !== undefined && account !== accountId) {
      const at = foreign.incarnations.get(account);
      if (at !== undefined) bound[account] = at;
      if (!entity) continue;
      const id = foreign.holders.get(v);
      if (id === undefined) throw new AwsError('MalformedPolicyDocument', MESSAGES.invalidPrincipal('AWS', v), 400);
      bound[v] = id;
      continue;
    }
    const id = holderOf(store, accountId, v);
    if (id === undefined) throw new AwsError('MalformedPolicyDocument', MESSAGES.invalidPrincipal('AWS', v), 400);
    if (id !== null) bound[v] = id;
  }
  return JSON.stringify(bound);
}

/**
 * The binding of a role saved before bindings existed: each same-account user or role ARN pinned to the
 * principal that holds it now, one that names nobody to `UNBOUND`. Other accounts are left unbound (their
 * principals cannot be read synchronously); saving the policy again binds them.
 */
export function backfillBinding(store: AccountStore, role: RoleRecord): string {
  const accountId = parseArn(role.arn)?.account;
  const parsed = parsePolicy(role.trustPolicy);
  if (accountId === undefined || !parsed.ok) return JSON.stringify({}); // INVARIANT: stored policies were validated.
  const doc = parsed.value;
  const bound: Record<string, string> = {};
  for (const v of awsPrincipals(doc)) {
    const id = holderOf(store, accountId, v);
    if (id !== null) bound[v] = id ?? UNBOUND;
  }
  return JSON.stringify(bound);
}

/**
 * The trust policy as IAM shows it: the text as written while every bound principal still holds its ARN;
 * otherwise the document with each stale ARN replaced by the unique id it was bound to. The current holders
 * of other accounts' ARNs are read before the transaction (`foreignHoldersOf`); without them those ARNs
 * are shown as written.
 */
export function displayedTrustPolicy(store: AccountStore, role: RoleRecord, foreignHolders?: ReadonlyMap<string, string>): string {
  const bindings = parseTrustBindings(role.trustBindings);
  const accountId = parseArn(role.arn)?.account;
  if (!bindings || accountId === undefined) return role.trustPolicy;
  const stale = new Map<string, string>();
  for (const [arn, id] of Object.entries(bindings)) {
    const entity = entityOf(arn);
    // Accounts (pinned incarnations) are shown as written, as AWS shows them; an ARN pinned to no one has
    // no id to show.
    if (!entity || id === UNBOUND) continue;
    if (entity.account === accountId) {
      if (holderOf(store, accountId, arn) !== id) stale.set(arn, id);
    } else if (foreignHolders && foreignHolders.get(arn) !== id) {
      stale.set(arn, id);
    }
  }
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
