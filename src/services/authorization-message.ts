/**
 * @module Encoded authorization messages: an AccessDenied answer carries the decision's details sealed
 * for the caller's account (response header `x-iam-authorization-message`), and a principal allowed
 * `sts:DecodeAuthorizationMessage` in that account can decode them. The decoded JSON follows the shape AWS
 * documents for DecodeAuthorizationMessage: allowed, explicitDeny, matchedStatements, failures, context
 * (principal, action, resource, conditions). Spec: STS API Reference, DecodeAuthorizationMessage
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_DecodeAuthorizationMessage.html).
 */
import { AwsError } from '../core/errors';
import { accessDeniedMessage, type AuthzRequest, type AuthzResult } from '../core/policy/index';
import type { SecretBox } from '../core/secret-box';

/** The decoded message. */
export interface DecodedAuthorization {
  allowed: boolean;
  explicitDeny: boolean;
  matchedStatements: { items: { statementId?: string; effect: string; policyId: string; policyType: string; index: number }[] };
  failures: { items: string[] };
  context: {
    principal: { id?: string; arn: string };
    action: string;
    resource: string;
    conditions: { items: { key: string; values: { items: { value: string }[] } }[] };
  };
}

/** AccessDenied that remembers the decision, so the edge can attach an encoded message to the answer. */
export class AuthorizationDenied extends AwsError {
  constructor(
    message: string,
    /** The account whose principals may decode the message. */
    readonly accountId: string,
    readonly details: DecodedAuthorization,
  ) {
    super('AccessDenied', message, 403);
  }
}

/**
 * What the `access-denied` log line says of a policy decision: the account, principal, action, resource,
 * decision, the deciding statements (policy, type, Sid, position) and the condition keys' names, never their
 * values (they may carry an `sts:ExternalId`). One shape for the Query API's and the SaaS decisions' lines.
 */
export function deniedLogFields(denied: AuthorizationDenied): Record<string, unknown> {
  const d = denied.details;
  return {
    accountId: denied.accountId,
    principal: d.context.principal.arn,
    action: d.context.action,
    resource: d.context.resource,
    decision: d.explicitDeny ? 'ExplicitDeny' : 'ImplicitDeny',
    statements: d.matchedStatements.items.map((s) => ({ policy: s.policyId, policyType: s.policyType, sid: s.statementId, index: s.index, effect: s.effect })),
    conditionKeys: d.context.conditions.items.map((i) => i.key),
    message: denied.message,
  };
}

/** The AccessDenied error for a denied request (undefined when allowed), carrying its decision. */
export function deniedError(request: AuthzRequest, result: AuthzResult): AuthorizationDenied | undefined {
  const message = accessDeniedMessage(request, result);
  if (message === undefined) return undefined;
  const conditions = Object.entries(request.context).flatMap(([key, v]) =>
    v === undefined ? [] : [{ key, values: { items: (Array.isArray(v) ? v : [v as string]).map((value) => ({ value })) } }],
  );
  return new AuthorizationDenied(message, request.principal.accountId, {
    allowed: false,
    explicitDeny: result.decision === 'ExplicitDeny',
    matchedStatements: {
      items: result.matched.map((m) => ({ ...(m.sid ? { statementId: m.sid } : {}), effect: m.effect, policyId: m.policyId, policyType: m.policyType, index: m.index })),
    },
    failures: { items: [] },
    context: {
      principal: { ...(request.principal.userId ? { id: request.principal.userId } : {}), arn: request.principal.arn },
      action: request.action,
      resource: request.resource,
      conditions: { items: conditions },
    },
  });
}

/**
 * Messages are bound to the account and its incarnation (its creation time): an account closed and created
 * again under the same id is another tenant, which must not read its predecessor's decisions.
 */
const aad = (accountId: string, incarnation: string) => `authz-message:${accountId}:${incarnation}`;

/** Seals a decision for the caller's account, in its incarnation created at `incarnation`. */
export const sealAuthorization = (box: SecretBox, denied: AuthorizationDenied, incarnation: string): Promise<string> =>
  box.seal(JSON.stringify(denied.details), aad(denied.accountId, incarnation));

/** Opens a message for `accountId` in its incarnation; undefined when it is not one of its messages. */
export const openAuthorization = (box: SecretBox, accountId: string, incarnation: string, encoded: string): Promise<string | undefined> =>
  box.open(encoded, aad(accountId, incarnation));
