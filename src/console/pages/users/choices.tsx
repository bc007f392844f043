/**
 * @module The groups and managed policies a user can be given, read with ListGroups and ListPolicies as the
 * signed-in principal (one call each, at IAM's largest page, 1,000). A principal who may not list them can
 * still type a group name or a policy ARN: the picker falls back to a text field and says why.
 */
import type { ConsoleContext } from '../../guard';
import { actAs, type Answer } from './common';

export interface Choices {
  groups: Answer<{ Groups: Array<{ GroupName: string }> }>;
  policies: Answer<{ Policies: Array<{ PolicyName: string; Arn: string }> }>;
}

const MAX = 1000;

/** The account's groups and the attachable managed policies (AWS's and the account's). */
export async function loadChoices(c: ConsoleContext): Promise<Choices> {
  const [groups, policies] = await Promise.all([
    actAs<{ Groups: Array<{ GroupName: string }> }>(c, 'ListGroups', { MaxItems: MAX }),
    actAs<{ Policies: Array<{ PolicyName: string; Arn: string }> }>(c, 'ListPolicies', { Scope: 'All', MaxItems: MAX }),
  ]);
  return { groups, policies };
}

interface PickerProps {
  id: string;
  name: string;
  label: string;
  /** Values not to offer (the user's groups or attached policies). */
  exclude?: ReadonlySet<string>;
  /** An empty first option ("none"), for optional steps. */
  optional?: boolean;
  selected?: string | undefined;
}

const Picker = (props: PickerProps & { options: Array<{ value: string; label: string }> | undefined; unreadable: string }) =>
  props.options ? (
    <p class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name}>
        {props.optional ? <option value="">(none)</option> : null}
        {props.options
          .filter((o) => !props.exclude?.has(o.value))
          .map((o) => (
            <option value={o.value} selected={o.value === props.selected}>
              {o.label}
            </option>
          ))}
      </select>
    </p>
  ) : (
    <p class="field">
      <label for={props.id}>{props.label}</label>
      <input id={props.id} name={props.name} type="text" value={props.selected ?? ''} aria-describedby={`${props.id}-hint`} />
      <small id={`${props.id}-hint`} class="hint">
        {props.unreadable}
      </small>
    </p>
  );

/** A select of the account's groups (a text field when ListGroups is refused). */
export const GroupPicker = (props: PickerProps & { choices: Choices['groups'] }) => (
  <Picker
    {...props}
    options={props.choices.ok ? props.choices.output.Groups.map((g) => ({ value: g.GroupName, label: g.GroupName })) : undefined}
    unreadable="You may not list groups (iam:ListGroups); type the group's name."
  />
);

/**
 * The managed policy to attach: a text field offering the policies IAM listed (a datalist: AWS's catalog
 * alone holds about 1,600, more than a select can sensibly show or one page lists), so any policy can be
 * typed by its ARN as on AWS's console search; without iam:ListPolicies it says so.
 */
export const PolicyPicker = (props: PickerProps & { choices: Choices['policies'] }) => {
  const listId = `${props.id}-choices`;
  const options = props.choices.ok ? props.choices.output.Policies.filter((p) => !props.exclude?.has(p.Arn)) : [];
  return (
    <p class="field">
      <label for={props.id}>{props.label}</label>
      <input id={props.id} name={props.name} type="text" list={listId} value={props.selected ?? ''} required={!props.optional} maxlength={2048} aria-describedby={`${props.id}-hint`} />
      <datalist id={listId}>
        {options.map((p) => (
          <option value={p.Arn}>{p.PolicyName}</option>
        ))}
      </datalist>
      <small id={`${props.id}-hint`} class="hint">
        {props.choices.ok ? 'Type to search, or give a policy ARN such as arn:aws:iam::aws:policy/ReadOnlyAccess.' : "You may not list policies (iam:ListPolicies); type the policy's ARN."}
      </small>
    </p>
  );
};
