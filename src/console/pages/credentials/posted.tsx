/**
 * @module The credentials forms' gate: a handler runs only with the form (same origin, the session's CSRF
 * token, MAX_FORM_BYTES) and a well-formed user name; otherwise a 403 "Request refused" page (or the
 * name's ValidationError) with nothing done.
 */
import type { Handler } from 'hono';
import type { ConsoleContext, ConsoleEnv } from '../../guard';
import { formOf, MAX_FORM_BYTES, type Form } from '../../http';
import { MessagePage } from '../../sign-in-pages';
import { renderPage } from './page';
import { subjectError, type Subject } from './subject';

const REFUSED = 'This form has expired or was not sent from this page. Reload the page and try again.';

export type FormHandler = (c: ConsoleContext, s: Subject, form: Form) => Promise<Response>;

/** A POST route: the handler runs only with a valid form. */
export const posted =
  (subjectOf: (c: ConsoleContext) => Subject, handler: FormHandler): Handler<ConsoleEnv> =>
  async (c) => {
    const form = await formOf(c, c.get('identity').session.csrf, MAX_FORM_BYTES);
    if (!form) return c.html(<MessagePage title="Request refused" message={REFUSED} />, 403);
    const s = subjectOf(c);
    // A malformed user name in the URL: the page with its ValidationError, no action run.
    if (subjectError(s)) return renderPage(c, s);
    return handler(c, s, form);
  };
