/**
 * @module AssumeRole: the caller's own policies must allow `sts:AssumeRole` on the role AND the role's
 * trust policy must allow the caller (evaluated together by the engine, with AWS's same-account and
 * cross-account rules), plus `sts:TagSession` when tags are passed and `sts:SetSourceIdentity` when a
 * source identity is. Role chaining is limited to one hour; transitive tags and the source identity carry
 * over. Spec: STS API Reference, AssumeRole (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html);
 * IAM User Guide, "Role chaining", "Passing session tags", "Monitor and control actions taken with
 * assumed roles" (source identity).
 */
import { accessDenied, AwsError } from '../../core/errors';
import type { ContextValue } from '../../core/policy/index';
import { ROOT_MFA_OWNER } from '../../core/records';
import { AuthorizationDenied, deniedError } from '../authorization-message';
import { globalContext, principalOf } from '../authz-enforce';
import { targetContext } from '../authz-target';
import type { CallContext, SessionInfo } from '../context';
import { decideWithTrust } from '../trust-policy';
import { checkSessionPolicy, duration, requireMfa, sessionTags, type PolicyArnInput, type TagInput } from './issue';
import type { RoleView, StsPorts } from './ports';
import { findTargetRole, issueRoleSession, roleSessionPolicies, sessionActions, sessionTagContext } from './role-session';

/** Longest session of a role assumed by a role session (role chaining), in seconds. */
const ROLE_CHAINING_MAX_SECONDS = 3600;
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

type MfaFacts = Awaited<ReturnType<typeof mfaFacts>>;

/**
 * AssumeRole: who may call it, the requested session (tags, source identity, MFA), the authorization,
 * then what depends on the role's account (duration, session policies) and the credentials.
 */
export async function assumeRole(ctx: CallContext, input: AssumeRoleInput, ports: StsPorts) {
  const caller = ctx.caller;
  if (caller.type === 'Account') throw accessDenied('Roles may not be assumed by root accounts.');
  if (caller.type === 'FederatedUser') throw accessDenied(`User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`);
  const role = await findTargetRole(ports, input.RoleArn);
  // AWS answers a role that does not exist like one the caller may not assume, so roles cannot be probed.
  if (!role) throw notAuthorized(ctx, input);

  const parent = caller.session;
  checkSessionPolicy(input.Policy, ctx.partition);
  const requested = sessionTags(input.Tags);
  const { tags, transitive } = chainedTags(parent, requested, input.TransitiveTagKeys);
  const sourceIdentity = chainedSourceIdentity(parent, input.SourceIdentity);
  const mfa = await mfaFacts(ctx, ports, input.SerialNumber, input.TokenCode);
  await authorizeAssumeRole(ctx, input, ports, role, { requested, sourceIdentity, mfa });

  // INVARIANT: checks that read the role's account (its session limit, its policies) come only after the
  // caller was found allowed, so a refused caller learns nothing about another account.
  const chained = caller.type === 'AssumedRole';
  const seconds = chained
    ? duration(input.DurationSeconds, DEFAULT_ROLE_SESSION_SECONDS, ROLE_CHAINING_MAX_SECONDS,
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.')
    : duration(input.DurationSeconds, DEFAULT_ROLE_SESSION_SECONDS, role.maxSessionDuration,
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  const { policyArns, packed } = await roleSessionPolicies(ports, role, input.Policy, input.PolicyArns, requested);
  return issueRoleSession(ctx, ports, role, {
    sessionName: input.RoleSessionName,
    policy: input.Policy,
    policyArns,
    packed,
    tags,
    transitive,
    sourceIdentity,
    mfa,
    chained,
    nowS: Math.floor(ctx.now.getTime() / 1000),
    seconds,
  });
}

/** AWS's one wording for every AssumeRole refusal (no "because …"). */
const notAuthorized = (ctx: CallContext, input: AssumeRoleInput) =>
  accessDenied(`User: ${ctx.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`);

/**
 * The session tags of a chained session: the parent's transitive tags pass on and cannot be overridden,
 * and every requested transitive key must be one of the requested tags (IAM User Guide, "Chaining roles
 * with session tags", id_session-tags.html).
 */
function chainedTags(parent: SessionInfo | undefined, requested: Record<string, string>, transitiveKeys: readonly string[] | undefined) {
  const inherited = Object.fromEntries((parent?.transitive ?? []).flatMap((k) => (parent?.tags?.[k] !== undefined ? [[k, parent.tags[k]!]] : [])));
  for (const k of Object.keys(requested)) {
    if (Object.keys(inherited).some((i) => i.toLowerCase() === k.toLowerCase())) {
      throw new AwsError('InvalidParameterValue', `Transitive tag ${k} cannot be overridden in a chained session.`, 400);
    }
  }
  const tags: Record<string, string> = { ...inherited, ...requested };
  const transitive = [...new Set([...(parent?.transitive ?? []), ...(transitiveKeys ?? [])])];
  for (const k of transitiveKeys ?? []) {
    if (!(k in requested)) throw new AwsError('InvalidParameterValue', `Transitive tag key ${k} is not one of the session tags.`, 400);
  }
  return { tags, transitive };
}

/** The source identity, once set on a session, passes to every session chained from it and cannot change. */
function chainedSourceIdentity(parent: SessionInfo | undefined, requested: string | undefined): string | undefined {
  if (parent?.sourceIdentity !== undefined && requested !== undefined && requested !== parent.sourceIdentity) {
    throw new AwsError('InvalidParameterValue', 'SourceIdentity cannot be changed once it is set for a session.', 400);
  }
  return parent?.sourceIdentity ?? requested;
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
  if (s?.mfa) return { mfa: true, ...(s.mfaAt !== undefined ? { mfaAt: s.mfaAt } : {}) };
  // A console session that signed in with MFA (switch role, src/console): its role session carries the MFA
  // as AWS's console role sessions do ("Switch from a user to an IAM role (console)").
  const cs = ctx.caller.console;
  return cs?.mfaAt !== undefined ? { mfa: true, mfaAt: cs.mfaAt } : { mfa: false };
}

/**
 * The caller's policies and the role's trust policy, evaluated together for each action the request
 * needs (sts:AssumeRole, sts:TagSession, sts:SetSourceIdentity), with the role's tags as
 * aws:ResourceTag/* and iam:ResourceTag/* (the reference's keys for the action and its `role` resource type).
 */
async function authorizeAssumeRole(
  ctx: CallContext,
  input: AssumeRoleInput,
  ports: StsPorts,
  role: RoleView,
  session: { requested: Record<string, string>; sourceIdentity: string | undefined; mfa: MfaFacts },
): Promise<void> {
  const trust = ports.compileTrust(role);
  if (!trust) throw notAuthorized(ctx, input);
  const { policies, tags: callerTags } = await ports.callerPolicies();
  const principal = principalOf(ctx.caller, callerTags);
  const { mfa, sourceIdentity, requested } = session;
  const context: Record<string, ContextValue> = {
    ...globalContext(ctx),
    'aws:MultiFactorAuthPresent': String(mfa.mfa),
    ...(mfa.mfa && mfa.mfaAt !== undefined ? { 'aws:MultiFactorAuthAge': String(Math.floor(ctx.now.getTime() / 1000) - mfa.mfaAt) } : {}),
    'sts:RoleSessionName': input.RoleSessionName,
    ...(input.ExternalId !== undefined ? { 'sts:ExternalId': input.ExternalId } : {}),
    ...(sourceIdentity !== undefined ? { 'sts:SourceIdentity': sourceIdentity, 'aws:SourceIdentity': sourceIdentity } : {}),
    ...sessionTagContext(requested, input.TransitiveTagKeys),
  };
  for (const action of sessionActions('sts:AssumeRole', requested, input.SourceIdentity)) {
    const request = { principal, action, resource: role.arn, resourceAccountId: role.accountId, context: { ...context, ...targetContext(action, { type: 'role', arn: role.arn, tags: role.tags }) } };
    const error = deniedError(request, decideWithTrust(request, policies, trust));
    // An existing role the caller may not assume is indistinguishable from one that does not exist. The
    // decision is sealed for the caller only when the role is in its own account: another account's trust
    // policy is not the caller's to read.
    if (error) throw role.accountId === ctx.caller.accountId ? new AuthorizationDenied(notAuthorized(ctx, input).message, error.accountId, error.details) : notAuthorized(ctx, input);
  }
}
