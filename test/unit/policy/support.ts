/**
 * Shared helpers for the policy-engine tests: the default request, deep-merging request patches, and
 * turning JSON policy documents into compiled policies (validating them as the write path would).
 */
import {
  compilePolicy,
  parsePolicyValue,
  validatePolicy,
  type AuthzRequest,
  type CompiledPolicy,
  type PolicyKind,
  type PolicyType,
} from '../../../src/core/policy';

/** The request every case starts from: IAM user alice in account 111122223333 calls iam:ListUsers. */
export const DEFAULT_REQUEST: AuthzRequest = {
  principal: {
    arn: 'arn:aws:iam::111122223333:user/alice',
    accountId: '111122223333',
    type: 'User',
    userName: 'alice',
    userId: 'AIDAEXAMPLEALICE',
  },
  action: 'iam:ListUsers',
  resource: 'arn:aws:iam::111122223333:user/alice',
  context: {},
};

/** A partial request: `principal` and `context` are merged key by key, other fields replace. */
export interface RequestPatch {
  readonly principal?: Partial<AuthzRequest['principal']>;
  readonly action?: string;
  readonly resource?: string;
  readonly resourceAccountId?: string;
  readonly context?: AuthzRequest['context'];
}

/** Applies patches left to right. */
export function mergeRequest(base: AuthzRequest, ...patches: (RequestPatch | undefined)[]): AuthzRequest {
  let r = base;
  for (const p of patches) {
    if (!p) continue;
    r = {
      ...r,
      ...p,
      principal: { ...r.principal, ...p.principal },
      context: { ...r.context, ...p.context },
    };
  }
  return r;
}

/**
 * Parses, validates (throwing with the messages if invalid; skipped with `validate: false` for a
 * document IAM refuses at write time whose evaluation a case still pins) and compiles a JSON policy.
 */
export function compileJson(doc: unknown, kind: PolicyKind, type: PolicyType, policyId: string, validate = true): CompiledPolicy {
  const parsed = parsePolicyValue(doc);
  if (!parsed.ok) throw new Error(`${policyId}: ${JSON.stringify(parsed.error)}`);
  const errors = validate ? validatePolicy(parsed.value, kind) : [];
  if (errors.length) throw new Error(`${policyId}: ${JSON.stringify(errors)}`);
  return compilePolicy(parsed.value, { policyId, policyType: type });
}
