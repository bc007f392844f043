/**
 * @module Access Analyzer's ValidatePolicy on the data plane: the caller (already authenticated) is authorized
 * for `access-analyzer:ValidatePolicy` on `*` (the Service Authorization Reference lists no resource type for
 * it) against its policies from D1, as a signed STS call is (run-sts.ts); the checks then run in the isolate
 * (core/access-analyzer), and the findings are paged. Nothing here reads or writes the account's object except
 * the key's last use. A denial carries its decision sealed for the caller's account. Every call whose input
 * decoded is an event in the caller's trail, after the answer, allowed or refused (as STS calls are).
 * spec: https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ValidatePolicy.html
 */
import type { Finding } from '../core/access-analyzer/findings';
import { validatePolicyDocument } from '../core/access-analyzer/validate';
import { ValidationException, type ValidatePolicyInput } from '../protocol/rest-json/validate-policy';
import { AuthorizationDenied, sealAuthorization } from '../services/authorization-message';
import { enforce, principalOf, requestFor } from '../services/authz-enforce';
import type { CallContext } from '../services/context';
import { authenticatorFor, type Authenticated } from './authenticate';
import { dataPlanePoliciesFor } from './caller-policies';
import type { Edge } from './edge';
import { touchLater } from './key-use';
import { payloadSha256Hex } from './payload-hash';
import { AwsError } from '../core/errors';
import { validatePolicyEventOf } from '../services/audit/access-analyzer-events';
import { userIdentityOf } from '../services/audit/identity';
import { newEventId, recordLater } from './audit';

/** The action and signing service of ValidatePolicy. */
export const VALIDATE_POLICY_ACTION = 'access-analyzer:ValidatePolicy';

/** One page of findings. */
export interface ValidatePolicyOutput {
  findings: Finding[];
  nextToken?: string;
}

/** Binds a page token to the request it pages (a token of another document or type is refused). */
function requestDigest(input: ValidatePolicyInput): string {
  const text = JSON.stringify([input.policyDocument, input.policyType, input.validatePolicyResourceType ?? null]);
  return payloadSha256Hex(text).slice(0, 32);
}

const encodeToken = (offset: number, digest: string) => btoa(JSON.stringify({ o: offset, d: digest }));

function decodeToken(token: string, digest: string, total: number): number {
  try {
    const t = JSON.parse(atob(token)) as { o?: unknown; d?: unknown };
    if (t.d === digest && typeof t.o === 'number' && Number.isSafeInteger(t.o) && t.o > 0 && t.o < total) return t.o;
  } catch {
    /* falls through to the refusal */
  }
  throw new ValidationException('The pagination token is not valid for this request.', 'other', [{ name: 'nextToken', message: 'Invalid pagination token' }]);
}

/** Authorizes the caller and answers one page of findings; the call is recorded, answered or refused. */
export async function runValidatePolicy(c: Edge, auth: Authenticated, ctx: CallContext, input: ValidatePolicyInput, bookmark: string | null): Promise<ValidatePolicyOutput> {
  const nowMs = ctx.now.getTime();
  try {
    const { policies, tags } = await dataPlanePoliciesFor(c.env).of(auth, nowMs, bookmark);
    enforce(requestFor(ctx, principalOf(ctx.caller, tags), { action: VALIDATE_POLICY_ACTION, resource: '*' }), policies);
    touchLater(c, ctx.caller, 'access-analyzer', ctx.region, nowMs, 'ValidatePolicy');
    const output = page(input);
    recordCall(c, ctx, input);
    return output;
  } catch (e) {
    if (e instanceof AuthorizationDenied) {
      e.authorizationMessage = await sealAuthorization(await authenticatorFor(c.env).secretBox(), e, ctx.caller.accountCreatedAt ?? '');
      touchLater(c, ctx.caller, 'access-analyzer', ctx.region, nowMs, 'ValidatePolicy');
    }
    // A refusal is the caller's event (AccessDenied, a page token of another request); a failure of ours is not.
    if (e instanceof AwsError && e.status < 500) recordCall(c, ctx, input, e);
    throw e;
  }
}

/** The call's event, to the caller's account, after the answer. */
function recordCall(c: Edge, ctx: CallContext, input: ValidatePolicyInput, e?: AwsError): void {
  const facts = { requestId: ctx.requestId, now: ctx.now, region: ctx.region, sourceIp: ctx.sourceIp, userAgent: ctx.userAgent };
  const error = e ? { error: { code: e.code, message: e.message } } : {};
  recordLater(c, [validatePolicyEventOf({ accountId: ctx.caller.accountId, identity: userIdentityOf(ctx.caller), facts, input, ...error, fromConsole: ctx.caller.console !== undefined }, newEventId)]);
}

/** The page of findings `input` asks for (its nextToken checked against the request it pages). */
function page(input: ValidatePolicyInput): ValidatePolicyOutput {
  const all = validatePolicyDocument(input);
  // Hashed only when a token is read or written: most calls get every finding in one page.
  const start = input.nextToken === undefined ? 0 : decodeToken(input.nextToken, requestDigest(input), all.length);
  const end = input.maxResults === undefined ? all.length : Math.min(all.length, start + input.maxResults);
  return { findings: all.slice(start, end), ...(end < all.length ? { nextToken: encodeToken(end, requestDigest(input)) } : {}) };
}
