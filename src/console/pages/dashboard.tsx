/**
 * @module The dashboard at `/console/home`, as AWS's IAM dashboard: the account (id, alias, the sign-in
 * URL for IAM users, links to the account settings and the credential report), "IAM resources"
 * (GetAccountSummary's counts) and "Security recommendations" (root MFA, root access keys, a password
 * policy, unused access keys).
 *
 * Every figure is an IAM read as the signed-in principal (act.ts), so a user sees only what their
 * policies let them read: a refused read shows AWS's code and message in place of its figures, and the
 * page is still the 200 landing page every principal reaches after signing in (the id, alias and ARN come
 * from the sign-in itself, as the console's header shows them to anyone signed in).
 *
 * Spec: IAM API Reference, GetAccountSummary (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html:
 * AccountMFAEnabled, AccountAccessKeysPresent and the entity counts) and GetAccountPasswordPolicy (NoSuchEntity
 * without a custom policy); IAM User Guide, "Root user best practices for your AWS account"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-best-practices.html: MFA for the root user, no
 * root access keys) and "Set an account password policy for IAM users".
 */
import { AppLayout } from '../layout';
import type { ConsoleContext } from '../guard';
import { actQuery, type ActError } from '../act-query';
import { ErrorAlert, Section } from '../ui';
import { signInUrl } from './sign-in-url';
import { Recommendations } from './dashboard-recommendations';
import { scanUnusedKeys } from './unused-keys';

type Summary = Record<string, number>;

/** The "IAM resources" cards: label, SummaryMap key, its quota key, the section it links to. */
const RESOURCES: ReadonlyArray<{ label: string; key: string; quota?: string; href: string }> = [
  { label: 'User groups', key: 'Groups', quota: 'GroupsQuota', href: '/console/iam/groups' },
  { label: 'Users', key: 'Users', quota: 'UsersQuota', href: '/console/iam/users' },
  { label: 'Roles', key: 'Roles', quota: 'RolesQuota', href: '/console/iam/roles' },
  { label: 'Policies', key: 'Policies', quota: 'PoliciesQuota', href: '/console/iam/policies' },
  { label: 'Identity providers', key: 'Providers', href: '/console/iam/providers' },
  { label: 'MFA devices', key: 'MFADevices', href: '/console/iam/security-credentials' },
];

const count = (n: number | undefined) => (n === undefined ? '–' : n.toLocaleString('en-US'));

const Resources = (props: { summary: Summary | undefined; error: ActError | undefined }) => (
  <Section title="IAM resources" id="resources">
    <ErrorAlert error={props.error} />
    {props.summary ? (
      <div class="cards" role="list" aria-label="Resources in this account">
        {RESOURCES.map((r) => (
          <div class="card" role="listitem">
            <div class="n" id={`count-${r.key}`}>
              {count(props.summary![r.key])}
            </div>
            <a href={r.href}>{r.label}</a>
            {r.quota ? <small class="hint">{`of ${count(props.summary![r.quota])} allowed`}</small> : null}
          </div>
        ))}
      </div>
    ) : null}
  </Section>
);

/** GET /console/home. */
export async function dashboard(c: ConsoleContext) {
  const identity = c.get('identity');
  const p = identity.principal;
  const [summary, policy, keys] = await Promise.all([actQuery(c, 'GetAccountSummary', {}), actQuery(c, 'GetAccountPasswordPolicy', {}), scanUnusedKeys(c)]);
  const summaryMap = summary.ok ? (summary.output as { SummaryMap: Summary }).SummaryMap : undefined;
  const url = signInUrl(new URL(c.req.url).origin, p.accountId, p.alias);
  return c.html(
    <AppLayout title="IAM dashboard" identity={identity} current="/console/home">
      <Section title="AWS account" id="account">
        <dl class="facts">
          <dt>Account ID</dt>
          <dd id="account-id">{p.accountId}</dd>
          <dt>Account alias</dt>
          <dd id="account-alias">{p.alias ?? '(none)'}</dd>
          <dt>Sign-in URL for IAM users in this account</dt>
          <dd>
            <a id="sign-in-url" href={url}>
              {url}
            </a>
          </dd>
          <dt>Signed in as</dt>
          <dd id="principal">{p.userName ?? 'Root user'}</dd>
          <dt>ARN</dt>
          <dd id="arn">{p.arn}</dd>
        </dl>
        <p>
          <a href="/console/iam/settings">Account settings</a> (alias, password policy)
        </p>
        <p>
          <a href="/console/iam/credential-report" id="credential-report-link">Credential report</a> (every user's passwords, access keys and
          MFA devices, as a CSV file)
        </p>
      </Section>
      <Resources summary={summaryMap} error={summary.ok ? undefined : summary.error} />
      <Recommendations
        root={p.userName === null}
        summary={summaryMap}
        summaryError={summary.ok ? undefined : summary.error}
        policy={policy.ok ? 'set' : policy.error.code === 'NoSuchEntity' ? 'none' : policy.error}
        keys={keys}
      />
    </AppLayout>,
  );
}
