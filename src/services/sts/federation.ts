/**
 * @module AssumeRoleWithWebIdentity and AssumeRoleWithSAML: unsigned calls whose caller is an identity
 * provider's user. The token or assertion is verified (ports), then the role's trust policy alone decides,
 * with the provider as a federated principal and the token's claims as condition keys.
 * Spec: STS API Reference (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html,
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html); IAM User Guide,
 * "Passing session tags using AssumeRoleWithWebIdentity" and "… using AssumeRoleWithSAML".
 */
import { parseArn } from '../../core/arn';
import { accessDenied, AwsError } from '../../core/errors';
import { authorize, type CompiledPolicy, type ContextValue } from '../../core/policy/index';
import { deniedError } from '../authorization-message';
import { targetContext } from '../authz-target';
import type { RandomBytes } from '../../core/ids';
import type { RoleView, StsPorts } from './ports';
import { checkSessionPolicy, duration, sessionTags, type PolicyArnInput } from './issue';
import { findTargetRole, issueRoleSession, roleSessionPolicies, sessionActions, sessionTagContext } from './role-session';

/** The context of an unsigned call: no caller, only the request's circumstances. */
export interface UnsignedContext {
  now: Date;
  partition: string;
  region: string;
  random: RandomBytes;
  sourceIp: string | null;
  userAgent: string | null;
  secureTransport: boolean;
}

interface CommonInput {
  RoleArn: string;
  PolicyArns?: PolicyArnInput[];
  Policy?: string;
  DurationSeconds?: number;
}

/** Default session length of the federation calls, in seconds. */
const DEFAULT_SECONDS = 3600;

/** Session tags a web identity token passes in its `https://aws.amazon.com/tags` claim. */
function tokenTags(claims: Record<string, unknown>): { tags: Record<string, string>; transitive: string[] } {
  const t = claims['https://aws.amazon.com/tags'] as { principal_tags?: Record<string, unknown>; transitive_tag_keys?: unknown } | undefined;
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(t?.principal_tags ?? {})) {
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === 'string') tags[k] = first;
  }
  const transitive = Array.isArray(t?.transitive_tag_keys) ? (t!.transitive_tag_keys as unknown[]).filter((x): x is string => typeof x === 'string') : [];
  return { tags, transitive };
}

/** Session tags from an identity provider get the same checks as AssumeRole's (`aws:` keys, duplicates, 50). */
function checkFederatedTags(tags: Record<string, string>, transitive: readonly string[]): void {
  const entries = Object.entries(tags);
  if (entries.length > 50) throw new AwsError('InvalidParameterValue', 'The number of session tags exceeds the limit of 50.', 400);
  for (const [k, v] of entries) {
    if (k.length > 128 || v.length > 256) throw new AwsError('InvalidParameterValue', `Session tag ${k} is longer than allowed.`, 400);
  }
  sessionTags(entries.map(([Key, Value]) => ({ Key, Value })));
  for (const k of transitive) {
    if (!(k in tags)) throw new AwsError('InvalidParameterValue', `Transitive tag key ${k} is not one of the session tags.`, 400);
  }
}

/** The federated user as the provider vouches for it: who it is, and what its session carries. */
interface FederatedSession {
  providerArn: string;
  sessionName: string;
  context: Record<string, ContextValue>;
  tags: Record<string, string>;
  transitive: string[];
  sourceIdentity?: string;
  maxSeconds?: number;
}

type FederationAction = 'sts:AssumeRoleWithWebIdentity' | 'sts:AssumeRoleWithSAML';

/**
 * The part both calls share: the role, the trust decision for the federated principal, durations, session
 * policies and tags, and the credentials.
 */
async function federate(ctx: UnsignedContext, ports: StsPorts, input: CommonInput, action: FederationAction, who: FederatedSession) {
  const denied = () => accessDenied(`Not authorized to perform ${action}`);
  const role = await findTargetRole(ports, input.RoleArn);
  if (!role) throw denied();
  checkSessionPolicy(input.Policy, ctx.partition);
  const trust = ports.compileTrust(role);
  if (!trust) throw denied();
  const nowS = Math.floor(ctx.now.getTime() / 1000);
  // AWS's wording for a federation refused by the trust policy: "Not authorized to perform sts:…". An
  // unsigned caller has no account to seal the decision for, so it gets none.
  if (!trustAllows(ctx, role, trust, action, who, nowS)) throw denied();
  // INVARIANT: the role's session limit and policies are consulted only once the trust policy allowed.
  const max = Math.min(role.maxSessionDuration, who.maxSeconds ?? Infinity);
  const seconds = duration(input.DurationSeconds, DEFAULT_SECONDS, max, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  const { policyArns, packed } = await roleSessionPolicies(ports, role, input.Policy, input.PolicyArns, who.tags);
  return issueRoleSession(ctx, ports, role, {
    sessionName: who.sessionName,
    policy: input.Policy,
    policyArns,
    packed,
    tags: who.tags,
    transitive: who.transitive,
    sourceIdentity: who.sourceIdentity,
    mfa: { mfa: false },
    chained: false,
    nowS,
    seconds,
  });
}

/**
 * The role's trust policy alone decides (no identity policies: the caller has none), with the provider
 * as a `Federated` principal, for each action the request needs; the role's tags are aws:ResourceTag/*
 * and iam:ResourceTag/* where the reference lists them for the action.
 */
function trustAllows(ctx: UnsignedContext, role: RoleView, trust: CompiledPolicy, action: FederationAction, who: FederatedSession, nowS: number): boolean {
  const context: Record<string, ContextValue> = {
    'aws:CurrentTime': ctx.now.toISOString(),
    'aws:EpochTime': String(nowS),
    'aws:SecureTransport': String(ctx.secureTransport),
    ...(ctx.sourceIp ? { 'aws:SourceIp': ctx.sourceIp } : {}),
    ...(ctx.userAgent ? { 'aws:userAgent': ctx.userAgent } : {}),
    'sts:RoleSessionName': who.sessionName,
    ...(who.sourceIdentity !== undefined ? { 'sts:SourceIdentity': who.sourceIdentity } : {}),
    // sts:TransitiveTagKeys is listed by the reference for both federation actions and sts:TagSession.
    ...sessionTagContext(who.tags, who.transitive),
    ...who.context,
  };
  const principal = { arn: who.providerArn, accountId: role.accountId, type: 'Federated' as const };
  for (const a of sessionActions(action, who.tags, who.sourceIdentity)) {
    const request = { principal, action: a, resource: role.arn, resourceAccountId: role.accountId, context: { ...context, ...targetContext(a, { type: 'role', arn: role.arn, tags: role.tags }) } };
    if (deniedError(request, authorize({ request, identityPolicies: [], resourcePolicy: trust, resourcePolicyKind: 'trust' }))) return false;
  }
  return true;
}

/** AssumeRoleWithWebIdentity's input. */
export interface WebIdentityInput extends CommonInput {
  RoleSessionName: string;
  WebIdentityToken: string;
  ProviderId?: string;
}

/** AssumeRoleWithWebIdentity (unsigned). */
export async function assumeRoleWithWebIdentity(ctx: UnsignedContext, input: WebIdentityInput, ports: StsPorts) {
  const account = parseArn(input.RoleArn)?.account ?? '';
  const identity = await ports.verifyWebIdentity(account, input.WebIdentityToken);
  const { tags, transitive } = tokenTags(identity.claims);
  checkFederatedTags(tags, transitive);
  const result = await federate(ctx, ports, input, 'sts:AssumeRoleWithWebIdentity', {
    providerArn: identity.providerArn,
    sessionName: input.RoleSessionName,
    context: identity.context,
    tags,
    transitive,
  });
  return { ...result, SubjectFromWebIdentityToken: identity.subject, Provider: identity.issuer, Audience: identity.audience };
}

/** AssumeRoleWithSAML's input. */
export interface SamlInput extends CommonInput {
  PrincipalArn: string;
  SAMLAssertion: string;
}

/** AssumeRoleWithSAML (unsigned). */
export async function assumeRoleWithSaml(ctx: UnsignedContext, input: SamlInput, ports: StsPorts) {
  const account = parseArn(input.RoleArn)?.account ?? '';
  if (parseArn(input.PrincipalArn)?.account !== account) {
    throw new AwsError('InvalidIdentityToken', 'The SAML provider and the role must be in the same account.', 400);
  }
  const { assertion, context } = await ports.verifySaml({ roleAccountId: account, providerArn: input.PrincipalArn, roleArn: input.RoleArn, assertion: input.SAMLAssertion });
  const tags = Object.fromEntries(assertion.principalTags.map((t) => [t.key, t.value]));
  checkFederatedTags(tags, assertion.transitiveTagKeys);
  const result = await federate(ctx, ports, input, 'sts:AssumeRoleWithSAML', {
    providerArn: input.PrincipalArn,
    sessionName: assertion.roleSessionName,
    context,
    tags,
    transitive: assertion.transitiveTagKeys,
    ...(assertion.sourceIdentity !== undefined ? { sourceIdentity: assertion.sourceIdentity } : {}),
    ...(assertion.sessionDurationSeconds !== undefined ? { maxSeconds: assertion.sessionDurationSeconds } : {}),
  });
  return {
    ...result,
    Subject: assertion.subject,
    SubjectType: assertion.subjectType,
    Issuer: assertion.issuer,
    Audience: assertion.recipient,
    NameQualifier: assertion.nameQualifier,
  };
}
