/**
 * GenerateCredentialReport and GetCredentialReport (issue 11 §2) through the Query API: AWS's 22 columns
 * with the root user's row first, the values of every credential state, the four-hour life of a report,
 * AWS's errors before a report exists and after it expires, authorization of both actions, and an account
 * of 520 users stored and read back whole.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIAL_REPORT_COLUMNS } from '../../src/services/iam/account/credential-report';
import { advanceClock, awsDate, call, freezeClock, iamOk, newAccount, policy, userWithKey, type Keys } from './support';
import { enableMfa } from './signin-support';

const reportOf = async (keys: Keys) => {
  const r = await iamOk(keys, 'GetCredentialReport');
  const csv = new TextDecoder().decode(Uint8Array.from(atob(r.Content), (ch) => ch.charCodeAt(0)));
  return { csv, lines: csv.split('\n'), format: r.ReportFormat, generatedTime: r.GeneratedTime as string };
};

/** A report date for a time in milliseconds (seconds, `+00:00`). */
const reportDate = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}+00:00`;

describe('credential report', () => {
  let accountId: string;
  let root: Keys;
  beforeAll(async () => {
    ({ accountId, root } = await newAccount());
  });

  it('answers ReportNotPresent before the first generation, and STARTED then COMPLETE when generating', async () => {
    const before = await call(root, 'GetCredentialReport');
    expect([before.status, before.error?.Code]).toEqual([410, 'ReportNotPresent']);
    expect(before.error?.Message).toBe('The request was rejected because the credential report does not exist. To generate a credential report, use GenerateCredentialReport.');
    expect(await iamOk(root, 'GenerateCredentialReport')).toEqual({ State: 'STARTED', Description: 'No report exists. Starting a new report generation task' });
    expect(await iamOk(root, 'GenerateCredentialReport')).toEqual({ State: 'COMPLETE' });
    const report = await reportOf(root);
    expect(report.format).toBe('text/csv');
    expect(report.lines[0]).toBe(CREDENTIAL_REPORT_COLUMNS.join(','));
    expect(report.lines).toHaveLength(2);
    expect(report.lines[1]).toMatch(new RegExp(`^<root_account>,arn:aws:iam::${accountId}:root,\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00,not_supported,N/A,not_supported,not_supported,false,true,`));
  });

  it('writes every credential state as AWS does, and keeps the report four hours', async () => {
    const t0 = freezeClock();
    await iamOk(root, 'UpdateAccountPasswordPolicy', { MaxPasswordAge: '90' });
    // A name with a comma (IAM allows `,` in names): the field is quoted.
    const key = await userWithKey(root, 'ann,lee');
    // Refused, but a use of the key all the same (AWS records the use of a key whatever the answer).
    expect((await call(key, 'GetUser')).status).toBe(403);
    await iamOk(root, 'CreateLoginProfile', { UserName: 'ann,lee', Password: 'Passw0rd!-long' });
    advanceClock(1000);
    const second = (await iamOk(root, 'CreateAccessKey', { UserName: 'ann,lee' })).AccessKey;
    await iamOk(root, 'UpdateAccessKey', { UserName: 'ann,lee', AccessKeyId: second.AccessKeyId, Status: 'Inactive' });
    await iamOk(root, 'CreateUser', { UserName: 'bare' });
    // IAM allows `=`, `+`, `-` and `@` first: a spreadsheet would run the name as a formula.
    await iamOk(root, 'CreateUser', { UserName: '=HYPERLINK' });

    // The report generated before is still served, without the new users, until four hours have passed.
    expect((await reportOf(root)).lines).toHaveLength(2);
    advanceClock(4 * 3_600_000 + 1000);
    const expired = await call(root, 'GetCredentialReport');
    expect([expired.status, expired.error?.Code]).toEqual([410, 'ReportExpired']);
    expect((await iamOk(root, 'GenerateCredentialReport')).State).toBe('STARTED');
    const report = await reportOf(root);
    expect(report.generatedTime).toBe(awsDate(t0 + 4 * 3_600_000 + 2000));
    const [, rootRow, formula, ann, bare] = report.lines;
    expect(formula!.startsWith(`'=HYPERLINK,arn:aws:iam::${accountId}:user/=HYPERLINK,`)).toBe(true);
    // The root key signed every call so far (in the object: its use is recorded at once).
    expect(parseCsvLine(rootRow!).slice(8, 13)).toEqual(['true', expect.stringMatching(/\+00:00$/), expect.stringMatching(/\+00:00$/), 'us-east-1', 'iam']);
    expect(ann!.startsWith('"ann,lee",')).toBe(true);
    const cells = parseCsvLine(ann!);
    expect(cells.slice(0, 2)).toEqual(['ann,lee', `arn:aws:iam::${accountId}:user/ann,lee`]);
    expect(cells.slice(3, 8)).toEqual(['true', 'no_information', reportDate(t0), reportDate(t0 + 90 * 86_400_000), 'false']);
    // Key 1 (older, active, used for GetUser), key 2 (inactive, never used), no signing certificates.
    expect(cells.slice(8, 13)).toEqual(['true', reportDate(t0), expect.stringMatching(/\+00:00$/), 'us-east-1', 'iam']);
    expect(cells.slice(13)).toEqual(['false', 'N/A', 'N/A', 'N/A', 'N/A', 'false', 'N/A', 'false', 'N/A']);
    const noKey = ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
    expect(parseCsvLine(bare!).slice(3)).toEqual(['false', 'N/A', 'N/A', 'N/A', 'false', ...noKey, ...noKey, 'false', 'N/A', 'false', 'N/A']);
  });

  it('authorizes each action on its own: iam:GenerateCredentialReport and iam:GetCredentialReport', async () => {
    const auditor = await userWithKey(root, 'auditor');
    const denied = await call(auditor, 'GenerateCredentialReport');
    expect([denied.status, denied.error?.Code]).toEqual([403, 'AccessDenied']);
    expect(denied.error?.Message).toBe(
      `User: arn:aws:iam::${accountId}:user/auditor is not authorized to perform: iam:GenerateCredentialReport on resource: * because no identity-based policy allows the iam:GenerateCredentialReport action`,
    );
    await iamOk(root, 'PutUserPolicy', { UserName: 'auditor', PolicyName: 'read', PolicyDocument: policy({ Effect: 'Allow', Action: 'iam:GetCredentialReport', Resource: '*' }) });
    expect((await reportOf(auditor)).lines[0]).toBe(CREDENTIAL_REPORT_COLUMNS.join(','));
    expect((await call(auditor, 'GenerateCredentialReport')).status).toBe(403);
  });

  it('holds every user of a larger account: more rows than one SQLite statement may bind, and more than one stored slice', async () => {
    // 520 users: the Durable Object's SQLite binds at most 100 parameters a statement (a report of 34 rows
    // or more once failed with ServiceFailure), and the report is stored 500 lines a row.
    const { accountId: big, root: bigRoot } = await newAccount();
    const names = Array.from({ length: 520 }, (_, i) => `u${String(i).padStart(4, '0')}`);
    for (let i = 0; i < names.length; i += 20) await Promise.all(names.slice(i, i + 20).map((UserName) => iamOk(bigRoot, 'CreateUser', { UserName })));
    // Credentials read for the whole account at once must land on their own user's row, in their order.
    const keyOf = async (UserName: string) => (await iamOk(bigRoot, 'CreateAccessKey', { UserName })).AccessKey.AccessKeyId as string;
    await keyOf('u0001');
    const second = await keyOf('u0001');
    await iamOk(bigRoot, 'UpdateAccessKey', { UserName: 'u0001', AccessKeyId: second, Status: 'Inactive' });
    await keyOf('u0518');
    await enableMfa(bigRoot, 'u0002');
    await iamOk(bigRoot, 'CreateLoginProfile', { UserName: 'u0519', Password: 'Passw0rd!-long' });
    expect((await iamOk(bigRoot, 'GenerateCredentialReport')).State).toBe('STARTED');
    const { csv, lines } = await reportOf(bigRoot);
    expect(lines).toHaveLength(522);
    expect(lines.slice(2).map((l) => l.split(',')[1])).toEqual(names.map((n) => `arn:aws:iam::${big}:user/${n}`));
    // Per user: password_enabled, mfa_active, access_key_1_active, access_key_2_active.
    const flags = (name: string) => {
      const cells = lines.find((l) => l.startsWith(`${name},`))!.split(',');
      return [cells[3], cells[7], cells[8], cells[13]];
    };
    expect(['u0000', 'u0001', 'u0002', 'u0518', 'u0519'].map(flags)).toEqual([
      ['false', 'false', 'false', 'false'],
      ['false', 'false', 'true', 'false'],
      ['false', 'true', 'false', 'false'],
      ['false', 'false', 'true', 'false'],
      ['true', 'false', 'false', 'false'],
    ]);
    // The root user's own key (it signed every call) is on the root row only.
    expect(lines[1]!.split(',')[8]).toBe('true');
    expect(csv.endsWith('\n')).toBe(false);
    // Read again from storage (the report is kept): the same bytes.
    expect((await reportOf(bigRoot)).csv).toBe(csv);
  });
});

/** Splits one RFC 4180 line. */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') (v += '"'), (i += 2);
        else if (line[i] === '"') break;
        else v += line[i++];
      }
      out.push(v);
      i += 2;
    } else {
      const end = line.indexOf(',', i);
      out.push(line.slice(i, end === -1 ? line.length : end));
      i = end === -1 ? line.length + 1 : end + 1;
    }
  }
  return out;
}
