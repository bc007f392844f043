/**
 * @module GenerateServiceLastAccessedDetails, GetServiceLastAccessedDetails,
 * GetServiceLastAccessedDetailsWithEntities, and GenerateOrganizationsAccessReport's refusal.
 *
 * Spec: IAM API Reference of each action; IAM User Guide, "Refine permissions in AWS using last accessed
 * information" (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html).
 * The report is computed in the account's object when it is generated (report.ts), so JobStatus is
 * COMPLETED on the first Get (IN_PROGRESS and FAILED never occur) and JobCompletionDate is the creation
 * date. "Report owner": only the principal that generated a report can read it, a role session only
 * within the same session; for anyone else a JobId is unknown (NoSuchEntity). The latest 100 reports of an
 * account are kept (AWS publishes no retention; older JobIds become unknown).
 */
import { toHex } from '../../../core/bytes';
import { AwsError, noSuchEntity } from '../../../core/errors';
import type { TagRecord } from '../../../core/records';
import type { AccountAction } from '../../action';
import { buildTarget } from '../../authz-target';
import type { CallContext } from '../../context';
import { pageOfList } from '../pagination';
import { buildReport, type Granularity, type ReportResult } from './report';
import { kindOf, subjectOf } from './subject';

/** Reports kept per account. */
export const MAX_JOBS_KEPT = 100;

/** Who owns a report: the principal, and for temporary credentials the session (its key id). */
const ownerOf = (ctx: CallContext) => (ctx.caller.session ? `${ctx.caller.arn}#${ctx.caller.accessKeyId}` : ctx.caller.arn);

/** A version-4 UUID (the 36 characters of jobIDType) from the call's random source. */
function jobId(ctx: CallContext): string {
  const b = ctx.random(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = toHex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** GenerateServiceLastAccessedDetails, authorized as the action on the subject's ARN (with its tags). */
export const GenerateServiceLastAccessedDetails: AccountAction<{ Arn: string; Granularity?: Granularity }> = {
  name: 'GenerateServiceLastAccessedDetails',
  usesCatalog: true,
  target(ctx, store, input) {
    const { kind } = kindOf(ctx, input.Arn);
    let tags: readonly TagRecord[] = [];
    try {
      tags = subjectOf(ctx, store, input.Arn).tags;
    } catch (e) {
      // A subject that does not exist has no tags; NoSuchEntity comes from `run`, after authorization.
      if (!(e instanceof AwsError)) throw e;
    }
    return buildTarget('iam:GenerateServiceLastAccessedDetails', { type: kind, arn: input.Arn, tags });
  },
  run(ctx, store, input) {
    const subject = subjectOf(ctx, store, input.Arn);
    const granularity = input.Granularity ?? 'SERVICE_LEVEL';
    const id = jobId(ctx);
    const result = buildReport(store, subject, granularity, ctx.catalog, ctx.now);
    store.putAccessJob({ jobId: id, owner: ownerOf(ctx), arn: subject.arn, granularity, createdAt: ctx.now.toISOString(), result: JSON.stringify(result) }, MAX_JOBS_KEPT);
    return { JobId: id };
  },
};

/** The caller's own job, or NoSuchEntity (AWS's wording is not published). */
function ownJob(ctx: CallContext, store: Parameters<AccountAction['run']>[1], id: string) {
  const job = store.findAccessJob(id);
  if (!job || job.owner !== ownerOf(ctx)) throw noSuchEntity(`No job with ID ${id} was found.`);
  return { job, result: JSON.parse(job.result) as ReportResult };
}

/** GetServiceLastAccessedDetails, authorized as the action on `*` (the reference lists no resource type). */
export const GetServiceLastAccessedDetails: AccountAction<{ JobId: string; Marker?: string; MaxItems?: number }> = {
  name: 'GetServiceLastAccessedDetails',
  target: () => buildTarget('iam:GetServiceLastAccessedDetails', undefined),
  run(ctx, store, input) {
    const { job, result } = ownJob(ctx, store, input.JobId);
    const { items, ...page } = pageOfList(result.services, input, (s) => s.ServiceNamespace);
    return { JobStatus: 'COMPLETED', JobType: job.granularity, JobCreationDate: job.createdAt, JobCompletionDate: job.createdAt, ServicesLastAccessed: items, ...page };
  },
};

/** GetServiceLastAccessedDetailsWithEntities: the report's entities for one service, latest attempt first, then those without one. */
export const GetServiceLastAccessedDetailsWithEntities: AccountAction<{ JobId: string; ServiceNamespace: string; Marker?: string; MaxItems?: number }> = {
  name: 'GetServiceLastAccessedDetailsWithEntities',
  target: () => buildTarget('iam:GetServiceLastAccessedDetailsWithEntities', undefined),
  run(ctx, store, input) {
    const { job, result } = ownJob(ctx, store, input.JobId);
    const used = result.used[input.ServiceNamespace.toLowerCase()];
    // A service the report does not list: no entity could have used the subject's policies for it.
    const rows = used === undefined ? [] : [...used, ...result.entities.map((_, i) => [i, 0] as [number, number]).filter(([i]) => !used.some(([u]) => u === i))];
    const details = rows.map(([i, ms]) => {
      const e = result.entities[i]!;
      const EntityInfo = { Arn: e.arn, Name: e.name, Type: e.type.toUpperCase(), Id: e.id, Path: e.path };
      return ms ? { EntityInfo, LastAuthenticated: new Date(ms).toISOString() } : { EntityInfo };
    });
    const { items, ...page } = pageOfList(details, input, (d) => d.EntityInfo.Arn);
    return { JobStatus: 'COMPLETED', JobCreationDate: job.createdAt, JobCompletionDate: job.createdAt, EntityDetailsList: items, ...page };
  },
};

/**
 * GenerateOrganizationsAccessReport: AWS Organizations does not exist in this deployment, so no account is
 * an organization's management account. Refused, after authorization as the action on
 * `access-report/<EntityPath>`, with the answer AWS Organizations gives an account outside any
 * organization (`AWSOrganizationsNotInUseException`, "Your account is not a member of an organization.").
 */
export const GenerateOrganizationsAccessReport: AccountAction<{ EntityPath: string; OrganizationsPolicyId?: string }> = {
  name: 'GenerateOrganizationsAccessReport',
  target: (ctx, _store, input) =>
    buildTarget('iam:GenerateOrganizationsAccessReport', { type: 'access-report', arn: `arn:${ctx.partition}:iam::${ctx.caller.accountId}:access-report/${input.EntityPath}` }),
  run() {
    throw new AwsError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.', 400);
  },
};

/** Every action of this folder. */
export const LAST_ACCESSED_ACTIONS: readonly AccountAction[] = [
  GenerateServiceLastAccessedDetails,
  GetServiceLastAccessedDetails,
  GetServiceLastAccessedDetailsWithEntities,
  GenerateOrganizationsAccessReport,
];
