/**
 * @module The signed-in pages' frame: a skip link, the header (account, who is signed in, sign-out), the
 * navigation and the page's main region. Server-rendered; the stylesheet and the one script come from
 * `/console/assets/` (the CSP forbids anything inline). Narrow screens stack the navigation above the page.
 */
import type { Child } from 'hono/jsx';
import { ASSET_PATHS } from './assets';
import type { ConsoleIdentity } from './guard';

/** The console's sections, in the navigation's order (AWS's IAM console names them the same way). */
export const NAV: ReadonlyArray<{ href: string; label: string }> = [
  { href: '/console/home', label: 'Dashboard' },
  { href: '/console/iam/users', label: 'Users' },
  { href: '/console/iam/groups', label: 'User groups' },
  { href: '/console/iam/roles', label: 'Roles' },
  { href: '/console/iam/policies', label: 'Policies' },
  { href: '/console/iam/providers', label: 'Identity providers' },
  { href: '/console/iam/simulator', label: 'Policy simulator' },
  { href: '/console/iam/credential-report', label: 'Credential report' },
  { href: '/console/iam/settings', label: 'Account settings' },
  { href: '/console/iam/event-history', label: 'Event history' },
  { href: '/console/iam/security-credentials', label: 'My security credentials' },
];

export interface AppLayoutProps {
  title: string;
  identity: ConsoleIdentity;
  /** The navigation entry to mark current (its href). */
  current?: string;
  children: Child;
}

/** A page of the signed-in console. */
export const AppLayout = (props: AppLayoutProps) => {
  const p = props.identity.principal;
  const who = p.userName ?? 'Root user';
  const role = props.identity.role;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} | IAM console`}</title>
        <link rel="stylesheet" href={ASSET_PATHS.css} />
        <script src={ASSET_PATHS.js} defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <span class="brand">IAM console</span>
          {role ? (
            // As AWS's console shows a switched role: its display name @ its account, and a way back.
            <>
              <span class="who role">
                <span id="signed-in-as">{role.displayName}</span> @ <span id="header-account">{role.accountId}</span>
                <span> (role {role.roleName}, signed in as {who})</span>
              </span>
              <form method="post" action="/console/iam/switch-back" class="inline">
                <input type="hidden" name="csrf" value={props.identity.session.csrf} />
                <button type="submit">Switch back</button>
              </form>
            </>
          ) : (
            <span class="who">
              <span id="signed-in-as">{who}</span> @ <span id="header-account">{p.alias ?? p.accountId}</span>
            </span>
          )}
          <form method="post" action="/console/signout" class="inline">
            <input type="hidden" name="csrf" value={props.identity.session.csrf} />
            <button type="submit">Sign out</button>
          </form>
        </header>
        <div class="frame">
          <nav aria-label="IAM console">
            <ul>
              {NAV.map((n) => (
                <li>
                  <a href={n.href} aria-current={props.current === n.href ? 'page' : undefined}>
                    {n.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <main id="main" tabindex={-1}>
            <h1>{props.title}</h1>
            {props.children}
          </main>
        </div>
      </body>
    </html>
  );
};
