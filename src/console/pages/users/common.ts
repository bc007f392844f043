/**
 * @module What the users pages share: their URLs (a user name may hold `+=,.@_-`, so it is always
 * percent-encoded into a path), the fixed notices a `?done=` code names (never text from the URL), a
 * typed view of an action's answer. The refused-form page and an error's status are page-kit.tsx's.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../../env';
import type { ExecuteResult, WireError } from '../../../storage/account-rpc';
import type { ConsoleContext } from '../../guard';
import { act } from '../../act';
import { noticeOf } from '../page-kit';

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
export const doneNotice = (c: ConsoleContext): string | undefined => noticeOf(DONE, c.req.query('done'));

/** An action's answer as a page uses it: its output typed as the page reads it, or AWS's error. */
export type Answer<T> = { ok: true; output: T } | { ok: false; error: WireError };
export const answer = <T,>(r: ExecuteResult): Answer<T> => (r.ok ? { ok: true, output: r.output as T } : { ok: false, error: r.error });

/**
 * Runs IAM `action` as the signed-in principal (act.ts). act() takes the app's context; the signed-in
 * pages' context is that one with `identity` set, so it is passed as such.
 */
export const actAs = async <T,>(c: ConsoleContext, action: string, input: Record<string, unknown>): Promise<Answer<T>> =>
  answer<T>(await act(c as unknown as Context<AppEnv>, c.get('identity').caller, action, input));
