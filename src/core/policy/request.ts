/**
 * @module Prepares an `AuthzRequest` once per decision: lowercased action and service, and a
 * case-insensitive view of the condition context in which keys AWS derives from the principal
 * (`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalType`, `aws:username`, `aws:userid`,
 * `aws:PrincipalTag/*`) fill the gaps the caller left. Everything after this step reads, never allocates.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html and
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
 */
import type { ConditionContext } from './conditions';
import type { AuthzPrincipal, AuthzRequest, ContextValue, PrincipalType } from './types';

/** A request ready for evaluation. Build it with `prepareRequest`. */
export interface PreparedRequest extends ConditionContext {
  readonly request: AuthzRequest;
  readonly principal: AuthzPrincipal;
  /** `service:action`, lowercased. */
  readonly action: string;
  /** The service prefix, lowercased. */
  readonly service: string;
  readonly resource: string;
  /** Whether the principal's entity has a permissions boundary (NotPrincipal depends on it). */
  readonly hasBoundary: boolean;
}

/** `aws:PrincipalType` values per principal type ("Account" for the root user). */
const PRINCIPAL_TYPE_VALUE: Partial<Record<PrincipalType, string>> = {
  Root: 'Account',
  User: 'User',
  AssumedRole: 'AssumedRole',
  FederatedUser: 'FederatedUser',
  Anonymous: 'Anonymous',
};

/** Global keys AWS derives from the principal; the caller's context wins where both exist. */
function derivedContext(p: AuthzPrincipal): Map<string, ContextValue> {
  const m = new Map<string, ContextValue>();
  // For a role session, aws:PrincipalArn is the role's ARN, not the session's.
  m.set('aws:principalarn', p.type === 'AssumedRole' && p.roleArn ? p.roleArn : p.arn);
  m.set('aws:principalaccount', p.accountId);
  const type = PRINCIPAL_TYPE_VALUE[p.type];
  if (type) m.set('aws:principaltype', type);
  if (p.type === 'User' && p.userName) m.set('aws:username', p.userName);
  if (p.userId) m.set('aws:userid', p.userId);
  for (const [k, v] of Object.entries(p.tags ?? {})) m.set(`aws:principaltag/${k.toLowerCase()}`, v);
  return m;
}

/**
 * INVARIANT: the context map holds lowercased keys only; derived keys go in first so the caller's
 * explicit values win, and `undefined` values from the caller are skipped (they mean "absent").
 */
class PreparedRequestImpl implements PreparedRequest {
  readonly principal: AuthzPrincipal;
  readonly action: string;
  readonly service: string;
  readonly resource: string;
  readonly #context: Map<string, ContextValue>;
  constructor(readonly request: AuthzRequest, readonly hasBoundary: boolean) {
    this.principal = request.principal;
    this.action = request.action.toLowerCase();
    const colon = this.action.indexOf(':');
    this.service = colon < 0 ? this.action : this.action.slice(0, colon);
    this.resource = request.resource;
    this.#context = derivedContext(request.principal);
    for (const [k, v] of Object.entries(request.context)) if (v !== undefined) this.#context.set(k.toLowerCase(), v);
  }
  value(keyLower: string): ContextValue {
    return this.#context.get(keyLower);
  }
  variable(keyLower: string): string | undefined {
    const v = this.#context.get(keyLower);
    // INVARIANT: multivalued keys cannot be policy variables.
    return typeof v === 'string' ? v : undefined;
  }
}

/** Prepares a request for evaluation; `hasBoundary` says whether a permissions boundary is attached. */
export function prepareRequest(request: AuthzRequest, options: { hasBoundary?: boolean } = {}): PreparedRequest {
  return new PreparedRequestImpl(request, options.hasBoundary ?? false);
}
