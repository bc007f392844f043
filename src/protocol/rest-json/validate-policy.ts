/**
 * @module Access Analyzer's ValidatePolicy over AWS's REST JSON protocol (restJson1), as its model
 * (accessanalyzer 2019-11-01) declares it: `POST /policy/validation`, `maxResults` and `nextToken` in the
 * query string, `locale`, `policyDocument`, `policyType` and `validatePolicyResourceType` in the JSON body,
 * answered `{findings, nextToken}`. Decoding checks the model's constraints (required members, enums, types)
 * and reports each failure as the model's ValidationException (`reason`, `fieldList`).
 * spec: https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ValidatePolicy.html,
 * https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html
 */
import { AwsError } from '../../core/errors';
import type { AnalyzerPolicyType } from '../../core/access-analyzer/validate';

export const POLICY_TYPES: readonly AnalyzerPolicyType[] = ['IDENTITY_POLICY', 'RESOURCE_POLICY', 'SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'];
export const RESOURCE_TYPES = ['AWS::S3::Bucket', 'AWS::S3::AccessPoint', 'AWS::S3::MultiRegionAccessPoint', 'AWS::S3ObjectLambda::AccessPoint', 'AWS::IAM::AssumeRolePolicyDocument', 'AWS::DynamoDB::Table'] as const;
export const LOCALES = ['DE', 'EN', 'ES', 'FR', 'IT', 'JA', 'KO', 'PT_BR', 'ZH_CN', 'ZH_TW'] as const;

/**
 * Longest policy document this service validates (characters). The model sets none; AWS's largest policy
 * quota is a KMS key policy's 32 KB, so four times that leaves every real document room while bounding the
 * checks' work per request.
 */
export const MAX_POLICY_DOCUMENT_CHARS = 131_072;

/** The model's ValidationExceptionReason. */
export type ValidationReason = 'unknownOperation' | 'cannotParse' | 'fieldValidationFailed' | 'other' | 'notSupported';

/** ValidationException: the message, reason and the fields that failed, as the model shapes it. */
export class ValidationException extends AwsError {
  constructor(
    message: string,
    readonly reason: ValidationReason,
    readonly fieldList: readonly { name: string; message: string }[] = [],
  ) {
    super('ValidationException', message, 400);
  }
}

/** A decoded ValidatePolicy request. */
export interface ValidatePolicyInput {
  readonly policyDocument: string;
  readonly policyType: AnalyzerPolicyType;
  readonly validatePolicyResourceType?: string;
  readonly locale?: string;
  readonly maxResults?: number;
  readonly nextToken?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const enumMessage = (values: readonly string[]) => `Member must satisfy enum value set: [${values.join(', ')}]`;

/** Decodes the body (UTF-8 JSON text) and query; throws ValidationException for what the model refuses. */
export function decodeValidatePolicy(body: string, query: URLSearchParams): ValidatePolicyInput {
  let value: unknown = {};
  if (body.trim() !== '') {
    try {
      value = JSON.parse(body);
    } catch {
      throw new ValidationException('Unable to parse the request body as JSON.', 'cannotParse');
    }
  }
  if (!isObject(value)) throw new ValidationException('The request body must be a JSON object.', 'cannotParse');
  const problems: { name: string; message: string }[] = [];
  const { policyDocument, policyType, validatePolicyResourceType, locale } = value;
  if (policyDocument === undefined || policyDocument === null) problems.push({ name: 'policyDocument', message: 'Member must not be null' });
  else if (typeof policyDocument !== 'string') problems.push({ name: 'policyDocument', message: 'Member must be a string' });
  else if (policyDocument.length > MAX_POLICY_DOCUMENT_CHARS) problems.push({ name: 'policyDocument', message: `Member must have length less than or equal to ${MAX_POLICY_DOCUMENT_CHARS}` });
  if (policyType === undefined || policyType === null) problems.push({ name: 'policyType', message: 'Member must not be null' });
  else if (typeof policyType !== 'string' || !(POLICY_TYPES as readonly string[]).includes(policyType)) problems.push({ name: 'policyType', message: enumMessage(POLICY_TYPES) });
  if (validatePolicyResourceType !== undefined && validatePolicyResourceType !== null && (typeof validatePolicyResourceType !== 'string' || !(RESOURCE_TYPES as readonly string[]).includes(validatePolicyResourceType))) {
    problems.push({ name: 'validatePolicyResourceType', message: enumMessage(RESOURCE_TYPES) });
  }
  if (locale !== undefined && locale !== null && (typeof locale !== 'string' || !(LOCALES as readonly string[]).includes(locale))) problems.push({ name: 'locale', message: enumMessage(LOCALES) });
  const rawMax = query.get('maxResults');
  let maxResults: number | undefined;
  if (rawMax !== null) {
    maxResults = /^-?\d{1,10}$/.test(rawMax) ? Number(rawMax) : NaN;
    if (!Number.isSafeInteger(maxResults) || maxResults < 1) problems.push({ name: 'maxResults', message: 'Member must be a positive integer' });
  }
  if (problems.length > 0) {
    const detail = problems.map((p) => `Value at '${p.name}' failed to satisfy constraint: ${p.message}`).join('; ');
    throw new ValidationException(`${problems.length} validation error${problems.length > 1 ? 's' : ''} detected: ${detail}`, 'fieldValidationFailed', problems);
  }
  const nextToken = query.get('nextToken');
  return {
    policyDocument: policyDocument as string,
    policyType: policyType as AnalyzerPolicyType,
    ...(typeof validatePolicyResourceType === 'string' ? { validatePolicyResourceType } : {}),
    ...(typeof locale === 'string' ? { locale } : {}),
    ...(maxResults !== undefined ? { maxResults } : {}),
    ...(nextToken !== null ? { nextToken } : {}),
  };
}
