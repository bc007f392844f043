/**
 * @module STS actions served in the Worker isolate, from the authenticated caller alone (no call to the
 * account's object): GetCallerIdentity and GetAccessKeyInfo.
 * Spec: STS API Reference (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html,
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetAccessKeyInfo.html).
 */
import { AwsError } from '../../core/errors';
import { accountOfAccessKeyId } from '../../core/ids';
import type { AuthzTarget } from '../action';
import type { CallContext } from '../context';

/** An action answered in the isolate. `target` null: the action needs no permission (GetCallerIdentity). */
export interface IsolateAction<I = unknown, O = unknown> {
  name: string;
  target(ctx: CallContext, input: I): AuthzTarget | null;
  run(ctx: CallContext, input: I): O;
}

/**
 * GetCallerIdentity. AWS: "No permissions are required to perform this operation. If an administrator
 * attaches a policy to your identity that explicitly denies access to the sts:GetCallerIdentity action,
 * you can still perform this operation."
 */
export const GetCallerIdentity: IsolateAction<Record<string, never>> = {
  name: 'GetCallerIdentity',
  target: () => null,
  run: (ctx) => ({ UserId: ctx.caller.principalId, Account: ctx.caller.accountId, Arn: ctx.caller.arn }),
};

/** GetAccessKeyInfo: the account that owns a key id, decoded from the id itself as AWS does. */
export const GetAccessKeyInfo: IsolateAction<{ AccessKeyId: string }> = {
  name: 'GetAccessKeyInfo',
  target: (ctx) => ({ action: 'sts:GetAccessKeyInfo', resource: '*' }),
  run(_ctx, input) {
    const account = accountOfAccessKeyId(input.AccessKeyId);
    if (!account) throw new AwsError('InvalidParameterValue', 'Invalid AccessKeyId', 400);
    return { Account: account };
  },
};

/** STS actions by name. */
export const STS_ACTIONS: ReadonlyMap<string, IsolateAction> = new Map(
  [GetCallerIdentity, GetAccessKeyInfo].map((a) => [a.name, a as IsolateAction]),
);
