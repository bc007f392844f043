/**
 * @module GetSessionToken and GetFederationToken: temporary credentials for an IAM user (or the root
 * user) calling with long-term credentials. Spec: STS API Reference
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html,
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html) and "Compare AWS STS
 * credentials" (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_request.html).
 */
import { accessDenied } from '../../core/errors';
import { ROOT_MFA_OWNER } from '../../core/records';
import { enforce, principalOf, requestFor } from '../authz-enforce';
import { buildTarget } from '../authz-target';
import type { CallContext } from '../context';
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

/** Default and longest sessions of GetSessionToken and GetFederationToken for IAM users, in seconds. */
const USER_SESSION_DEFAULT_SECONDS = 43_200;
const USER_SESSION_MAX_SECONDS = 129_600;
/** The root user's sessions are limited to one hour. */
const ROOT_SESSION_MAX_SECONDS = 3600;

/** Temporary credentials cannot request more temporary credentials of these kinds. */
function requireLongTerm(ctx: CallContext, action: string): void {
  if (ctx.caller.session) {
    throw accessDenied(`User: ${ctx.caller.arn} is not authorized to perform: ${action} because it was called with temporary credentials`);
  }
}

const maxFor = (ctx: CallContext) => (ctx.caller.type === 'Account' ? ROOT_SESSION_MAX_SECONDS : USER_SESSION_MAX_SECONDS);
const tooLong = (max: number) => `The requested DurationSeconds exceeds the maximum allowed value of ${max} seconds.`;

/**
 * GetSessionToken. "No permissions are required." With SerialNumber and TokenCode the session carries
 * `aws:MultiFactorAuthPresent` true; without MFA its credentials cannot call IAM (the account's object
 * refuses them), as in AWS.
 */
export async function getSessionToken(ctx: CallContext, input: { DurationSeconds?: number; SerialNumber?: string; TokenCode?: string }, ports: StsPorts) {
  requireLongTerm(ctx, 'sts:GetSessionToken');
  const max = maxFor(ctx);
  const seconds = duration(input.DurationSeconds, ctx.caller.type === 'Account' ? ROOT_SESSION_MAX_SECONDS : USER_SESSION_DEFAULT_SECONDS, max, tooLong(max));
  const nowS = Math.floor(ctx.now.getTime() / 1000);
  let mfa = false;
  if (input.SerialNumber !== undefined || input.TokenCode !== undefined) {
    const owner = ctx.caller.type === 'Account' ? ROOT_MFA_OWNER : ctx.caller.principalId;
    if (input.SerialNumber === undefined || input.TokenCode === undefined) requireMfa('invalid-code');
    requireMfa(await ports.verifyMfa(ctx.caller.accountId, owner, input.SerialNumber!, input.TokenCode!));
    mfa = true;
  }
  const credentials = await issueCredentials(ports, ctx.random, {
    kind: 'session-token',
    acct: ctx.caller.accountId,
    ...(ctx.caller.accountCreatedAt ? { acctAt: ctx.caller.accountCreatedAt } : {}),
    arn: ctx.caller.arn,
    uid: ctx.caller.principalId,
    ...(ctx.caller.type === 'User' ? { userId: ctx.caller.principalId } : {}),
    mfa,
    ...(mfa ? { mfaAt: nowS } : {}),
    iat: nowS,
    exp: nowS + seconds,
  });
  return { Credentials: credentials };
}

/** GetFederationToken's input. */
export interface GetFederationTokenInput {
  Name: string;
  Policy?: string;
  PolicyArns?: PolicyArnInput[];
  DurationSeconds?: number;
  Tags?: TagInput[];
}

/**
 * GetFederationToken: a federated user whose permissions are the intersection of the calling user's
 * policies and the session policies passed here (none passed: no permissions).
 */
export async function getFederationToken(ctx: CallContext, input: GetFederationTokenInput, ports: StsPorts) {
  requireLongTerm(ctx, 'sts:GetFederationToken');
  const arn = `arn:${ctx.partition}:sts::${ctx.caller.accountId}:federated-user/${input.Name}`;
  const { policies, tags: callerTags } = await ports.callerPolicies();
  // The session tags the request passes are aws:RequestTag/* and aws:TagKeys, as the reference lists them.
  const target = buildTarget('sts:GetFederationToken', { type: 'federated-user', arn }, { Tags: input.Tags ?? [] });
  enforce(requestFor(ctx, principalOf(ctx.caller, callerTags), target), policies);
  const max = maxFor(ctx);
  const seconds = duration(input.DurationSeconds, ctx.caller.type === 'Account' ? ROOT_SESSION_MAX_SECONDS : USER_SESSION_DEFAULT_SECONDS, max, tooLong(max));
  checkSessionPolicy(input.Policy, ctx.partition);
  const policyArns = await sessionPolicyArns(ports, ctx.caller.accountId, input.PolicyArns);
  const tags = sessionTags(input.Tags);
  const packed = packedPolicySize(input.Policy, policyArns, tags);
  checkPackedSize(packed);
  const nowS = Math.floor(ctx.now.getTime() / 1000);
  const federatedUserId = `${ctx.caller.accountId}:${input.Name}`;
  const credentials = await issueCredentials(ports, ctx.random, {
    kind: 'federated-user',
    acct: ctx.caller.accountId,
    ...(ctx.caller.accountCreatedAt ? { acctAt: ctx.caller.accountCreatedAt } : {}),
    arn,
    uid: federatedUserId,
    ...(ctx.caller.type === 'User' ? { userId: ctx.caller.principalId } : {}),
    ...(input.Policy !== undefined ? { policy: input.Policy } : {}),
    ...(policyArns.length ? { policyArns } : {}),
    ...(Object.keys(tags).length ? { tags } : {}),
    mfa: false,
    iat: nowS,
    exp: nowS + seconds,
  });
  return { Credentials: credentials, FederatedUser: { FederatedUserId: federatedUserId, Arn: arn }, PackedPolicySize: packed };
}
