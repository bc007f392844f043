/**
 * @module The sign-in pages (form, MFA step, forced change, messages), server-rendered with Hono JSX (which escapes
 * every text and attribute value it renders, so an echoed user name, alias or message cannot inject
 * markup). Minimal but complete: labels, no script, the console's stylesheet (nothing inline: the CSP forbids it).
 */
import type { Child } from 'hono/jsx';
import { ASSET_PATHS } from './assets';

const Layout = (props: { title: string; children: Child }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{props.title}</title>
      <link rel="stylesheet" href={ASSET_PATHS.css} />
    </head>
    <body>
      <main>
        <h1>{props.title}</h1>
        {props.children}
      </main>
    </body>
  </html>
);

const Error = (props: { message?: string | undefined }) => (props.message ? <p role="alert">{props.message}</p> : null);

/** The sign-in form of `/console/{account}`: root (email) or IAM user (name). */
export const SignInPage = (props: { account: string; csrf: string; root: boolean; login?: string; error?: string }) => (
  <Layout title="Sign in">
    <p>
      Account: <strong>{props.account}</strong>
    </p>
    <Error message={props.error} />
    <form method="post" action={`/console/${encodeURIComponent(props.account)}`}>
      <input type="hidden" name="csrf" value={props.csrf} />
      <fieldset>
        <legend>Sign in as</legend>
        <label>
          <input type="radio" name="kind" value="user" checked={!props.root} /> IAM user
        </label>
        <label>
          <input type="radio" name="kind" value="root" checked={props.root} /> Root user (account email)
        </label>
      </fieldset>
      <label for="login">User name or root email</label>
      <input id="login" name="login" autocomplete="username" required maxlength={256} value={props.login ?? ''} />
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required maxlength={128} />
      <button type="submit">Sign in</button>
    </form>
  </Layout>
);

/** The MFA step. */
export const MfaPage = (props: { account: string; csrf: string; pending: string; error?: string }) => (
  <Layout title="Multi-factor authentication">
    <Error message={props.error} />
    <form method="post" action={`/console/${encodeURIComponent(props.account)}/mfa`}>
      <input type="hidden" name="csrf" value={props.csrf} />
      <input type="hidden" name="pending" value={props.pending} />
      <label for="code">MFA code</label>
      <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" required maxlength={6} />
      <button type="submit">Submit</button>
    </form>
  </Layout>
);

/** The forced password change (reset required or expired), AWS's three fields. */
export const ChangePasswordPage = (props: { account: string; csrf: string; pending: string; reason: string; error?: string }) => (
  <Layout title="Change password">
    <p>{props.reason}</p>
    <Error message={props.error} />
    <form method="post" action={`/console/${encodeURIComponent(props.account)}/change-password`}>
      <input type="hidden" name="csrf" value={props.csrf} />
      <input type="hidden" name="pending" value={props.pending} />
      <label for="old">Old password</label>
      <input id="old" name="old" type="password" autocomplete="current-password" required maxlength={128} />
      <label for="new">New password</label>
      <input id="new" name="new" type="password" autocomplete="new-password" required maxlength={128} />
      <label for="confirm">Retype new password</label>
      <input id="confirm" name="confirm" type="password" autocomplete="new-password" required maxlength={128} />
      <button type="submit">Confirm password change</button>
    </form>
  </Layout>
);

/** A refusal page (bad form, expired step). */
export const MessagePage = (props: { title: string; message: string }) => (
  <Layout title={props.title}>
    <p role="alert">{props.message}</p>
  </Layout>
);
