/**
 * @module How a console page acts: as the signed-in principal, through the same IAM action, authorization
 * and error messages as the Query API (issue 10 §3: no second permission system). The call goes to the
 * account's object like an API call; the object resolves the console caller against its current state
 * (storage/account/execute.ts `#resolveConsole`: the account's incarnation and the password version), so
 * a page never acts for a session the API would refuse.
 */
import type { Context } from 'hono';
import { AwsError } from '../core/errors';
import { ROOT_PASSWORD_OWNER } from '../core/records';
import type { AppEnv } from '../env';
import type { Caller } from '../services/context';
import type { ExecuteResult } from '../storage/account-rpc';
import type { SignInPrincipal } from '../storage/account/sign-in';
import { secure, stubOf } from './http';
import { decodeIamInput, toQueryParams } from './input';

/** Who a console call acts as: the principal's facts and the session's times. */
export interface ConsoleActor {
  accountId: string;
  incarnation: string;
  owner: string;
  userName: string | null;
  arn: string;
  passwordVersion: string;
  /** When the session began and when its MFA step passed (milliseconds), when known. */
  issuedAtMs?: number;
  mfaAtMs?: number;
}

/** The actor of a signed-in principal. */
export const actorOf = (p: SignInPrincipal, session: { issuedAtMs: number; mfaAtMs?: number }): ConsoleActor => ({
  accountId: p.accountId,
  incarnation: p.incarnation,
  owner: p.owner,
  userName: p.userName,
  arn: p.arn,
  passwordVersion: p.passwordVersion,
  issuedAtMs: session.issuedAtMs,
  ...(session.mfaAtMs !== undefined ? { mfaAtMs: session.mfaAtMs } : {}),
});

const seconds = (ms: number) => Math.floor(ms / 1000);

/** The `Caller` a console actor is: the root user (`Account`) or an IAM user, with no access key. */
export function consoleCaller(a: ConsoleActor): Caller {
  const root = a.owner === ROOT_PASSWORD_OWNER;
  return {
    type: root ? 'Account' : 'User',
    accountId: a.accountId,
    arn: a.arn,
    principalId: root ? a.accountId : a.owner,
    userName: root ? null : a.userName,
    accessKeyId: '',
    accountCreatedAt: a.incarnation,
    console: {
      passwordVersion: a.passwordVersion,
      ...(a.issuedAtMs !== undefined ? { issuedAt: seconds(a.issuedAtMs) } : {}),
      ...(a.mfaAtMs !== undefined ? { mfaAt: seconds(a.mfaAtMs) } : {}),
    },
  };
}

/** A console action's input: the action's input shape (`{ UserName, Tags: [{ Key, Value }] }`); undefined members are left out. */
export type ActInput = Record<string, unknown>;

/**
 * Runs IAM `action` with `input` as `caller`, in the account's object. The input is first decoded and
 * validated by the IAM model exactly as the Query API does it at the edge (input.ts: lengths, patterns,
 * enums, IAM's own checks), so a page gets the API's ValidationError for bad input and the action never
 * sees it (the object trusts its callers to have done so). The
 * answer is the action's output or its AWS error (code and message), exactly what the API would answer.
 */
export async function act<E extends AppEnv>(c: Context<E>, caller: Caller, action: string, input: ActInput): Promise<ExecuteResult> {
  const self = SELF_MEMBER[action];
  if (self === undefined || input[self] !== undefined) return actWithParams(c, caller, action, toQueryParams(input));
  return actWithParams(c, caller, action, toQueryParams({ ...input, [self]: SELF_PLACEHOLDER }), self);
}

/**
 * The one input the console sends that the API's model refuses: EnableMFADevice without `UserName`, for
 * the caller's own device. AWS assigns the root user's MFA device only in its console: "You cannot enable
 * an MFA device for the AWS account root user with the AWS CLI, AWS API ... However, you can use the AWS
 * Management Console" (IAM User Guide, id_credentials_mfa_enable_cliapi.html). The rest of the input is
 * validated with a well-formed name in its place, which is then left out.
 */
const SELF_MEMBER: Readonly<Record<string, string>> = { EnableMFADevice: 'UserName' };
const SELF_PLACEHOLDER = 'self';

/** {@link act} for input already named as Query parameters (`ActionNames.member.1`). */
export async function actWithParams<E extends AppEnv>(c: Context<E>, caller: Caller, action: string, params: Map<string, string>, omit?: string): Promise<ExecuteResult> {
  let decoded: Record<string, unknown>;
  try {
    decoded = decodeIamInput(action, params);
    if (omit !== undefined) delete decoded[omit];
  } catch (e) {
    if (!(e instanceof AwsError)) throw e;
    return { ok: false, error: { code: e.code, message: e.message, status: e.status, type: e.type }, bookmark: null };
  }
  return executeAs(c, caller, 'iam', action, decoded);
}

/**
 * Runs CloudTrail `action` (LookupEvents, the Event history page) with `input` in the action's shape as
 * `caller`, in the account's object: authorized as `cloudtrail:LookupEvents` and recorded like any call.
 * No model decoder here: the action validates its whole input itself, with CloudTrail's errors
 * (services/cloudtrail/lookup-events.ts), and the page builds that input from a form, never from JSON.
 */
export async function actCloudTrail<E extends AppEnv>(c: Context<E>, caller: Caller, action: string, input: ActInput): Promise<ExecuteResult> {
  return executeAs(c, caller, 'cloudtrail', action, input);
}

/**
 * Executes `action` of `service` with its validated `input` as `caller` in the account's object. The console
 * is global, as IAM is: its calls are signed for us-east-1 (AWS's IAM endpoint region); CloudTrail's Event
 * history is regional in AWS, and this trail, the account's one, is read in that region too.
 */
async function executeAs<E extends AppEnv>(c: Context<E>, caller: Caller, service: 'iam' | 'cloudtrail', action: string, input: unknown): Promise<ExecuteResult> {
  return (await stubOf(c.env, caller.accountId).execute({
    requestId: c.get('requestId'),
    ...(service === 'cloudtrail' ? { service } : {}),
    action,
    input,
    caller,
    now: c.get('now'),
    region: 'us-east-1',
    signingService: service,
    sourceIp: c.req.header('cf-connecting-ip') ?? null,
    userAgent: c.req.header('user-agent') ?? null,
    secureTransport: secure(c),
  })) as unknown as ExecuteResult;
}
