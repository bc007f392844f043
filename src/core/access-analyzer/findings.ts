/**
 * @module ValidatePolicy's findings: the issue codes this service reports, each with its finding type and
 * AWS's wording (`findingDetails` as the policy check reference quotes it for programmatic calls, with its
 * placeholders filled), and the `learnMoreLink` to that reference's section.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 */
import type { Span } from './json-positions';

/** ValidatePolicyFindingType. */
export type FindingType = 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION';

/** One step of a location's path (the model's PathElement union). */
export type PathElement = { readonly index: number } | { readonly key: string } | { readonly value: string } | { readonly substring: { readonly start: number; readonly length: number } };

/** Where a finding points. */
export interface Location {
  readonly path: readonly PathElement[];
  readonly span: Span;
}

/** One finding, shaped as the model's ValidatePolicyFinding. */
export interface Finding {
  readonly findingDetails: string;
  readonly findingType: FindingType;
  readonly issueCode: string;
  readonly learnMoreLink: string;
  readonly locations: readonly Location[];
}

/**
 * Issue code → finding type, the reference section's anchor, and its message. The anchor is the section's
 * `access-analyzer-reference-policy-checks-…` name; the issue code is that section's title in upper snake case
 * (`security-warning-pass-role-with-star-in-resource` → `PASS_ROLE_WITH_STAR_IN_RESOURCE`), as the reference
 * lists them.
 */
const CHECKS = {
  JSON_SYNTAX_ERROR: ['ERROR', 'error-json-syntax-error', (p: { index: number; line: number; column: number }) => `Fix the JSON syntax error at index ${p.index} line ${p.line} column ${p.column}.`],
  DATA_TYPE_MISMATCH: ['ERROR', 'error-data-type-mismatch', (p: { type: string }) => `The text does not match the expected JSON data type ${p.type}.`],
  INVALID_POLICY_ELEMENT: ['ERROR', 'error-invalid-policy-element', (p: { element: string }) => `The policy element ${p.element} is not valid.`],
  INVALID_VERSION: ['ERROR', 'error-invalid-version', (p: { version: string }) => `The version ${p.version} is not valid. Use one of the following versions: 2012-10-17, 2008-10-17`],
  MISSING_STATEMENT: ['ERROR', 'error-missing-statement', () => 'Add a statement to the policy'],
  MISSING_EFFECT: ['ERROR', 'error-missing-effect', () => 'Add an Effect element to the policy statement with a value of Allow or Deny.'],
  INVALID_EFFECT: ['ERROR', 'error-invalid-effect', (p: { effect: string }) => `The effect ${p.effect} is not valid. Use Allow or Deny.`],
  MISSING_ACTION: ['ERROR', 'error-missing-action', () => 'Add an Action or NotAction element to the policy statement.'],
  MISSING_RESOURCE: ['ERROR', 'error-missing-resource', () => 'Add a Resource or NotResource element to the policy statement.'],
  MISSING_PRINCIPAL: ['ERROR', 'error-missing-principal', () => 'Add a Principal element to the policy statement.'],
  UNSUPPORTED_PRINCIPAL: ['ERROR', 'error-unsupported-principal', (p: { policyType: string }) => `The policy type ${p.policyType} does not support the Principal element. Remove the Principal element.`],
  UNSUPPORTED_ELEMENT_COMBINATION: ['ERROR', 'error-unsupported-element-combination', (p: { a: string; b: string }) => `The policy elements ${p.a} and ${p.b} can not be used in the same statement. Remove one of these elements.`],
  UNIQUE_SIDS_REQUIRED: ['ERROR', 'error-unique-sids-required', () => 'Duplicate statement IDs are not supported for this policy type. Update the Sid value.'],
  UNSUPPORTED_SID: ['ERROR', 'error-unsupported-sid', () => 'Update the characters in the Sid element to use one of the following character types: [a-z, A-Z, 0-9]'],
  INVALID_ACTION: ['ERROR', 'error-invalid-action', (p: { action: string; suggestion: string | undefined }) => `The action ${p.action} does not exist.${p.suggestion ? ` Did you mean ${p.suggestion}?` : ''}`],
  INVALID_SERVICE_IN_ACTION: ['ERROR', 'error-invalid-service-in-action', (p: { service: string; suggestion: string | undefined }) => `The service ${p.service} specified in the action does not exist.${p.suggestion ? ` Did you mean ${p.suggestion}?` : ''}`],
  INVALID_SERVICE: ['ERROR', 'error-invalid-service', (p: { service: string }) => `The service ${p.service} does not exist. Use a valid service name.`],
  INVALID_CONDITION_OPERATOR: ['ERROR', 'error-invalid-condition-operator', (p: { operator: string }) => `The condition operator ${p.operator} is not valid. Use a valid condition operator.`],
  INVALID_CONDITION_KEY_FORMAT: ['ERROR', 'error-invalid-condition-key-format', () => 'The condition key format is not valid. Use the format service:keyname.'],
  INVALID_GLOBAL_CONDITION_KEY: ['ERROR', 'error-invalid-global-condition-key', (p: { key: string }) => `The condition key ${p.key} does not exist. Use a valid condition key.`],
  INVALID_SERVICE_CONDITION_KEY: ['ERROR', 'error-invalid-service-condition-key', (p: { key: string; service: string }) => `The condition key ${p.key} does not exist in the service ${p.service}. Use a valid condition key.`],
  DUPLICATE_KEYS_WITH_DIFFERENT_CASE: ['ERROR', 'error-duplicate-keys-with-different-case', (p: { key: string }) => `The condition key ${p.key} appears more than once with different capitalization in the same condition block. Remove the duplicate condition keys.`],
  NULL_WITH_IF_EXISTS: ['ERROR', 'error-null-with-if-exists', () => 'The Null condition operator cannot be used with the IfExists suffix. Update the operator or the suffix.'],
  INVALID_CONDITION_MULTIPLE_BOOLEAN: ['ERROR', 'error-invalid-condition-multiple-boolean', () => 'The condition key does not support multiple Boolean values. Use a single Boolean value.'],
  INVALID_ARN_PREFIX: ['ERROR', 'error-invalid-arn-prefix', () => 'Add the required prefix (arn) to the resource ARN.'],
  MISSING_ARN_FIELD: ['ERROR', 'error-missing-arn-field', () => 'Resource ARNs must include at least 6 fields in the following structure: arn:partition:service:region:account:resource'],
  INVALID_ARN_ACCOUNT: ['ERROR', 'error-invalid-arn-account', (p: { account: string }) => `The resource ARN account ID ${p.account} is not valid. Provide a 12-digit account ID.`],
  INVALID_ARN_SERVICE_CASE: ['ERROR', 'error-invalid-arn-service-case', (p: { service: string }) => `Update the service name ${p.service} in the resource ARN to use all lowercase letters.`],
  ARN_REGION_NOT_ALLOWED: ['ERROR', 'error-arn-region-not-allowed', (p: { service: string }) => `The service ${p.service} does not support specifying a Region in the resource ARN.`],
  ARN_ACCOUNT_NOT_ALLOWED: ['ERROR', 'error-arn-account-not-allowed', (p: { service: string }) => `The service ${p.service} does not support specifying an account ID in the resource ARN.`],
  MISSING_ARN_REGION: ['ERROR', 'error-missing-arn-region', (p: { service: string }) => `Add a Region to the ${p.service} resource ARN.`],
  MISSING_BRACE_IN_VARIABLE: ['ERROR', 'error-missing-brace-in-variable', () => 'The policy variable is missing a closing curly brace. Add } after the variable text.'],
  EMPTY_VARIABLE: ['ERROR', 'error-empty-variable', () => 'Empty policy variable. Remove the ${ } variable structure or provide a variable within the structure.'],
  UNSUPPORTED_SPACE_IN_VARIABLE: ['ERROR', 'error-unsupported-space-in-variable', () => 'A space is not supported within the policy variable text. Remove the space.'],
  VARIABLE_UNSUPPORTED_IN_ELEMENT: ['ERROR', 'error-variable-unsupported-in-element', (p: { variable: string }) => `Policy variables are supported in the Resource and Condition elements. Remove the policy variable ${p.variable} from this element.`],
  VARIABLE_UNSUPPORTED_IN_VERSION: ['ERROR', 'error-variable-unsupported-in-version', () => 'To include variables in your policy, use the policy version 2012-10-17 or later.'],
  PRIVATE_IP_ADDRESS: ['ERROR', 'error-private-ip-address', () => 'aws:SourceIp works only for public IP address ranges. The values for condition key aws:SourceIp include only private IP addresses and will not have the desired effect. Update the value to include only public IP addresses.'],
  PRIVATE_NOT_IP_ADDRESS: ['ERROR', 'error-private-not-ip-address', () => 'The values for condition key aws:SourceIp include only private IP addresses and has no effect. aws:SourceIp works only for public IP address ranges. Update the value to include only public IP addresses.'],
  POLICY_SIZE_EXCEEDS_SCP_QUOTA: ['ERROR', 'error-policy-size-exceeds-scp-quota', (p: { size: number; quota: number }) => `The ${p.size} characters in the service control policy (SCP) exceed the ${p.quota} character maximum for SCPs. We recommend that you use multiple granular policies.`],
  SCP_SYNTAX_ERROR_PRINCIPAL: ['ERROR', 'error-scp-syntax-error-principal', () => 'SCPs do not support specifying principals. Remove the Principal or NotPrincipal element.'],
  ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL: ['ERROR', 'error-role-trust-policy-syntax-error-notprincipal', () => 'Role trust policies do not support NotPrincipal. Update the policy to use a Principal element instead.'],
  ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE: ['ERROR', 'error-role-trust-policy-syntax-error-resource', () => 'Role trust policies apply to the role that they are attached to. You cannot specify a resource. Remove the Resource or NotResource element.'],
  INVALID_PRINCIPAL_FORMAT: ['ERROR', 'error-invalid-principal-format', () => 'The Principal element contents are not valid. Specify a key-value pair in the Principal element.'],
  INVALID_PRINCIPAL_KEY: ['ERROR', 'error-invalid-principal-key', (p: { key: string }) => `The principal key ${p.key} is not valid.`],
  INVALID_CONDITION_DATA_TYPE: ['ERROR', 'error-invalid-condition-data-type', () => 'The condition value data types do not match. Use condition values of the same JSON data type.'],
  INVALID_VARIABLE_FOR_OPERATOR: ['ERROR', 'error-invalid-variable-for-operator', () => 'Policy variables can only be used with String and ARN operators.'],
  INVALID_PARTITION: ['ERROR', 'error-invalid-partition', (p: { service: string; partition: string; partitions: string }) => `The resource ARN for the service ${p.service} does not support the partition ${p.partition}. Use the supported values: ${p.partitions}`],
  UNSUPPORTED_ACTION_IN_POLICY: ['ERROR', 'error-unsupported-action-in-policy', (p: { action: string; resourceType: string }) => `The action ${p.action} is not supported for the resource-based policy attached to the resource type ${p.resourceType}.`],
  UNSUPPORTED_RESOURCE_ARN_IN_POLICY: ['ERROR', 'error-unsupported-resource-arn-in-policy', (p: { resourceType: string }) => `The resource ARN is not supported for the resource-based policy attached to the resource type ${p.resourceType}.`],
  UNSUPPORTED_WILDCARD_IN_PRINCIPAL: ['ERROR', 'error-unsupported-wildcard-in-principal', (p: { key: string }) => `Wildcards (*, ?) are not supported with the principal key ${p.key}. Replace the wildcard with a valid principal value.`],
  ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL: ['ERROR', 'error-role-trust-policy-unsupported-wildcard-in-principal', () => '"Principal:" "*" is not supported in the principal element of a role trust policy. Replace the wildcard with a valid principal value.'],
  INVALID_SERVICE_PRINCIPAL_FORMAT: ['ERROR', 'error-invalid-service-principal-format', () => 'The service principal does not match the expected format. Use the format service-name.amazonaws.com.'],
  FEDERATED_PRINCIPAL_NOT_SUPPORTED: ['ERROR', 'error-federated-principal-not-supported', () => 'The policy type does not support a federated identity provider in the principal element. Use a supported principal.'],
  INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY: ['ERROR', 'error-invalid-federated-principal-syntax-in-role-trust-policy', () => 'The principal value specifies a federated principal that does not match the expected format. Update the federated principal to a domain name or a SAML metadata ARN.'],
  MISMATCHED_ACTION_FOR_PRINCIPAL: ['ERROR', 'error-mismatched-action-for-principal', (p: { action: string; principals: string }) => `The ${p.action} action is invalid with the following principal(s): ${p.principals}. Use a SAML provider principal with the sts:AssumeRoleWithSAML action or use an OIDC provider principal with the sts:AssumeRoleWithWebIdentity action. Ensure the provider is Federated if you use either of the two options.`],
  MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY: ['ERROR', 'error-missing-action-for-roles-anywhere-trust-policy', () => 'The rolesanywhere.amazonaws.com service principal requires the sts:AssumeRole, sts:SetSourceIdentity, and sts:TagSession permissions to assume a role. Add the missing permissions to the policy.'],
  MISSING_TAG_KEY_IN_CONDITION: ['ERROR', 'error-missing-tag-key-in-condition', (p: { key: string }) => `The condition key ${p.key} must include a tag key to control access based on tags. Use the format ${p.key}tag-key and specify a key name for tag-key.`],
  INVALID_VPC_FORMAT: ['ERROR', 'error-invalid-vpc-format', () => "The VPC identifier in the condition key value is not valid. Use the prefix 'vpc-' followed by 8 or 17 alphanumeric characters."],
  INVALID_VPCE_FORMAT: ['ERROR', 'error-invalid-vpce-format', () => "The VPCE identifier in the condition key value is not valid.  Use the prefix 'vpce-' followed by 8 or 17 alphanumeric characters."],
  MISSING_VERSION: ['WARNING', 'general-warning-missing-version', () => 'We recommend that you specify the Version element to help you with debugging permission issues.'],
  UNIQUE_SIDS_RECOMMENDED: ['WARNING', 'general-warning-unique-sids-recommended', () => 'We recommend that you use statement IDs that are unique to your policy. Update the Sid value.'],
  WILDCARD_WITHOUT_LIKE_OPERATOR: ['WARNING', 'general-warning-wildcard-without-like-operator', () => 'Your condition value includes a * or ? character. If you meant to use a wildcard (*, ?), update the condition operator to include Like.'],
  DEPRECATED_GLOBAL_CONDITION_KEY: ['WARNING', 'general-warning-deprecated-global-condition-key', () => 'We recommend that you update aws:ARN to use the newer condition key aws:PrincipalArn.'],
  TYPE_MISMATCH: ['WARNING', 'general-warning-type-mismatch', (p: { allowed: string; operator: string; key: string }) => `Use the operator type ${p.allowed} instead of operator ${p.operator} for the condition key ${p.key}.`],
  TYPE_MISMATCH_BOOLEAN: ['WARNING', 'general-warning-type-mismatch-boolean', (p: { operator: string }) => `Add a valid Boolean value (true or false) for the condition operator ${p.operator}.`],
  TYPE_MISMATCH_DATE: ['WARNING', 'general-warning-type-mismatch-date', () => 'The date condition operator is used with an invalid value. Specify a valid date using YYYY-MM-DD or other ISO 8601 date/time format.'],
  TYPE_MISMATCH_IP_RANGE: ['WARNING', 'general-warning-type-mismatch-ip-range', (p: { operator: string }) => `The condition operator ${p.operator} is used with an invalid IP range value. Specify the IP range in standard CIDR format.`],
  TYPE_MISMATCH_NUMBER: ['WARNING', 'general-warning-type-mismatch-number', (p: { operator: string }) => `Add a valid numeric value for the condition operator ${p.operator}.`],
  POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA: ['WARNING', 'general-warning-policy-size-exceeds-identity-policy-quota', (p: { size: number; quota: number }) => `The ${p.size} characters in the identity policy, excluding whitespace, exceed the ${p.quota} character maximum for inline and managed policies. We recommend that you use multiple granular policies.`],
  CREATE_SLR_WITH_STAR_IN_RESOURCE: ['WARNING', 'general-warning-create-slr-with-star-in-resource', () => 'Using the iam:CreateServiceLinkedRole action with wildcards (*) in the resource can allow creation of unintended service-linked roles. We recommend that you specify resource ARNs instead.'],
  CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE: ['WARNING', 'general-warning-create-slr-with-star-in-action-and-resource', () => 'Using wildcards (*) in the action and the resource can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on all resources. We recommend that you specify resource ARNs instead.'],
  CREATE_SLR_WITH_NOT_RESOURCE: ['WARNING', 'general-warning-create-slr-with-not-resource', () => 'Using the iam:CreateServiceLinkedRole action with NotResource can allow creation of unintended service-linked roles for multiple resources. We recommend that you specify resource ARNs instead.'],
  CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: ['WARNING', 'general-warning-create-slr-with-star-in-action-and-not-resource', () => 'Using an action with a wildcard(*) and NotResource can allow creation of unintended service-linked roles because it can allow iam:CreateServiceLinkedRole permissions on multiple resources. We recommend that you specify resource ARNs instead.'],
  CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE: ['WARNING', 'general-warning-create-slr-with-not-action-and-not-resource', () => 'Using NotAction with NotResource can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on multiple resources. We recommend that you specify resource ARNs instead.'],
  CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION: ['WARNING', 'general-warning-create-slr-with-star-in-resource-and-not-action', () => 'Using a resource with wildcards (*) and NotAction can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on all resources. We recommend that you specify resource ARNs instead.'],
  INVALID_ROLE_REFERENCE: ['WARNING', 'general-warning-invalid-role-reference', (p: { id: string }) => `The Principal element includes the IAM role ID ${p.id}. We recommend that you use a role ARN instead.`],
  INVALID_USER_REFERENCE: ['WARNING', 'general-warning-invalid-user-reference', (p: { id: string }) => `The Principal element includes the IAM user ID ${p.id}. We recommend that you use a user ARN instead.`],
  POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA: ['WARNING', 'general-warning-policy-size-exceeds-resource-policy-quota', (p: { size: number; quota: number }) => `The ${p.size} characters in the resource policy exceed the ${p.quota} character maximum for resource policies. We recommend that you use multiple granular policies.`],
  POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA: ['WARNING', 'general-warning-policy-size-exceeds-role-trust-policy-quota', () => 'The characters in the role trust policy, excluding whitespace, exceed the character maximum. We recommend that you request a role trust policy length quota increase using Service Quotas and AWS Support Center. If the quotas have already been increased, then you can ignore this warning.'],
  SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED: ['WARNING', 'general-warning-specific-github-repo-and-branch-recommended', () => 'Using a wildcard (*) in token.actions.githubusercontent.com:sub can allow requests from more sources than you intended. Specify the value of token.actions.githubusercontent.com:sub with the repository and branch name.'],
  RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL: ['SECURITY_WARNING', 'security-warning-restrict-access-to-service-principal', () => 'Granting access to a service principal without specifying a source is overly permissive. Use aws:SourceArn or aws:SourceAccount condition key and scope access to a specific source to grant fine-grained access.'],
  MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL: ['SECURITY_WARNING', 'security-warning-missing-condition-key-for-oidc-principal', () => 'Using an Open ID Connect principal without a condition can be overly permissive. Add condition keys with a prefix that matches your federated OIDC principals to ensure that only the intended identity provider assumes the role.'],
  MISSING_GITHUB_REPO_CONDITION_KEY: ['SECURITY_WARNING', 'security-warning-missing-github-repo-condition-key', () => 'Granting a federated GitHub principal permissions without a condition key can allow more sources to assume the role than you intended. Add the token.actions.githubusercontent.com:sub condition key and specify the branch and repository name in the value.'],
  REDUNDANT_CONDITION_VALUE_NUM: ['SUGGESTION', 'suggestion-redundant-condition-value-num', (p: { operator: string; which: 'greatest' | 'least'; key: string }) => `Multiple values in ${p.operator} are redundant. Replace with the ${p.which} single value for ${p.key}.`],
  REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY: ['SUGGESTION', 'suggestion-redundant-principal-in-role-trust-policy', (p: { principal: string; role: string }) => `The assumed-role principal ${p.principal} is redundant with its parent role ${p.role}. Remove the assumed-role principal.`],
  ALLOW_WITH_NOT_PRINCIPAL: ['SECURITY_WARNING', 'security-warning-allow-with-not-principal', () => 'Using Allow with NotPrincipal can be overly permissive. We recommend that you use Principal instead.'],
  FORALLVALUES_WITH_SINGLE_VALUED_KEY: ['SECURITY_WARNING', 'security-warning-forallvalues-with-single-valued-key', (p: { key: string }) => `Using ForAllValues qualifier with the single-valued condition key ${p.key} can be overly permissive. We recommend that you remove ForAllValues:.`],
  PASS_ROLE_WITH_STAR_IN_RESOURCE: ['SECURITY_WARNING', 'security-warning-pass-role-with-star-in-resource', () => 'Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive because it allows iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.'],
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE: ['SECURITY_WARNING', 'security-warning-pass-role-with-star-in-action-and-resource', () => 'Using wildcards (*) in the action and the resource can be overly permissive because it allows iam:PassRole permissions on all resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.'],
  PASS_ROLE_WITH_NOT_RESOURCE: ['SECURITY_WARNING', 'security-warning-pass-role-with-not-resource', () => 'Using the iam:PassRole action with NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead.'],
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: ['SECURITY_WARNING', 'security-warning-pass-role-with-star-in-action-and-not-resource', () => 'Using an action with a wildcard (*) and NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead.'],
  PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE: ['SECURITY_WARNING', 'security-warning-pass-role-with-not-action-and-not-resource', () => 'Using NotAction with NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources.. We recommend that you specify resource ARNs instead.'],
  PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION: ['SECURITY_WARNING', 'security-warning-pass-role-with-star-in-resource-and-not-action', () => 'Using a resource with wildcards (*) and NotAction can be overly permissive because it allows iam:PassRole permissions on all resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.'],
  EMPTY_ARRAY_ACTION: ['SUGGESTION', 'suggestion-empty-array-action', () => 'This statement includes no actions and does not affect the policy. Specify actions.'],
  EMPTY_ARRAY_RESOURCE: ['SUGGESTION', 'suggestion-empty-array-resource', () => 'This statement includes no resources and does not affect the policy. Specify resources.'],
  EMPTY_ARRAY_PRINCIPAL: ['SUGGESTION', 'suggestion-empty-array-principal', () => 'This statement includes no principals and does not affect the policy. Specify principals.'],
  EMPTY_OBJECT_PRINCIPAL: ['SUGGESTION', 'suggestion-empty-object-principal', () => 'This statement includes no principals and does not affect the policy. Specify principals.'],
  EMPTY_ARRAY_CONDITION: ['SUGGESTION', 'suggestion-empty-array-condition', (p: { key: string }) => `There are no values for the condition key ${p.key} and it does not affect the policy. Specify conditions.`],
  EMPTY_ARRAY_CONDITION_FORALLVALUES: ['SUGGESTION', 'suggestion-empty-array-condition-forallvalues', (p: { key: string }) => `The ForAllValues prefix with an empty condition key matches only if the key ${p.key} is missing from the request context. To determine if the request context is empty, we recommend that you use the Null condition operator with the value of true instead.`],
  EMPTY_ARRAY_CONDITION_FORANYVALUE: ['SUGGESTION', 'suggestion-empty-array-condition-foranyvalue', (p: { key: string }) => `The ForAnyValue prefix with an empty condition key ${p.key} never matches the request context and it does not affect the policy. Specify conditions.`],
  EMPTY_ARRAY_CONDITION_IFEXISTS: ['SUGGESTION', 'suggestion-empty-array-condition-ifexists', (p: { key: string }) => `The IfExists suffix with an empty condition key matches only if the key ${p.key} is missing from the request context. To determine if the request context is empty, we recommend that you use the Null condition operator with the value of true instead.`],
  EMPTY_OBJECT_CONDITION: ['SUGGESTION', 'suggestion-empty-object-condition', () => 'This condition block is empty and it does not affect the policy. Specify conditions.'],
  EMPTY_SID_VALUE: ['SUGGESTION', 'suggestion-empty-sid-value', () => 'Add a value to the empty string in the Sid element.'],
  IMPROVE_IP_RANGE: ['SUGGESTION', 'suggestion-improve-ip-range', (p: { addr: string }) => `The non-zero bits in the IP address after the masked bits are ignored. Replace address with ${p.addr}.`],
  NULL_WITH_QUALIFIER: ['SUGGESTION', 'suggestion-null-with-qualifier', () => 'Avoid using the Null condition operator with the ForAllValues or ForAnyValue qualifiers because they always return a true or false respectively.'],
  PRIVATE_IP_ADDRESS_SUBSET: ['SUGGESTION', 'suggestion-private-ip-address-subset', () => 'The values for condition key aws:SourceIp include a mix of private and public IP addresses. The private addresses will not have the desired effect. aws:SourceIp works only for public IP address ranges. To define permissions for private IP ranges, use aws:VpcSourceIp.'],
  PRIVATE_NOT_IP_ADDRESS_SUBSET: ['SUGGESTION', 'suggestion-private-not-ip-address-subset', () => 'The values for condition key aws:SourceIp include a mix of private and public IP addresses. The private addresses have no effect. aws:SourceIp works only for public IP address ranges. To define permissions for private IP ranges, use aws:VpcSourceIp.'],
  REDUNDANT_ACTION: ['SUGGESTION', 'suggestion-redundant-action', (p: { count: number; action: string }) => `The ${p.count} action(s) are redundant because they provide similar permissions. Update the policy to remove the redundant action such as: ${p.action}.`],
  REDUNDANT_RESOURCE: ['SUGGESTION', 'suggestion-redundant-resource', (p: { count: number }) => `The ${p.count} resource ARN(s) are redundant because they reference the same resource. Review the use of wildcards (*)`],
  REDUNDANT_STATEMENT: ['SUGGESTION', 'suggestion-redundant-statement', () => 'The statements are redundant because they provide identical permissions. Update the policy to remove the redundant statement.'],
  WILDCARD_IN_SERVICE_NAME: ['SUGGESTION', 'suggestion-wildcard-in-service-name', () => 'Avoid using wildcards (*, ?) in the service name because it might grant unintended access to other AWS services with similar names.'],
} as const;

/** Every issue code this service reports. */
export type IssueCode = keyof typeof CHECKS;
type ParamsOf<C extends IssueCode> = Parameters<(typeof CHECKS)[C][2]>[0];
/** The placeholders' values an issue code's message needs (none for a fixed message). */
export type FindingParams<C extends IssueCode> = ParamsOf<C> extends undefined ? [] : [ParamsOf<C>];
/** Issue codes whose message has no placeholder. */
export type FixedIssueCode = { [C in IssueCode]: FindingParams<C> extends [] ? C : never }[IssueCode];

/** The link to the reference's section about an issue code. */
export const learnMoreLink = (code: IssueCode): string =>
  `https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-${CHECKS[code][1]}`;

/** The finding type of an issue code. */
export const findingTypeOf = (code: IssueCode): FindingType => CHECKS[code][0];

/** Every issue code, for tests and documentation. */
export const ISSUE_CODES = Object.keys(CHECKS) as IssueCode[];

/** Builds a finding; `params` fill the message's placeholders. */
export function finding<C extends IssueCode>(code: C, locations: readonly Location[], ...params: FindingParams<C>): Finding {
  const [findingType, , message] = CHECKS[code];
  return {
    findingDetails: (message as (p: unknown) => string)(params[0]),
    findingType,
    issueCode: code,
    learnMoreLink: learnMoreLink(code),
    locations,
  };
}
