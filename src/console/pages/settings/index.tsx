/**
 * @module Account settings at `/console/iam/settings` (issue 10 §3): the password policy and the account
 * alias, read and changed through their IAM actions as the signed-in principal.
 *
 *   GET  /console/iam/settings                        the page (`?done=<code>`: a fixed notice)
 *   POST /console/iam/settings/password-policy        UpdateAccountPasswordPolicy (every field)
 *   POST /console/iam/settings/password-policy/delete DeleteAccountPasswordPolicy
 *   POST /console/iam/settings/alias                  CreateAccountAlias (AccountAlias)
 *   POST /console/iam/settings/alias/delete           DeleteAccountAlias (AccountAlias)
 *
 * A post without the session's CSRF token (or from another origin, or too large) is refused with 403 and
 * does nothing. A refused or invalid action shows the page again with AWS's code and message next to its
 * form, the values typed kept, and the error's HTTP status; a success redirects (303) to the page.
 */
import type { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { actQuery, type ActError } from '../../act-query';
import type { ConsoleContext, ConsoleEnv } from '../../guard';
import { formOf, MAX_FORM_BYTES } from '../../http';
import { AppLayout } from '../../layout';
import { MessagePage } from '../../sign-in-pages';
import { Notice } from '../../ui';
import { AliasSection } from './alias';
import { PasswordPolicySection, policyParams, valuesOf, type PolicyValues } from './password-policy';

const PAGE = '/console/iam/settings';

/** The notices of `?done=` (never text from the URL). */
const DONE: Readonly<Record<string, string>> = {
  'password-policy-updated': 'The password policy was saved.',
  'password-policy-deleted': "The custom password policy was deleted: IAM users' passwords follow AWS's default rules.",
  'alias-created': 'The account alias was saved.',
  'alias-deleted': 'The account alias was deleted.',
};

/** What a post that failed puts back on the page. */
interface Outcome {
  policyValues?: PolicyValues;
  policyError?: ActError;
  aliasTyped?: string;
  aliasError?: ActError;
  status?: number;
}

/** Renders the page: reads the alias and the policy as the principal, then both sections. */
async function render(c: ConsoleContext, outcome: Outcome = {}) {
  const identity = c.get('identity');
  const [aliases, policy] = await Promise.all([actQuery(c, 'ListAccountAliases', {}), actQuery(c, 'GetAccountPasswordPolicy', {})]);
  const alias = aliases.ok ? ((aliases.output as { AccountAliases?: string[] }).AccountAliases?.[0] ?? null) : undefined;
  const current = policy.ok ? (policy.output as { PasswordPolicy: Record<string, unknown> }).PasswordPolicy : undefined;
  const policyReadError = policy.ok || policy.error.code === 'NoSuchEntity' ? undefined : policy.error;
  const done = DONE[c.req.query('done') ?? ''];
  return c.html(
    <AppLayout title="Account settings" identity={identity} current={PAGE}>
      <Notice message={done} />
      <AliasSection csrf={identity.session.csrf} origin={new URL(c.req.url).origin} accountId={identity.principal.accountId}
        alias={alias} readError={aliases.ok ? undefined : aliases.error} typed={outcome.aliasTyped} error={outcome.aliasError} />
      <PasswordPolicySection csrf={identity.session.csrf} policy={current} readError={policyReadError}
        values={outcome.policyValues ?? valuesOf(current)} error={outcome.policyError} />
    </AppLayout>,
    // A refused read answers with its status too (console convention), the page still shown around it.
    (outcome.status ?? (aliases.ok ? undefined : aliases.error.status) ?? policyReadError?.status ?? 200) as ContentfulStatusCode,
  );
}

const refused = (c: ConsoleContext) =>
  c.html(<MessagePage title="Request refused" message="This form has expired or was not sent from this page. Open the page again and retry." />, 403);

/** A post's handler: the form checked (CSRF, origin, size), then `run`. */
const post = (run: (c: ConsoleContext, form: Record<string, string>) => Promise<Response>) => async (c: ConsoleContext) => {
  const form = await formOf(c, c.get('identity').session.csrf, MAX_FORM_BYTES);
  return form ? run(c, form) : refused(c);
};

const doneRedirect = (c: ConsoleContext, code: keyof typeof DONE) => c.redirect(`${PAGE}?done=${code}`, 303);

/** Registers the settings routes on the `/console/iam` app. */
export function registerSettings(app: Hono<ConsoleEnv>): void {
  app.get('/settings', (c) => render(c));

  app.post('/settings/password-policy', post(async (c, form) => {
    const params = policyParams(form);
    const result = await actQuery(c, 'UpdateAccountPasswordPolicy', params);
    if (result.ok) return doneRedirect(c, 'password-policy-updated');
    return render(c, { policyValues: params, policyError: result.error, status: result.error.status });
  }));

  app.post('/settings/password-policy/delete', post(async (c) => {
    const result = await actQuery(c, 'DeleteAccountPasswordPolicy', {});
    if (result.ok) return doneRedirect(c, 'password-policy-deleted');
    return render(c, { policyError: result.error, status: result.error.status });
  }));

  app.post('/settings/alias', post(async (c, form) => {
    const typed = form['AccountAlias'] ?? '';
    // IAM's message quotes the value; the field keeps at most a screenful of what was typed.
    const kept = typed.slice(0, 256);
    const result = await actQuery(c, 'CreateAccountAlias', { AccountAlias: typed });
    if (result.ok) return doneRedirect(c, 'alias-created');
    return render(c, { aliasTyped: kept, aliasError: result.error, status: result.error.status });
  }));

  app.post('/settings/alias/delete', post(async (c, form) => {
    const result = await actQuery(c, 'DeleteAccountAlias', { AccountAlias: form['AccountAlias'] ?? '' });
    if (result.ok) return doneRedirect(c, 'alias-deleted');
    return render(c, { aliasError: result.error, status: result.error.status });
  }));
}
