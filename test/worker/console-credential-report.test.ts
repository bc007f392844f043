/**
 * The credential report in the console (issue 11 §2): its status, "Download credential report" (generate,
 * then the API's CSV as a file) and the download of the current report, each as the signed-in principal:
 * allowed for the root user and for a user whose policy allows both actions; refused with AWS's message,
 * and nothing generated, for a user without them, for one allowed only to read, and for a forged post.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call, iamOk, policy, type Keys } from './support';
import { accountWithRoot, Browser, hidden, ROOT_PW, signedIn, USER_PW, userWithPassword } from './signin-support';

const PAGE = '/console/iam/credential-report';

/** The report through the API (GetCredentialReport as the root user), or its error code. */
const apiReport = async (root: Keys) => {
  const r = await call(root, 'GetCredentialReport');
  if (r.error) return r.error.Code;
  return new TextDecoder().decode(Uint8Array.from(atob(r.result.Content), (ch) => ch.charCodeAt(0)));
};

const download = async (b: Browser) => {
  const page = await (await b.get(PAGE)).text();
  return b.post(`${PAGE}/download`, { csrf: hidden(page, 'csrf') });
};

describe('console credential report', () => {
  let accountId: string;
  let root: Keys;
  let admin: Browser;
  let nobody: Browser;
  let reader: Browser;
  let auditor: Browser;

  beforeAll(async () => {
    let email: string;
    ({ accountId, root, email } = await accountWithRoot());
    admin = await signedIn(accountId, email, ROOT_PW, true);
    await userWithPassword(root, 'nobody');
    nobody = await signedIn(accountId, 'nobody', USER_PW);
    await userWithPassword(root, 'reader');
    await iamOk(root, 'PutUserPolicy', { UserName: 'reader', PolicyName: 'get', PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:GetCredentialReport', Resource: '*' }) });
    reader = await signedIn(accountId, 'reader', USER_PW);
    // AWS's example policy for credential reports (IAM User Guide, reference_policies_examples_iam-credential-report).
    await userWithPassword(root, 'auditor');
    const both = policy({ Effect: 'Allow', Action: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'], Resource: '*' });
    await iamOk(root, 'PutUserPolicy', { UserName: 'auditor', PolicyName: 'reports', PolicyDocument: both });
    auditor = await signedIn(accountId, 'auditor', USER_PW);
  });

  it('is linked from the dashboard and the navigation, and says when no report exists', async () => {
    const home = await (await admin.get('/console/home')).text();
    expect(home).toContain(`<a href="${PAGE}" id="credential-report-link">Credential report</a>`);
    const res = await admin.get(PAGE);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain(`<a href="${PAGE}" aria-current="page">Credential report</a>`);
    expect(html).toContain('<p id="report-state" data-state="none">No credential report has been generated for this account yet.</p>');
    expect(html).toContain('<button type="submit">Download credential report</button>');
    const none = await admin.get(`${PAGE}/download`);
    expect(none.status).toBe(410);
    expect(await none.text()).toContain('<strong>ReportNotPresent</strong>');
  });

  it('refuses a forged or cross-site download post and generates nothing', async () => {
    expect((await admin.post(`${PAGE}/download`, { csrf: 'forged' })).status).toBe(403);
    const page = await (await admin.get(PAGE)).text();
    expect((await admin.post(`${PAGE}/download`, { csrf: hidden(page, 'csrf') }, { origin: 'https://evil.example' })).status).toBe(403);
    expect(await apiReport(root)).toBe('ReportNotPresent');
  });

  it('refuses a user without the permissions, with AWS messages, and generates nothing', async () => {
    const page = await nobody.get(PAGE);
    expect(page.status).toBe(403);
    expect(await page.text()).toContain(`User: arn:aws:iam::${accountId}:user/nobody is not authorized to perform: iam:GetCredentialReport on resource: *`);
    const res = await download(nobody);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain(`User: arn:aws:iam::${accountId}:user/nobody is not authorized to perform: iam:GenerateCredentialReport on resource: *`);
    expect(html).toContain('id="download-error"');
    expect((await nobody.get(`${PAGE}/download`)).status).toBe(403);
    // Allowed to read but not to generate: the post is refused at GenerateCredentialReport.
    const readerPost = await download(reader);
    expect(readerPost.status).toBe(403);
    expect(await readerPost.text()).toContain('is not authorized to perform: iam:GenerateCredentialReport');
    expect(await apiReport(root)).toBe('ReportNotPresent');
  });

  it("downloads the API's CSV as a file, then shows the report's status; a reader downloads the current report", async () => {
    await iamOk(root, 'CreateUser', { UserName: '=cmd' });
    const res = await download(auditor);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="credential-report-${accountId}-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ\\.csv"$`));
    const csv = await res.text();
    expect(csv).toBe(await apiReport(root));
    const lines = csv.split('\n');
    expect(lines.map((l) => l.split(',')[0])).toEqual(['user', '<root_account>', "'=cmd", 'auditor', 'nobody', 'reader']);

    const page = await (await admin.get(PAGE)).text();
    expect(page).toContain('<dl class="facts" id="report-state" data-state="ready">');
    expect(page).toContain('<dd id="report-users">4 (and the root user)</dd>');
    const generated = (await call(root, 'GetCredentialReport')).result.GeneratedTime as string;
    expect(page).toContain(`<dd id="report-generated">${generated}</dd>`);

    // The report is kept four hours: the root user's download is the same report, not a new one.
    await iamOk(root, 'CreateUser', { UserName: 'later' });
    const again = await download(admin);
    expect([again.status, await again.text()]).toEqual([200, csv]);

    const read = await reader.get(`${PAGE}/download`);
    expect(read.status).toBe(200);
    expect(await read.text()).toBe(csv);
  });
});
