/**
 * @module ARNs of IAM and STS entities, built and parsed as AWS forms them.
 * Spec: IAM User Guide, "IAM ARNs" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns).
 */

/** The parts of an ARN: `arn:partition:service:region:account:resource`. */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/** Splits an ARN into its six parts; the resource part keeps any further colons. Undefined if not an ARN. */
export function parseArn(arn: string): Arn | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  if (!partition || !service) return undefined;
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

/** `arn:aws:iam::123456789012:root`, the account's root user. */
export const rootArn = (partition: string, accountId: string) => `arn:${partition}:iam::${accountId}:root`;

/** `arn:aws:iam::123456789012:user/path/name`; `path` starts and ends with `/`. */
export const userArn = (partition: string, accountId: string, path: string, name: string) =>
  `arn:${partition}:iam::${accountId}:user${path}${name}`;

/**
 * The resource AWS names for account-wide list actions on users, `arn:aws:iam::123456789012:user/`
 * (what AWS's AccessDenied message shows for iam:ListUsers).
 */
export const userPathArn = (partition: string, accountId: string, pathPrefix = '/') =>
  `arn:${partition}:iam::${accountId}:user${pathPrefix}`;
