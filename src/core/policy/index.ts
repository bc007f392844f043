/**
 * @module The IAM policy engine's public surface: parse → validate → compile → evaluate → decide,
 * plus AccessDenied wording and size quotas. Everything else in this folder is internal.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
export type {
  AuthzPrincipal,
  AuthzRequest,
  AuthzResult,
  ConditionBlock,
  ContextValue,
  Decision,
  Effect,
  PolicyDocument,
  PolicyKind,
  PolicyType,
  PolicyVersion,
  PrincipalBlock,
  PrincipalType,
  ReasonDetail,
  Statement,
  StatementRef,
  ValidationError,
} from './types';
export { normalizePolicy, parsePolicy, parsePolicyValue, policySize, readPolicy, readPolicyValue, type PolicyReading } from './parse';
export { CHECKS, checkPolicy, validatePolicy, MESSAGES } from './validate';
export { isPolicyDate } from './date-grammar';
export { padResource, resourceFormatError, RESOURCE_MESSAGES } from './resource-arn';
export {
  checkInlinePolicySize,
  checkManagedPolicySize,
  checkTrustPolicySize,
  GROUP_INLINE_POLICY_SIZE_MAX_CHARS,
  MANAGED_POLICY_SIZE_MAX_CHARS,
  ROLE_INLINE_POLICY_SIZE_MAX_CHARS,
  TRUST_POLICY_SIZE_MAX_CHARS,
  USER_INLINE_POLICY_SIZE_MAX_CHARS,
} from './limits';
export { compilePolicy, type CompiledPolicy, type PolicySource } from './compile';
export { evaluatePolicies, type PolicyMatches } from './evaluate';
export { prepareRequest, type PreparedRequest } from './request';
export { authorize, type AuthorizeInput } from './decide';
export { accessDeniedError, accessDeniedMessage } from './messages';
export { CONDITION_OPERATORS, type OperatorName } from './conditions';
