/**
 * @module A user group's page (`GET /console/iam/groups/{name}`): summary, members (add, remove), the
 * permissions (pages/permissions.tsx) and delete. DeleteGroup is refused with IAM's DeleteConflict while
 * the group has members or policies, and the page shows that message. Spec: IAM API Reference, GetGroup,
 * AddUserToGroup, RemoveUserFromGroup, DeleteGroup (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteGroup.html).
 */
import type { Hono } from 'hono';
import { act } from '../../act';
import type { ConsoleContext, ConsoleEnv } from '../../guard';
import { AppLayout } from '../../layout';
import { Csrf, ErrorAlert, Notice, PostButton, Section, when } from '../../ui';
import { doneRedirect, entityPath, noticeOf, readForm, refused, statusOf, type PageError } from '../forms';
import { loadPermissions, PERMISSION_NOTICES, PermissionsSection, registerPermissionRoutes, type InlineDraft } from '../permissions';

const NOTICES: Readonly<Record<string, string>> = {
  ...PERMISSION_NOTICES,
  created: 'User group created.',
  'user-added': 'User added to the group.',
  'user-removed': 'User removed from the group.',
};

type GroupOutput = { Group: { GroupName: string; GroupId: string; Arn: string; Path: string; CreateDate: string }; Users: Array<{ UserName: string; Arn: string }>; IsTruncated?: boolean };

const Members = (props: { base: string; csrf: string; group: GroupOutput; users: string[] }) => (
  <Section title="Users in this group" id="members">
    <div class="table-wrap">
      <table id="group-users">
        <caption>Members ({props.group.Users.length}{props.group.IsTruncated ? '+' : ''})</caption>
        <thead>
          <tr>
            <th scope="col">User name</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {props.group.Users.map((u) => (
            <tr>
              <td>{u.UserName}</td>
              <td>
                <PostButton action={`${props.base}/users/remove`} csrf={props.csrf} label={`Remove ${u.UserName}`} fields={{ UserName: u.UserName }} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    <form method="post" action={`${props.base}/users/add`}>
      <Csrf token={props.csrf} />
      <p class="field">
        <label for="add-user">User name to add</label>
        <input id="add-user" name="UserName" type="text" list="user-choices" required maxlength={64} />
        <datalist id="user-choices">
          {props.users.map((u) => (
            <option value={u} />
          ))}
        </datalist>
      </p>
      <button type="submit">Add user</button>
    </form>
  </Section>
);

/** The group's page; `extra` carries a refused change to show. */
export async function groupPage(c: ConsoleContext, name: string, extra: { error?: PageError; draft?: InlineDraft } = {}) {
  const identity = c.get('identity');
  const csrf = identity.session.csrf;
  const [got, users, perms] = await Promise.all([
    act(c, identity.caller, 'GetGroup', { GroupName: name, MaxItems: 100 }),
    act(c, identity.caller, 'ListUsers', { MaxItems: 100 }),
    loadPermissions(c, 'Group', name, c.req.query('policy')),
  ]);
  const base = entityPath('groups', name);
  const error = extra.error ?? (got.ok ? undefined : got.error);
  const group = got.ok ? (got.output as GroupOutput) : undefined;
  const choices = users.ok ? (users.output as { Users: Array<{ UserName: string }> }).Users.map((u) => u.UserName) : [];
  return c.html(
    <AppLayout title={`User group ${name}`} identity={identity} current="/console/iam/groups">
      <p>
        <a href="/console/iam/groups">User groups</a>
      </p>
      <Notice message={noticeOf(c, NOTICES)} />
      <ErrorAlert error={error} />
      {group ? (
        <>
          <dl class="facts" id="group-summary">
            <dt>ARN</dt>
            <dd>{group.Group.Arn}</dd>
            <dt>Path</dt>
            <dd>{group.Group.Path}</dd>
            <dt>Created</dt>
            <dd>{when(group.Group.CreateDate)}</dd>
          </dl>
          <Members base={base} csrf={csrf} group={group} users={choices} />
          <PermissionsSection kind="Group" name={name} csrf={csrf} perms={perms} draft={extra.draft} />
          <Section title="Delete user group" id="delete-group">
            <p>A group can be deleted once it has no users and no policies.</p>
            <PostButton action={`${base}/delete`} csrf={csrf} label="Delete user group" confirm={`Delete user group ${name}?`} danger />
          </Section>
        </>
      ) : null}
    </AppLayout>,
    statusOf(extra.draft?.error ?? error),
  );
}

/** The group page's routes (besides permissions): the page, members, delete. */
export function registerGroupDetail(app: Hono<ConsoleEnv>): void {
  app.get('/groups/:name', (c) => groupPage(c, c.req.param('name')));
  const member = (path: string, action: string, done: string) =>
    app.post(`/groups/:name/${path}`, async (c) => {
      const form = await readForm(c);
      if (!form) return refused(c);
      const name = c.req.param('name');
      const result = await act(c, c.get('identity').caller, action, { GroupName: name, UserName: form['UserName'] });
      return result.ok ? doneRedirect(c, entityPath('groups', name), done) : groupPage(c, name, { error: result.error });
    });
  member('users/add', 'AddUserToGroup', 'user-added');
  member('users/remove', 'RemoveUserFromGroup', 'user-removed');
  app.post('/groups/:name/delete', async (c) => {
    const form = await readForm(c);
    if (!form) return refused(c);
    const name = c.req.param('name');
    const result = await act(c, c.get('identity').caller, 'DeleteGroup', { GroupName: name });
    return result.ok ? doneRedirect(c, '/console/iam/groups', 'deleted') : groupPage(c, name, { error: result.error });
  });
  registerPermissionRoutes(app, 'Group', groupPage);
}
