/**
 * @module A role's page (`GET /console/iam/roles/{name}`): summary with AWS's "link to switch roles in
 * console", the trust policy shown in its editor (UpdateAssumeRolePolicy, IAM's validation message beside
 * it), permissions (pages/permissions.tsx), settings (description and maximum session duration,
 * UpdateRole), tags (TagRole, UntagRole) and delete (DeleteRole: DeleteConflict while policies remain).
 * Spec: IAM API Reference, GetRole, UpdateAssumeRolePolicy, UpdateRole, TagRole, DeleteRole
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html).
 */
import type { Hono } from 'hono';
import { parseArn } from '../../../core/arn';
import { act } from '../../act';
import type { ConsoleContext, ConsoleEnv } from '../../guard';
import { AppLayout } from '../../layout';
import { Csrf, ErrorAlert, Field, Notice, PostButton, Section, TagTable, when } from '../../ui';
import { doneRedirect, entityPath, noticeOf, readForm, refused, statusOf, type PageError } from '../forms';
import { loadPermissions, PERMISSION_NOTICES, PermissionsSection, registerPermissionRoutes, type InlineDraft } from '../permissions';
import { PolicyEditor } from '../policy-editor';
import { readableDocument } from '../policy-text';

const NOTICES: Readonly<Record<string, string>> = {
  ...PERMISSION_NOTICES,
  created: 'Role created.',
  trust: 'Trust policy updated.',
  settings: 'Role settings saved.',
  tagged: 'Tag saved.',
  untagged: 'Tag removed.',
};

type Role = {
  RoleName: string;
  Path: string;
  Arn: string;
  CreateDate: string;
  AssumeRolePolicyDocument?: string;
  Description?: string;
  MaxSessionDuration?: number;
  Tags?: Array<{ Key: string; Value: string }>;
  RoleLastUsed?: { LastUsedDate?: string; Region?: string };
};

/** What the page shows again after a refused change. */
export interface RoleExtra {
  error?: PageError;
  draft?: InlineDraft;
  trustDraft?: { PolicyDocument: string; error: PageError };
}

/** AWS's "link to switch roles in console": the account and the role's path (without its leading /) and name. */
export const switchLink = (role: Pick<Role, 'Arn' | 'Path' | 'RoleName'>) =>
  `/console/iam/switch-role?${new URLSearchParams({ account: parseArn(role.Arn)?.account ?? '', roleName: `${role.Path.slice(1)}${role.RoleName}` }).toString()}`;

const Summary = (props: { role: Role }) => {
  const r = props.role;
  return (
    <dl class="facts" id="role-summary">
      <dt>ARN</dt>
      <dd>{r.Arn}</dd>
      <dt>Path</dt>
      <dd>{r.Path}</dd>
      <dt>Description</dt>
      <dd>{r.Description ?? ''}</dd>
      <dt>Created</dt>
      <dd>{when(r.CreateDate)}</dd>
      <dt>Maximum session duration</dt>
      <dd>{`${r.MaxSessionDuration ?? 3600} seconds`}</dd>
      <dt>Last used</dt>
      <dd>{r.RoleLastUsed?.LastUsedDate ? `${when(r.RoleLastUsed.LastUsedDate)} (${r.RoleLastUsed.Region ?? ''})` : 'Never'}</dd>
      <dt>Link to switch roles in console</dt>
      <dd>
        <a id="switch-role-link" href={switchLink(r)}>
          Switch to this role
        </a>
      </dd>
    </dl>
  );
};

const Settings = (props: { base: string; csrf: string; role: Role }) => (
  <Section title="Settings" id="role-settings">
    <form method="post" action={`${props.base}/settings`}>
      <Csrf token={props.csrf} />
      <Field id="Description" label="Description" value={props.role.Description ?? ''} maxlength={1000} />
      <Field id="MaxSessionDuration" label="Maximum session duration (seconds)" type="number" value={String(props.role.MaxSessionDuration ?? 3600)} hint="3600 (1 hour) to 43200 (12 hours)" />
      <button type="submit">Save settings</button>
    </form>
  </Section>
);

const Tags = (props: { base: string; csrf: string; tags: Array<{ Key: string; Value: string }> }) => (
  <Section title="Tags" id="role-tags">
    <TagTable tableId="tags" base={props.base} csrf={props.csrf} tags={props.tags} />
    <form method="post" action={`${props.base}/tags`}>
      <Csrf token={props.csrf} />
      <Field id="tag-key" name="Key" label="Tag key" required maxlength={128} />
      <Field id="tag-value" name="Value" label="Tag value" maxlength={256} />
      <button type="submit">Add or replace tag</button>
    </form>
  </Section>
);

/** The role's page; `extra` carries a refused change to show. */
export async function rolePage(c: ConsoleContext, name: string, extra: RoleExtra = {}) {
  const identity = c.get('identity');
  const csrf = identity.session.csrf;
  const [got, perms] = await Promise.all([act(c, identity.caller, 'GetRole', { RoleName: name }), loadPermissions(c, 'Role', name, c.req.query('policy'))]);
  const role = got.ok ? (got.output as { Role: Role }).Role : undefined;
  const error = extra.error ?? (got.ok ? undefined : got.error);
  const base = entityPath('roles', name);
  return c.html(
    <AppLayout title={`Role ${name}`} identity={identity} current="/console/iam/roles">
      <p>
        <a href="/console/iam/roles">Roles</a>
      </p>
      <Notice message={noticeOf(c, NOTICES)} />
      <ErrorAlert error={error} />
      {role ? (
        <>
          <Summary role={role} />
          <Section title="Trust relationships" id="trust">
            <form method="post" action={`${base}/trust`}>
              <Csrf token={csrf} />
              <PolicyEditor
                id="trust-document"
                name="PolicyDocument"
                label="Trust policy (JSON)"
                value={extra.trustDraft?.PolicyDocument ?? readableDocument(role.AssumeRolePolicyDocument)}
                error={extra.trustDraft?.error}
              />
              <button type="submit">Update trust policy</button>
            </form>
          </Section>
          <PermissionsSection kind="Role" name={name} csrf={csrf} perms={perms} draft={extra.draft} />
          <Settings base={base} csrf={csrf} role={role} />
          <Tags base={base} csrf={csrf} tags={role.Tags ?? []} />
          <Section title="Delete role" id="delete-role">
            <p>A role can be deleted once it has no policies and is in no instance profile.</p>
            <PostButton action={`${base}/delete`} csrf={csrf} label="Delete role" confirm={`Delete role ${name}?`} danger />
          </Section>
        </>
      ) : null}
    </AppLayout>,
    statusOf(extra.trustDraft?.error ?? extra.draft?.error ?? error),
  );
}

/** A role page's change: the form's fields turned into the action's input; on refusal the page again. */
function change(app: Hono<ConsoleEnv>, path: string, action: string, done: string, input: (f: Record<string, string>) => Record<string, unknown>, onError?: (f: Record<string, string>, e: PageError) => RoleExtra) {
  app.post(`/roles/:name/${path}`, async (c) => {
    const form = await readForm(c);
    if (!form) return refused(c);
    const name = c.req.param('name');
    const result = await act(c, c.get('identity').caller, action, { RoleName: name, ...input(form) });
    if (result.ok) return doneRedirect(c, path === 'delete' ? '/console/iam/roles' : entityPath('roles', name), done);
    return rolePage(c, name, onError ? onError(form, result.error) : { error: result.error });
  });
}

export function registerRoleDetail(app: Hono<ConsoleEnv>): void {
  app.get('/roles/:name', (c) => rolePage(c, c.req.param('name')));
  change(app, 'trust', 'UpdateAssumeRolePolicy', 'trust', (f) => ({ PolicyDocument: f['PolicyDocument'] }), (f, error) => ({ trustDraft: { PolicyDocument: f['PolicyDocument'] ?? '', error } }));
  change(app, 'settings', 'UpdateRole', 'settings', (f) => ({ Description: f['Description'] ?? '', ...(f['MaxSessionDuration'] ? { MaxSessionDuration: f['MaxSessionDuration'] } : {}) }));
  change(app, 'tags', 'TagRole', 'tagged', (f) => ({ Tags: [{ Key: f['Key'], Value: f['Value'] ?? '' }] }));
  change(app, 'tags/remove', 'UntagRole', 'untagged', (f) => ({ TagKeys: [f['TagKey']] }));
  change(app, 'delete', 'DeleteRole', 'deleted', () => ({}));
  registerPermissionRoutes(app, 'Role', rolePage);
}
