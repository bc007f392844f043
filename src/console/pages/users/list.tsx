/**
 * @module GET /console/iam/users: the account's users, one ListUsers call per page (IAM's `Marker`
 * pagination, https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUsers.html). The columns are the
 * ones ListUsers answers (name, path, creation, the password's last use, which AWS's console calls
 * "Console last sign-in"); a group count would cost one ListGroupsForUser per row, so the detail page shows
 * groups instead. The search box filters the names of the page IAM answered, as AWS's console filters what
 * it loaded: with a search the page asks for IAM's largest page (1,000 users) so the filter sees them all
 * in one call in any account of up to 1,000 users.
 */
import type { ConsoleContext } from '../../guard';
import { AppLayout } from '../../layout';
import { ErrorAlert, NextPage, Notice, when } from '../../ui';
import { statusOf } from '../page-kit';
import { actAs, doneNotice, USERS, userPath } from './common';

interface ListedUser {
  UserName: string;
  Path: string;
  Arn: string;
  CreateDate: string;
  PasswordLastUsed?: string;
}
interface UsersPage {
  Users: ListedUser[];
  IsTruncated?: boolean;
  Marker?: string;
}

/** Items per page: 50 to browse, IAM's maximum (1,000) when filtering by name. */
const PAGE = 50;
const SEARCH_PAGE = 1000;
/** A search longer than a user name (128) matches nothing anyway. */
const MAX_SEARCH = 128;

export async function usersList(c: ConsoleContext) {
  const identity = c.get('identity');
  const search = (c.req.query('search') ?? '').trim().slice(0, MAX_SEARCH);
  const marker = c.req.query('marker');
  const result = await actAs<UsersPage>(c, 'ListUsers', { MaxItems: search ? SEARCH_PAGE : PAGE, ...(marker ? { Marker: marker } : {}) });
  const needle = search.toLowerCase();
  const users = result.ok ? result.output.Users.filter((u) => u.UserName.toLowerCase().includes(needle)) : [];
  return c.html(
    <AppLayout title="Users" identity={identity} current={USERS}>
      <Notice message={doneNotice(c)} />
      <p>
        <a href="/console/iam/new-user" id="create-user">
          Create user
        </a>
      </p>
      <form method="get" action={USERS} role="search">
        <label for="search">Find users by name</label>
        <input id="search" name="search" type="search" value={search} maxlength={MAX_SEARCH} />{' '}
        <button type="submit">Search</button>
        <small class="hint">Filters the users of this page by a part of their name.</small>
      </form>
      {result.ok ? <UsersTable users={users} /> : <ErrorAlert error={result.error} />}
      {result.ok && result.output.IsTruncated ? <NextPage path={USERS} marker={result.output.Marker} query={search ? { search } : {}} /> : null}
    </AppLayout>,
    statusOf(result.ok ? undefined : result.error),
  );
}

const UsersTable = (props: { users: ListedUser[] }) => (
  <div class="table-wrap">
    <table id="users">
      <caption>Users ({props.users.length})</caption>
      <thead>
        <tr>
          <th scope="col">User name</th>
          <th scope="col">Path</th>
          <th scope="col">Created</th>
          <th scope="col">Console last sign-in</th>
        </tr>
      </thead>
      <tbody>
        {props.users.map((u) => (
          <tr>
            <td>
              <a href={userPath(u.UserName)}>{u.UserName}</a>
            </td>
            <td>{u.Path}</td>
            <td>{when(u.CreateDate)}</td>
            <td>{when(u.PasswordLastUsed)}</td>
          </tr>
        ))}
      </tbody>
    </table>
    {props.users.length === 0 ? <p>No users to show.</p> : null}
  </div>
);
