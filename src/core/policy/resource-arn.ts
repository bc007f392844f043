/**
 * @module The `Resource` / `NotResource` value rules IAM applies when it stores a policy, as tables:
 * which partition is valid, which services refuse a region, which IAM resource paths exist. Messages
 * are AWS's own (quoted in public reports of MalformedPolicyDocument; see the validation corpus
 * test/unit/policy/validator-corpus.json for each one's source).
 *
 * IAM reads a resource as colon-separated segments with the first one standing for `arn`, pads it with
 * `*` to the six ARN segments (`arn:aws:svc` → `arn:aws:svc:*:*:*`; the padded form is what a
 * partition error quotes), and then checks, in this order: a colon at all, the partition, the service
 * ("vendor"), the region of region-less services, the IAM resource path.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */

/** Services whose resources carry no region, with the message IAM gives for one that does. */
export const REGIONLESS_SERVICES: Readonly<Record<string, (resource: string) => string>> = {
  iam: (r) => `IAM resource ${r} cannot contain region information.`,
  s3: (r) => `Resource ${r} can not contain region information.`,
};

/**
 * S3 resource types that are regional (access points, batch jobs, Storage Lens, Access Grants…): their
 * ARNs carry a region and IAM accepts them (Service Authorization Reference, "Resource types defined by
 * Amazon S3"; getmoto/moto#6742 reports AWS accepting `arn:aws:s3:us-west-2:123456789012:accesspoint/…`).
 */
export const S3_REGIONAL_RESOURCE_TYPES: readonly string[] = [
  'accesspoint/', 'job/', 'storage-lens/', 'storage-lens-group/', 'access-grants/', 'async-request/',
];

/** The resource paths IAM knows, in the order its message lists them. */
export const IAM_RESOURCE_PATHS: readonly string[] = [
  'user/', 'federated-user/', 'role/', 'group/', 'instance-profile/', 'mfa/', 'server-certificate/', 'policy/',
  'sms-mfa/', 'saml-provider/', 'oidc-provider/', 'report/', 'access-report/',
];

export const RESOURCE_MESSAGES = {
  notArn: (r: string) => `Resource ${r} must be in ARN format or "*".`,
  partition: (partition: string, padded: string) => `Partition "${partition}" is not valid for resource "${padded}".`,
  vendor: 'Resource vendor must be fully qualified and cannot contain regexes.',
  iamPath: `IAM resource path must either be "*" or start with ${IAM_RESOURCE_PATHS.join(', ')}.`,
} as const;

/** The resource with its first segment read as `arn` and padded with `*` to six segments. */
export function padResource(r: string): string {
  if (r === '*' || !r.includes(':')) return r;
  const parts = r.split(':');
  parts[0] = 'arn';
  while (parts.length < 6) parts.push('*');
  return parts.join(':');
}

/**
 * The format error IAM reports for one resource value, or undefined when it is acceptable. `partition`
 * is the deployment's (`aws`): a resource of another partition is refused, as IAM in GovCloud refuses
 * `arn:aws:…` ('Partition "aws" is not valid for resource …', terraform-aws-modules/terraform-aws-atlantis#83).
 */
export function resourceFormatError(r: string, partition: string): string | undefined {
  if (r === '*') return undefined;
  if (!r.includes(':')) return RESOURCE_MESSAGES.notArn(r);
  const parts = r.split(':');
  if (parts[1] !== partition) return RESOURCE_MESSAGES.partition(parts[1]!, padResource(r));
  const service = parts[2];
  if (service === undefined || /[*?]/.test(service)) return RESOURCE_MESSAGES.vendor;
  // Region and path are read from the padded form: `arn:aws:iam` stands for `arn:aws:iam:*:*:*`.
  const padded = padResource(r).split(':');
  const region = padded[3]!;
  const path = padded.slice(5).join(':');
  const regionless = REGIONLESS_SERVICES[service];
  if (regionless && region !== '') {
    const regional = service === 's3' && S3_REGIONAL_RESOURCE_TYPES.some((t) => path.startsWith(t));
    if (!regional) return regionless(r);
  }
  if (service === 'iam' && path !== '*' && !IAM_RESOURCE_PATHS.some((p) => path.startsWith(p))) return RESOURCE_MESSAGES.iamPath;
  return undefined;
}

/**
 * True when IAM's legacy parser refuses a resource that passed the format rules: an empty service
 * segment (`arn:aws::x`), or an ARN cut short after an empty segment (`arn:aws:s3::bucket`, fewer than
 * five colons with a `::` in it) — only trailing segments may be left out.
 */
export function resourceFailsLegacyParsing(r: string): boolean {
  if (r === '*' || !r.includes(':')) return false;
  const colons = r.split(':').length - 1;
  if (colons < 5 && r.includes('::')) return true;
  return r.split(':')[2] === '';
}
