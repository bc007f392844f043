/**
 * @module What the users pages share: their URLs (a user name may hold `+=,.@_-`, so it is always
 * percent-encoded into a path), the fixed notices a `?done=` code names (never text from the URL), the
 * page for a refused form, and a typed view of an action's answer.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../../../env';
import type { ExecuteResult, WireError } from '../../../storage/account-rpc';
import type { ConsoleContext } from '../../guard';
import { act } from '../../act';
import { AppLayout } from '../../layout';

export const USERS = '/console/iam/users';
/** The detail page of user `name`. */
export const userPath = (name: string) => `${USERS}/${encodeURIComponent(name)}`;
/** The security credentials page of user `name` (its own section, credentials). */
export const credentialsPath = (name: string) => `${userPath(name)}/security-credentials`;

/** The notice of each `?done=` code. */
export const DONE: Readonly<Record<string, string>> = {
  created: 'The user was created.',
  deleted: 'The user was deleted.',
  'group-added': 'The user was added to the group.',
  'group-removed': 'The user was removed from the group.',
  'policy-attached': 'The policy was attached.',
  'policy-detached': 'The policy was detached.',
  'inline-saved': 'The inline policy was saved.',
  'inline-deleted': 'The inline policy was deleted.',
  'tag-added': 'The tag was saved.',
  'tag-removed': 'The tag was removed.',
};

/** The notice of the request's `done` code, if it names one. */
export const doneNotice = (c: ConsoleContext): string | undefined => {
  const code = c.req.query('done');
  return code !== undefined && Object.hasOwn(DONE, code) ? DONE[code] : undefined;
};

/** A form without this session's CSRF token, or not from this origin: nothing is done. */
export const refused = (c: ConsoleContext) =>
  c.html(
    <AppLayout title="Request refused" identity={c.get('identity')} current={USERS}>
      <p role="alert">This form has expired or was not sent from this page. Open the page again and retry.</p>
    </AppLayout>,
    403,
  );

/** An action's answer as a page uses it: its output typed as the page reads it, or AWS's error. */
export type Answer<T> = { ok: true; output: T } | { ok: false; error: WireError };
export const answer = <T,>(r: ExecuteResult): Answer<T> => (r.ok ? { ok: true, output: r.output as T } : { ok: false, error: r.error });

/** The HTTP status of a refused action (AccessDenied 403, NoSuchEntity 404, ...), as a page answers it. */
export const statusOf = (e: WireError) => e.status as ContentfulStatusCode;

/**
 * Runs IAM `action` as the signed-in principal (act.ts). act() takes the app's context; the signed-in
 * pages' context is that one with `identity` set, so it is passed as such.
 */
export const actAs = async <T,>(c: ConsoleContext, action: string, input: Record<string, unknown>): Promise<Answer<T>> =>
  answer<T>(await act(c as unknown as Context<AppEnv>, c.get('identity').caller, action, input));
