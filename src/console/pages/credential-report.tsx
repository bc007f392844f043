/**
 * @module The credential report at `/console/iam/credential-report` (issue 11 §2): the report's status,
 * and AWS's "Download credential report", as the signed-in principal.
 *
 *   GET  /console/iam/credential-report            the page: GetCredentialReport's state (generated when,
 *                                                   how many users; none yet; expired; or AWS's refusal)
 *   POST /console/iam/credential-report/download   GenerateCredentialReport, then GetCredentialReport: the
 *                                                   CSV as a file (AWS's console button: a report younger than
 *                                                   four hours is kept, so this generates at most that often)
 *   GET  /console/iam/credential-report/download   the current report as a file, nothing generated (a
 *                                                   principal allowed only iam:GetCredentialReport)
 *
 * Spec: IAM User Guide, "Generate credential reports for your AWS account"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html: "Getting credential
 * reports (console)": in the navigation pane, Credential report, then Download credential report; the
 * console needs both iam:GenerateCredentialReport and iam:GetCredentialReport; a report is generated at most
 * once every four hours). Generating writes the account's stored report, so it is a CSRF-checked post; the
 * file is the API's CSV byte for byte (its cells already spreadsheet-safe, services/iam/account/credential-report.ts).
 */
import type { Hono } from 'hono';
import type { ActError } from '../act-query';
import { actQuery } from '../act-query';
import type { ConsoleContext, ConsoleEnv } from '../guard';
import { AppLayout } from '../layout';
import { Csrf, ErrorAlert, Section, when } from '../ui';
import { postedForm, statusOf } from './page-kit';

const PAGE = '/console/iam/credential-report';
/** How long IAM keeps a report before generating a new one (services/iam/account/credential-report.ts). */
const KEPT_MS = 4 * 3_600_000;

/** GetCredentialReport's answer as the page shows it. */
type ReportState =
  | { kind: 'ready'; generatedTime: string; users: number }
  | { kind: 'none' }
  | { kind: 'expired' }
  | { kind: 'refused'; error: ActError };

type Report = { Content: string; GeneratedTime: string };

/** The principal's current report (GetCredentialReport), or its error. */
async function currentReport(c: ConsoleContext): Promise<{ ok: true; report: Report } | { ok: false; error: ActError }> {
  const r = await actQuery(c, 'GetCredentialReport', {});
  return r.ok ? { ok: true, report: r.output as Report } : { ok: false, error: r.error };
}

function stateOf(read: Awaited<ReturnType<typeof currentReport>>): ReportState {
  if (read.ok) {
    // Lines: the header, the root user, then one per IAM user.
    const lines = read.report.Content.split('\n').length;
    return { kind: 'ready', generatedTime: read.report.GeneratedTime, users: Math.max(0, lines - 2) };
  }
  if (read.error.code === 'ReportNotPresent') return { kind: 'none' };
  if (read.error.code === 'ReportExpired') return { kind: 'expired' };
  return { kind: 'refused', error: read.error };
}

const Status = (props: { state: ReportState }) => {
  const s = props.state;
  if (s.kind === 'refused') return <ErrorAlert error={s.error} />;
  if (s.kind === 'none') return <p id="report-state" data-state="none">No credential report has been generated for this account yet.</p>;
  if (s.kind === 'expired') {
    return (
      <p id="report-state" data-state="expired">
        The last report has expired (a report is kept four hours). Downloading the report generates a new one.
      </p>
    );
  }
  const next = new Date(Date.parse(s.generatedTime) + KEPT_MS);
  return (
    <>
      <dl class="facts" id="report-state" data-state="ready">
        <dt>Generated</dt>
        <dd id="report-generated">{when(s.generatedTime)}</dd>
        <dt>IAM users in the report</dt>
        <dd id="report-users">{s.users.toLocaleString('en-US')} (and the root user)</dd>
        <dt>A newer report can be generated from</dt>
        <dd>{when(next)}</dd>
      </dl>
      <p>
        <a href={`${PAGE}/download`} id="download-current">
          Download the report generated at {when(s.generatedTime)}
        </a>
      </p>
    </>
  );
};

/** The page, with the report's state and, after a failed download, the action's error. */
async function render(c: ConsoleContext, failed?: ActError) {
  const identity = c.get('identity');
  const state = stateOf(await currentReport(c));
  const status = failed ? statusOf(failed) : state.kind === 'refused' ? statusOf(state.error) : 200;
  return c.html(
    <AppLayout title="Credential report" identity={identity} current={PAGE}>
      <p>
        A CSV file that lists every IAM user of the account and the root user with the state of their credentials: passwords, access
        keys (when each was last rotated and last used, in which region and for which service), MFA devices and signing
        certificates. Generating it needs iam:GenerateCredentialReport, reading it iam:GetCredentialReport.
      </p>
      <Section title="Report status" id="report">
        <Status state={state} />
      </Section>
      <Section title="Download" id="download">
        {failed ? (
          <div id="download-error">
            <ErrorAlert error={failed} />
          </div>
        ) : null}
        <form method="post" action={`${PAGE}/download`} id="download-form">
          <Csrf token={identity.session.csrf} />
          <button type="submit">Download credential report</button>
        </form>
        <p class="hint">A report younger than four hours is downloaded as it is; otherwise a new one is generated first.</p>
      </Section>
    </AppLayout>,
    status,
  );
}

/** The report as a file: the API's CSV, named after the account and the time it was generated. */
function csvFile(c: ConsoleContext, report: Report) {
  const stamp = when(report.GeneratedTime).replace(/:/g, '-');
  const name = `credential-report-${c.get('identity').caller.accountId}-${stamp}.csv`;
  return c.body(report.Content, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` });
}

/** Registers the credential report's routes on the `/console/iam` app. */
export function registerCredentialReport(app: Hono<ConsoleEnv>): void {
  app.get('/credential-report', (c) => render(c));

  app.get('/credential-report/download', async (c) => {
    const read = await currentReport(c);
    return read.ok ? csvFile(c, read.report) : render(c, read.error);
  });

  app.post('/credential-report/download', async (c) => {
    const form = await postedForm(c, PAGE);
    if (form instanceof Response) return form;
    const generated = await actQuery(c, 'GenerateCredentialReport', {});
    if (!generated.ok) return render(c, generated.error);
    const read = await currentReport(c);
    return read.ok ? csvFile(c, read.report) : render(c, read.error);
  });
}
