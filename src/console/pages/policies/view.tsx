/**
 * @module GET /console/iam/policies/view?arn=...: a managed policy as AWS's console shows it: the summary
 * (GetPolicy), a version's document (GetPolicyVersion; the default one unless `version` names another),
 * the versions (ListPolicyVersions) with create / set default / delete, the entities attached
 * (ListEntitiesForPolicy), and delete. AWS-managed policies are viewable only: AWS's console offers no
 * edit for them, and IAM refuses their writes anyway.
 * Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_manage-versioning.html
 */
import type { WireError } from '../../../storage/account-rpc';
import { actQuery } from '../../act-query';
import type { ConsoleContext } from '../../guard';
import { AppLayout } from '../../layout';
import { ErrorAlert, Notice, PostButton, Section, when } from '../../ui';
import { noticeOf, pretty, statusOf } from '../page-kit';
import { PolicyEntities, type EntitiesOutput } from './entities';
import { isAwsManaged, POLICIES } from './list';
import { VersionsSection, type ListedVersion } from './versions-section';

const NOTICES: Record<string, string> = {
  created: 'The policy was created.',
  'version-created': 'A new version of the policy was created.',
  'default-set': 'The default version was changed.',
  'version-deleted': 'The policy version was deleted.',
};

interface Policy {
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  DefaultVersionId: string;
  AttachmentCount: number;
  PermissionsBoundaryUsageCount: number;
  Description?: string;
  CreateDate: string;
  UpdateDate: string;
}

/** GetPolicyVersion's Document is URL-encoded (RFC 3986), as the API answers it; shown as stored if it is not. */
function urlDecoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** What a failed post of this page brings back: the error, where it belongs, and the document as typed. */
export interface ViewProblem {
  error: WireError;
  at: 'versions' | 'delete';
  draft?: string;
}

/** Renders the policy page; `problem` is a refused or failed post, shown where it happened. */
export async function renderPolicy(c: ConsoleContext, arn: string, problem?: ViewProblem) {
  const policy = await actQuery(c, 'GetPolicy', { PolicyArn: arn });
  const identity = c.get('identity');
  if (!policy.ok) {
    return c.html(
      <AppLayout title="Policy" identity={identity} current={POLICIES}>
        <ErrorAlert error={problem?.error} />
        <ErrorAlert error={policy.error} />
        <p>
          <a href={POLICIES}>Back to policies</a>
        </p>
      </AppLayout>,
      statusOf(problem?.error ?? policy.error),
    );
  }
  const p = (policy.output as { Policy: Policy }).Policy;
  const versionId = /^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/.test(c.req.query('version') ?? '') ? c.req.query('version')! : p.DefaultVersionId;
  const [doc, versions, entities] = await Promise.all([
    actQuery(c, 'GetPolicyVersion', { PolicyArn: arn, VersionId: versionId }),
    actQuery(c, 'ListPolicyVersions', { PolicyArn: arn, MaxItems: '100' }),
    actQuery(c, 'ListEntitiesForPolicy', { PolicyArn: arn, MaxItems: '1000' }),
  ]);
  const document = doc.ok ? pretty(urlDecoded((doc.output as { PolicyVersion: { Document: string } }).PolicyVersion.Document)) : '';
  const editable = !isAwsManaged(p.Arn);
  return c.html(
    <AppLayout title={`Policy ${p.PolicyName}`} identity={identity} current={POLICIES}>
      <Notice message={problem ? undefined : noticeOf(NOTICES, c.req.query('done'))} />
      {problem?.at === 'delete' ? <ErrorAlert error={problem.error} /> : null}
      <Summary p={p} />
      <Section title={`Permissions (version ${versionId}${versionId === p.DefaultVersionId ? ', default' : ''})`} id="document">
        {doc.ok ? <pre id="policy-document">{document}</pre> : <ErrorAlert error={doc.error} />}
      </Section>
      <VersionsSection
        arn={p.Arn}
        csrf={identity.session.csrf}
        editable={editable}
        result={versions.ok ? (versions.output as { Versions: ListedVersion[] }).Versions : versions.error}
        draft={problem?.at === 'versions' && problem.draft !== undefined ? problem.draft : document}
        error={problem?.at === 'versions' ? problem.error : undefined}
      />
      <PolicyEntities result={entities.ok ? (entities.output as EntitiesOutput) : entities.error} />
      {editable ? (
        <Section title="Delete policy" id="delete">
          <p>A policy attached to a user, group or role, or used as a permissions boundary, cannot be deleted: detach it first. Versions other than the default must be deleted first.</p>
          <PostButton action={`${POLICIES}/delete`} csrf={identity.session.csrf} label="Delete policy" fields={{ arn: p.Arn }} confirm={`Delete the policy ${p.PolicyName}?`} danger />
        </Section>
      ) : (
        <p id="aws-managed-note">This is an AWS managed policy: you can attach it and view it, but not change or delete it.</p>
      )}
    </AppLayout>,
    statusOf(problem?.error),
  );
}

const Summary = (props: { p: Policy }) => (
  <dl class="facts" id="policy-summary">
    <dt>Policy ARN</dt>
    <dd id="policy-arn">{props.p.Arn}</dd>
    <dt>Type</dt>
    <dd>{isAwsManaged(props.p.Arn) ? 'AWS managed' : 'Customer managed'}</dd>
    <dt>Description</dt>
    <dd>{props.p.Description ?? '(none)'}</dd>
    <dt>Path</dt>
    <dd>{props.p.Path}</dd>
    <dt>Default version</dt>
    <dd id="default-version">{props.p.DefaultVersionId}</dd>
    <dt>Attached entities</dt>
    <dd>{String(props.p.AttachmentCount)}</dd>
    <dt>Used as permissions boundary</dt>
    <dd>{String(props.p.PermissionsBoundaryUsageCount)}</dd>
    <dt>Created</dt>
    <dd>{when(props.p.CreateDate)}</dd>
    <dt>Last updated</dt>
    <dd>{when(props.p.UpdateDate)}</dd>
  </dl>
);

export const viewPolicy = (c: ConsoleContext) => renderPolicy(c, c.req.query('arn') ?? '');
