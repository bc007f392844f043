/**
 * @module AssumeRole: the caller's own policies must allow `sts:AssumeRole` on the role AND the role's
 * trust policy must allow the caller (evaluated together by the engine, with AWS's same-account and
 * cross-account rules), plus `sts:TagSession` when tags are passed and `sts:SetSourceIdentity` when a
 * source identity is. Role chaining is limited to one hour; transitive tags and the source identity carry
 * over. Spec: STS API Reference, AssumeRole (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html);
 * IAM User Guide, "Role chaining", "Passing session tags", "Monitor and control actions taken with
 * assumed roles" (source identity).
 */
import { parseArn } from '../../core/arn';
import { accessDenied, AwsError } from '../../core/errors';
import type { ContextValue } from '../../core/policy/index';
import { AuthorizationDenied, deniedError } from '../authorization-message';
import { ROOT_MFA_OWNER } from '../../core/records';
import { globalContext, principalOf } from '../authz-enforce';
import { targetContext } from '../authz-target';
import type { CallContext } from '../context';
import { decideWithTrust } from '../trust-policy';
import type { StsPorts } from './ports';
import {
  checkPackedSize,
  checkSessionPolicy,
  duration,
  issueCredentials,
  packedPolicySize,
  requireMfa,
  sessionPolicyArns,
  sessionTags,
  type PolicyArnInput,
  type TagInput,
} from './issue';

/** Longest session of a role assumed by a role session (role chaining), in seconds. */
export const ROLE_CHAINING_MAX_SECONDS = 3600;
/** Default session length when DurationSeconds is absent, in seconds. */
const DEFAULT_ROLE_SESSION_SECONDS = 3600;

/** AssumeRole's input, as decoded from the model. */
export interface AssumeRoleInput {
  RoleArn: string;
  RoleSessionName: string;
  PolicyArns?: PolicyArnInput[];
  Policy?: string;
  DurationSeconds?: number;
  Tags?: TagInput[];
  TransitiveTagKeys?: string[];
  ExternalId?: string;
  SerialNumber?: string;
  TokenCode?: string;
  SourceIdentity?: string;
}

/** The MFA facts of a new session: verified now, or inherited from the caller's session. */
async function mfaFacts(ctx: CallContext, ports: StsPorts, serial: string | undefined, code: string | undefined) {
  const nowS = Math.floor(ctx.now.getTime() / 1000);
  if (serial !== undefined || code !== undefined) {
    if (serial === undefined || code === undefined) throw new AwsError('ValidationError', 'SerialNumber and TokenCode must be given together.', 400);
    const owner = ctx.caller.type === 'Account' ? ROOT_MFA_OWNER : ctx.caller.session?.userId ?? ctx.caller.principalId;
    requireMfa(await ports.verifyMfa(ctx.caller.accountId, owner, serial, code));
    return { mfa: true, mfaAt: nowS };
  }
  const s = ctx.caller.session;
  return s?.mfa ? { mfa: true, ...(s.mfaAt !== undefined ? { mfaAt: s.mfaAt } : {}) } : { mfa: false };
}

/** AssumeRole. */
export async function assumeRole(ctx: CallContext, input: AssumeRoleInput, ports: StsPorts) {
  const caller = ctx.caller;
  if (caller.type === 'Account') throw accessDenied('Roles may not be assumed by root accounts.');
  if (caller.type === 'FederatedUser') throw accessDenied(`User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`);
  const target = parseArn(input.RoleArn);
  const role = target?.service === 'iam' && /^\d{12}$/.test(target.account) ? await ports.findRole(target.account, input.RoleArn) : undefined;
  // AWS answers a role that does not exist like one the caller may not assume, so roles cannot be probed.
  const denied = () => accessDenied(`User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`);
  if (!role) throw denied();

  const parent = caller.session;
  const chained = caller.type === 'AssumedRole';
  checkSessionPolicy(input.Policy, ctx.partition);
  const requested = sessionTags(input.Tags);
  // Transitive tags of the parent session pass on and cannot be overridden (id_session-tags.html).
  const inherited = Object.fromEntries((parent?.transitive ?? []).flatMap((k) => (parent?.tags?.[k] !== undefined ? [[k, parent.tags[k]!]] : [])));
  for (const k of Object.keys(requested)) {
    if (Object.keys(inherited).some((i) => i.toLowerCase() === k.toLowerCase())) {
      throw new AwsError('InvalidParameterValue', `Transitive tag ${k} cannot be overridden in a chained session.`, 400);
    }
  }
  const tags = { ...inherited, ...requested };
  const transitive = [...new Set([...(parent?.transitive ?? []), ...(input.TransitiveTagKeys ?? [])])];
  for (const k of input.TransitiveTagKeys ?? []) {
    if (!(k in requested)) throw new AwsError('InvalidParameterValue', `Transitive tag key ${k} is not one of the session tags.`, 400);
  }
  if (parent?.sourceIdentity !== undefined && input.SourceIdentity !== undefined && input.SourceIdentity !== parent.sourceIdentity) {
    throw new AwsError('InvalidParameterValue', 'SourceIdentity cannot be changed once it is set for a session.', 400);
  }
  const sourceIdentity = parent?.sourceIdentity ?? input.SourceIdentity;
  const mfa = await mfaFacts(ctx, ports, input.SerialNumber, input.TokenCode);

  // Authorization: the caller's policies and the role's trust policy, for each action the request needs.
  const trust = ports.compileTrust(role);
  if (!trust) throw denied();
  const { policies, tags: callerTags } = await ports.callerPolicies();
  const principal = principalOf(caller, callerTags);
  const context: Record<string, ContextValue> = {
    ...globalContext(ctx),
    'aws:MultiFactorAuthPresent': String(mfa.mfa),
    ...(mfa.mfa && mfa.mfaAt !== undefined ? { 'aws:MultiFactorAuthAge': String(Math.floor(ctx.now.getTime() / 1000) - mfa.mfaAt) } : {}),
    'sts:RoleSessionName': input.RoleSessionName,
    ...(input.ExternalId !== undefined ? { 'sts:ExternalId': input.ExternalId } : {}),
    ...(sourceIdentity !== undefined ? { 'sts:SourceIdentity': sourceIdentity, 'aws:SourceIdentity': sourceIdentity } : {}),
    ...Object.fromEntries(Object.entries(requested).map(([k, v]) => [`aws:RequestTag/${k}`, v])),
    ...(Object.keys(requested).length ? { 'aws:TagKeys': Object.keys(requested) } : {}),
    ...(input.TransitiveTagKeys?.length ? { 'sts:TransitiveTagKeys': input.TransitiveTagKeys } : {}),
  };
  const actions = ['sts:AssumeRole', ...(Object.keys(requested).length ? ['sts:TagSession'] : []), ...(input.SourceIdentity !== undefined ? ['sts:SetSourceIdentity'] : [])];
  for (const action of actions) {
    // The role's tags as aws:ResourceTag/* and iam:ResourceTag/* (the reference's keys for the action and its `role` resource type).
    const request = { principal, action, resource: role.arn, resourceAccountId: role.accountId, context: { ...context, ...targetContext(action, { type: 'role', arn: role.arn, tags: role.tags }) } };
    const result = decideWithTrust(request, policies, trust);
    const error = deniedError(request, result);
    // AWS words every AssumeRole refusal alike (no "because …"), so an existing role the caller may not
    // assume is indistinguishable from one that does not exist. The decision is sealed for the caller only
    // when the role is in its own account: another account's trust policy is not the caller's to read.
    if (error) throw role.accountId === caller.accountId ? new AuthorizationDenied(denied().message, error.accountId, error.details) : denied();
  }

  // INVARIANT: checks that read the role's account (its session limit, its policies) come only after the
  // caller was found allowed, so a refused caller learns nothing about another account.
  const seconds = chained
    ? duration(input.DurationSeconds, DEFAULT_ROLE_SESSION_SECONDS, ROLE_CHAINING_MAX_SECONDS,
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.')
    : duration(input.DurationSeconds, DEFAULT_ROLE_SESSION_SECONDS, role.maxSessionDuration,
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  const policyArns = await sessionPolicyArns(ports, role.accountId, input.PolicyArns);
  const packed = packedPolicySize(input.Policy, policyArns, requested);
  checkPackedSize(packed);

  const nowS = Math.floor(ctx.now.getTime() / 1000);
  const sessionArn = `arn:${ctx.partition}:sts::${role.accountId}:assumed-role/${role.roleName}/${input.RoleSessionName}`;
  const credentials = await issueCredentials(ports, ctx.random, {
    kind: 'assumed-role',
    acct: role.accountId,
    acctAt: role.accountCreatedAt,
    arn: sessionArn,
    uid: `${role.roleId}:${input.RoleSessionName}`,
    roleId: role.roleId,
    roleName: role.roleName,
    roleArn: role.arn,
    ...(input.Policy !== undefined ? { policy: input.Policy } : {}),
    ...(policyArns.length ? { policyArns } : {}),
    ...(Object.keys(tags).length ? { tags } : {}),
    ...(transitive.length ? { transitive } : {}),
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
    ...mfa,
    ...(chained ? { chained: true } : {}),
    iat: nowS,
    exp: nowS + seconds,
  });
  ports.roleUsed(role.accountId, role.roleId, ctx.region);
  return {
    Credentials: credentials,
    AssumedRoleUser: { AssumedRoleId: `${role.roleId}:${input.RoleSessionName}`, Arn: sessionArn },
    PackedPolicySize: packed,
    ...(sourceIdentity !== undefined ? { SourceIdentity: sourceIdentity } : {}),
  };
}
