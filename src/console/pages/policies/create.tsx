/**
 * @module GET /console/iam/policies/new and POST /console/iam/policies: CreatePolicy with the JSON editor.
 * IAM's own validation of the document (MalformedPolicyDocument, the size limit, the model's
 * ValidationError) is shown under the editor with the document kept as typed; nothing is created.
 * Spec: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html
 */
import type { WireError } from '../../../storage/account-rpc';
import { actQuery } from '../../act-query';
import type { ConsoleContext } from '../../guard';
import { AppLayout } from '../../layout';
import { Csrf, ErrorAlert, Field } from '../../ui';
import { isDocumentError, PolicyEditor, postedForm, statusOf } from '../page-kit';
import { POLICIES } from './list';

/** The document a new policy starts from (AWS's editor starts from an empty statement the same way). */
export const STARTER_DOCUMENT = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Statement1', Effect: 'Allow', Action: [], Resource: [] }] }, null, 2);

interface Draft {
  PolicyName: string;
  Path: string;
  Description: string;
  PolicyDocument: string;
}

const EMPTY: Draft = { PolicyName: '', Path: '/', Description: '', PolicyDocument: STARTER_DOCUMENT };

const CreatePage = (props: { c: ConsoleContext; draft: Draft; error?: WireError | undefined }) => {
  const { draft, error } = props;
  const docError = error && isDocumentError(error) ? error : undefined;
  return (
    <AppLayout title="Create policy" identity={props.c.get('identity')} current={POLICIES}>
      <ErrorAlert error={docError ? undefined : error} />
      <form method="post" action={POLICIES} id="create-policy-form">
        <Csrf token={props.c.get('identity').session.csrf} />
        <Field id="PolicyName" label="Policy name" value={draft.PolicyName} required maxlength={128} hint="Letters, digits and +=,.@-_ (up to 128 characters)." />
        <Field id="Path" label="Path" value={draft.Path} maxlength={512} hint="Optional; starts and ends with a slash, for example /division/." />
        <Field id="Description" label="Description" value={draft.Description} maxlength={1000} hint="Optional; cannot be changed later." />
        <PolicyEditor id="PolicyDocument" label="Policy document (JSON)" value={draft.PolicyDocument} error={docError} />
        <button type="submit">Create policy</button>
      </form>
    </AppLayout>
  );
};

export const newPolicyPage = (c: ConsoleContext) => c.html(<CreatePage c={c} draft={EMPTY} />);

export async function createPolicy(c: ConsoleContext) {
  const form = await postedForm(c, POLICIES);
  if (form instanceof Response) return form;
  const draft: Draft = {
    PolicyName: form['PolicyName'] ?? '',
    Path: form['Path'] || '/',
    Description: form['Description'] ?? '',
    PolicyDocument: form['PolicyDocument'] ?? '',
  };
  const result = await actQuery(c, 'CreatePolicy', {
    PolicyName: draft.PolicyName,
    Path: draft.Path,
    Description: draft.Description || undefined,
    PolicyDocument: draft.PolicyDocument,
  });
  if (!result.ok) return c.html(<CreatePage c={c} draft={draft} error={result.error} />, statusOf(result.error));
  const arn = (result.output as { Policy: { Arn: string } }).Policy.Arn;
  return c.redirect(`${POLICIES}/view?${new URLSearchParams({ arn, done: 'created' }).toString()}`, 303);
}
