/**
 * @module How a console page acts: as the signed-in principal, through the same IAM action, authorization
 * and error messages as the Query API (issue 10 §3: no second permission system). The call goes to the
 * account's object like an API call; the object resolves the console caller against its current state
 * (storage/account/execute.ts `#resolveConsole`: the account's incarnation and the password version), so
 * a page never acts for a session the API would refuse.
 */
import type { Context } from 'hono';
import { ROOT_PASSWORD_OWNER } from '../core/records';
import type { AppEnv } from '../env';
import type { Caller } from '../services/context';
import type { ExecuteResult } from '../storage/account-rpc';
import type { SignInPrincipal } from '../storage/account/sign-in';
import { secure, stubOf } from './http';
import { queryInput } from './query-input';

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

/**
 * Runs IAM `action` with `input` (the action's input shape, as the Query API parses it) as `caller`, in
 * the account's object. The input is validated against the IAM model first, as the API's decoder does
 * (query-input.ts). The answer is the action's output or its AWS error (code and message), exactly what
 * the API would have answered.
 */
export async function act(c: Context<AppEnv>, caller: Caller, action: string, input: Record<string, unknown>): Promise<ExecuteResult> {
  // Checked as the API checks a request before the object runs it (query-input.ts), with the API's words.
  const checked = queryInput(action, input);
  if (!checked.ok) {
    const { code, message, status, type } = checked.error;
    return { ok: false, error: { code, message, status, type }, bookmark: null };
  }
  return (await stubOf(c.env, caller.accountId).execute({
    requestId: c.get('requestId'),
    action,
    input: checked.input,
    caller,
    now: c.get('now'),
    // The console is global, as IAM is: its calls are signed for us-east-1 (AWS's IAM endpoint region).
    region: 'us-east-1',
    signingService: 'iam',
    sourceIp: c.req.header('cf-connecting-ip') ?? null,
    userAgent: c.req.header('user-agent') ?? null,
    secureTransport: secure(c),
  })) as unknown as ExecuteResult;
}
