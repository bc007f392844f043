/**
 * @module Permissions boundaries of users: PutUserPermissionsBoundary, DeleteUserPermissionsBoundary.
 *
 * The boundary is a managed policy: a customer-managed policy of this account or an AWS-managed one from the
 * catalog; anything else is NoSuchEntity `Policy <arn> does not exist or is not attachable.`, and text that
 * is not an ARN at all is InvalidInput `ARN <arn> is not valid.`. Putting replaces the current boundary.
 * The condition key `iam:PermissionsBoundary` carries the boundary the request sets (Put) or removes
 * (Delete), as the Service Authorization Reference lists it for both actions.
 * Spec: IAM API Reference (https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPermissionsBoundary.html,
 * API_DeleteUserPermissionsBoundary.html); IAM User Guide, "Permissions boundaries for IAM entities".
 */
import { parseArn } from '../../../core/arn';
import { AwsError, invalidInput, noSuchEntity } from '../../../core/errors';
import type { AccountStore } from '../../../core/ports';
import type { AccountAction } from '../../action';
import type { CallContext } from '../../context';
import { awsManagedPolicy, isAwsManagedArn } from '../aws-managed';
import { requireUser } from '../entities';
import { userTarget } from './inline';

/**
 * Checks that `policyArn` names a managed policy usable as a boundary in this account; throws InvalidInput
 * or NoSuchEntity otherwise. Shared with the role variant when it arrives.
 */
export function requireBoundaryPolicy(ctx: CallContext, store: AccountStore, policyArn: string): void {
  const arn = parseArn(policyArn);
  if (!arn || arn.service !== 'iam') throw invalidInput(`ARN ${policyArn} is not valid.`);
  const exists = isAwsManagedArn(policyArn) ? awsManagedPolicy(ctx.partition, policyArn) !== undefined : store.findPolicy(policyArn) !== undefined;
  if (!exists) throw noSuchEntity(`Policy ${policyArn} does not exist or is not attachable.`);
}

/** A boundary given to CreateUser or CreateRole: checked as the Put actions check it, worded as Create answers. */
export function requireCreateBoundary(ctx: CallContext, store: AccountStore, arn: string): void {
  try {
    requireBoundaryPolicy(ctx, store, arn);
  } catch (e) {
    if (e instanceof AwsError && e.code === 'NoSuchEntity') throw noSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`);
    throw e;
  }
}

/** PutUserPermissionsBoundary: sets or replaces the user's boundary. */
export const PutUserPermissionsBoundary: AccountAction<{ UserName: string; PermissionsBoundary: string }> = {
  name: 'PutUserPermissionsBoundary',
  target: (ctx, store, i) => userTarget(ctx, store, 'iam:PutUserPermissionsBoundary', i.UserName, i.PermissionsBoundary),
  run(ctx, store, input) {
    const user = requireUser(store, input.UserName);
    requireBoundaryPolicy(ctx, store, input.PermissionsBoundary);
    if (user.permissionsBoundaryArn !== input.PermissionsBoundary) store.setUserPermissionsBoundary(user.userId, input.PermissionsBoundary);
    return {};
  },
};

/**
 * DeleteUserPermissionsBoundary: removes the user's boundary; a user without one is left as it is (the
 * call succeeds: the API Reference documents NoSuchEntity for the user only).
 */
export const DeleteUserPermissionsBoundary: AccountAction<{ UserName: string }> = {
  name: 'DeleteUserPermissionsBoundary',
  target: (ctx, store, i) => userTarget(ctx, store, 'iam:DeleteUserPermissionsBoundary', i.UserName),
  run(_ctx, store, input) {
    const user = requireUser(store, input.UserName);
    if (user.permissionsBoundaryArn !== null) store.setUserPermissionsBoundary(user.userId, null);
    return {};
  },
};

/** Every boundary action this file registers. */
export const BOUNDARY_ACTIONS: readonly AccountAction[] = [PutUserPermissionsBoundary, DeleteUserPermissionsBoundary];
