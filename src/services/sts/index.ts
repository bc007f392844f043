/**
 * @module STS actions, answered in the Worker isolate on the data plane (never by an account's object,
 * except to consume MFA codes): GetCallerIdentity, GetAccessKeyInfo, DecodeAuthorizationMessage, AssumeRole,
 * GetSessionToken, GetFederationToken, and the unsigned AssumeRoleWithWebIdentity and AssumeRoleWithSAML;
 * services/dispatch.ts lists them by name. Spec: STS API Reference (https://docs.aws.amazon.com/STS/latest/APIReference/).
 */
import { AwsError } from '../../core/errors';
import { accountOfAccessKeyId } from '../../core/ids';
import type { AuthzTarget } from '../action';
import { buildTarget } from '../authz-target';
import type { CallContext } from '../context';
import { assumeRole, type AssumeRoleInput } from './assume-role';
import { assumeRoleWithSaml, assumeRoleWithWebIdentity, type SamlInput, type UnsignedContext, type WebIdentityInput } from './federation';
import type { StsPorts } from './ports';
import { getFederationToken, getSessionToken, type GetFederationTokenInput } from './session-tokens';

/**
 * A signed action answered in the isolate (services/dispatch.ts says why it is not an AccountAction).
 * `target` null: authorized by the action itself (or needing no permission), as AssumeRole (trust policy),
 * GetSessionToken and GetCallerIdentity are.
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

export const AssumeRole: IsolateAction<AssumeRoleInput> = { name: 'AssumeRole', target: () => null, run: assumeRole };
export const GetSessionToken: IsolateAction<{ DurationSeconds?: number; SerialNumber?: string; TokenCode?: string }> = {
  name: 'GetSessionToken',
  target: () => null,
  run: getSessionToken,
};
export const GetFederationToken: IsolateAction<GetFederationTokenInput> = { name: 'GetFederationToken', target: () => null, run: getFederationToken };

/**
 * An unsigned STS action: the caller is an identity provider's user, proven by a token or assertion
 * ("Calling AssumeRoleWithWebIdentity does not require the use of AWS security credentials").
 */
export interface UnsignedAction<I = unknown, O = unknown> {
  name: string;
  run(ctx: UnsignedContext, input: I, ports: StsPorts): Promise<O>;
}

export const AssumeRoleWithWebIdentity: UnsignedAction<WebIdentityInput> = { name: 'AssumeRoleWithWebIdentity', run: assumeRoleWithWebIdentity };
export const AssumeRoleWithSAML: UnsignedAction<SamlInput> = { name: 'AssumeRoleWithSAML', run: assumeRoleWithSaml };
