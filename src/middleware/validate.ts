/**
 * @module Checks of what the SaaS's route table and callbacks produce, before anything is sent: an action
 * of the SaaS's own service, a well-formed resource ARN (or `*`), context values that are strings or lists
 * of strings, a resource policy that is JSON text. A failure names the field and is answered as AWS's
 * `ValidationException` (never a 500, never an allow; issue 9, "Bad input").
 * Spec: IAM User Guide, "IAM identifiers" (ARN format, 2048 characters at most);
 * "IAM JSON policy elements: Action" (`vendor:Name`).
 */
import { parseArn } from '../core/arn';
import type { AuthorizeItem } from '../core/decision/contract';
import { ACTION_PATTERN } from './routes';

/** Longest ARN AWS accepts (IAM's `arnType`: 20 to 2048 characters). */
export const MAX_ARN_LENGTH = 2048;
/** Longest resource policy passed along (IAM's resource-based policy limit for roles' trust policies is far smaller; S3's is 20 KB). */
export const MAX_RESOURCE_POLICY_CHARS = 20_480;
/** Context keys one item may carry. */
export const MAX_CONTEXT_KEYS = 64;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const ACCOUNT = /^(\d{12})?$/;
const CONTEXT_KEY = /^[A-Za-z0-9-]+:[A-Za-z0-9_./:+=@-]+$/;

/** Undefined when `arn` is a resource ARN a decision can use (`*` included), else what is wrong with it. */
export function arnProblem(arn: unknown): string | undefined {
  if (typeof arn !== 'string' || arn === '') return 'is missing';
  if (arn === '*') return undefined;
  if (arn.length > MAX_ARN_LENGTH) return `is longer than ${MAX_ARN_LENGTH} characters`;
  if (CONTROL.test(arn)) return 'holds a control character';
  const parsed = parseArn(arn);
  if (parsed === undefined) return 'is not an ARN (arn:partition:service:region:account:resource)';
  if (!ACCOUNT.test(parsed.account)) return 'has an account that is not 12 digits';
  if (parsed.resource === '') return 'has no resource part';
  return undefined;
}

/**
 * Undefined when `item` is a complete, well-formed question for service `service`, else the message of the
 * `ValidationException` to answer (which says which field, and echoes no value beyond the action).
 */
export function itemProblem(item: Partial<AuthorizeItem> | undefined, service: string): string | undefined {
  if (item === undefined || item === null || typeof item !== 'object') return 'No action and resource were derived for this request.';
  const { action, resource, context, resourcePolicy } = item;
  if (typeof action !== 'string' || !ACTION_PATTERN.test(action)) return 'The action derived for this request is not an action (vendor:Name).';
  if (action.slice(0, action.indexOf(':')).toLowerCase() !== service.toLowerCase()) {
    return `The action ${action} is not an action of the service ${service}.`;
  }
  const arn = arnProblem(resource);
  if (arn !== undefined) return `The resource ARN derived for this request ${arn}.`;
  if (context !== undefined) {
    if (context === null || typeof context !== 'object' || Array.isArray(context)) return 'The request context is not an object.';
    const keys = Object.keys(context);
    if (keys.length > MAX_CONTEXT_KEYS) return `The request context has more than ${MAX_CONTEXT_KEYS} keys.`;
    for (const k of keys) {
      if (!CONTEXT_KEY.test(k)) return 'A request context key is not a condition key (prefix:name).';
      const v = (context as Record<string, unknown>)[k];
      const ok = typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
      if (!ok) return `The request context value of ${k} is not a string or a list of strings.`;
    }
  }
  if (resourcePolicy !== undefined) {
    if (typeof resourcePolicy !== 'string' || resourcePolicy.length > MAX_RESOURCE_POLICY_CHARS) return 'The resource policy is not JSON text of an allowed size.';
    try {
      JSON.parse(resourcePolicy);
    } catch {
      return 'The resource policy is not valid JSON.';
    }
  }
  return undefined;
}
