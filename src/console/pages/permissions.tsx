/**
 * @module The permissions of a group or a role, as AWS's console shows them on the entity's page: the
 * attached managed policies (attach by ARN, detach) and the inline policies (view, add or replace, delete).
 * The attached policies' table is also the users page's (users/detail-sections.tsx).
 * Every read and change is the IAM action of the entity's kind (ListAttachedGroupPolicies,
 * AttachRolePolicy, PutGroupPolicy...) as the signed-in principal; routes under `/{groups|roles}/{name}/`.
 */
import type { Hono } from 'hono';
import type { ExecuteResult } from '../../storage/account-rpc';
import { act } from '../act';
import type { ConsoleContext, ConsoleEnv } from '../guard';
import { Csrf, ErrorAlert, Field, PostButton, Section } from '../ui';
import { doneRedirect, entityPath, readForm, refused, type PageError } from './forms';
import { PolicyEditor } from './policy-editor';
import { readableDocument } from './policy-text';

export type HolderKind = 'Group' | 'Role';
const SECTION = { Group: 'groups', Role: 'roles' } as const;
const NAME_FIELD = { Group: 'GroupName', Role: 'RoleName' } as const;

/** The notices of the permission changes (`?done=`). */
export const PERMISSION_NOTICES: Readonly<Record<string, string>> = {
  attached: 'Policy attached.',
  detached: 'Policy detached.',
  'inline-saved': 'Inline policy saved.',
  'inline-deleted': 'Inline policy deleted.',
};

/** What the permissions section shows, read as the signed-in principal. */
export interface Permissions {
  attached: ExecuteResult;
  inline: ExecuteResult;
  /** The inline policy opened for viewing (`?policy=`). */
  shown: ExecuteResult | undefined;
  /** Policy ARNs offered when attaching (empty when ListPolicies is refused: the field still takes any ARN). */
  choices: string[];
}

/** A post of the inline editor that IAM refused: what was typed, and IAM's answer shown beside it. */
export interface InlineDraft {
  PolicyName: string;
  PolicyDocument: string;
  error: PageError;
}

/** Reads the entity's permissions (in parallel; each read may be refused on its own). */
export async function loadPermissions(c: ConsoleContext, kind: HolderKind, name: string, shownPolicy: string | undefined): Promise<Permissions> {
  const caller = c.get('identity').caller;
  const of = { [NAME_FIELD[kind]]: name };
  const [attached, inline, shown, policies] = await Promise.all([
    act(c, caller, `ListAttached${kind}Policies`, { ...of, MaxItems: 100 }),
    act(c, caller, `List${kind}Policies`, { ...of, MaxItems: 100 }),
    shownPolicy ? act(c, caller, `Get${kind}Policy`, { ...of, PolicyName: shownPolicy }) : Promise.resolve(undefined),
    act(c, caller, 'ListPolicies', { MaxItems: 100 }),
  ]);
  const choices = policies.ok ? (policies.output as { Policies: Array<{ Arn: string }> }).Policies.map((p) => p.Arn) : [];
  return { attached, inline, shown, choices };
}

type AttachedPolicy = { PolicyName: string; PolicyArn: string };
type Attached = { AttachedPolicies: AttachedPolicy[]; IsTruncated?: boolean };

/**
 * The table of an entity's attached managed policies, each with its detach button (posting `PolicyArn` to
 * `<base>/policies/detach`): one table for users, groups and roles. `confirm`: the page's script asks before
 * detaching (groups and roles ask; the users page does not).
 */
export const AttachedPolicyTable = (props: { base: string; csrf: string; caption: string; policies: readonly AttachedPolicy[]; confirm?: boolean }) => (
  <div class="table-wrap">
    <table id="attached-policies">
      <caption>{`${props.caption} (${props.policies.length})`}</caption>
      <thead>
        <tr>
          <th scope="col">Policy name</th>
          <th scope="col">ARN</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {props.policies.map((p) => (
          <tr>
            <td>{p.PolicyName}</td>
            <td>{p.PolicyArn}</td>
            <td>
              <PostButton action={`${props.base}/policies/detach`} csrf={props.csrf} label={`Detach ${p.PolicyName}`} fields={{ PolicyArn: p.PolicyArn }}
                confirm={props.confirm ? `Detach ${p.PolicyName}?` : undefined} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);

/** The attached managed policies, with detach buttons and the attach form. */
const AttachedPolicies = (props: { kind: HolderKind; base: string; csrf: string; perms: Permissions }) => {
  const r = props.perms.attached;
  return (
    <>
      {r.ok ? (
        <AttachedPolicyTable base={props.base} csrf={props.csrf} caption="Attached managed policies" policies={(r.output as Attached).AttachedPolicies} confirm />
      ) : (
        <ErrorAlert error={r.error} />
      )}
      <form method="post" action={`${props.base}/policies/attach`}>
        <Csrf token={props.csrf} />
        <p class="field">
          <label for="attach-arn">Policy ARN to attach</label>
          <input id="attach-arn" name="PolicyArn" type="text" list="policy-choices" required maxlength={2048} />
          <datalist id="policy-choices">
            {props.perms.choices.map((arn) => (
              <option value={arn} />
            ))}
          </datalist>
        </p>
        <button type="submit">Attach policy</button>
      </form>
    </>
  );
};

/** The inline policies: names with view and delete, and the editor (a policy opened with `?policy=`, or a refused draft). */
const InlinePolicies = (props: { kind: HolderKind; base: string; csrf: string; perms: Permissions; draft?: InlineDraft | undefined }) => {
  const r = props.perms.inline;
  const names = r.ok ? (r.output as { PolicyNames: string[] }).PolicyNames : [];
  const shown = props.perms.shown;
  const opened = shown?.ok ? (shown.output as { PolicyName: string; PolicyDocument: string }) : undefined;
  const value = props.draft ?? (opened ? { PolicyName: opened.PolicyName, PolicyDocument: readableDocument(opened.PolicyDocument) } : { PolicyName: '', PolicyDocument: '' });
  return (
    <>
      {r.ok ? (
        <div class="table-wrap">
          <table id="inline-policies">
            <caption>Inline policies ({names.length})</caption>
            <thead>
              <tr>
                <th scope="col">Policy name</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {names.map((n) => (
                <tr>
                  <td>
                    <a href={`${props.base}?policy=${encodeURIComponent(n)}#inline-editor-h`}>{n}</a>
                  </td>
                  <td>
                    <PostButton action={`${props.base}/inline/delete`} csrf={props.csrf} label={`Delete ${n}`} fields={{ PolicyName: n }} confirm={`Delete inline policy ${n}?`} danger />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <ErrorAlert error={r.error} />
      )}
      {shown && !shown.ok ? <ErrorAlert error={shown.error} /> : null}
      <h3 id="inline-editor-h">{opened && !props.draft ? `Inline policy ${opened.PolicyName}` : 'Add or replace an inline policy'}</h3>
      <form method="post" action={`${props.base}/inline`}>
        <Csrf token={props.csrf} />
        <Field id="inline-name" name="PolicyName" label="Policy name" value={value.PolicyName} required maxlength={128} />
        <PolicyEditor id="inline-document" name="PolicyDocument" label="Policy document (JSON)" value={value.PolicyDocument} error={props.draft?.error} />
        <button type="submit">Save inline policy</button>
      </form>
    </>
  );
};

/** The permissions section of a group's or role's page. */
export const PermissionsSection = (props: { kind: HolderKind; name: string; csrf: string; perms: Permissions; draft?: InlineDraft | undefined }) => {
  const base = entityPath(SECTION[props.kind], props.name);
  return (
    <Section title="Permissions policies" id="permissions">
      <AttachedPolicies kind={props.kind} base={base} csrf={props.csrf} perms={props.perms} />
      <InlinePolicies kind={props.kind} base={base} csrf={props.csrf} perms={props.perms} draft={props.draft} />
    </Section>
  );
};

/** Renders the entity's page again with a refusal (page-level) or a refused inline draft (beside the editor). */
export type DetailRenderer = (c: ConsoleContext, name: string, extra: { error?: PageError; draft?: InlineDraft }) => Promise<Response>;

/** Registers attach, detach, inline save and inline delete for `kind`. */
export function registerPermissionRoutes(app: Hono<ConsoleEnv>, kind: HolderKind, render: DetailRenderer): void {
  const section = SECTION[kind];
  const post = (path: string, action: string, fields: readonly string[], done: string) =>
    app.post(`/${section}/:name/${path}`, async (c) => {
      const form = await readForm(c);
      if (!form) return refused(c);
      const name = c.req.param('name');
      const input: Record<string, unknown> = { [NAME_FIELD[kind]]: name };
      for (const f of fields) input[f] = form[f];
      const result = await act(c, c.get('identity').caller, action, input);
      if (result.ok) return doneRedirect(c, entityPath(section, name), done);
      if (path === 'inline') return render(c, name, { draft: { PolicyName: form['PolicyName'] ?? '', PolicyDocument: form['PolicyDocument'] ?? '', error: result.error } });
      return render(c, name, { error: result.error });
    });
  post('policies/attach', `Attach${kind}Policy`, ['PolicyArn'], 'attached');
  post('policies/detach', `Detach${kind}Policy`, ['PolicyArn'], 'detached');
  post('inline', `Put${kind}Policy`, ['PolicyName', 'PolicyDocument'], 'inline-saved');
  post('inline/delete', `Delete${kind}Policy`, ['PolicyName'], 'inline-deleted');
}
