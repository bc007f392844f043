/**
 * @module The AWS-managed policy catalog: global, read-only policies at `arn:aws:iam::aws:policy/…`,
 * attachable in every account. Documents as published by AWS (aws-managed-policies.json beside this file;
 * its source in ./README.md). Spec: IAM User Guide, "AWS managed policies"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies).
 */
import catalog from './aws-managed-policies.json';

/** One AWS-managed policy as the API describes it. */
export interface AwsManagedPolicy {
  arn: string;
  policyName: string;
  /** A stable id of the `ANPA…` form, derived from the name (AWS's are opaque). */
  policyId: string;
  path: string;
  defaultVersionId: string;
  /** The default version's document as JSON text. */
  document: string;
  createDate: string;
  updateDate: string;
}

interface CatalogEntry {
  CreateDate: string;
  UpdateDate: string;
  DefaultVersionId: string;
  Path: string;
  Document: unknown;
}

/** Account id part of AWS-managed policy ARNs. */
export const AWS_MANAGED_ACCOUNT = 'aws';

const iso = (s: string) => new Date(s).toISOString();

/** Deterministic ANPA id from a name, so the same policy has the same id in every isolate. */
function stableId(name: string): string {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let h = 2166136261;
  let out = 'ANPA';
  for (let i = 0; i < 17; i++) {
    for (const ch of name + i) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    out += A[h & 31];
  }
  return out;
}

function build(partition: string): Map<string, AwsManagedPolicy> {
  const out = new Map<string, AwsManagedPolicy>();
  for (const [name, e] of Object.entries(catalog as Record<string, CatalogEntry>)) {
    const arn = `arn:${partition}:iam::${AWS_MANAGED_ACCOUNT}:policy${e.Path}${name}`;
    out.set(arn, {
      arn,
      policyName: name,
      policyId: stableId(name),
      path: e.Path,
      defaultVersionId: e.DefaultVersionId,
      document: JSON.stringify(e.Document),
      createDate: iso(e.CreateDate),
      updateDate: iso(e.UpdateDate),
    });
  }
  return out;
}

const byPartition = new Map<string, Map<string, AwsManagedPolicy>>();

function catalogFor(partition: string): Map<string, AwsManagedPolicy> {
  let c = byPartition.get(partition);
  if (!c) byPartition.set(partition, (c = build(partition)));
  return c;
}

/** The AWS-managed policy with this ARN, if it is in the catalog. */
export const awsManagedPolicy = (partition: string, arn: string): AwsManagedPolicy | undefined => catalogFor(partition).get(arn);

/** Every AWS-managed policy, ordered by name. */
export const listAwsManagedPolicies = (partition: string): AwsManagedPolicy[] =>
  [...catalogFor(partition).values()].sort((a, b) => a.policyName.toLowerCase().localeCompare(b.policyName.toLowerCase()));

/** True for ARNs in the AWS-managed namespace (`arn:<partition>:iam::aws:policy/…`), known or not. */
export const isAwsManagedArn = (arn: string): boolean => /^arn:[^:]+:iam::aws:policy\//.test(arn);
