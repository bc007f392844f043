/**
 * ValidatePolicy's checks (src/core/access-analyzer), as a table: a document and a policy type → the findings,
 * each as its issue code and the text of the document its locations span. Where the IAM User Guide's "IAM
 * Access Analyzer policy check reference" gives an example document or wording, the row says so ("doc:");
 * other rows build the smallest document the check's description names. A second table pins the complete
 * finding (details, type, link, path, span with line and column) for a few rows.
 * Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ISSUE_CODES, learnMoreLink, type Finding } from '../../../src/core/access-analyzer/findings';
import { validatePolicyDocument, type AnalyzerPolicyType } from '../../../src/core/access-analyzer/validate';

const V = '"Version":"2012-10-17"';
/** A one-statement identity document with `Version`. */
const id = (statement: string) => `{${V},"Statement":[${statement}]}`;

interface Row {
  name: string;
  doc: string;
  type?: AnalyzerPolicyType;
  resourceType?: string;
  /** [issue code, the texts its locations span], in the order reported. */
  expect: [string, string[]][];
}

const spans = (doc: string, f: Finding) => f.locations.map((l) => doc.slice(l.span.start.offset, l.span.end.offset));
const run = (r: Row) =>
  validatePolicyDocument({ policyDocument: r.doc, policyType: r.type ?? 'IDENTITY_POLICY', ...(r.resourceType ? { validatePolicyResourceType: r.resourceType } : {}) });

const ROWS: Row[] = [
  // Clean documents produce nothing.
  { name: 'a least-privilege identity policy', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}'), expect: [] },
  { name: 'a bucket policy', type: 'RESOURCE_POLICY', resourceType: 'AWS::S3::Bucket', doc: id('{"Sid":"x-y","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}'), expect: [] },
  { name: 'a trust policy', type: 'RESOURCE_POLICY', resourceType: 'AWS::IAM::AssumeRolePolicyDocument', doc: id('{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}'), expect: [] },
  { name: 'variables in Resource and Condition with 2012-10-17', doc: id('{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::111122223333:user/${aws:username}","Condition":{"StringEquals":{"aws:PrincipalTag/team":"${aws:PrincipalTag/team}"}}}'), expect: [] },

  // Document structure.
  { name: 'JSON_SYNTAX_ERROR: a trailing comma', doc: '{"Statement":[],}', expect: [['JSON_SYNTAX_ERROR', ['']]] },
  { name: 'DATA_TYPE_MISMATCH: the document is a list', doc: '[]', expect: [['DATA_TYPE_MISMATCH', ['[]']]] },
  { name: 'INVALID_POLICY_ELEMENT at top level and in a statement', doc: `{${V},"Statment":1,"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Conditions":{}}}`, expect: [['INVALID_POLICY_ELEMENT', ['"Statment"']], ['INVALID_POLICY_ELEMENT', ['"Conditions"']]] },
  { name: 'MISSING_VERSION (doc: general warning)', doc: '{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}', expect: [['MISSING_VERSION', ['{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}']]] },
  { name: 'INVALID_VERSION', doc: '{"Version":"2012-10-18","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}', expect: [['INVALID_VERSION', ['"2012-10-18"']]] },
  { name: 'DATA_TYPE_MISMATCH: a numeric Version', doc: '{"Version":2012,"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}', expect: [['DATA_TYPE_MISMATCH', ['2012']]] },
  { name: 'MISSING_STATEMENT: absent', doc: `{${V}}`, expect: [['MISSING_STATEMENT', [`{${V}}`]]] },
  { name: 'MISSING_STATEMENT: an empty list', doc: `{${V},"Statement":[]}`, expect: [['MISSING_STATEMENT', ['[]']]] },
  { name: 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA: 6,144 characters without whitespace', doc: id(`{"Sid":"${'A'.repeat(6100)}","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`), expect: [['POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA', [id(`{"Sid":"${'A'.repeat(6100)}","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`)]]] },

  // Statement elements.
  { name: 'MISSING_EFFECT, MISSING_ACTION, MISSING_RESOURCE', doc: id('{"Sid":"a"}'), expect: [['MISSING_EFFECT', ['{"Sid":"a"}']], ['MISSING_ACTION', ['{"Sid":"a"}']], ['MISSING_RESOURCE', ['{"Sid":"a"}']]] },
  { name: 'INVALID_EFFECT: letter case', doc: id('{"Effect":"allow","Action":"s3:GetObject","Resource":"*"}'), expect: [['INVALID_EFFECT', ['"allow"']]] },
  { name: 'UNSUPPORTED_ELEMENT_COMBINATION: Action and NotAction', doc: id('{"Effect":"Allow","Action":"s3:GetObject","NotAction":"s3:PutObject","Resource":"*"}'), expect: [['UNSUPPORTED_ELEMENT_COMBINATION', ['"NotAction"']]] },
  { name: 'DATA_TYPE_MISMATCH: a number among actions', doc: id('{"Effect":"Allow","Action":["s3:GetObject",7],"Resource":"*"}'), expect: [['DATA_TYPE_MISMATCH', ['7']]] },
  { name: 'EMPTY_ARRAY_ACTION and EMPTY_ARRAY_RESOURCE', doc: id('{"Effect":"Allow","Action":[],"Resource":[]}'), expect: [['EMPTY_ARRAY_ACTION', ['[]']], ['EMPTY_ARRAY_RESOURCE', ['[]']]] },
  { name: 'EMPTY_SID_VALUE', doc: id('{"Sid":"","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}'), expect: [['EMPTY_SID_VALUE', ['""']]] },
  { name: 'UNSUPPORTED_SID in an identity policy', doc: id('{"Sid":"read-only","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}'), expect: [['UNSUPPORTED_SID', ['"read-only"']]] },
  { name: 'UNIQUE_SIDS_REQUIRED in an identity policy', doc: id('{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Sid":"A","Effect":"Allow","Action":"s3:PutObject","Resource":"*"}'), expect: [['UNIQUE_SIDS_REQUIRED', ['"A"']]] },
  { name: 'UNIQUE_SIDS_RECOMMENDED in a resource policy', type: 'RESOURCE_POLICY', doc: id('{"Sid":"A","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},{"Sid":"A","Effect":"Allow","Principal":"*","Action":"s3:ListBucket","Resource":"arn:aws:s3:::b"}'), expect: [['UNIQUE_SIDS_RECOMMENDED', ['"A"']]] },
  { name: 'REDUNDANT_STATEMENT: the same grant twice', doc: id('{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*"},{"Sid":"B","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}'), expect: [['REDUNDANT_STATEMENT', ['{"Sid":"B","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}']]] },
  { name: 'REDUNDANT_STATEMENT: the same grant with its elements in another order', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}},{"Condition":{"Bool":{"aws:SecureTransport":"true"}},"Resource":"*","Action":"s3:GetObject","Effect":"Allow"}'), expect: [['REDUNDANT_STATEMENT', ['{"Condition":{"Bool":{"aws:SecureTransport":"true"}},"Resource":"*","Action":"s3:GetObject","Effect":"Allow"}']]] },
  { name: 'statements that differ only in their condition are not redundant', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}},{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}'), expect: [] },

  // Principals.
  { name: 'UNSUPPORTED_PRINCIPAL in an identity policy', doc: id('{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}'), expect: [['UNSUPPORTED_PRINCIPAL', ['"*"']]] },
  { name: 'SCP_SYNTAX_ERROR_PRINCIPAL', type: 'SERVICE_CONTROL_POLICY', doc: id('{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}'), expect: [['SCP_SYNTAX_ERROR_PRINCIPAL', ['"*"']]] },
  { name: 'MISSING_PRINCIPAL in a resource policy', type: 'RESOURCE_POLICY', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}'), expect: [['MISSING_PRINCIPAL', ['{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}']]] },
  { name: 'ALLOW_WITH_NOT_PRINCIPAL', type: 'RESOURCE_POLICY', doc: id('{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}'), expect: [['ALLOW_WITH_NOT_PRINCIPAL', ['{"AWS":"arn:aws:iam::111122223333:root"}']]] },
  { name: 'INVALID_PRINCIPAL_KEY, EMPTY_ARRAY_PRINCIPAL', type: 'RESOURCE_POLICY', doc: id('{"Effect":"Allow","Principal":{"Aws":"*","Service":[]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}'), expect: [['INVALID_PRINCIPAL_KEY', ['"Aws"']], ['EMPTY_ARRAY_PRINCIPAL', ['[]']]] },
  { name: 'EMPTY_OBJECT_PRINCIPAL, INVALID_PRINCIPAL_FORMAT', type: 'RESOURCE_POLICY', doc: id('{"Effect":"Allow","Principal":{},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},{"Effect":"Deny","Principal":"everyone","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*"}'), expect: [['EMPTY_OBJECT_PRINCIPAL', ['{}']], ['INVALID_PRINCIPAL_FORMAT', ['"everyone"']]] },
  { name: 'role trust policy: NotPrincipal and Resource', type: 'RESOURCE_POLICY', resourceType: 'AWS::IAM::AssumeRolePolicyDocument', doc: id('{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole","Resource":"*"}'), expect: [['ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL', ['{"AWS":"arn:aws:iam::111122223333:root"}']], ['ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', ['"*"']]] },

  // Principals and role trust policies.
  { name: 'ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL', type: 'RESOURCE_POLICY', resourceType: 'AWS::IAM::AssumeRolePolicyDocument', doc: id('{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}'), expect: [['ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL', ['"*"']]] },
  { name: 'UNSUPPORTED_WILDCARD_IN_PRINCIPAL (doc: no wildcard for "all users")', type: 'RESOURCE_POLICY', resourceType: 'AWS::IAM::AssumeRolePolicyDocument', doc: id('{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/*"},"Action":"sts:AssumeRole"}'), expect: [['UNSUPPORTED_WILDCARD_IN_PRINCIPAL', ['"arn:aws:iam::111122223333:user/*"']]] },
  { name: 'INVALID_SERVICE_PRINCIPAL_FORMAT', type: 'RESOURCE_POLICY', resourceType: 'AWS::IAM::AssumeRolePolicyDocument', doc: id('{"Effect":"Allow","Principal":{"Service":"ec2"},"Action":"sts:AssumeRole"}'), expect: [['INVALID_SERVICE_PRINCIPAL_FORMAT', ['"ec2"']]] },
  { name: 'INVALID_ROLE_REFERENCE and INVALID_USER_REFERENCE: unique ids instead of ARNs', type: 'RESOURCE_POLICY', resourceType: 'AWS::IAM::AssumeRolePolicyDocument', doc: id('{"Effect":"Allow","Principal":{"AWS":["AROAEXAMPLEID1234567","AIDAEXAMPLEID1234567"]},"Action":"sts:AssumeRole"}'), expect: [['INVALID_ROLE_REFERENCE', ['"AROAEXAMPLEID1234567"']], ['INVALID_USER_REFERENCE', ['"AIDAEXAMPLEID1234567"']]] },
  { name: 'INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY', type: 'RESOURCE_POLICY', resourceType: 'AWS::IAM::AssumeRolePolicyDocument', doc: id('{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:role/x"},"Action":"sts:AssumeRoleWithSAML"}'), expect: [['INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY', ['"arn:aws:iam::111122223333:role/x"']], ['MISMATCHED_ACTION_FOR_PRINCIPAL', ['"sts:AssumeRoleWithSAML"']]] },
  { name: 'MISMATCHED_ACTION_FOR_PRINCIPAL (doc: a SAML provider with AssumeRoleWithWebIdentity)', type: 'RESOURCE_POLICY', resourceType: 'AWS::IAM::AssumeRolePolicyDocument', doc: id('{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:saml-provider/idp"},"Action":"sts:AssumeRoleWithWebIdentity"}'), expect: [['MISMATCHED_ACTION_FOR_PRINCIPAL', ['"sts:AssumeRoleWithWebIdentity"']]] },
  { name: 'MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL', type: 'RESOURCE_POLICY', resourceType: 'AWS::IAM::AssumeRolePolicyDocument', doc: id('{"Effect":"Allow","Principal":{"Federated":"accounts.google.com"},"Action":"sts:AssumeRoleWithWebIdentity"}'), expect: [['MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL', ['"accounts.google.com"']]] },
  { name: 'MISSING_GITHUB_REPO_CONDITION_KEY', type: 'RESOURCE_POLICY', resourceType: 'AWS::IAM::AssumeRolePolicyDocument', doc: id('{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}}'), expect: [['MISSING_GITHUB_REPO_CONDITION_KEY', ['"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"']]] },
  { name: 'MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY', type: 'RESOURCE_POLICY', resourceType: 'AWS::IAM::AssumeRolePolicyDocument', doc: id('{"Effect":"Allow","Principal":{"Service":"rolesanywhere.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}'), expect: [['MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY', ['"sts:AssumeRole"', '"sts:TagSession"']]] },
  { name: 'REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY', type: 'RESOURCE_POLICY', resourceType: 'AWS::IAM::AssumeRolePolicyDocument', doc: id('{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:role/dev","arn:aws:sts::111122223333:assumed-role/dev/alice"]},"Action":"sts:AssumeRole"}'), expect: [['REDUNDANT_PRINCIPAL_IN_ROLE_TRUST_POLICY', ['"arn:aws:sts::111122223333:assumed-role/dev/alice"']]] },
  { name: 'POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA: 2,048 characters', type: 'RESOURCE_POLICY', resourceType: 'AWS::IAM::AssumeRolePolicyDocument', doc: id(`{"Sid":"${'A'.repeat(2000)}","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}`), expect: [['POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA', [id(`{"Sid":"${'A'.repeat(2000)}","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}`)]]] },
  { name: 'FEDERATED_PRINCIPAL_NOT_SUPPORTED in a bucket policy', type: 'RESOURCE_POLICY', resourceType: 'AWS::S3::Bucket', doc: id('{"Effect":"Allow","Principal":{"Federated":"accounts.google.com"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}'), expect: [['FEDERATED_PRINCIPAL_NOT_SUPPORTED', ['"accounts.google.com"']]] },
  { name: 'RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL in a bucket policy', type: 'RESOURCE_POLICY', resourceType: 'AWS::S3::Bucket', doc: id('{"Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::logs/*"}'), expect: [['RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL', ['"logging.s3.amazonaws.com"']]] },
  { name: 'a service principal scoped by aws:SourceAccount', type: 'RESOURCE_POLICY', resourceType: 'AWS::S3::Bucket', doc: id('{"Effect":"Allow","Principal":{"Service":"logging.s3.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::logs/*","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}}'), expect: [] },
  { name: 'UNSUPPORTED_ACTION_IN_POLICY and UNSUPPORTED_RESOURCE_ARN_IN_POLICY in a bucket policy', type: 'RESOURCE_POLICY', resourceType: 'AWS::S3::Bucket', doc: id('{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":["s3:GetObject","ec2:RunInstances"],"Resource":["arn:aws:s3:::b/*","arn:aws:sqs:us-east-1:111122223333:q"]}'), expect: [['UNSUPPORTED_ACTION_IN_POLICY', ['"ec2:RunInstances"']], ['UNSUPPORTED_RESOURCE_ARN_IN_POLICY', ['"arn:aws:sqs:us-east-1:111122223333:q"']]] },
  { name: 'POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA: a bucket policy over 20 KB', type: 'RESOURCE_POLICY', resourceType: 'AWS::S3::Bucket', doc: id(`{"Sid":"${'A'.repeat(20500)}","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}`), expect: [['POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA', [id(`{"Sid":"${'A'.repeat(20500)}","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}`)]]] },
  { name: 'INVALID_PARTITION', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:amazon:s3:::b/*"}'), expect: [['INVALID_PARTITION', ['"arn:amazon:s3:::b/*"']]] },
  { name: 'MISSING_TAG_KEY_IN_CONDITION (doc: aws:ResourceTag needs /tag-key)', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag":"JaneDoe"}}}'), expect: [['MISSING_TAG_KEY_IN_CONDITION', ['"JaneDoe"']]] },
  { name: 'INVALID_VPC_FORMAT and INVALID_VPCE_FORMAT (doc: vpc-12345678, vpc-11223344556677889 are valid)', doc: id('{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"aws:SourceVpc":["vpc-12345678","vpc-11223344556677889","vpc-123"],"aws:SourceVpce":"vpce-1a2b"}}}'), expect: [['INVALID_VPC_FORMAT', ['"vpc-123"']], ['INVALID_VPCE_FORMAT', ['"vpce-1a2b"']]] },
  { name: 'REDUNDANT_CONDITION_VALUE_NUM (doc: NumericLessThan 2700 and 3600)', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":["2700","3600"]}}}'), expect: [['REDUNDANT_CONDITION_VALUE_NUM', ['["2700","3600"]']]] },

  // Actions.
  { name: 'INVALID_ACTION with a suggestion', doc: id('{"Effect":"Allow","Action":"s3:GetObjekt","Resource":"*"}'), expect: [['INVALID_ACTION', ['"s3:GetObjekt"']]] },
  { name: 'INVALID_ACTION: a wildcard that matches no action, and no vendor', doc: id('{"Effect":"Allow","Action":["s3:Frobnicate*","GetObject"],"Resource":"*"}'), expect: [['INVALID_ACTION', ['"s3:Frobnicate*"']], ['INVALID_ACTION', ['"GetObject"']]] },
  { name: 'INVALID_SERVICE_IN_ACTION', doc: id('{"Effect":"Allow","Action":"s33:GetObject","Resource":"*"}'), expect: [['INVALID_SERVICE_IN_ACTION', ['"s33:GetObject"']]] },
  { name: 'WILDCARD_IN_SERVICE_NAME', doc: id('{"Effect":"Allow","Action":"s*:GetObject","Resource":"*"}'), expect: [['WILDCARD_IN_SERVICE_NAME', ['"s*:GetObject"']]] },
  { name: 'VARIABLE_UNSUPPORTED_IN_ELEMENT: a variable in Action', doc: id('{"Effect":"Allow","Action":"s3:${aws:username}","Resource":"*"}'), expect: [['VARIABLE_UNSUPPORTED_IN_ELEMENT', ['"s3:${aws:username}"']]] },
  {
    name: 'REDUNDANT_ACTION (doc: iam:Get*, iam:List*, iam:GetCredentialReport; iam:*CredentialReport is not redundant)',
    doc: id('{"Effect":"Allow","Action":["iam:Get*","iam:List*","iam:GetCredentialReport","iam:*CredentialReport"],"Resource":"*"}'),
    expect: [['REDUNDANT_ACTION', ['"iam:GetCredentialReport"']]],
  },
  { name: 'REDUNDANT_ACTION: the same action twice, in another letter case', doc: id('{"Effect":"Allow","Action":["s3:GetObject","S3:getobject"],"Resource":"*"}'), expect: [['REDUNDANT_ACTION', ['"S3:getobject"']]] },

  // Resources.
  {
    name: 'REDUNDANT_RESOURCE (doc: jane-admin and jane-s3only under jane*)',
    doc: id('{"Effect":"Allow","Action":"iam:GetRole","Resource":["arn:aws:iam::111122223333:role/jane-admin","arn:aws:iam::111122223333:role/jane-s3only","arn:aws:iam::111122223333:role/jane*"]}'),
    expect: [['REDUNDANT_RESOURCE', ['"arn:aws:iam::111122223333:role/jane-admin"', '"arn:aws:iam::111122223333:role/jane-s3only"']]],
  },
  { name: 'INVALID_ARN_PREFIX', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"bucket/key"}'), expect: [['INVALID_ARN_PREFIX', ['"bucket/key"']]] },
  { name: 'MISSING_ARN_FIELD', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::"}'.replace('arn:aws:s3:::', 'arn:aws:s3')), expect: [['MISSING_ARN_FIELD', ['"arn:aws:s3"']]] },
  { name: 'INVALID_ARN_ACCOUNT', doc: id('{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::1234:user/bob"}'), expect: [['INVALID_ARN_ACCOUNT', ['"arn:aws:iam::1234:user/bob"']]] },
  { name: 'INVALID_ARN_SERVICE_CASE', doc: id('{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:IAM::111122223333:user/bob"}'), expect: [['INVALID_ARN_SERVICE_CASE', ['"arn:aws:IAM::111122223333:user/bob"']]] },
  { name: 'ARN_REGION_NOT_ALLOWED (doc: IAM ARNs have no Region)', doc: id('{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam:us-east-1:111122223333:user/bob"}'), expect: [['ARN_REGION_NOT_ALLOWED', ['"arn:aws:iam:us-east-1:111122223333:user/bob"']]] },
  { name: 'MISSING_ARN_REGION', doc: id('{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs::111122223333:queue1"}'), expect: [['MISSING_ARN_REGION', ['"arn:aws:sqs::111122223333:queue1"']]] },
  { name: 'ARN_ACCOUNT_NOT_ALLOWED: Control Catalog ARNs have no account', doc: id('{"Effect":"Allow","Action":"controlcatalog:GetControl","Resource":"arn:aws:controlcatalog:::111122223333:control/x"}'.replace(':::111122223333:', '::111122223333:')), expect: [['ARN_ACCOUNT_NOT_ALLOWED', ['"arn:aws:controlcatalog::111122223333:control/x"']]] },
  { name: 'VARIABLE_UNSUPPORTED_IN_VERSION: a variable without Version 2012-10-17', doc: '{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::111122223333:user/${aws:username}"}}', expect: [['VARIABLE_UNSUPPORTED_IN_VERSION', ['"arn:aws:iam::111122223333:user/${aws:username}"']]] },
  { name: 'MISSING_BRACE_IN_VARIABLE, EMPTY_VARIABLE, UNSUPPORTED_SPACE_IN_VARIABLE', doc: id('{"Effect":"Allow","Action":"iam:GetUser","Resource":["arn:aws:iam::111122223333:user/${aws:username","arn:aws:iam::111122223333:user/${}","arn:aws:iam::111122223333:user/${aws: username}"]}'), expect: [['MISSING_BRACE_IN_VARIABLE', ['"arn:aws:iam::111122223333:user/${aws:username"']], ['EMPTY_VARIABLE', ['"arn:aws:iam::111122223333:user/${}"']], ['UNSUPPORTED_SPACE_IN_VARIABLE', ['"arn:aws:iam::111122223333:user/${aws: username}"']]] },

  // PassRole and CreateServiceLinkedRole.
  { name: 'PASS_ROLE_WITH_STAR_IN_RESOURCE', doc: id('{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}'), expect: [['PASS_ROLE_WITH_STAR_IN_RESOURCE', ['"iam:PassRole"', '"*"']]] },
  { name: 'PASS_ROLE: answered by iam:PassedToService', doc: id('{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"ec2.amazonaws.com"}}}'), expect: [] },
  { name: 'PASS_ROLE (doc: arn:aws:iam::*:role/Service* is not reported)', doc: id('{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::*:role/Service*"}'), expect: [] },
  { name: 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE: every role of an account', doc: id('{"Effect":"Allow","Action":"iam:*","Resource":"arn:aws:iam::111122223333:role/*"}'), expect: [['PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE', ['"iam:*"', '"arn:aws:iam::111122223333:role/*"']], ['CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE', ['"iam:*"', '"arn:aws:iam::111122223333:role/*"']]] },
  { name: 'PASS_ROLE_WITH_NOT_RESOURCE', doc: id('{"Effect":"Allow","Action":"iam:PassRole","NotResource":"arn:aws:iam::111122223333:role/admin"}'), expect: [['PASS_ROLE_WITH_NOT_RESOURCE', ['"iam:PassRole"', '"arn:aws:iam::111122223333:role/admin"']]] },
  { name: 'PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION, and the CreateServiceLinkedRole warning', doc: id('{"Effect":"Allow","NotAction":"s3:*","Resource":"*"}'), expect: [['PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION', ['"*"']], ['CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION', ['"*"']]] },
  { name: 'PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE', doc: id('{"Effect":"Allow","NotAction":"iam:CreateServiceLinkedRole","NotResource":"arn:aws:s3:::b"}'), expect: [['PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE', ['"arn:aws:s3:::b"']]] },
  { name: 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE and CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE', doc: id('{"Effect":"Allow","Action":"iam:*","NotResource":"arn:aws:iam::111122223333:role/admin"}'), expect: [['PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE', ['"iam:*"', '"arn:aws:iam::111122223333:role/admin"']], ['CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE', ['"iam:*"', '"arn:aws:iam::111122223333:role/admin"']]] },
  { name: 'CREATE_SLR_WITH_NOT_RESOURCE', doc: id('{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","NotResource":"arn:aws:iam::111122223333:role/x"}'), expect: [['CREATE_SLR_WITH_NOT_RESOURCE', ['"iam:CreateServiceLinkedRole"', '"arn:aws:iam::111122223333:role/x"']]] },
  { name: 'CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE', doc: id('{"Effect":"Allow","NotAction":"iam:PassRole","NotResource":"arn:aws:s3:::b"}'), expect: [['CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE', ['"arn:aws:s3:::b"']]] },
  { name: 'CREATE_SLR_WITH_STAR_IN_RESOURCE', doc: id('{"Effect":"Allow","Action":"iam:CreateServiceLinkedRole","Resource":"*"}'), expect: [['CREATE_SLR_WITH_STAR_IN_RESOURCE', ['"iam:CreateServiceLinkedRole"', '"*"']]] },
  { name: 'a Deny of PassRole on every role is not a warning', doc: id('{"Effect":"Deny","Action":"iam:PassRole","Resource":"*"}'), expect: [] },

  // Conditions.
  { name: 'EMPTY_OBJECT_CONDITION', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{}}'), expect: [['EMPTY_OBJECT_CONDITION', ['{}']]] },
  { name: 'INVALID_CONDITION_OPERATOR', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEqualz":{"aws:username":"a"}}}'), expect: [['INVALID_CONDITION_OPERATOR', ['"StringEqualz"']]] },
  { name: 'NULL_WITH_IF_EXISTS', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"NullIfExists":{"aws:username":"true"}}}'), expect: [['NULL_WITH_IF_EXISTS', ['"NullIfExists"']]] },
  { name: 'NULL_WITH_QUALIFIER', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"ForAnyValue:Null":{"aws:TagKeys":"true"}}}'), expect: [['NULL_WITH_QUALIFIER', ['"ForAnyValue:Null"']]] },
  { name: 'INVALID_CONDITION_KEY_FORMAT', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"username":"a"}}}'), expect: [['INVALID_CONDITION_KEY_FORMAT', ['"a"']]] },
  { name: 'INVALID_GLOBAL_CONDITION_KEY', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:UserName2":"a"}}}'), expect: [['INVALID_GLOBAL_CONDITION_KEY', ['"a"']]] },
  { name: 'INVALID_SERVICE_CONDITION_KEY and INVALID_SERVICE', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"s3:prefixes":"a","s33:prefix":"b"}}}'), expect: [['INVALID_SERVICE_CONDITION_KEY', ['"a"']], ['INVALID_SERVICE', ['"b"']]] },
  { name: 'identity providers\' keys; SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED', type: 'RESOURCE_POLICY', resourceType: 'AWS::IAM::AssumeRolePolicyDocument', doc: id('{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:o/r:*","aws:RequestTag/team":"blue"}}}'), expect: [['SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED', ['"repo:o/r:*"']]] },
  { name: 'a GitHub trust policy pinned to a repository and branch', type: 'RESOURCE_POLICY', resourceType: 'AWS::IAM::AssumeRolePolicyDocument', doc: id('{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:sub":"repo:o/r:ref:refs/heads/main","token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}}'), expect: [] },
  { name: 'DEPRECATED_GLOBAL_CONDITION_KEY aws:ARN', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"ArnLike":{"aws:ARN":"arn:aws:iam::111122223333:user/*"}}}'), expect: [['DEPRECATED_GLOBAL_CONDITION_KEY', ['"arn:aws:iam::111122223333:user/*"']]] },
  { name: 'DUPLICATE_KEYS_WITH_DIFFERENT_CASE', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:username":"a","aws:UserName":"b"}}}'), expect: [['DUPLICATE_KEYS_WITH_DIFFERENT_CASE', ['"b"']]] },
  { name: 'FORALLVALUES_WITH_SINGLE_VALUED_KEY (doc wording)', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"ForAllValues:StringLike":{"aws:PrincipalArn":["arn:aws:iam::111122223333:role/*"]}}}'), expect: [['FORALLVALUES_WITH_SINGLE_VALUED_KEY', ['["arn:aws:iam::111122223333:role/*"]']]] },
  { name: 'ForAllValues with a multivalued key is fine', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["team"]}}}'), expect: [] },
  { name: 'TYPE_MISMATCH: a date key with a String operator', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:CurrentTime":"2020-01-01"}}}'), expect: [['TYPE_MISMATCH', ['"2020-01-01"']]] },
  { name: 'TYPE_MISMATCH_BOOLEAN, _NUMBER, _DATE, _IP_RANGE', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"yes"},"NumericLessThan":{"aws:MultiFactorAuthAge":"an hour"},"DateGreaterThan":{"aws:CurrentTime":"tomorrow"},"IpAddress":{"aws:SourceIp":"203.0.113.0/33"}}}'), expect: [['TYPE_MISMATCH_BOOLEAN', ['"yes"']], ['TYPE_MISMATCH_NUMBER', ['"an hour"']], ['TYPE_MISMATCH_DATE', ['"tomorrow"']], ['TYPE_MISMATCH_IP_RANGE', ['"203.0.113.0/33"']]] },
  { name: 'JSON booleans and numbers are condition values', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":true},"NumericLessThan":{"aws:MultiFactorAuthAge":3600}}}'), expect: [] },
  { name: 'INVALID_CONDITION_MULTIPLE_BOOLEAN', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":["true","false"]}}}'), expect: [['INVALID_CONDITION_MULTIPLE_BOOLEAN', ['["true","false"]']]] },
  { name: 'INVALID_CONDITION_DATA_TYPE: a string and a number', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:username":["a",1]}}}'), expect: [['INVALID_CONDITION_DATA_TYPE', ['["a",1]']]] },
  { name: 'INVALID_VARIABLE_FOR_OPERATOR', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"NumericEquals":{"aws:MultiFactorAuthAge":"${aws:EpochTime}"}}}'), expect: [['INVALID_VARIABLE_FOR_OPERATOR', ['"${aws:EpochTime}"']]] },
  { name: 'EMPTY_ARRAY_CONDITION and its ForAllValues / ForAnyValue / IfExists forms', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:username":[]},"ForAllValues:StringEquals":{"aws:TagKeys":[]},"ForAnyValue:StringEquals":{"aws:TagKeys":[]},"StringEqualsIfExists":{"aws:userid":[]}}}'), expect: [['EMPTY_ARRAY_CONDITION', ['[]']], ['EMPTY_ARRAY_CONDITION_FORALLVALUES', ['[]']], ['EMPTY_ARRAY_CONDITION_FORANYVALUE', ['[]']], ['EMPTY_ARRAY_CONDITION_IFEXISTS', ['[]']]] },
  { name: 'WILDCARD_WITHOUT_LIKE_OPERATOR', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"blue*"}}}'), expect: [['WILDCARD_WITHOUT_LIKE_OPERATOR', ['"blue*"']]] },
  { name: 'ArnEquals takes wildcards as ArnLike does; ARN operators read String keys', doc: id('{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*","Condition":{"ArnEquals":{"iam:PolicyARN":"arn:aws:iam::*:policy/x*"},"ArnLike":{"kms:EncryptionContext:aws:s3:arn":"arn:aws:s3:::b/*"}}}'), expect: [] },
  { name: 'secretsmanager:ResourceTag/<tag-key>, saml: and catalog: keys', doc: id('{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*","Condition":{"StringEquals":{"secretsmanager:ResourceTag/team":"blue","saml:aud":"x","catalog:ChangeType":"y"}}}'), expect: [] },
  { name: 'PRIVATE_IP_ADDRESS', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.1.0/24"]}}}'), expect: [['PRIVATE_IP_ADDRESS', ['["10.0.0.0/8","192.168.1.0/24"]']]] },
  { name: 'PRIVATE_NOT_IP_ADDRESS', doc: id('{"Effect":"Deny","Action":"s3:GetObject","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"172.16.0.0/12"}}}'), expect: [['PRIVATE_NOT_IP_ADDRESS', ['"172.16.0.0/12"']]] },
  { name: 'PRIVATE_IP_ADDRESS_SUBSET', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","203.0.113.0/24"]}}}'), expect: [['PRIVATE_IP_ADDRESS_SUBSET', ['["10.0.0.0/8","203.0.113.0/24"]']]] },
  { name: 'PRIVATE_NOT_IP_ADDRESS_SUBSET', doc: id('{"Effect":"Deny","Action":"s3:GetObject","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","203.0.113.0/24"]}}}'), expect: [['PRIVATE_NOT_IP_ADDRESS_SUBSET', ['["10.0.0.0/8","203.0.113.0/24"]']]] },
  { name: 'POLICY_SIZE_EXCEEDS_SCP_QUOTA: 5,120 characters', type: 'SERVICE_CONTROL_POLICY', doc: id(`{"Sid":"${'A'.repeat(5100)}","Effect":"Deny","Action":"s3:*","Resource":"*"}`), expect: [['POLICY_SIZE_EXCEEDS_SCP_QUOTA', [id(`{"Sid":"${'A'.repeat(5100)}","Effect":"Deny","Action":"s3:*","Resource":"*"}`)]]] },
  { name: 'IMPROVE_IP_RANGE', doc: id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.7/24"}}}'), expect: [['IMPROVE_IP_RANGE', ['"203.0.113.7/24"']]] },
];

describe('ValidatePolicy checks: document → findings', () => {
  for (const row of ROWS) {
    it(row.name, () => {
      const found = run(row).map((f) => [f.issueCode, spans(row.doc, f)]);
      expect(found).toEqual(row.expect);
    });
  }

  it('covers every issue code this service reports', () => {
    const seen = new Set(ROWS.flatMap((r) => r.expect.map(([code]) => code)));
    expect(ISSUE_CODES.filter((c) => !seen.has(c))).toEqual([]);
  });
});

describe('ValidatePolicy checks: whole findings', () => {
  it('words a finding as the reference does and locates it by path, line and column', () => {
    const doc = '{\n  "Version": "2012-10-17",\n  "Statement": {\n    "Effect": "Allow",\n    "Action": "iam:PassRole",\n    "Resource": "*"\n  }\n}';
    expect(validatePolicyDocument({ policyDocument: doc, policyType: 'IDENTITY_POLICY' })).toEqual([
      {
        findingDetails:
          'Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive because it allows iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.',
        findingType: 'SECURITY_WARNING',
        issueCode: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
        learnMoreLink: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-security-warning-pass-role-with-star-in-resource',
        locations: [
          { path: [{ value: 'Statement' }, { value: 'Action' }], span: { start: { line: 5, column: 14, offset: 83 }, end: { line: 5, column: 28, offset: 97 } } },
          { path: [{ value: 'Statement' }, { value: 'Resource' }], span: { start: { line: 6, column: 16, offset: 115 }, end: { line: 6, column: 19, offset: 118 } } },
        ],
      },
    ]);
  });

  it('fills the placeholders of the messages', () => {
    const details = (doc: string, type: AnalyzerPolicyType = 'IDENTITY_POLICY') => validatePolicyDocument({ policyDocument: doc, policyType: type }).map((f) => f.findingDetails);
    expect(details(id('{"Effect":"Allow","Action":"s3:GetObjekt","Resource":"*"}'))).toEqual(['The action s3:GetObjekt does not exist. Did you mean s3:GetObject?']);
    expect(details(id('{"Effect":"Allow","Action":"ec22:RunInstances","Resource":"*"}'))).toEqual(['The service ec22 specified in the action does not exist. Did you mean ec2?']);
    expect(details(id('{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam:us-east-1:111122223333:user/bob"}'))).toEqual(['The service iam does not support specifying a Region in the resource ARN.']);
    expect(details(id('{"Effect":"Allow","Action":["iam:Get*","iam:GetUser","iam:GetRole"],"Resource":"*"}'))).toEqual([
      'The 2 action(s) are redundant because they provide similar permissions. Update the policy to remove the redundant action such as: iam:GetUser.',
    ]);
    expect(details(id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.7/24"}}}'))).toEqual([
      'The non-zero bits in the IP address after the masked bits are ignored. Replace address with 203.0.113.0/24.',
    ]);
    expect(details(id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:CurrentTime":"x"}}}'))).toEqual([
      'Use the operator type Date instead of operator StringEquals for the condition key aws:CurrentTime.',
    ]);
    expect(details(id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":["2700","3600"]}}}'))).toEqual([
      'Multiple values in NumericLessThan are redundant. Replace with the greatest single value for aws:MultiFactorAuthAge.',
    ]);
    expect(details(id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:amazon:s3:::b/*"}'))).toEqual([
      'The resource ARN for the service s3 does not support the partition amazon. Use the supported values: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc',
    ]);
    expect(details(id('{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag":"JaneDoe"}}}'))).toEqual([
      'The condition key aws:ResourceTag/ must include a tag key to control access based on tags. Use the format aws:ResourceTag/tag-key and specify a key name for tag-key.',
    ]);
    expect(details('{"Statement":[', 'IDENTITY_POLICY')).toEqual(['Fix the JSON syntax error at index 14 line 1 column 14.']);
    const scp = id(`{"Sid":"${'A'.repeat(5100)}","Effect":"Deny","Action":"s3:*","Resource":"*"}`);
    expect(details(scp, 'SERVICE_CONTROL_POLICY')).toEqual([`The 5196 characters in the service control policy (SCP) exceed the 5120 character maximum for SCPs. We recommend that you use multiple granular policies.`]);
  });

  it('links each issue code to its section of the reference', () => {
    expect(learnMoreLink('MISSING_VERSION')).toBe('https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-general-warning-missing-version');
    for (const code of ISSUE_CODES) {
      const anchor = learnMoreLink(code).split('#access-analyzer-reference-policy-checks-')[1]!;
      // The issue code is the section's title: the anchor without its finding-type part, in upper snake case.
      expect(anchor.replace(/^(error|general-warning|security-warning|suggestion)-/, '').replace(/-/g, '_').toUpperCase(), code).toBe(code);
    }
  });
});

describe('ValidatePolicy checks: AWS managed policies the reference names', () => {
  const catalog = new Map(
    readFileSync(new URL('../../../catalog/aws-managed-policies/policies.ndjson', import.meta.url), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { name: string; document: string })
      .map((p) => [p.name, p.document]),
  );
  const codesOf = (name: string) => validatePolicyDocument({ policyDocument: catalog.get(name)!, policyType: 'IDENTITY_POLICY' }).map((f) => f.issueCode);

  it('warns of CreateServiceLinkedRole on every resource where the reference does, and not where iam:AWSServiceName limits it', () => {
    // "AWS managed policies with this general warning": PowerUserAccess, AWSOrganizationsServiceTrustPolicy.
    expect(codesOf('PowerUserAccess')).toEqual(['CREATE_SLR_WITH_STAR_IN_RESOURCE']);
    expect(codesOf('AWSOrganizationsServiceTrustPolicy')).toEqual(['CREATE_SLR_WITH_STAR_IN_RESOURCE']);
    // Granted on "*" but only for one service's role.
    expect(JSON.parse(catalog.get('AmazonEKSClusterPolicy')!).Statement.some((s: { Condition?: object }) => JSON.stringify(s.Condition ?? {}).includes('iam:AWSServiceName'))).toBe(true);
    expect(codesOf('AmazonEKSClusterPolicy')).not.toContain('CREATE_SLR_WITH_STAR_IN_RESOURCE');
  });

  it('warns of PassRole on every role in the policy the reference names, and of both in administrator policies', () => {
    // "AWS managed policies with this security warning": AdministratorAccess-Amplify.
    expect(codesOf('AdministratorAccess-Amplify')).toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');
    expect(codesOf('AdministratorAccess')).toEqual(['PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE', 'CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE']);
    expect(codesOf('IAMFullAccess')).toEqual(['PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE', 'CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE']);
  });
});
