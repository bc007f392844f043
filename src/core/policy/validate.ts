/**
 * @module Validate: a parsed document against the rules of its policy kind, collecting every problem
 * as `{ path, message }` with the message IAM returns in `MalformedPolicyDocument` (habit 4: validation
 * at write time returns data; evaluation is total). Size quotas are in `limits.ts`.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 */
import { err, ok, type Result } from '../result';
import { parseOperator } from './conditions';
import { LEGACY_PARSE_ERROR, parsePolicy, SYNTAX_ERROR } from './parse';
import type { PolicyDocument, PolicyKind, PrincipalBlock, Statement, ValidationError } from './types';

/** AWS's MalformedPolicyDocument messages, verbatim. */
export const MESSAGES = {
  principalNotAllowed: 'Policy document should not specify a principal.',
  missingPrincipal: 'Missing required field Principal',
  prohibited: (field: string) => `Has prohibited field ${field}`,
  duplicateSid: 'Statement IDs (SID) in a single policy must be unique.',
  sidFormat: 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  missingActions: 'Policy statement must contain actions.',
  missingResources: 'Policy statement must contain resources.',
  vendor: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  oneColon: 'Actions/Condition can contain only one colon.',
  invalidAction: 'Policy has invalid action',
  resourceFormat: (r: string) => `Resource ${r} must be in ARN format or "*".`,
  invalidPrincipal: (key: string, v: string) => `Invalid principal in policy: "${key.toUpperCase()}":"${v}"`,
  invalidCondition: (op: string) => `Invalid Condition type : ${op}`,
  syntax: SYNTAX_ERROR,
  legacy: LEGACY_PARSE_ERROR,
} as const;

const SID = /^[0-9A-Za-z]*$/;
const VENDOR = /^[a-zA-Z0-9*?-]+$/;
const ACTION_NAME = /^[a-zA-Z0-9_*?-]+$/;
const AWS_PRINCIPAL =
  /^(?:\d{12}|arn:aws[a-z-]*:iam::\d{12}:(?:root|user\/[^*?]+|role\/[^*?]+)|arn:aws[a-z-]*:sts::\d{12}:(?:assumed-role\/[^*?/]+\/[^*?]+|federated-user\/[^*?]+))$/;
const SERVICE_PRINCIPAL = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.amazonaws\.com(?:\.cn)?$/;
const IDENTITY_KINDS: ReadonlySet<PolicyKind> = new Set(['identity', 'boundary', 'session']);

const malformed = (path: string, message: string): ValidationError => ({ path, message, code: 'MalformedPolicyDocument' });

/** Each action is `*` or `vendor:name` with exactly one colon (the order of checks mirrors IAM's). */
function checkActions(list: readonly string[], path: string, out: ValidationError[]) {
  list.forEach((a, i) => {
    if (a === '*') return;
    const parts = a.split(':');
    if (parts.length === 1) out.push(malformed(`${path}[${i}]`, MESSAGES.vendor));
    else if (parts.length > 2) out.push(malformed(`${path}[${i}]`, MESSAGES.oneColon));
    else if (!VENDOR.test(parts[0]!) || !ACTION_NAME.test(parts[1]!)) out.push(malformed(`${path}[${i}]`, MESSAGES.invalidAction));
  });
}

/** `*`, or `arn:` followed by at least five more colon-separated parts (partition … resource). */
export const isArnOrStar = (r: string): boolean => r === '*' || (r.startsWith('arn:') && r.split(':').length >= 6);

function checkResources(list: readonly string[], path: string, out: ValidationError[]) {
  list.forEach((r, i) => {
    if (!isArnOrStar(r)) out.push(malformed(`${path}[${i}]`, MESSAGES.resourceFormat(r)));
  });
}

/**
 * Principal values: `*`, a 12-digit account, or a user / role / root / session ARN for `AWS` (no partial
 * wildcards: "You cannot use a wildcard to match part of a principal name or ARN"); a service name for
 * `Service`; any non-empty provider for `Federated`.
 */
function checkPrincipal(block: PrincipalBlock, path: string, out: ValidationError[]) {
  for (const [key, values] of Object.entries(block)) {
    for (const v of values) {
      const ok =
        key === 'AWS' ? v === '*' || AWS_PRINCIPAL.test(v)
        : key === 'Service' ? v === '*' || SERVICE_PRINCIPAL.test(v)
        : key === 'Federated' || key === 'CanonicalUser' ? v.length > 0
        : false;
      if (!ok) out.push(malformed(`${path}.${key}`, MESSAGES.invalidPrincipal(key, v)));
    }
  }
}

function checkConditions(st: Statement, path: string, out: ValidationError[]) {
  for (const [op, keys] of Object.entries(st.condition ?? {})) {
    const parsed = parseOperator(op);
    if (!parsed) { out.push(malformed(`${path}.Condition.${op}`, MESSAGES.invalidCondition(op))); continue; }
    for (const [key, values] of Object.entries(keys)) {
      const at = `${path}.Condition.${op}.${key}`;
      if (!key.includes(':')) out.push(malformed(at, MESSAGES.vendor));
      // ARN operators need ARN-shaped values (or a wildcard / variable standing for one).
      if (parsed.op.name.startsWith('Arn') && values.some((v) => !isArnOrStar(v) && !v.includes('${') && !v.includes('*'))) {
        out.push(malformed(at, MESSAGES.legacy));
      }
    }
  }
}

/**
 * The per-kind rules: identity-like kinds (identity, boundary, session) must not name a principal;
 * resource and trust policies must; trust policies have no Resource (the role is the resource).
 */
function checkStatement(st: Statement, path: string, kind: PolicyKind, out: ValidationError[]) {
  const identityLike = IDENTITY_KINDS.has(kind);
  if (identityLike && (st.principal || st.notPrincipal)) out.push(malformed(path, MESSAGES.principalNotAllowed));
  if (!identityLike && !st.principal && !st.notPrincipal) out.push(malformed(path, MESSAGES.missingPrincipal));
  if (kind === 'trust' && st.notPrincipal) out.push(malformed(`${path}.NotPrincipal`, MESSAGES.prohibited('NotPrincipal')));
  if (st.principal && st.notPrincipal) out.push(malformed(path, SYNTAX_ERROR));
  if (!identityLike) {
    if (st.principal) checkPrincipal(st.principal, `${path}.Principal`, out);
    if (st.notPrincipal) checkPrincipal(st.notPrincipal, `${path}.NotPrincipal`, out);
  }
  if (kind !== 'resource' && st.sid !== undefined && !SID.test(st.sid)) out.push(malformed(`${path}.Sid`, MESSAGES.sidFormat));

  if (!st.action && !st.notAction) out.push(malformed(path, MESSAGES.missingActions));
  if (st.action && st.notAction) out.push(malformed(path, SYNTAX_ERROR));
  if (st.action) checkActions(st.action, `${path}.Action`, out);
  if (st.notAction) checkActions(st.notAction, `${path}.NotAction`, out);

  if (kind === 'trust') {
    // The role is the resource of its trust policy.
    if (st.resource) out.push(malformed(`${path}.Resource`, MESSAGES.prohibited('Resource')));
    if (st.notResource) out.push(malformed(`${path}.NotResource`, MESSAGES.prohibited('NotResource')));
  } else {
    if (!st.resource && !st.notResource) out.push(malformed(path, MESSAGES.missingResources));
    if (st.resource && st.notResource) out.push(malformed(path, SYNTAX_ERROR));
    if (st.resource) checkResources(st.resource, `${path}.Resource`, out);
    if (st.notResource) checkResources(st.notResource, `${path}.NotResource`, out);
  }
  checkConditions(st, path, out);
}

/** Validates a parsed document for one policy kind; returns every problem found (empty when valid). */
export function validatePolicy(doc: PolicyDocument, kind: PolicyKind): ValidationError[] {
  const out: ValidationError[] = [];
  const sids = new Set<string>();
  doc.statements.forEach((st, i) => {
    const path = doc.statements.length === 1 ? '$.Statement' : `$.Statement[${i}]`;
    checkStatement(st, path, kind, out);
    if (st.sid !== undefined && st.sid !== '') {
      if (sids.has(st.sid)) out.push(malformed(`${path}.Sid`, MESSAGES.duplicateSid));
      sids.add(st.sid);
    }
  });
  return out;
}

/** Parses and validates policy text for a kind: the write-time check behind `MalformedPolicyDocument`. */
export function checkPolicy(text: string, kind: PolicyKind): Result<PolicyDocument, ValidationError[]> {
  const parsed = parsePolicy(text);
  if (!parsed.ok) return parsed;
  const errors = validatePolicy(parsed.value, kind);
  return errors.length ? err(errors) : ok(parsed.value);
}
