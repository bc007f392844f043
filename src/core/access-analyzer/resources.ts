/**
 * @module Checks of Resource / NotResource values: the ARN's shape (INVALID_ARN_PREFIX, MISSING_ARN_FIELD,
 * INVALID_ARN_ACCOUNT, INVALID_ARN_SERVICE_CASE), what the service's ARNs carry (ARN_REGION_NOT_ALLOWED,
 * MISSING_ARN_REGION, ARN_ACCOUNT_NOT_ALLOWED; only for services whose every resource type agrees), and
 * REDUNDANT_RESOURCE.
 * spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
import { locate, MAX_REDUNDANCY_LIST, type At, type Run } from './context';
import { RESOURCE_TYPE_SERVICES } from './resource-types';
import { globRegExp, hasWildcard } from './glob';
import { serviceOf } from './service-reference';

const ACCOUNT = /^\d{12}$/;
/** AWS's partitions (AWS General Reference, "Amazon Resource Names": the partition). */
export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

/** Checks each resource value. */
export function checkResources(run: Run, list: At[]): void {
  for (const at of list) {
    if (at.node.kind !== 'string') continue;
    const text = at.node.value;
    if (text === '*') continue;
    if (!text.startsWith('arn:')) {
      run.add('INVALID_ARN_PREFIX', [locate(at)]);
      continue;
    }
    const parts = text.split(':');
    if (parts.length < 6) {
      run.add('MISSING_ARN_FIELD', [locate(at)]);
      continue;
    }
    const [, partition = '', service = '', region = '', account = ''] = parts;
    if (service !== service.toLowerCase()) {
      run.add('INVALID_ARN_SERVICE_CASE', [locate(at)], { service });
      continue;
    }
    const variable = (s: string) => s.includes('${') || hasWildcard(s);
    if (!variable(partition) && !PARTITIONS.includes(partition)) {
      run.add('INVALID_PARTITION', [locate(at)], { service, partition, partitions: PARTITIONS.join(', ') });
      continue;
    }
    const only = run.resourceType === undefined ? undefined : RESOURCE_TYPE_SERVICES[run.resourceType];
    if (only && !variable(service) && service !== only) {
      run.add('UNSUPPORTED_RESOURCE_ARN_IN_POLICY', [locate(at)], { resourceType: run.resourceType! });
      continue;
    }
    // `aws` is the account of AWS managed policies (arn:aws:iam::aws:policy/…).
    if (account !== '' && account !== 'aws' && !variable(account) && !ACCOUNT.test(account)) {
      run.add('INVALID_ARN_ACCOUNT', [locate(at)], { account });
      continue;
    }
    const entry = variable(service) ? undefined : serviceOf(service);
    if (!entry) continue;
    if (entry.arnRegion === 'forbidden' && region !== '' && !variable(region)) run.add('ARN_REGION_NOT_ALLOWED', [locate(at)], { service });
    else if (entry.arnRegion === 'required' && region === '') run.add('MISSING_ARN_REGION', [locate(at)], { service });
    if (entry.arnAccount === 'forbidden' && account !== '' && !variable(account)) run.add('ARN_ACCOUNT_NOT_ALLOWED', [locate(at)], { service });
  }
}

/**
 * REDUNDANT_RESOURCE: values another value of the same list already matches (`arn:aws:s3:::b/*` makes
 * `arn:aws:s3:::b/key` redundant; an equal value counts once). One finding per list.
 */
export function checkRedundantResources(run: Run, list: At[]): void {
  if (list.length < 2 || list.length > MAX_REDUNDANCY_LIST) return;
  const texts = list.map((at) => (at.node.kind === 'string' ? at.node.value : undefined));
  const patterns = texts.map((t) => (t === undefined ? undefined : globRegExp(t, true)));
  const redundant = list.filter((_, i) => {
    const t = texts[i];
    if (t === undefined) return false;
    return texts.some((o, j) => j !== i && o !== undefined && (o === t ? j < i : patterns[j]!.test(t)));
  });
  if (redundant.length > 0) run.add('REDUNDANT_RESOURCE', redundant.map(locate), { count: redundant.length });
}
