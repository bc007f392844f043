/**
 * @module STS actions, answered in the Worker isolate on the data plane (never by an account's object,
 * except to consume MFA codes): GetCallerIdentity, GetAccessKeyInfo, AssumeRole, GetSessionToken,
 * GetFederationToken. Spec: STS API Reference (https://docs.aws.amazon.com/STS/latest/APIReference/).
 */
import { AwsError } from '../../core/errors';
import { accountOfAccessKeyId } from '../../core/ids';
import type { AuthzTarget } from '../action';
import { buildTarget } from '../authz-target';
import type { CallContext } from '../context';
import { assumeRole, type AssumeRoleInput } from './assume-role';
import { assumeRoleWithSaml, assumeRoleWithWebIdentity, type UnsignedContext } from './federation';
import type { StsPorts } from './ports';
import { getFederationToken, getSessionToken, type GetFederationTokenInput } from './session-tokens';

/**
 * An action answered in the isolate. `target` null: authorized by the action itself (or needing no
 * permission), as AssumeRole (trust policy), GetSessionToken and GetCallerIdentity are.
 */
export interface IsolateAction<I = unknown, O = unknown> {
  name: string;
  target(ctx: CallContext, input: I): AuthzTarget | null;
  run(ctx: CallContext, input: I, ports: StsPorts): O | Promise<O>;
}

/**
 * GetCallerIdentity. AWS: "No permissions are required to perform this operation. If an administrator
 * attaches a policy to your identity that explicitly denies access to the sts:GetCallerIdentity action,
 * you can still perform this operation."
 */
export const GetCallerIdentity: IsolateAction<Record<string, never>> = {
  name: 'GetCallerIdentity',
  target: () => null,
  run: (ctx) => ({ UserId: ctx.caller.session?.uid ?? ctx.caller.principalId, Account: ctx.caller.accountId, Arn: ctx.caller.arn }),
};

/** GetAccessKeyInfo: the account that owns a key id (AKIA or ASIA), decoded from the id itself as AWS does. */
export const GetAccessKeyInfo: IsolateAction<{ AccessKeyId: string }> = {
  name: 'GetAccessKeyInfo',
  target: () => buildTarget('sts:GetAccessKeyInfo', undefined),
  run(_ctx, input) {
    const account = accountOfAccessKeyId(input.AccessKeyId);
    if (!account) throw new AwsError('InvalidParameterValue', 'Invalid AccessKeyId', 400);
    return { Account: account };
  },
};

/**
 * DecodeAuthorizationMessage: the details of an AccessDenied answer, for a principal of the same account
 * allowed `sts:DecodeAuthorizationMessage`.
 */
export const DecodeAuthorizationMessage: IsolateAction<{ EncodedMessage: string }> = {
  name: 'DecodeAuthorizationMessage',
  target: () => buildTarget('sts:DecodeAuthorizationMessage', undefined),
  async run(ctx, input, ports) {
    const decoded = await ports.openAuthorizationMessage(ctx.caller.accountId, input.EncodedMessage);
    if (decoded === undefined) {
      throw new AwsError('InvalidAuthorizationMessageException', 'The error message is not valid. Check the message and try again.', 400);
    }
    return { DecodedMessage: decoded };
  },
};

const AssumeRole: IsolateAction<AssumeRoleInput> = { name: 'AssumeRole', target: () => null, run: assumeRole };
const GetSessionToken: IsolateAction<{ DurationSeconds?: number; SerialNumber?: string; TokenCode?: string }> = {
  name: 'GetSessionToken',
  target: () => null,
  run: getSessionToken,
};
const GetFederationToken: IsolateAction<GetFederationTokenInput> = { name: 'GetFederationToken', target: () => null, run: getFederationToken };

/** An unsigned STS action: the caller is an identity provider's user, proven by a token or assertion. */
export interface UnsignedAction<I = unknown, O = unknown> {
  name: string;
  run(ctx: UnsignedContext, input: I, ports: StsPorts): Promise<O>;
}

/** The STS actions that need no AWS credentials ("Calling AssumeRoleWithWebIdentity does not require the use of AWS security credentials"). */
export const UNSIGNED_STS_ACTIONS: ReadonlyMap<string, UnsignedAction> = new Map<string, UnsignedAction>([
  ['AssumeRoleWithWebIdentity', { name: 'AssumeRoleWithWebIdentity', run: assumeRoleWithWebIdentity as UnsignedAction['run'] }],
  ['AssumeRoleWithSAML', { name: 'AssumeRoleWithSAML', run: assumeRoleWithSaml as UnsignedAction['run'] }],
]);

/**
 * The signed STS actions that issue credentials. They are decided on the read model's current state, past
 * the isolate's caches (http/query-endpoint.ts): a session outlives its issuer's revocation only by what the
 * read model has not yet been told, never by a cache's TTL.
 */
export const ISSUING_STS_ACTIONS: ReadonlySet<string> = new Set(['AssumeRole', 'GetSessionToken', 'GetFederationToken']);

/** STS actions by name. */
export const STS_ACTIONS: ReadonlyMap<string, IsolateAction> = new Map(
  [GetCallerIdentity, GetAccessKeyInfo, DecodeAuthorizationMessage, AssumeRole, GetSessionToken, GetFederationToken].map((a) => [a.name, a as IsolateAction]),
);
