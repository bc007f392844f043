/**
 * @module The user groups list (`GET /console/iam/groups`) with its create form, and CreateGroup
 * (`POST /console/iam/groups`). ListGroups pages by IAM's Marker (50 a page); the search box filters the
 * page shown, as AWS's console filters what it listed, not IAM. Spec: IAM API Reference, ListGroups and
 * CreateGroup (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListGroups.html).
 */
import { act } from '../../act';
import type { ConsoleContext } from '../../guard';
import { AppLayout } from '../../layout';
import { Csrf, ErrorAlert, Field, NextPage, Notice, Section, when } from '../../ui';
import { doneRedirect, entityPath, noticeOf, readForm, refused, statusOf, type PageError } from '../forms';

const NOTICES: Readonly<Record<string, string>> = { deleted: 'User group deleted.' };

type GroupItem = { GroupName: string; Path: string; Arn: string; CreateDate: string };

/** The list page; `draft` and `error` when a CreateGroup was refused. */
export async function groupsPage(c: ConsoleContext, draft?: { GroupName: string; Path: string }, error?: PageError) {
  const identity = c.get('identity');
  const search = (c.req.query('search') ?? '').slice(0, 128);
  const marker = c.req.query('marker');
  const listed = await act(c, identity.caller, 'ListGroups', { MaxItems: 50, ...(marker ? { Marker: marker } : {}) });
  const page = listed.ok ? (listed.output as { Groups: GroupItem[]; IsTruncated: boolean; Marker?: string }) : undefined;
  const needle = search.toLowerCase();
  const groups = (page?.Groups ?? []).filter((g) => g.GroupName.toLowerCase().includes(needle));
  return c.html(
    <AppLayout title="User groups" identity={identity} current="/console/iam/groups">
      <Notice message={noticeOf(c, NOTICES)} />
      <ErrorAlert error={error} />
      <form method="get" action="/console/iam/groups" role="search">
        <Field id="search" label="Find groups by name (this page)" type="search" value={search} maxlength={128} />
        <button type="submit" class="secondary">Search</button>
      </form>
      {page ? (
        <div class="table-wrap">
          <table id="groups">
            <caption>User groups ({groups.length})</caption>
            <thead>
              <tr>
                <th scope="col">Group name</th>
                <th scope="col">Path</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr>
                  <td>
                    <a href={entityPath('groups', g.GroupName)}>{g.GroupName}</a>
                  </td>
                  <td>{g.Path}</td>
                  <td>{when(g.CreateDate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <ErrorAlert error={listed.ok ? undefined : listed.error} />
      )}
      <NextPage path="/console/iam/groups" marker={page?.IsTruncated ? page.Marker : undefined} query={search ? { search } : {}} />
      <Section title="Create user group" id="create-group">
        <form method="post" action="/console/iam/groups">
          <Csrf token={identity.session.csrf} />
          <Field id="GroupName" label="User group name" value={draft?.GroupName} required maxlength={128} hint="Up to 128 letters, digits and + = , . @ _ -" />
          <Field id="Path" label="Path (optional)" value={draft?.Path} maxlength={512} hint="For example /division/team/; / when empty" />
          <button type="submit">Create user group</button>
        </form>
      </Section>
    </AppLayout>,
    statusOf(error ?? (listed.ok ? undefined : listed.error)),
  );
}

/** CreateGroup, then the new group's page. */
export async function createGroup(c: ConsoleContext) {
  const form = await readForm(c);
  if (!form) return refused(c);
  const draft = { GroupName: form['GroupName'] ?? '', Path: form['Path'] ?? '' };
  const result = await act(c, c.get('identity').caller, 'CreateGroup', { GroupName: draft.GroupName, ...(draft.Path ? { Path: draft.Path } : {}) });
  if (!result.ok) return groupsPage(c, draft, result.error);
  return doneRedirect(c, entityPath('groups', draft.GroupName), 'created');
}
