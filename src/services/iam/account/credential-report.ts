/**
 * @module GenerateCredentialReport and GetCredentialReport: every user's credentials (password, MFA, access
 * keys, signing certificates) as AWS's CSV, column for column, with the root user's row first.
 *
 * Spec: IAM User Guide, "Getting credential reports for your AWS account"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html): the 22 columns and
 * what each holds, `not_supported` for the root user's password columns, `no_information` for a password
 * never used, `N/A` where a credential is absent; "You can generate a credential report as often as once
 * every four hours": a report younger than that is kept and GenerateCredentialReport answers COMPLETE.
 * Values as AWS's reports write them: `true`/`false` in lower case, dates as `2014-10-15T16:31:25+00:00`,
 * the root user named `<root_account>`.
 *
 * Generation runs in the account's object in one transaction, so it is complete when the call answers:
 * the first GenerateCredentialReport answers STARTED (AWS's words, so scripts that poll for COMPLETE work
 * unchanged) and GetCredentialReport succeeds at once; INPROGRESS and ReportInProgress never occur. A report
 * is served for four hours after it was generated and is then expired (ReportExpired) until the next
 * generation. The issue asks for one departure from AWS's bytes: a user name that a spreadsheet would run as
 * a formula is written with a leading `'` (spreadsheetSafe).
 */
import { rootArn } from '../../../core/arn';
import { AwsError } from '../../../core/errors';
import type { AccountStore } from '../../../core/ports';
import { ROOT_MFA_OWNER, ROOT_PASSWORD_OWNER, type AccessKeyRecord, type AccountRecord, type PasswordPolicyRecord, type SigningCertificateRecord } from '../../../core/records';
import type { AccountAction } from '../../action';
import { buildTarget } from '../../authz-target';
import type { CallContext } from '../../context';
import { MAX_USERS_PER_ACCOUNT } from '../users';

/** How long a report is kept before GenerateCredentialReport makes a new one, and served (four hours). */
export const REPORT_TTL_MS = 4 * 3_600_000;

/** The columns, in AWS's order. */
export const CREDENTIAL_REPORT_COLUMNS = [
  'user', 'arn', 'user_creation_time', 'password_enabled', 'password_last_used', 'password_last_changed', 'password_next_rotation', 'mfa_active',
  'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_1_last_used_region', 'access_key_1_last_used_service',
  'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date', 'access_key_2_last_used_region', 'access_key_2_last_used_service',
  'cert_1_active', 'cert_1_last_rotated', 'cert_2_active', 'cert_2_last_rotated',
] as const;

const NA = 'N/A';
const DAY_MS = 86_400_000;

/** A date as the report writes it: seconds, UTC as `+00:00`. */
export const reportDate = (iso: string): string => `${new Date(iso).toISOString().slice(0, 19)}+00:00`;

/**
 * A user name made safe for spreadsheets: IAM names may begin with `=`, `+`, `-` or `@`, which Excel,
 * LibreOffice and Google Sheets read as a formula when they open a CSV, so such a name is written with a
 * leading `'` (OWASP, "CSV Injection": prefix the cell with a single quote). Every other field is a date,
 * a fixed word or an ARN, which cannot begin so.
 */
export const spreadsheetSafe = (name: string): string => (/^[=+\-@\t\r]/.test(name) ? `'${name}` : name);

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break (names may hold commas). */
const field = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** The four columns of one access key (or of none). */
function keyColumns(key: AccessKeyRecord | undefined): string[] {
  if (!key) return ['false', NA, NA, NA, NA];
  const active = key.status === 'Active';
  const used = key.lastUsedDate;
  return [String(active), active ? reportDate(key.createDate) : NA, used ? reportDate(used) : NA, used ? (key.lastUsedRegion ?? NA) : NA, used ? (key.lastUsedService ?? NA) : NA];
}

/** What a row needs besides its name, ARN and creation time. */
interface Credentials {
  /** When the password was set; undefined without a login profile. */
  passwordChangedAt: string | undefined;
  passwordLastUsed: string | undefined;
  mfa: boolean;
  keys: AccessKeyRecord[];
  certs: SigningCertificateRecord[];
}

/** The two columns of one signing certificate (or of none): active, and its upload date while active. */
function certColumns(cert: SigningCertificateRecord | undefined): string[] {
  const active = cert?.status === 'Active';
  return [String(active), active ? reportDate(cert.uploadDate) : NA];
}

/** A user's password columns: enabled, last used, last changed, next rotation. */
function passwordColumns(c: Credentials, policy: PasswordPolicyRecord | undefined): string[] {
  if (c.passwordChangedAt === undefined) return ['false', NA, NA, NA];
  const maxAge = policy?.maxPasswordAge;
  const next = maxAge ? reportDate(new Date(Date.parse(c.passwordChangedAt) + maxAge * DAY_MS).toISOString()) : NA;
  return ['true', c.passwordLastUsed ? reportDate(c.passwordLastUsed) : 'no_information', reportDate(c.passwordChangedAt), next];
}

/** The root user's password columns: AWS reports only its last use. */
function rootPasswordColumns(c: Credentials): string[] {
  const lastUsed = c.passwordLastUsed ? reportDate(c.passwordLastUsed) : c.passwordChangedAt !== undefined ? 'no_information' : NA;
  return ['not_supported', lastUsed, 'not_supported', 'not_supported'];
}

function row(name: string, arn: string, created: string, password: string[], c: Credentials): string {
  // The store lists keys and certificates in the order they were made: the first is the older.
  const cells = [spreadsheetSafe(name), arn, reportDate(created), ...password, String(c.mfa), ...keyColumns(c.keys[0]), ...keyColumns(c.keys[1]), ...certColumns(c.certs[0]), ...certColumns(c.certs[1])];
  return cells.map(field).join(',');
}

/** `items` grouped by `key`, each group in the order of `items`. */
function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = out.get(k);
    if (group) group.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/**
 * Every credential of the account, one read per kind, grouped by owner: a report of 5,000 users costs five
 * statements rather than five per user (`npm run bench -- credential-report`).
 */
function inventoryOf(store: AccountStore): (owner: string, mfaOwner: string, keyOwner: string | null) => Credentials {
  const changed = new Map(store.listPasswordDates().map((p) => [p.owner, p.passwordChangedAt]));
  const used = new Map(store.listPasswordUses().map((u) => [u.owner, u.lastUsed]));
  const mfa = new Set(store.listMfaDevices().map((d) => d.userId));
  // Listed oldest first, so each owner's group is too: the first is key 1 (certificate 1).
  const keys = groupBy(store.listAllAccessKeys(), (k) => k.userId);
  const certs = groupBy(store.listAllSigningCertificates(), (c) => c.userId);
  return (owner, mfaOwner, keyOwner) => ({
    passwordChangedAt: changed.get(owner),
    passwordLastUsed: used.get(owner),
    mfa: mfa.has(mfaOwner),
    keys: keys.get(keyOwner) ?? [],
    certs: certs.get(keyOwner) ?? [],
  });
}

/** The report's lines for the account's current state: header, root user, then every user by name. */
export function credentialReportLines(ctx: CallContext, store: AccountStore, account: AccountRecord): string[] {
  const policy = store.getPasswordPolicy();
  const credentialsOf = inventoryOf(store);
  const root = credentialsOf(ROOT_PASSWORD_OWNER, ROOT_MFA_OWNER, null);
  const lines = [CREDENTIAL_REPORT_COLUMNS.join(','), row('<root_account>', rootArn(ctx.partition, account.accountId), account.createdAt, rootPasswordColumns(root), root)];
  for (const u of store.listUsers({ pathPrefix: '/', limit: MAX_USERS_PER_ACCOUNT })) {
    const c = credentialsOf(u.userId, u.userId, u.userId);
    lines.push(row(u.userName, u.arn, u.createDate, passwordColumns(c, policy), c));
  }
  return lines;
}

const fresh = (generatedAt: string, now: Date) => now.getTime() - Date.parse(generatedAt) < REPORT_TTL_MS;

/** GenerateCredentialReport, authorized as `iam:GenerateCredentialReport` on `*`. */
export const GenerateCredentialReport: AccountAction<Record<string, never>> = {
  name: 'GenerateCredentialReport',
  target: () => buildTarget('iam:GenerateCredentialReport', undefined),
  run(ctx, store) {
    const current = store.credentialReport();
    if (current && fresh(current.generatedAt, ctx.now)) return { State: 'COMPLETE' };
    const account = store.getAccount()!;
    store.putCredentialReport(ctx.now.toISOString(), credentialReportLines(ctx, store, account));
    return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
  },
};

/** GetCredentialReport, authorized as `iam:GetCredentialReport` on `*`. */
export const GetCredentialReport: AccountAction<Record<string, never>> = {
  name: 'GetCredentialReport',
  target: () => buildTarget('iam:GetCredentialReport', undefined),
  run(ctx, store) {
    const report = store.credentialReport();
    if (!report) {
      throw new AwsError('ReportNotPresent', 'The request was rejected because the credential report does not exist. To generate a credential report, use GenerateCredentialReport.', 410);
    }
    if (!fresh(report.generatedAt, ctx.now)) {
      throw new AwsError('ReportExpired', 'The request was rejected because the most recent credential report has expired. To generate a new credential report, use GenerateCredentialReport.', 410);
    }
    // The model's `ReportContentType` is a blob: the serializer base64-encodes the text, as AWS answers it.
    return { Content: report.lines.join('\n'), ReportFormat: 'text/csv', GeneratedTime: report.generatedAt };
  },
};
