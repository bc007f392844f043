/**
 * @module Creating a user: GET /console/iam/new-user (the form: outside /users/, where a user named `new` would shadow it), POST /console/iam/users. As AWS's console
 * does (IAM User Guide, "Create an IAM user in your AWS account",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_users_create.html), one form gives the name and path,
 * optionally a console password (with "must create a new password at next sign-in"), a group and a managed
 * policy; each is its own IAM action as the signed-in principal (CreateUser, CreateLoginProfile,
 * AddUserToGroup, AttachUserPolicy). When CreateUser fails nothing was made and the form comes back with
 * AWS's error; when a later step fails, the page says which steps were done and which failed, with AWS's
 * words, and links to the user that exists.
 */
import type { WireError } from '../../../storage/account-rpc';
import type { ConsoleContext } from '../../guard';
import { AppLayout } from '../../layout';
import { Csrf, ErrorAlert, Field } from '../../ui';
import type { Form } from '../../http';
import { GroupPicker, loadChoices, PolicyPicker } from './choices';
import { postedForm, statusOf } from '../page-kit';
import { actAs, USERS, userPath } from './common';

/** The user-typed fields the form echoes back after a refusal (never the password). */
type Draft = Partial<Record<'UserName' | 'Path' | 'GroupName' | 'PolicyArn', string>>;

async function formPage(c: ConsoleContext, draft: Draft, error?: WireError) {
  const identity = c.get('identity');
  const choices = await loadChoices(c);
  return c.html(
    <AppLayout title="Create user" identity={identity} current={USERS}>
      <ErrorAlert error={error} />
      <form method="post" action={USERS} id="create-user-form">
        <Csrf token={identity.session.csrf} />
        <Field id="UserName" label="User name" value={draft.UserName} required maxlength={64} hint="Up to 64 letters, digits and +=,.@_-" />
        <Field id="Path" label="Path (optional)" value={draft.Path} maxlength={512} hint="Begins and ends with /; the default is /" />
        <fieldset>
          <legend>Console access (optional)</legend>
          <Field id="Password" label="Console password" type="password" autocomplete="new-password" hint="Leave empty for no console access" />
          <input type="checkbox" id="PasswordResetRequired" name="PasswordResetRequired" value="true" checked />{' '}
          <label for="PasswordResetRequired">User must create a new password at next sign-in</label>
        </fieldset>
        <GroupPicker id="GroupName" name="GroupName" label="Add to group (optional)" optional choices={choices.groups} selected={draft.GroupName} />
        <PolicyPicker id="PolicyArn" name="PolicyArn" label="Attach a managed policy (optional)" optional choices={choices.policies} selected={draft.PolicyArn} />
        <button type="submit">Create user</button>
      </form>
    </AppLayout>,
    statusOf(error),
  );
}

/** One step after CreateUser and how it went. */
interface Step {
  label: string;
  error?: WireError;
}

/** The optional steps the form asked for, each run as its own IAM action; every one runs, as each stands alone. */
async function followUps(c: ConsoleContext, form: Form, UserName: string): Promise<Step[]> {
  const steps: Array<[string, string, Record<string, unknown>]> = [];
  if (form['Password']) {
    const reset = form['PasswordResetRequired'] === 'true';
    steps.push(['Set the console password', 'CreateLoginProfile', { UserName, Password: form['Password'], PasswordResetRequired: reset }]);
  }
  if (form['GroupName']) steps.push([`Add to group ${form['GroupName']}`, 'AddUserToGroup', { UserName, GroupName: form['GroupName'] }]);
  if (form['PolicyArn']) steps.push([`Attach policy ${form['PolicyArn']}`, 'AttachUserPolicy', { UserName, PolicyArn: form['PolicyArn'] }]);
  const done: Step[] = [];
  for (const [label, action, input] of steps) {
    const r = await actAs(c, action, input);
    done.push(r.ok ? { label } : { label, error: r.error });
  }
  return done;
}

const PartlyDone = (props: { name: string; steps: Step[] }) => (
  <>
    <div class="alert warning" role="alert">
      The user <strong>{props.name}</strong> was created, but not every step succeeded.
    </div>
    <ul id="create-steps">
      <li>Create user {props.name}: done</li>
      {props.steps.map((s) =>
        s.error ? (
          <li>
            {s.label}: failed <ErrorAlert error={s.error} />
          </li>
        ) : (
          <li>{s.label}: done</li>
        ),
      )}
    </ul>
    <p>
      <a href={userPath(props.name)}>Open user {props.name}</a>
    </p>
  </>
);

export const newUserForm = (c: ConsoleContext) => formPage(c, {});

export async function createUser(c: ConsoleContext) {
  const identity = c.get('identity');
  const form = await postedForm(c, USERS);
  if (form instanceof Response) return form;
  const UserName = form['UserName'] ?? '';
  const draft: Draft = { UserName, Path: form['Path'], GroupName: form['GroupName'], PolicyArn: form['PolicyArn'] };
  const created = await actAs(c, 'CreateUser', { UserName, ...(form['Path'] ? { Path: form['Path'] } : {}) });
  if (!created.ok) return formPage(c, draft, created.error);
  const steps = await followUps(c, form, UserName);
  const failed = steps.find((s) => s.error);
  if (!failed) return c.redirect(`${userPath(UserName)}?done=created`, 303);
  return c.html(
    <AppLayout title="Create user" identity={identity} current={USERS}>
      <PartlyDone name={UserName} steps={steps} />
    </AppLayout>,
    statusOf(failed.error!),
  );
}
