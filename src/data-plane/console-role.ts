/**
 * @module Switch role for the console (src/console): AssumeRole as the signed-in principal, run by the
 * STS runner that runs a signed Query API call (run-sts.ts: the caller's identity policies from the read
 * model, the role's trust policy, cross-account rules, AWS's refusal), and a role session's token turned
 * back into its `Caller` as authentication turns a signed request's (authenticate.ts: opened and bound to
 * its key id, unexpired, a session of its account's live incarnation). No second STS, no second check.
 * Spec: IAM User Guide, "Switch from a user to an IAM role (console)"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-console.html): the console
 * authorizes every switch with the original credentials, and a switched session lasts one hour.
 */
import { AwsError } from '../core/errors';
import { cryptoRandomBytes } from '../core/ids';
import { openSessionToken } from '../core/session-token';
import type { Caller, CallContext } from '../services/context';
import { AssumeRole } from '../services/sts/index';
import { partitionOf, type Env } from '../env';
import { authenticatorFor } from './authenticate';
import type { Edge } from './edge';
import { runSignedSts, type StsRequest } from './run-sts';

/** A switch's temporary credentials (the secret stays inside the sealed token) and the session's ARN. */
export interface SwitchedSession {
  accessKeyId: string;
  sessionToken: string;
  /** The session's ARN (`arn:aws:sts::…:assumed-role/Role/session`) and expiry (ISO 8601). */
  arn: string;
  expiration: string;
  /** The session's principal id (`AROA…:session`). */
  assumedRoleId: string;
}

/** What a switch asks of STS. */
export interface SwitchInput {
  RoleArn: string;
  RoleSessionName: string;
  DurationSeconds: number;
}

export type SwitchResult = { ok: true; session: SwitchedSession } | { ok: false; error: { code: string; message: string; status: number } };

/** `YYYYMMDD` of a time, as a credential scope names its date. */
const scopeDate = (now: Date) => now.toISOString().slice(0, 10).replace(/-/g, '');

/**
 * Calls AssumeRole as `caller` (a console principal: its facts, MFA included, reach the trust policy as
 * they reach any IAM call of its session). Reads the primary, past the isolate's caches, as the Query API
 * does for every call that issues credentials.
 */
export async function assumeRoleAs(c: Edge, caller: Caller, input: SwitchInput, facts: StsRequest['facts'], requestId: string, now: Date): Promise<SwitchResult> {
  const scope = { date: scopeDate(now), region: 'us-east-1', service: 'sts' };
  const ctx: CallContext = { requestId, now, partition: partitionOf(c.env), region: scope.region, signingService: scope.service, caller, random: cryptoRandomBytes, ...facts };
  try {
    const output = (await runSignedSts(c, { bookmark: 'first-primary', facts }, { caller, scope, principal: null }, AssumeRole, input, ctx)) as {
      Credentials: { AccessKeyId: string; SessionToken: string; Expiration: string };
      AssumedRoleUser: { Arn: string; AssumedRoleId: string };
    };
    const { AccessKeyId, SessionToken, Expiration } = output.Credentials;
    return { ok: true, session: { accessKeyId: AccessKeyId, sessionToken: SessionToken, arn: output.AssumedRoleUser.Arn, expiration: Expiration, assumedRoleId: output.AssumedRoleUser.AssumedRoleId } };
  } catch (e) {
    if (!(e instanceof AwsError)) throw e;
    return { ok: false, error: { code: e.code, message: e.message, status: e.status } };
  }
}

/**
 * The `Caller` of a role session's credentials, exactly as a request signed with them would authenticate
 * (through the isolate's caches); undefined once the token is no longer honoured (expired, tampered, not
 * bound to the key id, its account closed or created again) or when it is not a role session.
 */
export async function roleSessionCaller(env: Env, accessKeyId: string, sessionToken: string, now: Date): Promise<Caller | undefined> {
  const authenticator = authenticatorFor(env);
  const claims = await openSessionToken(await authenticator.secretBox(), accessKeyId, sessionToken);
  if (!claims || claims.kind !== 'assumed-role' || claims.acctAt === undefined) return undefined;
  const { secret: _, ...session } = claims;
  const scope = { date: scopeDate(now), region: 'us-east-1', service: 'iam' };
  const auth = await authenticator.reauthenticate({ accessKeyId, accountId: claims.acct, incarnation: claims.acctAt, session, scope }, now, null);
  return auth?.caller;
}
