/**
 * @module The checks of a role's trust policy (AssumeRolePolicyDocument), shared by CreateRole and
 * UpdateAssumeRolePolicy.
 *
 * 1. IAM's grammar for trust policies (the policy engine's `trust` kind: a resource-based policy with a
 *    Principal and no Resource, NotPrincipal prohibited) — MalformedPolicyDocument in IAM's words.
 * 2. No `*` principal in an Allow statement: `"Principal": "*"` and `"Principal": {"AWS": "*"}` (alone or
 *    in a list) would let any principal of any account assume the role. AWS accepts such a policy (and only
 *    warns in the console); this service refuses it so a role can never be assumable by anyone anywhere.
 *    The refusal is MalformedPolicyDocument worded as IAM words a principal it will not accept:
 *    `Invalid principal in policy: "AWS":"*"`. A Deny statement with a `*` principal stays allowed: it
 *    only takes access away (the usual "deny everyone unless…" guardrail).
 * 3. The size quota, 2,048 characters without white space (IAM quotas, "Role trust policy length", default)
 *    — LimitExceeded `Cannot exceed quota for ACLSizePerRole: 2048`.
 * Spec: IAM User Guide, "IAM JSON policy elements: Principal" and "IAM and AWS STS quotas"; IAM API
 * Reference, API_CreateRole.html, API_UpdateAssumeRolePolicy.html.
 */
import { AwsError } from '../../../core/errors';
import { checkPolicy, checkTrustPolicySize, MESSAGES, type PolicyDocument } from '../../../core/policy/index';
import { policyDocumentError } from '../policies/inline';

/** The message a trust policy with an Allow for the `*` principal is refused with. */
export const WILDCARD_PRINCIPAL_MESSAGE = MESSAGES.invalidPrincipal('AWS', '*');

/** Validates `text` as a role trust policy, or throws MalformedPolicyDocument / LimitExceeded. */
export function requireTrustPolicy(text: string): PolicyDocument {
  const checked = checkPolicy(text, 'trust');
  if (!checked.ok) throw policyDocumentError(checked.error);
  const doc = checked.value;
  for (const st of doc.statements) {
    if (st.effect === 'Allow' && st.principal?.AWS?.includes('*')) {
      throw new AwsError('MalformedPolicyDocument', WILDCARD_PRINCIPAL_MESSAGE, 400);
    }
  }
  const tooBig = checkTrustPolicySize(doc.size);
  if (tooBig) throw policyDocumentError([tooBig]);
  return doc;
}
