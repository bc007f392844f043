/**
 * @module Issuing temporary credentials: durations, session policies and tags, the packed size, and the
 * sealed token. Spec: STS API Reference (AssumeRole, GetSessionToken, GetFederationToken) and "Passing
 * session tags in AWS STS" (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html).
 */
import { accessDenied, AwsError, validationError } from '../../core/errors';
import { ID_PREFIX, newAccessKeyId, newSecretAccessKey, type RandomBytes } from '../../core/ids';
import { checkPolicy, policySize } from '../../core/policy/index';
import type { SessionClaims } from '../../core/session-token';
import type { MfaOutcome, StsPorts } from './ports';

/** A session policy passed by ARN, as the API spells it. */
export interface PolicyArnInput {
  arn?: string;
}

/** A session tag, as the API spells it. */
export interface TagInput {
  Key: string;
  Value: string;
}

/**
 * The budget the session policy, the policy ARNs and the session tags share once packed. AWS packs them
 * into a binary form whose exact size it does not document; this service counts the policy's characters
 * without whitespace, each ARN's length and each tag's key and value, against 4,096 — so a maximal
 * 2,048-character policy alone uses half the space — and reports the percentage as PackedPolicySize.
 */
const PACKED_POLICY_BUDGET = 4096;

/** The packed size of session policies and tags, in percent of {@link PACKED_POLICY_BUDGET}. */
export function packedPolicySize(policy: string | undefined, policyArns: readonly string[], tags: Readonly<Record<string, string>>): number {
  let size = policy === undefined ? 0 : policySize(policy);
  for (const arn of policyArns) size += arn.length;
  for (const [k, v] of Object.entries(tags)) size += k.length + v.length;
  return Math.ceil((size * 100) / PACKED_POLICY_BUDGET);
}

/** Refuses a packed size over 100 %, with AWS's error. */
export function checkPackedSize(percent: number): void {
  if (percent > 100) {
    throw new AwsError('PackedPolicyTooLarge', `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`, 400);
  }
}

/** Validates a session policy document (MalformedPolicyDocument with AWS's message). */
export function checkSessionPolicy(policy: string | undefined, partition: string): void {
  if (policy === undefined) return;
  const checked = checkPolicy(policy, 'session', partition);
  if (!checked.ok) {
    const first = checked.error[0]!;
    throw new AwsError(first.code === 'LimitExceeded' ? 'PackedPolicyTooLarge' : 'MalformedPolicyDocument', first.message, 400);
  }
}

/** The ARNs of `PolicyArns`, each required to exist in the account (or be AWS-managed). */
export async function sessionPolicyArns(ports: StsPorts, accountId: string, input: readonly PolicyArnInput[] | undefined): Promise<string[]> {
  const arns = (input ?? []).map((p) => p.arn ?? '');
  for (const arn of arns) {
    if (!(await ports.policyExists(accountId, arn))) throw new AwsError('InvalidParameterValue', `Policy ${arn} does not exist or is not attachable.`, 400);
  }
  return arns;
}

/** Session tags from the request: keys unique regardless of case, none in the `aws:` space. */
export function sessionTags(tags: readonly TagInput[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const t of tags ?? []) {
    const lc = t.Key.toLowerCase();
    if (lc.startsWith('aws:')) throw new AwsError('InvalidParameterValue', 'Tag keys beginning with aws: are reserved for system use.', 400);
    if (seen.has(lc)) throw new AwsError('InvalidParameterValue', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.', 400);
    seen.add(lc);
    out[t.Key] = t.Value;
  }
  return out;
}

/** The session duration: the requested one (or `fallback`), refused beyond `max` with `tooLong`'s message. */
export function duration(requested: number | undefined, fallback: number, max: number, tooLong: string): number {
  const d = requested ?? Math.min(fallback, max);
  if (d > max) throw validationError(tooLong);
  return d;
}

/** The credentials of a new session, with its sealed token. */
export interface IssuedCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: string;
}

/** Mints an ASIA key id and secret in `claims.acct` and seals the claims into the session token. */
export async function issueCredentials(
  ports: StsPorts,
  random: RandomBytes,
  claims: Omit<SessionClaims, 'secret' | 'v'>,
): Promise<IssuedCredentials> {
  const accessKeyId = newAccessKeyId(claims.acct, ID_PREFIX.temporaryKey, random);
  const secret = newSecretAccessKey(random);
  const token = await ports.seal(accessKeyId, { v: 1, ...claims, secret });
  return { AccessKeyId: accessKeyId, SecretAccessKey: secret, SessionToken: token, Expiration: new Date(claims.exp * 1000).toISOString() };
}

/** Refuses a failed MFA check with AWS's message for it. */
export function requireMfa(outcome: MfaOutcome): void {
  if (outcome === 'ok') return;
  throw accessDenied(
    outcome === 'unknown-device'
      ? 'MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.'
      : 'MultiFactorAuthentication failed with invalid MFA one time pass code.',
  );
}
