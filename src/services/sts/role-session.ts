/**
 * @module What AssumeRole and the federation calls (AssumeRoleWithWebIdentity, AssumeRoleWithSAML) share:
 * the role the request names, the actions a role session request is authorized for, its session-tag
 * condition keys, and the role session issued once it is allowed.
 * Spec: STS API Reference, AssumeRole (AssumedRoleUser, PackedPolicySize, SourceIdentity); IAM User Guide,
 * "Passing session tags in AWS STS" (id_session-tags.html) and "Monitor and control actions taken with
 * assumed roles" (sts:SetSourceIdentity).
 */
import { parseArn } from '../../core/arn';
import type { ContextValue } from '../../core/policy/index';
import type { RandomBytes } from '../../core/ids';
import type { SessionClaims } from '../../core/session-token';
import { checkPackedSize, issueCredentials, packedPolicySize, sessionPolicyArns, type PolicyArnInput } from './issue';
import type { RoleView, StsPorts } from './ports';

/** The role `roleArn` names, when it is an IAM ARN of a 12-digit account and the role exists there. */
export async function findTargetRole(ports: StsPorts, roleArn: string): Promise<RoleView | undefined> {
  const target = parseArn(roleArn);
  return target?.service === 'iam' && /^\d{12}$/.test(target.account) ? ports.findRole(target.account, roleArn) : undefined;
}

/** The actions a role session request is authorized for: its own, `sts:TagSession` with tags, `sts:SetSourceIdentity` with a source identity. */
export function sessionActions(action: string, tags: Readonly<Record<string, string>>, sourceIdentity: string | undefined): string[] {
  return [action, ...(Object.keys(tags).length ? ['sts:TagSession'] : []), ...(sourceIdentity !== undefined ? ['sts:SetSourceIdentity'] : [])];
}

/** The session tags a request passes as `aws:RequestTag/*`, `aws:TagKeys` and `sts:TransitiveTagKeys`. */
export function sessionTagContext(tags: Readonly<Record<string, string>>, transitiveKeys: readonly string[] | undefined): Record<string, ContextValue> {
  return {
    ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
    ...(Object.keys(tags).length ? { 'aws:TagKeys': Object.keys(tags) } : {}),
    ...(transitiveKeys?.length ? { 'sts:TransitiveTagKeys': [...transitiveKeys] } : {}),
  };
}

/**
 * The session policies of an allowed request: each of `PolicyArns` must exist in the role's account,
 * and the policies with the session tags must fit the packed budget (PackedPolicyTooLarge).
 */
export async function roleSessionPolicies(
  ports: StsPorts,
  role: RoleView,
  policy: string | undefined,
  policyArnsInput: readonly PolicyArnInput[] | undefined,
  tags: Readonly<Record<string, string>>,
): Promise<{ policyArns: string[]; packed: number }> {
  const policyArns = await sessionPolicyArns(ports, role.accountId, policyArnsInput);
  const packed = packedPolicySize(policy, policyArns, tags);
  checkPackedSize(packed);
  return { policyArns, packed };
}

/** What a role session carries beyond the role itself. */
interface RoleSession {
  sessionName: string;
  policy: string | undefined;
  policyArns: string[];
  packed: number;
  tags: Record<string, string>;
  transitive: string[];
  sourceIdentity: string | undefined;
  mfa: Pick<SessionClaims, 'mfa' | 'mfaAt'>;
  chained: boolean;
  nowS: number;
  seconds: number;
}

/** Issues the credentials of an `assumed-role` session, records the role's use, and answers AssumeRole's shape. */
export async function issueRoleSession(ctx: { partition: string; region: string; random: RandomBytes }, ports: StsPorts, role: RoleView, s: RoleSession) {
  const sessionArn = `arn:${ctx.partition}:sts::${role.accountId}:assumed-role/${role.roleName}/${s.sessionName}`;
  const credentials = await issueCredentials(ports, ctx.random, {
    kind: 'assumed-role',
    acct: role.accountId,
    acctAt: role.accountCreatedAt,
    arn: sessionArn,
    uid: `${role.roleId}:${s.sessionName}`,
    roleId: role.roleId,
    roleName: role.roleName,
    roleArn: role.arn,
    ...(s.policy !== undefined ? { policy: s.policy } : {}),
    ...(s.policyArns.length ? { policyArns: s.policyArns } : {}),
    ...(Object.keys(s.tags).length ? { tags: s.tags } : {}),
    ...(s.transitive.length ? { transitive: s.transitive } : {}),
    ...(s.sourceIdentity !== undefined ? { sourceIdentity: s.sourceIdentity } : {}),
    ...s.mfa,
    ...(s.chained ? { chained: true } : {}),
    iat: s.nowS,
    exp: s.nowS + s.seconds,
  });
  ports.roleUsed(role.accountId, role.roleId, ctx.region);
  return {
    Credentials: credentials,
    AssumedRoleUser: { AssumedRoleId: `${role.roleId}:${s.sessionName}`, Arn: sessionArn },
    PackedPolicySize: s.packed,
    ...(s.sourceIdentity !== undefined ? { SourceIdentity: s.sourceIdentity } : {}),
  };
}
