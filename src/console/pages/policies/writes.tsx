/**
 * @module The policy page's posts: CreatePolicyVersion, SetDefaultPolicyVersion, DeletePolicyVersion and
 * DeletePolicy, each one IAM action as the signed-in principal. Success goes back to the page (303, a
 * fixed notice); a refusal or IAM error re-renders the page with AWS's code and message where it happened
 * and the HTTP status of the error; nothing is changed.
 * Spec: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html and siblings.
 */
import { actQuery } from '../../act-query';
import type { ConsoleContext } from '../../guard';
import { postedForm } from '../page-kit';
import { POLICIES } from './list';
import { renderPolicy } from './view';

const backTo = (c: ConsoleContext, arn: string, done: string) => c.redirect(`${POLICIES}/view?${new URLSearchParams({ arn, done }).toString()}`, 303);

export async function createVersion(c: ConsoleContext) {
  const form = await postedForm(c, POLICIES);
  if (form instanceof Response) return form;
  const arn = form['arn'] ?? '';
  const draft = form['PolicyDocument'] ?? '';
  const result = await actQuery(c, 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: draft, SetAsDefault: form['SetAsDefault'] === 'true' ? 'true' : 'false' });
  if (!result.ok) return renderPolicy(c, arn, { error: result.error, at: 'versions', draft });
  return backTo(c, arn, 'version-created');
}

/** SetDefaultPolicyVersion and DeletePolicyVersion: the version named by the form. */
const versionAction = (action: 'SetDefaultPolicyVersion' | 'DeletePolicyVersion', done: string) => async (c: ConsoleContext) => {
  const form = await postedForm(c, POLICIES);
  if (form instanceof Response) return form;
  const arn = form['arn'] ?? '';
  const result = await actQuery(c, action, { PolicyArn: arn, VersionId: form['VersionId'] ?? '' });
  if (!result.ok) return renderPolicy(c, arn, { error: result.error, at: 'versions' });
  return backTo(c, arn, done);
};

export const setDefaultVersion = versionAction('SetDefaultPolicyVersion', 'default-set');
export const deleteVersion = versionAction('DeletePolicyVersion', 'version-deleted');

export async function deletePolicy(c: ConsoleContext) {
  const form = await postedForm(c, POLICIES);
  if (form instanceof Response) return form;
  const arn = form['arn'] ?? '';
  const result = await actQuery(c, 'DeletePolicy', { PolicyArn: arn });
  if (!result.ok) return renderPolicy(c, arn, { error: result.error, at: 'delete' });
  return c.redirect(`${POLICIES}?done=deleted`, 303);
}
