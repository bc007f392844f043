/**
 * @module What the groups and roles pages share around a form post: reading it (same origin, CSRF token,
 * size cap; otherwise a 403 "Request refused" page and nothing done), the HTTP status of an AWS error, the
 * 303 after a change with a `?done=` code that maps to a fixed notice (never text from the URL), and the
 * path of an entity's page.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { formOf, MAX_FORM_BYTES, type Form } from '../http';
import type { ConsoleContext } from '../guard';
import { AppLayout } from '../layout';

/** The AWS error a page shows: AWS's code, message and HTTP status. */
export type PageError = { code: string; message: string; status: number };

/** The posted form, or undefined when it is not a same-origin post with this session's CSRF token. */
export const readForm = (c: ConsoleContext): Promise<Form | undefined> => formOf(c, c.get('identity').session.csrf, MAX_FORM_BYTES);

/** The answer to a forged, replayed or oversized form: nothing was done. */
export const refused = (c: ConsoleContext) =>
  c.html(
    <AppLayout title="Request refused" identity={c.get('identity')}>
      <p role="alert">This form has expired or was not sent from this page. Go back, reload the page and try again.</p>
    </AppLayout>,
    403,
  );

/** The HTTP status of a page that shows `error` (AWS's own status; 400 for anything unexpected). */
export const statusOf = (error: PageError | undefined): ContentfulStatusCode =>
  (error ? (error.status >= 400 && error.status < 600 ? error.status : 400) : 200) as ContentfulStatusCode;

/** After a change: back to the page, with a notice code. */
export const doneRedirect = (c: ConsoleContext, path: string, done: string) => c.redirect(`${path}${path.includes('?') ? '&' : '?'}done=${done}`, 303);

/** The notice of a `?done=` code, from the section's fixed table (unknown codes show nothing). */
export const noticeOf = (c: ConsoleContext, table: Readonly<Record<string, string>>): string | undefined => {
  const code = c.req.query('done');
  return code !== undefined && Object.hasOwn(table, code) ? table[code] : undefined;
};

/** The page of a group or role. */
export const entityPath = (section: 'groups' | 'roles', name: string) => `/console/iam/${section}/${encodeURIComponent(name)}`;
