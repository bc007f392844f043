/**
 * @module Checks of what the decision service answered, before the middleware acts on it: only a
 * well-formed answer whose decision is exactly `Allow` lets a request through; a principal without an
 * account, ARN or token, a decision outside the three values, or a batch of the wrong length is a
 * `TransportFailure` (answered ServiceUnavailable), never an allow.
 */
import type { DecisionResult, DecisionValue, Principal } from '../core/decision/contract';
import { TransportFailure } from './transport';

const DECISIONS: ReadonlySet<string> = new Set<DecisionValue>(['Allow', 'ExplicitDeny', 'ImplicitDeny']);
const PRINCIPAL_TYPES: ReadonlySet<string> = new Set(['Root', 'User', 'AssumedRole', 'FederatedUser']);

/** `p` as a principal, or a `TransportFailure`. */
export function checkPrincipal(p: unknown): Principal {
  const v = p as Partial<Principal> | undefined;
  if (
    v === null ||
    typeof v !== 'object' ||
    typeof v.accountId !== 'string' ||
    !/^\d{12}$/.test(v.accountId) ||
    typeof v.arn !== 'string' ||
    typeof v.userId !== 'string' ||
    typeof v.principalToken !== 'string' ||
    typeof v.type !== 'string' ||
    !PRINCIPAL_TYPES.has(v.type)
  ) {
    throw new TransportFailure('the decision answer has no valid principal');
  }
  return { ...v, tags: v.tags && typeof v.tags === 'object' ? v.tags : {} } as Principal;
}

/** `r` as a decision, or a `TransportFailure`. */
export function checkResult(r: unknown): DecisionResult {
  const v = r as Partial<DecisionResult> | undefined;
  if (v === null || typeof v !== 'object' || typeof v.decision !== 'string' || !DECISIONS.has(v.decision)) {
    throw new TransportFailure('the decision answer has no valid decision');
  }
  const out: DecisionResult = { decision: v.decision, reasons: Array.isArray(v.reasons) ? v.reasons : [] };
  if (typeof v.message === 'string') out.message = v.message;
  if (typeof v.encodedMessage === 'string') out.encodedMessage = v.encodedMessage;
  return out;
}

/** AWS's denial message when the decision service sent none (it always should). */
export const deniedMessage = (principalArn: string, action: string, resource: string): string =>
  `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource}`;
