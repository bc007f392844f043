/**
 * @module The AWS-managed policy catalog: global, read-only policies at `arn:aws:iam::aws:policy/…`,
 * attachable in every account. Spec: IAM User Guide, "AWS managed policies"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies).
 *
 * The catalog (about 1,600 policies, catalog/aws-managed-policies/) is not part of the Worker's bundle: it
 * is seeded into D1 and each isolate or account object reads it from there (storage/aws-managed-catalog.ts),
 * then installs it here with {@link installAwsManagedCatalog} before anything reads it. The lookups below are
 * synchronous because the actions that use them run inside one SQLite transaction. The catalog is the same
 * for every account (nothing tenant-specific is held here), and a newer version only ever replaces an
 * older one.
 */
import { AwsError } from '../../core/errors';

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
  /** AWS's description, when the source has one (GetPolicy omits it otherwise). */
  description?: string;
  /** AWS's IsAttachable. */
  attachable: boolean;
}

/** One policy as stored (D1 table `aws_managed_policies`), independent of the partition. */
export interface AwsManagedEntry {
  name: string;
  path: string;
  defaultVersionId: string;
  document: string;
  createDate: string;
  updateDate: string;
  description: string | null;
  attachable: boolean;
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

/** An installed catalog: its entries, its version, and the per-partition views built from them. */
interface Installed {
  version: string;
  entries: readonly AwsManagedEntry[];
  byPartition: Map<string, { byArn: Map<string, AwsManagedPolicy>; sorted: AwsManagedPolicy[] }>;
}

let installed: Installed | undefined;

/**
 * Installs `entries` as the catalog of `version` (the artefact's SHA-256). The same version again is a
 * no-op, so every caller may install what it read without rebuilding the views.
 */
export function installAwsManagedCatalog(version: string, entries: readonly AwsManagedEntry[]): void {
  if (installed?.version === version) return;
  installed = { version, entries, byPartition: new Map() };
}

/** The installed catalog's version, or undefined before the first install. */
export const installedAwsManagedVersion = (): string | undefined => installed?.version;

/**
 * The catalog could not be read from storage and none was read before: a lookup cannot say whether an
 * AWS-managed policy exists, so it fails rather than answer NoSuchEntity for one that does (or drop an
 * attached policy from a decision).
 */
const unavailable = () => new AwsError('ServiceFailure', 'The AWS managed policy catalog is not available. Try again later.', 500);

function viewFor(partition: string) {
  if (!installed) throw unavailable();
  let v = installed.byPartition.get(partition);
  if (!v) {
    const byArn = new Map<string, AwsManagedPolicy>();
    for (const e of installed.entries) {
      const arn = `arn:${partition}:iam::${AWS_MANAGED_ACCOUNT}:policy${e.path}${e.name}`;
      byArn.set(arn, {
        arn,
        policyName: e.name,
        policyId: stableId(e.name),
        path: e.path,
        defaultVersionId: e.defaultVersionId,
        document: e.document,
        createDate: iso(e.createDate),
        updateDate: iso(e.updateDate),
        ...(e.description ? { description: e.description } : {}),
        attachable: e.attachable,
      });
    }
    const sorted = [...byArn.values()].sort((a, b) => a.policyName.toLowerCase().localeCompare(b.policyName.toLowerCase()));
    installed.byPartition.set(partition, (v = { byArn, sorted }));
  }
  return v;
}

/** The AWS-managed policy with this ARN, if it is in the catalog. */
export const awsManagedPolicy = (partition: string, arn: string): AwsManagedPolicy | undefined => viewFor(partition).byArn.get(arn);

/** Every AWS-managed policy, ordered by name (case-insensitively). */
export const listAwsManagedPolicies = (partition: string): readonly AwsManagedPolicy[] => viewFor(partition).sorted;

/** True for ARNs in the AWS-managed namespace (`arn:<partition>:iam::aws:policy/…`), known or not. */
export const isAwsManagedArn = (arn: string): boolean => /^arn:[^:]+:iam::aws:policy\//.test(arn);
