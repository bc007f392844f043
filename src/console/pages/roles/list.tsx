/**
 * @module The roles list (`GET /console/iam/roles?search=&marker=`): ListRoles, 50 a page by IAM's
 * Marker; the search box filters the page shown (as AWS's console filters what it listed). Spec: IAM API
 * Reference, ListRoles (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html).
 */
import { act } from '../../act';
import type { ConsoleContext } from '../../guard';
import { AppLayout } from '../../layout';
import { ErrorAlert, Field, NextPage, Notice, when } from '../../ui';
import { entityPath, noticeOf, statusOf } from '../forms';

const NOTICES: Readonly<Record<string, string>> = { deleted: 'Role deleted.' };

type RoleItem = { RoleName: string; Path: string; Arn: string; CreateDate: string; Description?: string; MaxSessionDuration?: number };

export async function rolesPage(c: ConsoleContext) {
  const identity = c.get('identity');
  const search = (c.req.query('search') ?? '').slice(0, 128);
  const marker = c.req.query('marker');
  const listed = await act(c, identity.caller, 'ListRoles', { MaxItems: 50, ...(marker ? { Marker: marker } : {}) });
  const page = listed.ok ? (listed.output as { Roles: RoleItem[]; IsTruncated: boolean; Marker?: string }) : undefined;
  const needle = search.toLowerCase();
  const roles = (page?.Roles ?? []).filter((r) => r.RoleName.toLowerCase().includes(needle) || (r.Description ?? '').toLowerCase().includes(needle));
  return c.html(
    <AppLayout title="Roles" identity={identity} current="/console/iam/roles">
      <Notice message={noticeOf(c, NOTICES)} />
      <p>
        <a href="/console/iam/roles/new">Create role</a> · <a href="/console/iam/switch-role">Switch role</a>
      </p>
      <form method="get" action="/console/iam/roles" role="search">
        <Field id="search" label="Find roles by name or description (this page)" type="search" value={search} maxlength={128} />
        <button type="submit" class="secondary">Search</button>
      </form>
      {page ? (
        <div class="table-wrap">
          <table id="roles">
            <caption>Roles ({roles.length})</caption>
            <thead>
              <tr>
                <th scope="col">Role name</th>
                <th scope="col">Path</th>
                <th scope="col">Description</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {roles.map((r) => (
                <tr>
                  <td>
                    <a href={entityPath('roles', r.RoleName)}>{r.RoleName}</a>
                  </td>
                  <td>{r.Path}</td>
                  <td>{r.Description ?? ''}</td>
                  <td>{when(r.CreateDate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <ErrorAlert error={listed.ok ? undefined : listed.error} />
      )}
      <NextPage path="/console/iam/roles" marker={page?.IsTruncated ? page.Marker : undefined} query={search ? { search } : {}} />
    </AppLayout>,
    statusOf(listed.ok ? undefined : listed.error),
  );
}
