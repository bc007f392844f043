/**
 * @module `Principal` / `NotPrincipal` matching for resource-based and trust policies. A match also says
 * *how* the caller was named, because same-account evaluation depends on it: a grant to the user or
 * session itself is not limited by identity policies or boundaries, a grant to the role (for its
 * sessions) is limited by boundaries and session policies, and a grant to the account only delegates to
 * the account's identity policies.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html and
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html#policy-eval-denyallow
 */
import type { AuthzPrincipal, PrincipalBlock } from './types';

/** How a resource-policy statement named the caller. */
export type PrincipalMatch = 'direct' | 'entity' | 'account' | 'wildcard';

/** A compiled principal block. */
export interface PrincipalSet {
  readonly any: boolean;
  readonly accounts: ReadonlySet<string>;
  readonly arns: ReadonlySet<string>;
  /**
   * ARN → the unique id (`AIDA…`, `AROA…`) of the user or role that held the ARN when the policy was
   * saved. A bound ARN names only that principal: one deleted and created again under the same name has
   * a new id and is no longer named (IAM User Guide, "IAM JSON policy elements: Principal", IAM roles:
   * "If you delete the role, then you break the relationship"). Empty for policies without bindings.
   */
  readonly boundIds: ReadonlyMap<string, string>;
  /**
   * Account id → the incarnation (creation time) of that account when the policy was saved. This service
   * gives a closed account's id to a new account (AWS never does), so a policy saved while the old tenant
   * existed names none of the new tenant's principals, in any form (account id, root, user, role, session
   * ARN). Bindings key an account by its 12-digit id, users and roles by ARN.
   */
  readonly incarnations: ReadonlyMap<string, string>;
  readonly services: ReadonlySet<string>;
  readonly federated: ReadonlySet<string>;
}

const ACCOUNT_ID = /^\d{12}$/;
const ROOT_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;

const NO_BINDINGS: ReadonlyMap<string, string> = new Map();

/** The account incarnations pinned by a binding (its 12-digit keys). */
function incarnationsOf(bindings: Readonly<Record<string, string>> | undefined): ReadonlyMap<string, string> {
  if (!bindings) return NO_BINDINGS;
  const out = new Map<string, string>();
  for (const [key, at] of Object.entries(bindings)) if (ACCOUNT_ID.test(key)) out.set(key, at);
  return out.size > 0 ? out : NO_BINDINGS;
}

/**
 * Compiles a normalized principal block. `"*"` and `{"AWS": "*"}` mean everyone. `bindings` (ARN → unique
 * id, see `PrincipalSet.boundIds`) pins the ARNs it lists to the principals that held them.
 */
export function compilePrincipal(block: PrincipalBlock, bindings?: Readonly<Record<string, string>>): PrincipalSet {
  const accounts = new Set<string>();
  const arns = new Set<string>();
  let any = false;
  for (const v of block.AWS ?? []) {
    const root = ROOT_ARN.exec(v);
    if (v === '*') any = true;
    else if (ACCOUNT_ID.test(v)) accounts.add(v);
    else if (root) accounts.add(root[1]!);
    else arns.add(v);
  }
  let boundIds = NO_BINDINGS;
  if (bindings) {
    const bound = new Map<string, string>();
    for (const arn of arns) if (Object.hasOwn(bindings, arn)) bound.set(arn, bindings[arn]!);
    if (bound.size > 0) boundIds = bound;
  }
  return {
    any,
    accounts,
    arns,
    boundIds,
    incarnations: incarnationsOf(bindings),
    services: new Set((block.Service ?? []).map((s) => s.toLowerCase())),
    federated: new Set(block.Federated ?? []),
  };
}

/** Principals that live in an account's IAM and therefore have identity-based policies. */
const isIamPrincipal = (p: AuthzPrincipal) =>
  p.type === 'User' || p.type === 'AssumedRole' || p.type === 'FederatedUser' || p.type === 'Root';

/**
 * Whether the ARN list names `arn` held by the principal whose unique id is `id`: a bound ARN only for
 * the principal it was bound to (an unknown id never matches a bound ARN).
 */
function namesArn(set: PrincipalSet, arn: string, id: string | undefined): boolean {
  if (!set.arns.has(arn)) return false;
  const bound = set.boundIds.get(arn);
  return bound === undefined || bound === id;
}

/** The role id of a role session's `aws:userid` (`AROA…:session` → `AROA…`). */
function roleIdOf(userId: string | undefined): string | undefined {
  const colon = userId?.indexOf(':') ?? -1;
  return colon < 0 ? userId : userId!.slice(0, colon);
}

/**
 * Whether the caller's account is the incarnation the policy pinned (true when it pinned none). A caller
 * whose incarnation is unknown is not of a pinned one.
 */
function ofPinnedIncarnation(set: PrincipalSet, p: AuthzPrincipal): boolean {
  const pinned = set.incarnations.get(p.accountId);
  return pinned === undefined || pinned === p.accountCreatedAt;
}

/** How (if at all) a `Principal` element names the caller; the strongest form wins. */
export function matchPrincipal(set: PrincipalSet, p: AuthzPrincipal): PrincipalMatch | undefined {
  if (set.any) return 'wildcard';
  if (p.type === 'Service') return set.services.has(p.arn.toLowerCase()) ? 'direct' : undefined;
  if (p.type === 'Federated') return set.federated.has(p.arn) ? 'direct' : undefined;
  if (!isIamPrincipal(p)) return undefined;
  if (!ofPinnedIncarnation(set, p)) return undefined;
  if (namesArn(set, p.arn, p.type === 'User' ? p.userId : undefined)) return 'direct';
  if (p.type === 'AssumedRole' && p.roleArn !== undefined && namesArn(set, p.roleArn, roleIdOf(p.userId))) return 'entity';
  // The federating user's id is not part of a federated session: a bound user ARN does not name it.
  if (p.type === 'FederatedUser' && p.federatingUserArn !== undefined && namesArn(set, p.federatingUserArn, undefined)) {
    return 'entity';
  }
  return set.accounts.has(p.accountId) ? 'account' : undefined;
}

/**
 * Whether a statement with `NotPrincipal` applies to the caller: "every principal except" the listed
 * ones, read conservatively for each effect.
 *
 * Deny: the caller escapes only when every identity it acts as is listed: its own ARN, the role ARN
 * for a role session, and its account ("you must also include the account ARN"). A principal with a
 * permissions boundary never escapes ("will always deny any IAM principal that has a permissions
 * boundary policy attached").
 *
 * Allow (AWS: "Using it with "Effect":"Allow" is not supported", yet such statements exist in resource
 * policies): the statement applies only to a caller that the list does not name in any form, the
 * complement of `Principal`. Listing the caller's own ARN, its role (for a session), its federating
 * user or its account excludes it; otherwise naming the caller would still grant it access through its
 * account or role, which is the opposite of what the author wrote.
 */
export function notPrincipalApplies(
  set: PrincipalSet,
  p: AuthzPrincipal,
  hasBoundary: boolean,
  effect: 'Allow' | 'Deny',
): boolean {
  if (effect === 'Allow') return matchPrincipal(set, p) === undefined;
  if (hasBoundary && isIamPrincipal(p) && p.type !== 'Root') return true;
  if (set.any) return false;
  if (p.type === 'Service') return !set.services.has(p.arn.toLowerCase());
  if (p.type === 'Federated') return !set.federated.has(p.arn);
  if (!isIamPrincipal(p)) return true;
  if (!set.accounts.has(p.accountId) || !ofPinnedIncarnation(set, p)) return true;
  if (p.type === 'Root') return false;
  if (!set.arns.has(p.arn)) return true;
  return p.type === 'AssumedRole' && p.roleArn !== undefined && !set.arns.has(p.roleArn);
}
