/**
 * @module The signed-in pages' gate: every route under `/console/iam` (and the dashboard) runs with a
 * live session, checked against the account's object on every request (http.ts `liveSession`), and acts
 * through `c.var.identity.caller` (act.ts). Without one, the browser is sent to a page that says so.
 *
 * After a switch role (pages/roles/switch.tsx), the caller is the role session: its sealed credentials
 * (role-session.ts, bound to this console session) are authenticated on every request as a request signed
 * with them would be (data-plane/console-role.ts), and the account's object then resolves that session as
 * any role session (the role must still exist). A role cookie that no longer opens or authenticates is
 * dropped, and the pages act as the signed-in principal again.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { roleSessionCaller } from '../data-plane/console-role';
import type { AppEnv, Variables } from '../env';
import type { Caller } from '../services/context';
import type { SignInPrincipal } from '../storage/account/sign-in';
import { actorOf, consoleCaller, type ConsoleActor } from './act';
import { boxOf, cookieName, liveSession, secure } from './http';
import { openRole, ROLE_COOKIE, type SwitchedRole } from './role-session';
import type { ConsoleSession } from './session';

/** The signed-in principal of a console request. */
export interface ConsoleIdentity {
  session: ConsoleSession;
  principal: SignInPrincipal;
  actor: ConsoleActor;
  /** Who the page's IAM calls act as: the signed-in principal, or the role session it switched to. */
  caller: Caller;
  /** The role switched to, when the pages act as a role session. */
  role?: SwitchedRole;
}

/** The Hono environment of the signed-in pages. */
export type ConsoleEnv = { Bindings: AppEnv['Bindings']; Variables: Variables & { identity: ConsoleIdentity } };
export type ConsoleContext = Context<ConsoleEnv>;

/** The role session the console switched to and its caller, when its cookie still opens and authenticates. */
async function switchedRole(c: Context<AppEnv>, session: ConsoleSession): Promise<{ role: SwitchedRole; caller: Caller } | undefined> {
  const name = cookieName(c, ROLE_COOKIE);
  const cookie = getCookie(c, name);
  if (cookie === undefined) return undefined;
  const now = c.get('now');
  const role = await openRole(await boxOf(c.env), session, cookie, now.getTime());
  const caller = role && (await roleSessionCaller(c.env, role.accessKeyId, role.sessionToken, now));
  if (role && caller) return { role, caller };
  deleteCookie(c, name, { path: '/', secure: secure(c) });
  return undefined;
}

/** Lets a request through only with a live session, and sets `identity`. */
export function requireSession(onSignedOut: (c: Context<AppEnv>) => Response | Promise<Response>): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const edge = c as unknown as Context<AppEnv>;
    const live = await liveSession(edge);
    if (!live) return onSignedOut(edge);
    const actor = actorOf(live.principal, live.session);
    const switched = await switchedRole(edge, live.session);
    c.set('identity', {
      session: live.session,
      principal: live.principal,
      actor,
      caller: switched?.caller ?? consoleCaller(actor),
      ...(switched ? { role: switched.role } : {}),
    });
    await next();
  };
}
