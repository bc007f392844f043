/**
 * @module The policy simulator (issue 10 §3): SimulatePrincipalPolicy as the signed-in principal for a
 * user, group or role of the account, with actions (one per line; any action of the service catalog),
 * optional resources and context entries. The principals to choose from are read with ListUsers,
 * ListGroups and ListRoles (a list the principal may not read shows AWS's message instead). A principal
 * without iam:SimulatePrincipalPolicy sees AWS's refusal.
 * Spec: https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_testing-policies.html
 */
import type { Hono } from 'hono';
import type { WireError } from '../../storage/account-rpc';
import { actQuery, linesOf, listFields, type QueryFields } from '../act-query';
import type { ConsoleContext, ConsoleEnv } from '../guard';
import { valuesOf, type Form } from '../http';
import { AppLayout } from '../layout';
import { Csrf, ErrorAlert } from '../ui';
import { postedForm, statusOf } from './page-kit';
import { SimulationResults, type EvaluationResult } from './simulator-results';

const SIMULATOR = '/console/iam/simulator';
/** ContextKeyTypeEnum of the IAM model; list types take comma-separated values. */
const CONTEXT_TYPES = ['string', 'stringList', 'numeric', 'numericList', 'boolean', 'booleanList', 'ip', 'ipList', 'binary', 'binaryList', 'date', 'dateList'];
/** Context rows the form offers (AWS's simulator adds rows one by one; three cover the usual keys). */
const CONTEXT_ROWS = 3;

interface Entry {
  key: string;
  type: string;
  value: string;
}
interface Draft {
  source: string;
  actions: string;
  resources: string;
  context: Entry[];
}
type Principals = { label: string; options: { arn: string; name: string }[] } | { label: string; error: WireError };

const LISTS = [
  { action: 'ListUsers', label: 'Users', member: 'Users', name: 'UserName' },
  { action: 'ListGroups', label: 'Groups', member: 'Groups', name: 'GroupName' },
  { action: 'ListRoles', label: 'Roles', member: 'Roles', name: 'RoleName' },
] as const;

/** The account's users, groups and roles as the principal may list them (IAM's largest page of each). */
async function principals(c: ConsoleContext): Promise<Principals[]> {
  const answers = await Promise.all(LISTS.map((l) => actQuery(c, l.action, { MaxItems: '1000' })));
  return answers.map((a, i) => {
    const l = LISTS[i]!;
    if (!a.ok) return { label: l.label, error: a.error };
    const items = (a.output as Record<string, Record<string, string>[]>)[l.member] ?? [];
    return { label: l.label, options: items.map((x) => ({ arn: x['Arn']!, name: x[l.name]! })) };
  });
}

const EMPTY: Draft = { source: '', actions: '', resources: '', context: [] };

async function page(c: ConsoleContext, draft: Draft, outcome?: { results: EvaluationResult[]; truncated: boolean } | { error: WireError }) {
  const lists = await principals(c);
  const error = outcome && 'error' in outcome ? outcome.error : undefined;
  // A refused list read answers with its status too (the page still renders, with AWS's message).
  const listError = lists.map((l) => ('error' in l ? l.error : undefined)).find((e) => e !== undefined);
  return c.html(
    <AppLayout title="Policy simulator" identity={c.get('identity')} current={SIMULATOR}>
      <p>Simulates the policies of a user, group or role for the actions you list (SimulatePrincipalPolicy): nothing is performed.</p>
      {lists.map((l) => ('error' in l ? <ErrorAlert error={l.error} /> : null))}
      <SimulatorForm csrf={c.get('identity').session.csrf} lists={lists} draft={draft} />
      <ErrorAlert error={error} />
      {outcome && 'results' in outcome ? <SimulationResults results={outcome.results} truncated={outcome.truncated} /> : null}
    </AppLayout>,
    statusOf(error ?? listError),
  );
}

const SimulatorForm = (props: { csrf: string; lists: Principals[]; draft: Draft }) => (
  <form method="post" action={SIMULATOR} id="simulator-form">
    <Csrf token={props.csrf} />
    <p class="field">
      <label for="PolicySourceArn">User, group or role</label>
      <select id="PolicySourceArn" name="PolicySourceArn" required>
        {props.lists.map((l) =>
          'options' in l ? (
            <optgroup label={l.label}>
              {l.options.map((o) => (
                <option value={o.arn} selected={o.arn === props.draft.source}>
                  {o.name}
                </option>
              ))}
            </optgroup>
          ) : null,
        )}
      </select>
    </p>
    <p class="field">
      <label for="ActionNames">Actions (one per line, for example iam:CreateUser or s3:GetObject)</label>
      <textarea id="ActionNames" name="ActionNames" rows={5} required>
        {props.draft.actions}
      </textarea>
    </p>
    <p class="field">
      <label for="ResourceArns">Resources (optional, one ARN per line; * when empty)</label>
      <textarea id="ResourceArns" name="ResourceArns" rows={3}>
        {props.draft.resources}
      </textarea>
    </p>
    <ContextRows entries={props.draft.context} />
    <button type="submit">Run simulation</button>
  </form>
);

const ContextRows = (props: { entries: Entry[] }) => (
  <fieldset>
    <legend>Context keys (optional; list types take comma-separated values)</legend>
    {Array.from({ length: CONTEXT_ROWS }, (_, i) => {
      const e = props.entries[i] ?? { key: '', type: 'string', value: '' };
      return (
        <p class="field context-row">
          <label for={`ContextKey-${i + 1}`}>{`Key ${i + 1}`}</label> <input id={`ContextKey-${i + 1}`} name="ContextKey" type="text" value={e.key} maxlength={256} />{' '}
          <label for={`ContextType-${i + 1}`}>Type</label>{' '}
          <select id={`ContextType-${i + 1}`} name="ContextType">
            {CONTEXT_TYPES.map((t) => (
              <option value={t} selected={t === e.type}>
                {t}
              </option>
            ))}
          </select>{' '}
          <label for={`ContextValue-${i + 1}`}>Value</label> <input id={`ContextValue-${i + 1}`} name="ContextValue" type="text" value={e.value} />
        </p>
      );
    })}
  </fieldset>
);

/** The form as typed, kept for the page that answers it. */
function draftOf(form: Form): Draft {
  const keys = valuesOf(form, 'ContextKey');
  const types = valuesOf(form, 'ContextType');
  const values = valuesOf(form, 'ContextValue');
  const context = keys.slice(0, CONTEXT_ROWS).map((key, i) => ({ key: key.trim(), type: types[i] ?? 'string', value: values[i] ?? '' }));
  return { source: form['PolicySourceArn'] ?? '', actions: form['ActionNames'] ?? '', resources: form['ResourceArns'] ?? '', context };
}

/** The SimulatePrincipalPolicy parameters of a draft, named as the Query API names them. */
function paramsOf(d: Draft): QueryFields {
  const fields: QueryFields = { PolicySourceArn: d.source, MaxItems: '1000', ...listFields('ActionNames', linesOf(d.actions)), ...listFields('ResourceArns', linesOf(d.resources)) };
  d.context
    .filter((e) => e.key !== '')
    .forEach((e, i) => {
      const p = `ContextEntries.member.${i + 1}`;
      fields[`${p}.ContextKeyName`] = e.key;
      fields[`${p}.ContextKeyType`] = e.type;
      const values = e.type.endsWith('List') ? e.value.split(',').map((v) => v.trim()) : [e.value];
      Object.assign(fields, listFields(`${p}.ContextKeyValues`, values));
    });
  return fields;
}

async function simulate(c: ConsoleContext) {
  const form = await postedForm(c, SIMULATOR);
  if (form instanceof Response) return form;
  const draft = draftOf(form);
  const result = await actQuery(c, 'SimulatePrincipalPolicy', paramsOf(draft));
  if (!result.ok) return page(c, draft, { error: result.error });
  const out = result.output as { EvaluationResults: EvaluationResult[]; IsTruncated?: boolean };
  return page(c, draft, { results: out.EvaluationResults, truncated: out.IsTruncated === true });
}

export function registerSimulator(app: Hono<ConsoleEnv>) {
  app.get('/simulator', (c) => page(c, EMPTY));
  app.post('/simulator', simulate);
}
