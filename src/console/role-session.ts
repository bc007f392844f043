/**
 * @module Switch role's state in the browser: the role session's temporary credentials (the key id and the
 * sealed STS token; its secret stays inside the token) and what the header shows, sealed (core/secret-box.ts)
 * with additional data naming the console session it was made in (its account, principal, start and CSRF
 * token, which is random per session). It opens only beside that very session: another browser's, another
 * account's, a later sign-in's session or a signed-out one cannot use it, and it expires with the role
 * session, at most one hour and never after the console session (IAM User Guide, "Switch from a user to an
 * IAM role (console)": a switched console session lasts one hour).
 */
import type { SecretBox } from '../core/secret-box';
import type { ConsoleSession } from './session';

/** The role a console session switched to. */
export interface SwitchedRole {
  accessKeyId: string;
  sessionToken: string;
  /** The role's account and name (path included, as typed), the header's display name. */
  accountId: string;
  roleName: string;
  displayName: string;
  /** The session's ARN (`…:assumed-role/Role/session`). */
  arn: string;
  expiresAtMs: number;
}

/** The cookie's base name (`__Host-` over HTTPS, http.ts cookieName). */
export const ROLE_COOKIE = 'iam-console-role';

/** A switched session's longest life (one hour, the console's and role chaining's limit), seconds. */
export const SWITCH_SECONDS = 3600;

const aad = (s: ConsoleSession) => `console-role:${s.accountId}:${s.owner}:${s.issuedAtMs}:${s.csrf}`;

export const sealRole = (box: SecretBox, session: ConsoleSession, role: SwitchedRole): Promise<string> => box.seal(JSON.stringify(role), aad(session));

/** The switched role of `session`, or undefined when the cookie is absent, tampered with, of another session or expired. */
export async function openRole(box: SecretBox, session: ConsoleSession, cookie: string | undefined, nowMs: number): Promise<SwitchedRole | undefined> {
  if (!cookie || cookie.length > 4096) return undefined;
  const json = await box.open(cookie, aad(session));
  if (json === undefined) return undefined;
  const role = JSON.parse(json) as SwitchedRole;
  return role.expiresAtMs > nowMs && role.expiresAtMs <= session.expiresAtMs ? role : undefined;
}
