/**
 * @module The user detail page, GET /console/iam/users/{name} (AWS's console "user details": summary,
 * groups, permissions, tags; security credentials on their own page), and its forms' posts, each one IAM
 * action as the signed-in principal. A refused post renders the page again with AWS's error, the status
 * of that error and what was typed; a done one redirects (303) to the page with a fixed notice.
 */
import type { WireError } from '../../../storage/account-rpc';
import type { ConsoleContext } from '../../guard';
import { AppLayout } from '../../layout';
import { ErrorAlert, Notice } from '../../ui';
import type { Form } from '../../http';
import { isDocumentError, postedForm, statusOf } from '../page-kit';
import { actAs, doneNotice, USERS, userPath } from './common';
import { loadUserDetail } from './detail-data';
import { Attached, Delete, Groups, Inline, Summary, Tags, type Draft } from './detail-sections';

async function detailPage(c: ConsoleContext, name: string, failure?: { error: WireError; draft: Draft }) {
  const identity = c.get('identity');
  const csrf = identity.session.csrf;
  const detail = await loadUserDetail(c, name);
  const error = failure?.error ?? (detail.user.ok ? undefined : detail.user.error);
  // A policy document's error is shown under the editor, with the document as typed (page-kit.tsx).
  const documentError = failure?.draft.PolicyDocument !== undefined && error && isDocumentError(error) ? error : undefined;
  return c.html(
    <AppLayout title={`User ${name}`} identity={identity} current={USERS}>
      <p>
        <a href={USERS}>Users</a>
      </p>
      <Notice message={failure ? undefined : doneNotice(c)} />
      <ErrorAlert error={documentError ? undefined : error} />
      {'groups' in detail ? (
        <>
          <Summary user={detail.user.output.User} />
          <Groups name={name} detail={detail} csrf={csrf} />
          <Attached name={name} detail={detail} csrf={csrf} />
          <Inline name={name} detail={detail} draft={failure?.draft ?? {}} documentError={documentError} csrf={csrf} />
          <Tags name={name} detail={detail} draft={failure?.draft ?? {}} csrf={csrf} />
          <Delete name={name} csrf={csrf} />
        </>
      ) : null}
    </AppLayout>,
    statusOf(error),
  );
}

export const userDetail = (c: ConsoleContext) => detailPage(c, c.req.param('name') ?? '');

/** A form of the detail page: the IAM action it runs, its input from the form, the notice when done. */
interface UserForm {
  action: string;
  input: (form: Form) => Record<string, unknown>;
  done: string;
}

/** The detail page's forms, by the path under /users/{name}/ they post to. */
export const USER_FORMS: Readonly<Record<string, UserForm>> = {
  'groups/add': { action: 'AddUserToGroup', input: (f) => ({ GroupName: f['GroupName'] }), done: 'group-added' },
  'groups/remove': { action: 'RemoveUserFromGroup', input: (f) => ({ GroupName: f['GroupName'] }), done: 'group-removed' },
  'policies/attach': { action: 'AttachUserPolicy', input: (f) => ({ PolicyArn: f['PolicyArn'] }), done: 'policy-attached' },
  'policies/detach': { action: 'DetachUserPolicy', input: (f) => ({ PolicyArn: f['PolicyArn'] }), done: 'policy-detached' },
  inline: { action: 'PutUserPolicy', input: (f) => ({ PolicyName: f['PolicyName'], PolicyDocument: f['PolicyDocument'] }), done: 'inline-saved' },
  'inline/delete': { action: 'DeleteUserPolicy', input: (f) => ({ PolicyName: f['PolicyName'] }), done: 'inline-deleted' },
  tags: { action: 'TagUser', input: (f) => ({ Tags: [{ Key: f['Key'], Value: f['Value'] ?? '' }] }), done: 'tag-added' },
  'tags/remove': { action: 'UntagUser', input: (f) => ({ TagKeys: [f['TagKey']] }), done: 'tag-removed' },
};

/** The post handler of one of the detail page's forms. */
export const postUserForm = (spec: UserForm) => async (c: ConsoleContext) => {
  const form = await postedForm(c, USERS);
  if (form instanceof Response) return form;
  const name = c.req.param('name') ?? '';
  const result = await actAs(c, spec.action, { UserName: name, ...spec.input(form) });
  if (result.ok) return c.redirect(`${userPath(name)}?done=${spec.done}`, 303);
  const draft: Draft = { PolicyName: form['PolicyName'], PolicyDocument: form['PolicyDocument'], Key: form['Key'], Value: form['Value'] };
  return detailPage(c, name, { error: result.error, draft });
};

/**
 * POST /users/{name}/delete: DeleteUser. IAM refuses while the user still has a password, keys, an MFA
 * device, policies or groups (DeleteConflict, https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUser.html);
 * the page shows that refusal in AWS's words rather than removing them behind the administrator's back.
 */
export async function deleteUser(c: ConsoleContext) {
  const form = await postedForm(c, USERS);
  if (form instanceof Response) return form;
  const name = c.req.param('name') ?? '';
  const result = await actAs(c, 'DeleteUser', { UserName: name });
  if (result.ok) return c.redirect(`${USERS}?done=deleted`, 303);
  return detailPage(c, name, { error: result.error, draft: {} });
}

