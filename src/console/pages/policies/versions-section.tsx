/**
 * @module The versions part of a policy's page: the list (newest first, the default marked), "set as
 * default" and "delete" per version, and the editor that creates a new version (optionally the default).
 * IAM keeps at most five versions (LimitExceeded) and never deletes the default one (DeleteConflict); the
 * page shows IAM's own words for both.
 * Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_manage-versioning.html
 */
import type { WireError } from '../../../storage/account-rpc';
import { Csrf, ErrorAlert, PostButton, Section, when } from '../../ui';
import { isDocumentError, PolicyEditor } from '../page-kit';
import { POLICIES } from './list';

export interface ListedVersion {
  VersionId: string;
  IsDefaultVersion: boolean;
  CreateDate: string;
}

const versionLink = (arn: string, v: string) => `${POLICIES}/view?${new URLSearchParams({ arn, version: v }).toString()}`;

export const VersionsSection = (props: {
  arn: string;
  csrf: string;
  editable: boolean;
  result: ListedVersion[] | WireError;
  draft: string;
  error?: WireError | undefined;
}) => {
  const docError = props.error && isDocumentError(props.error) ? props.error : undefined;
  return (
    <Section title="Policy versions" id="versions">
      {props.error && !docError ? <ErrorAlert error={props.error} /> : null}
      {Array.isArray(props.result) ? (
        <VersionTable arn={props.arn} csrf={props.csrf} editable={props.editable} versions={props.result} />
      ) : (
        <ErrorAlert error={props.result} />
      )}
      {props.editable ? (
        <form method="post" action={`${POLICIES}/versions`} id="create-version-form">
          <h3>Create a new version</h3>
          <Csrf token={props.csrf} />
          <input type="hidden" name="arn" value={props.arn} />
          <PolicyEditor id="PolicyDocument" label="Policy document (JSON)" value={props.draft} error={docError} />
          <p class="field">
            <input type="checkbox" id="SetAsDefault" name="SetAsDefault" value="true" checked />{' '}
            <label for="SetAsDefault">Set as default version</label>
          </p>
          <button type="submit">Save new version</button>
        </form>
      ) : null}
    </Section>
  );
};

const VersionTable = (props: { arn: string; csrf: string; editable: boolean; versions: ListedVersion[] }) => (
  <div class="table-wrap">
    <table id="policy-versions">
      <caption>Versions of the policy (at most five)</caption>
      <thead>
        <tr>
          <th scope="col">Version</th>
          <th scope="col">Created</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {props.versions.map((v) => (
          <tr>
            <td>
              <a href={versionLink(props.arn, v.VersionId)}>{v.VersionId}</a>
              {v.IsDefaultVersion ? ' (default)' : ''}
            </td>
            <td>{when(v.CreateDate)}</td>
            <td>
              {props.editable && !v.IsDefaultVersion ? (
                <>
                  <PostButton action={`${POLICIES}/versions/default`} csrf={props.csrf} label={`Set ${v.VersionId} as default`} fields={{ arn: props.arn, VersionId: v.VersionId }} />
                  <PostButton action={`${POLICIES}/versions/delete`} csrf={props.csrf} label={`Delete ${v.VersionId}`} fields={{ arn: props.arn, VersionId: v.VersionId }} confirm={`Delete version ${v.VersionId}?`} danger />
                </>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);
