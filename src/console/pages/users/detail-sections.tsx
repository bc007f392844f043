/**
 * @module The sections of the user detail page: summary, groups, permissions (attached and inline
 * policies), tags and deletion. Each form posts to the user's own path with the IAM parameter names; a
 * section whose read was refused shows AWS's error instead of its list.
 */
import type { Child } from 'hono/jsx';
import { Csrf, ErrorAlert, Field, PostButton, Section, TagTable, when } from '../../ui';
import type { WireError } from '../../../storage/account-rpc';
import { PolicyEditor, pretty } from '../page-kit';
import { AttachedPolicyTable } from '../permissions';
import type { Answer } from './common';
import { credentialsPath, userPath } from './common';
import { GroupPicker, PolicyPicker } from './choices';
import type { UserDetail, UserFacts } from './detail-data';

/** What a refused post typed, shown again in its form. */
export type Draft = Partial<Record<'PolicyName' | 'PolicyDocument' | 'Key' | 'Value', string>>;

type CsrfProp = { csrf: string };

/** A list section: its table when the read was allowed, AWS's error otherwise. */
function readable<T>(a: Answer<T>, render: (t: T) => Child): Child {
  return a.ok ? render(a.output) : <ErrorAlert error={a.error} />;
}

export const Summary = (props: { user: UserFacts }) => {
  const u = props.user;
  return (
    <Section title="Summary">
      <dl class="facts">
        <dt>ARN</dt>
        <dd id="user-arn">{u.Arn}</dd>
        <dt>User ID</dt>
        <dd>{u.UserId}</dd>
        <dt>Path</dt>
        <dd>{u.Path}</dd>
        <dt>Created</dt>
        <dd>{when(u.CreateDate)}</dd>
        <dt>Console last sign-in</dt>
        <dd>{when(u.PasswordLastUsed)}</dd>
        <dt>Permissions boundary</dt>
        <dd id="permissions-boundary">{u.PermissionsBoundary?.PermissionsBoundaryArn ?? 'Not set'}</dd>
      </dl>
      <p>
        <a href={credentialsPath(u.UserName)} id="security-credentials">
          Security credentials
        </a>{' '}
        (console password, access keys, MFA)
      </p>
    </Section>
  );
};

export const Groups = (props: { name: string; detail: UserDetail } & CsrfProp) => {
  const base = userPath(props.name);
  const member = new Set(props.detail.groups.ok ? props.detail.groups.output.Groups.map((g) => g.GroupName) : []);
  return (
    <Section title="Groups">
      {readable(props.detail.groups, (o) => (
        <table id="user-groups">
          <caption>Groups this user belongs to ({o.Groups.length})</caption>
          <thead>
            <tr>
              <th scope="col">Group name</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {o.Groups.map((g) => (
              <tr>
                <td>{g.GroupName}</td>
                <td>
                  <PostButton action={`${base}/groups/remove`} csrf={props.csrf} label={`Remove from ${g.GroupName}`} fields={{ GroupName: g.GroupName }} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <form method="post" action={`${base}/groups/add`} id="add-to-group">
        <Csrf token={props.csrf} />
        <GroupPicker id="add-GroupName" name="GroupName" label="Add to group" exclude={member} choices={props.detail.choices.groups} />
        <button type="submit">Add to group</button>
      </form>
    </Section>
  );
};

export const Attached = (props: { name: string; detail: UserDetail } & CsrfProp) => {
  const base = userPath(props.name);
  const attached = new Set(props.detail.attached.ok ? props.detail.attached.output.AttachedPolicies.map((p) => p.PolicyArn) : []);
  return (
    <Section title="Attached managed policies" id="attached">
      {readable(props.detail.attached, (o) => (
        <AttachedPolicyTable base={base} csrf={props.csrf} caption="Managed policies attached to this user" policies={o.AttachedPolicies} />
      ))}
      <form method="post" action={`${base}/policies/attach`} id="attach-policy">
        <Csrf token={props.csrf} />
        <PolicyPicker id="attach-PolicyArn" name="PolicyArn" label="Attach policy" exclude={attached} choices={props.detail.choices.policies} />
        <button type="submit">Attach policy</button>
      </form>
    </Section>
  );
};

export const Inline = (props: { name: string; detail: UserDetail; draft: Draft; documentError?: WireError | undefined } & CsrfProp) => {
  const base = userPath(props.name);
  return (
    <Section title="Inline policies" id="inline">
      {readable(props.detail.inline, (policies) => (
        <ul id="inline-policies">
          {policies.map((p) => (
            <li>
              <details>
                <summary>{p.name}</summary>
                {p.document.ok ? (
                  <div class="table-wrap">
                    <pre>{pretty(p.document.output)}</pre>
                  </div>
                ) : (
                  <ErrorAlert error={p.document.error} />
                )}
              </details>
              <PostButton action={`${base}/inline/delete`} csrf={props.csrf} label={`Delete ${p.name}`} fields={{ PolicyName: p.name }} confirm={`Delete the inline policy ${p.name}?`} danger />
            </li>
          ))}
        </ul>
      ))}
      <form method="post" action={`${base}/inline`} id="put-inline">
        <Csrf token={props.csrf} />
        <Field id="PolicyName" label="Policy name" value={props.draft.PolicyName} required maxlength={128} hint="A new name adds a policy; an existing name replaces its document" />
        <PolicyEditor id="PolicyDocument" label="Policy document (JSON)" value={props.draft.PolicyDocument ?? ''} error={props.documentError} />
        <button type="submit">Save inline policy</button>
      </form>
    </Section>
  );
};

export const Tags = (props: { name: string; detail: UserDetail; draft: Draft } & CsrfProp) => {
  const base = userPath(props.name);
  return (
    <Section title="Tags">
      {readable(props.detail.tags, (o) => (
        <TagTable tableId="user-tags" base={base} csrf={props.csrf} tags={o.Tags} />
      ))}
      <form method="post" action={`${base}/tags`} id="add-tag">
        <Csrf token={props.csrf} />
        <Field id="Key" label="Tag key" value={props.draft.Key} required maxlength={128} />
        <Field id="Value" label="Tag value" value={props.draft.Value} maxlength={256} />
        <button type="submit">Save tag</button>
      </form>
    </Section>
  );
};

export const Delete = (props: { name: string } & CsrfProp) => (
  <Section title="Delete user" id="delete">
    <p>IAM deletes a user only once it has no console password, access keys, MFA device, policies or group memberships.</p>
    <PostButton action={`${userPath(props.name)}/delete`} csrf={props.csrf} label={`Delete user ${props.name}`} confirm={`Delete the user ${props.name}?`} danger />
  </Section>
);
