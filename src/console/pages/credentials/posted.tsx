/**
 * @module What every credentials form handler shares: the form (same origin, the session's CSRF token,
 * MAX_FORM_BYTES) or a 403 "Request refused" page with nothing done; an action as the signed-in
 * principal; the redirect to the page with a fixed notice code.
 */
import type { Context, Handler } from 'hono';
import type { AppEnv } from '../../../env';
import type { ExecuteResult } from '../../../storage/account-rpc';
import { act } from '../../act';
import type { ConsoleContext, ConsoleEnv } from '../../guard';
import { formOf, MAX_FORM_BYTES, type Form } from '../../http';
import { MessagePage } from '../../sign-in-pages';
import type { NoticeCode } from './notices';
import type { Subject } from './subject';

const REFUSED = 'This form has expired or was not sent from this page. Reload the page and try again.';

export type FormHandler = (c: ConsoleContext, s: Subject, form: Form) => Promise<Response>;

/** A POST route: the handler runs only with a valid form. */
export const posted =
  (subjectOf: (c: ConsoleContext) => Subject, handler: FormHandler): Handler<ConsoleEnv> =>
  async (c) => {
    const form = await formOf(c, c.get('identity').session.csrf, MAX_FORM_BYTES);
    if (!form) return c.html(<MessagePage title="Request refused" message={REFUSED} />, 403);
    return handler(c, subjectOf(c), form);
  };

/** Runs `action` as the signed-in principal (act.ts takes the app's context type: the console's adds `identity`). */
export const run = (c: ConsoleContext, action: string, input: Record<string, unknown>): Promise<ExecuteResult> =>
  act(c as unknown as Context<AppEnv>, c.get('identity').caller, action, input);

/** Back to the page, with one of the fixed notices. */
export const done = (c: ConsoleContext, s: Subject, code: NoticeCode) => c.redirect(`${s.base}?done=${code}`, 303);
