/**
 * @module What ValidatePolicy's `validatePolicyResourceType` tells the checks: the one service whose actions
 * and resource ARNs a resource policy of that type may name.
 * spec: https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_ValidatePolicy.html
 */

/**
 * The services whose actions and resources a resource policy of a given type may name (ValidatePolicy's
 * `validatePolicyResourceType`; a trust policy's are checked apart).
 */
export const RESOURCE_TYPE_SERVICES: Readonly<Record<string, string>> = {
  'AWS::S3::Bucket': 's3',
  'AWS::S3::AccessPoint': 's3',
  'AWS::S3::MultiRegionAccessPoint': 's3',
  'AWS::S3ObjectLambda::AccessPoint': 's3-object-lambda',
  'AWS::DynamoDB::Table': 'dynamodb',
};
