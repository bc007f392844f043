/**
 * @module What the policies, simulator and providers pages share: the refused-form page, an error's HTTP
 * status, fixed notices chosen by a `done` code (never text from the URL), and the JSON policy editor.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { WireError } from '../../storage/account-rpc';
import type { ConsoleContext } from '../guard';
import { formOf, MAX_FORM_BYTES, type Form } from '../http';
import { AppLayout } from '../layout';
import { ErrorAlert } from '../ui';

/** A form without this session's CSRF token, from another origin, or too large: nothing is done. */
export const FORM_REFUSED = 'This form has expired or was not sent from this page. Reload the page and try again.';

export const refused = (c: ConsoleContext, current: string) =>
  c.html(
    <AppLayout title="Request refused" identity={c.get('identity')} current={current}>
      <p class="alert error" role="alert">
        {FORM_REFUSED}
      </p>
    </AppLayout>,
    403,
  );

/**
 * A posted form of this session (same origin, its CSRF token), or the page that refuses it: 413 with the
 * limit when the body is declared larger than `cap` (a clear answer rather than "refused" for a document
 * pasted too big), 403 otherwise. Either way nothing is done.
 */
export async function postedForm(c: ConsoleContext, current: string, cap = MAX_FORM_BYTES): Promise<Form | Response> {
  const declared = Number(c.req.header('content-length'));
  if (Number.isFinite(declared) && declared > cap) {
    return c.html(
      <AppLayout title="Request too large" identity={c.get('identity')} current={current}>
        <p class="alert error" role="alert">
          {`The form is larger than the console accepts (${Math.floor(cap / 1024)} KiB). Nothing was changed.`}
        </p>
      </AppLayout>,
      413,
    );
  }
  return (await formOf(c, c.get('identity').session.csrf, cap)) ?? refused(c, current);
}

/** The HTTP status a page answers with for an action's error (the API's own status). */
export const statusOf = (error: Pick<WireError, 'status'> | undefined): ContentfulStatusCode =>
  (error && error.status >= 400 && error.status < 600 ? error.status : 200) as ContentfulStatusCode;

/** The notice of a `done` code, from a fixed table (an unknown code shows nothing). */
export const noticeOf = (table: Record<string, string>, code: string | undefined): string | undefined =>
  code !== undefined && Object.hasOwn(table, code) ? table[code] : undefined;

/** Whether an error is about the policy document (shown next to the editor rather than atop the page). */
export const isDocumentError = (e: Pick<WireError, 'code' | 'message'>): boolean =>
  e.code === 'MalformedPolicyDocument' || /policyDocument|policy document|PolicySize/i.test(e.message);

/** A JSON document as the console shows it: indented when it parses, as stored otherwise. */
export function pretty(doc: string): string {
  try {
    return JSON.stringify(JSON.parse(doc), null, 2);
  } catch {
    return doc;
  }
}

/**
 * The policy editor: a textarea whose JSON syntax the console's script checks as the user types
 * (`data-json` → `#<id>-status`), and IAM's own validation message, when the last submit had one, right
 * under it and named by `aria-describedby`, with the document kept as typed.
 */
export const PolicyEditor = (props: { id: string; name?: string; label: string; value: string; error?: Pick<WireError, 'code' | 'message'> | undefined }) => (
  <div class="field editor">
    <label for={props.id}>{props.label}</label>
    <textarea
      id={props.id}
      name={props.name ?? props.id}
      data-json=""
      spellcheck={false}
      required
      aria-invalid={props.error ? 'true' : undefined}
      aria-describedby={`${props.id}-status${props.error ? ` ${props.id}-error` : ''}`}
    >
      {props.value}
    </textarea>
    <output id={`${props.id}-status`} class="json-status" aria-live="polite"></output>
    {props.error ? (
      <div id={`${props.id}-error`}>
        <ErrorAlert error={props.error} />
      </div>
    ) : null}
  </div>
);
