/**
 * @module How the credentials pages act: an IAM action as the signed-in principal (act.ts), and the
 * redirect back to the page with one of the fixed notices (notices.ts).
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../../env';
import type { ExecuteResult } from '../../../storage/account-rpc';
import { act } from '../../act';
import type { ConsoleContext } from '../../guard';
import type { NoticeCode } from './notices';
import type { Subject } from './subject';

/** Runs `action` as the signed-in principal (act.ts takes the app's context type: the console's adds `identity`). */
export const run = (c: ConsoleContext, action: string, input: Record<string, unknown>): Promise<ExecuteResult> =>
  act(c as unknown as Context<AppEnv>, c.get('identity').caller, action, input);

/** Back to the page, with one of the fixed notices. */
export const done = (c: ConsoleContext, s: Subject, code: NoticeCode) => c.redirect(`${s.base}?done=${code}`, 303);
