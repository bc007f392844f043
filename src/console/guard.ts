/**
 * @module The signed-in pages' gate: every route under `/console/iam` (and the dashboard) runs with a
 * live session, checked against the account's object on every request (http.ts `liveSession`), and acts
 * through `c.var.identity.caller` (act.ts). Without one, the browser is sent to a page that says so.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv, Variables } from '../env';
import type { Caller } from '../services/context';
import type { SignInPrincipal } from '../storage/account/sign-in';
import { actorOf, consoleCaller, type ConsoleActor } from './act';
import { liveSession } from './http';
import type { ConsoleSession } from './session';

/** The signed-in principal of a console request. */
export interface ConsoleIdentity {
  session: ConsoleSession;
  principal: SignInPrincipal;
  actor: ConsoleActor;
  /** Who the page's IAM calls act as. */
  caller: Caller;
}

/** The Hono environment of the signed-in pages. */
export type ConsoleEnv = { Bindings: AppEnv['Bindings']; Variables: Variables & { identity: ConsoleIdentity } };
export type ConsoleContext = Context<ConsoleEnv>;

/** Lets a request through only with a live session, and sets `identity`. */
export function requireSession(onSignedOut: (c: Context<AppEnv>) => Response | Promise<Response>): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const live = await liveSession(c as unknown as Context<AppEnv>);
    if (!live) return onSignedOut(c as unknown as Context<AppEnv>);
    const actor = actorOf(live.principal, live.session);
    c.set('identity', { session: live.session, principal: live.principal, actor, caller: consoleCaller(actor) });
    await next();
  };
}
