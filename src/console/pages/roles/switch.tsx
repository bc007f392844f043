/**
 * @module Switch role, as AWS's console does it (IAM User Guide, "Switch from a user to an IAM role
 * (console)", https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-console.html):
 *
 *   GET  /console/iam/switch-role?account=&roleName=&displayName=   the form (AWS's switch-role link fills it)
 *   POST /console/iam/switch-role   (Account, RoleName, DisplayName) AssumeRole, then the pages act as the role
 *   POST /console/iam/switch-back                                   back to the signed-in principal
 *
 * The switch is always authorized with the original credentials, never the role's (AWS: "the console
 * always uses your original credentials to authorize the switch"): STS AssumeRole as the signed-in
 * principal, with its identity policies, the role's trust policy and the session's MFA, answered with
 * AWS's message when refused. The role session is named after the user, as AWS's console names it, and
 * lasts one hour (AWS's switched console session) and never beyond the console session. Its credentials
 * are kept sealed in a cookie bound to this console session (role-session.ts); the root user cannot switch
 * (STS: "Roles may not be assumed by root accounts.").
 */
import type { Hono } from 'hono';
import { deleteCookie } from 'hono/cookie';
import { assumeRoleAs } from '../../../data-plane/console-role';
import { recordSwitchRole } from '../../../data-plane/sign-in-audit';
import { accountOfAlias } from '../../../storage/read-model';
import { partitionOf } from '../../../env';
import { consoleCaller } from '../../act';
import type { ConsoleContext, ConsoleEnv } from '../../guard';
import { AppLayout } from '../../layout';
import { boxOf, cookieName, secure, setSecureCookie } from '../../http';
import { ROLE_COOKIE, sealRole, SWITCH_SECONDS } from '../../role-session';
import { Csrf, ErrorAlert, Field } from '../../ui';
import { readForm, refused, statusOf, type PageError } from '../forms';

interface SwitchDraft {
  Account: string;
  RoleName: string;
  DisplayName: string;
}

/** AWS's console limits: a role's path and name together at most 64 characters; a display name at most 64. */
const ROLE_PATH_AND_NAME = /^(?:[\x21-\x7e]*\/)?[\w+=,.@-]{1,64}$/;
const ACCOUNT_ID = /^\d{12}$/;
const ALIAS = /^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$/;
const DISPLAY_MAX = 64;
/** AssumeRole's shortest session (DurationSeconds ≥ 900). */
const MIN_SECONDS = 900;

const invalid = (message: string): PageError => ({ code: 'ValidationError', message, status: 400 });

function switchPage(c: ConsoleContext, draft: SwitchDraft, error?: PageError) {
  const identity = c.get('identity');
  return c.html(
    <AppLayout title="Switch role" identity={identity}>
      <p>
        Switching to a role sets your own permissions aside and acts with the role's until you switch back. The switch is authorized with the credentials you signed in
        with, and the role's session lasts one hour at most.
      </p>
      <ErrorAlert error={error} />
      <form method="post" action="/console/iam/switch-role">
        <Csrf token={identity.session.csrf} />
        <Field id="Account" label="Account ID or alias" value={draft.Account} required maxlength={63} />
        <Field id="RoleName" label="Role name" value={draft.RoleName} required maxlength={64} hint="Include the role's path when it has one, e.g. team/admin" />
        <Field id="DisplayName" label="Display name (optional)" value={draft.DisplayName} maxlength={DISPLAY_MAX} hint="Shown in the header while you act as the role" />
        <button type="submit">Switch role</button>
      </form>
    </AppLayout>,
    statusOf(error),
  );
}

const draftOf = (get: (name: string) => string | undefined, names: [string, string, string]): SwitchDraft => ({
  Account: (get(names[0]) ?? '').trim().slice(0, 256),
  RoleName: (get(names[1]) ?? '').trim().slice(0, 256),
  DisplayName: (get(names[2]) ?? '').trim().slice(0, 256),
});

/** The role's account id (undefined for an alias that names no account), or the form's error. */
async function accountOf(c: ConsoleContext, draft: SwitchDraft): Promise<string | undefined | PageError> {
  if (ACCOUNT_ID.test(draft.Account)) return draft.Account;
  if (!ALIAS.test(draft.Account)) return invalid('Enter a 12-digit account ID or an existing account alias.');
  return accountOfAlias(c.env.DB, draft.Account);
}

/**
 * A refusal as the user may see it when the account was given by its alias: naming the alias, never the
 * account id it resolves to, and the same for an alias that names no account as for a role that may not be
 * assumed. Otherwise any signed-in user of any tenant could list which aliases exist and learn their
 * account ids (the sign-in page answers every unknown account alike for the same reason).
 */
function refusalAsTyped(draft: SwitchDraft, callerArn: string, typedArn: string, resolvedArn: string | undefined, error?: PageError): PageError {
  if (error && resolvedArn) return { ...error, message: error.message.replaceAll(resolvedArn, typedArn) };
  return { code: 'AccessDenied', message: `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${typedArn}`, status: 403 };
}

/** Runs the switch: AssumeRole as the signed-in principal, then the sealed role cookie. */
async function switchRole(c: ConsoleContext) {
  const form = await readForm(c);
  if (!form) return refused(c);
  const draft = draftOf((n) => form[n], ['Account', 'RoleName', 'DisplayName']);
  if (draft.RoleName.length > 64 || !ROLE_PATH_AND_NAME.test(draft.RoleName)) return switchPage(c, draft, invalid('Enter the role name (with its path, if any), at most 64 characters.'));
  if (draft.DisplayName.length > DISPLAY_MAX) return switchPage(c, draft, invalid(`The display name can have at most ${DISPLAY_MAX} characters.`));
  const account = await accountOf(c, draft);
  if (account !== undefined && typeof account !== 'string') return switchPage(c, draft, account);
  const { session, principal, actor } = c.get('identity');
  const byAlias = !ACCOUNT_ID.test(draft.Account);
  const typedArn = `arn:${partitionOf(c.env)}:iam::${draft.Account}:role/${draft.RoleName}`;
  if (account === undefined) return switchPage(c, draft, refusalAsTyped(draft, principal.arn, typedArn, undefined));
  const now = c.get('now');
  const leftS = Math.floor((session.expiresAtMs - now.getTime()) / 1000);
  const roleArn = `arn:${partitionOf(c.env)}:iam::${account}:role/${draft.RoleName}`;
  const input = { RoleArn: roleArn, RoleSessionName: principal.userName ?? 'root', DurationSeconds: Math.max(MIN_SECONDS, Math.min(SWITCH_SECONDS, leftS)) };
  const facts = { sourceIp: c.req.header('cf-connecting-ip') ?? null, userAgent: c.req.header('user-agent') ?? null, secureTransport: secure(c) };
  // INVARIANT: always the original principal's caller, never the current role session's (AWS's rule above).
  const result = await assumeRoleAs(c, consoleCaller(actor), input, facts, c.get('requestId'), now);
  if (!result.ok) return switchPage(c, draft, byAlias ? refusalAsTyped(draft, principal.arn, typedArn, roleArn, result.error) : result.error);
  const redirectTo = new URL('/console/home', c.req.url).toString();
  // The switch's AssumeRole is in the trail already (run by the STS runner); SwitchRole is the console's own event.
  recordSwitchRole(c, {
    sessionArn: result.session.arn,
    assumedRoleId: result.session.assumedRoleId,
    accessKeyId: result.session.accessKeyId,
    roleArn,
    switchFrom: principal.arn,
    mfaUsed: session.mfaAtMs !== undefined,
    redirectTo,
    facts: { requestId: c.get('requestId'), now, sourceIp: facts.sourceIp, userAgent: facts.userAgent },
  });
  const expiresAtMs = Math.min(Date.parse(result.session.expiration), session.expiresAtMs);
  const roleName = draft.RoleName.slice(draft.RoleName.lastIndexOf('/') + 1);
  const sealed = await sealRole(await boxOf(c.env), session, {
    accessKeyId: result.session.accessKeyId,
    sessionToken: result.session.sessionToken,
    accountId: account,
    roleName,
    displayName: draft.DisplayName || `${roleName} @ ${account}`,
    arn: result.session.arn,
    expiresAtMs,
  });
  setSecureCookie(c, ROLE_COOKIE, sealed, Math.max(1, Math.floor((expiresAtMs - now.getTime()) / 1000)));
  return c.redirect('/console/home', 303);
}

export function registerSwitchRole(app: Hono<ConsoleEnv>): void {
  app.get('/switch-role', (c) => switchPage(c, draftOf((n) => c.req.query(n), ['account', 'roleName', 'displayName'])));
  app.post('/switch-role', switchRole);
  app.post('/switch-back', async (c) => {
    if (!(await readForm(c))) return refused(c);
    deleteCookie(c, cookieName(c, ROLE_COOKIE), { path: '/', secure: secure(c) });
    return c.redirect('/console/home', 303);
  });
}
