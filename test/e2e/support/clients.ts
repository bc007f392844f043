/**
 * Clients for end-to-end tests against the one local server of the e2e project.
 *
 *   const { accountId, credentials } = await createAccountWithRootKeys();
 *   const iam = iamClient(credentials);            // @aws-sdk/client-iam
 *   const sts = stsClient(credentials);            // @aws-sdk/client-sts
 *   const aws = awsFetch(credentials, 'iam');      // aws4fetch AwsClient; aws.fetch(`${endpoint()}/`, …)
 *   const r = await runAwsCli(['iam', 'list-users'], credentials);  // the `aws` CLI on PATH
 */
import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { AwsClient } from 'aws4fetch';
import { e2eServer } from './server';

export const REGION = 'us-east-1';

/** Credentials in the AWS SDK's shape. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The operator API's account record. */
export interface Account {
  accountId: string;
  email: string;
  alias?: string | null;
  status: string;
  createdAt: string;
}

/** Endpoint of the local server (origin, no trailing slash). */
export function endpoint(): string {
  return e2eServer().baseUrl;
}

/** A random 12-digit account id (no leading zero). */
export function randomAccountId(): string {
  return String(randomInt(1, 10)) + String(randomInt(0, 100_000)).padStart(5, '0') +
    String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** fetch() against the operator API with the bearer token; `body` objects are sent as JSON. */
export async function operatorFetch(
  pathname: string,
  init: { method?: string; body?: unknown; token?: string | null } = {},
): Promise<Response> {
  const { baseUrl, operatorToken } = e2eServer();
  const headers: Record<string, string> = {};
  const token = init.token === undefined ? operatorToken : init.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (init.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  }
  return fetch(`${baseUrl}${pathname}`, { method: init.method ?? 'GET', headers, body });
}

async function expectStatus(res: Response, status: number, what: string): Promise<unknown> {
  const text = await res.text();
  if (res.status !== status) {
    throw new Error(`${what}: expected HTTP ${status}, got ${res.status}: ${text.slice(0, 500)}`);
  }
  return text ? JSON.parse(text) : undefined;
}

/**
 * Create a tenant account through the operator API (POST /operator/accounts → 201).
 * Without an accountId, a random 12-digit id is used (retried on 409), so each test file gets its own.
 */
export async function createAccount(
  opts: { accountId?: string; email?: string; alias?: string } = {},
): Promise<Account> {
  for (let attempt = 0; ; attempt++) {
    const accountId = opts.accountId ?? randomAccountId();
    const res = await operatorFetch('/operator/accounts', {
      method: 'POST',
      body: {
        accountId,
        email: opts.email ?? `root+${accountId}@example.com`,
        ...(opts.alias !== undefined ? { alias: opts.alias } : {}),
      },
    });
    if (res.status === 409 && opts.accountId === undefined && attempt < 5) {
      await res.body?.cancel();
      continue;
    }
    return (await expectStatus(res, 201, `create account ${accountId}`)) as Account;
  }
}

/** Create root access keys for an account (POST /operator/accounts/{id}/root-access-keys → 201). */
export async function createRootKeys(accountId: string): Promise<Credentials> {
  const res = await operatorFetch(`/operator/accounts/${accountId}/root-access-keys`, {
    method: 'POST',
  });
  const k = (await expectStatus(res, 201, `create root keys for ${accountId}`)) as {
    AccessKeyId: string;
    SecretAccessKey: string;
  };
  return { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey };
}

/** A fresh account (random id) and root credentials for it: call once per test file. */
export async function createAccountWithRootKeys(
  opts: { accountId?: string; email?: string; alias?: string } = {},
): Promise<{ account: Account; accountId: string; credentials: Credentials }> {
  const account = await createAccount(opts);
  const credentials = await createRootKeys(account.accountId);
  return { account, accountId: account.accountId, credentials };
}

/** @aws-sdk/client-iam against the local server (us-east-1, no retries so failures surface). */
export function iamClient(credentials: Credentials, opts: { maxAttempts?: number } = {}): IAMClient {
  return new IAMClient({
    endpoint: endpoint(),
    region: REGION,
    credentials,
    maxAttempts: opts.maxAttempts ?? 1,
  });
}

/** @aws-sdk/client-sts against the local server (us-east-1, no retries so failures surface). */
export function stsClient(credentials: Credentials, opts: { maxAttempts?: number } = {}): STSClient {
  return new STSClient({
    endpoint: endpoint(),
    region: REGION,
    credentials,
    maxAttempts: opts.maxAttempts ?? 1,
  });
}

/** aws4fetch signer (retries disabled). Use: `aws.fetch(`${endpoint()}/`, { method: 'POST', body })`. */
export function awsFetch(credentials: Credentials, service: 'iam' | 'sts' = 'iam'): AwsClient {
  return new AwsClient({ ...credentials, service, region: REGION, retries: 0 });
}

/** POST an AWS Query action, signed with aws4fetch. Returns the raw Response (XML body). */
export async function queryAction(
  credentials: Credentials,
  service: 'iam' | 'sts',
  params: Record<string, string>,
): Promise<Response> {
  const version = service === 'iam' ? '2010-05-08' : '2011-06-15';
  const body = new URLSearchParams({ Version: version, ...params }).toString();
  return awsFetch(credentials, service).fetch(`${endpoint()}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON when it is JSON, else undefined. */
  json: unknown;
}

/**
 * Run the `aws` CLI (AWS_CLI overrides the binary) against the local server, with its own temp
 * config and credentials files (never ~/.aws), `--endpoint-url`, `--output json`, no pager, no IMDS.
 * `credentials: null` gives the CLI no credentials at all. Never throws on a non-zero exit.
 */
export async function runAwsCli(
  args: string[],
  credentials: Credentials | null,
  opts: { endpointUrl?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CliResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'edge-iam-awscli-'));
  try {
    const configFile = path.join(dir, 'config');
    const credentialsFile = path.join(dir, 'credentials');
    writeFileSync(configFile, `[default]\nregion = ${REGION}\noutput = json\n`, { mode: 0o600 });
    writeFileSync(
      credentialsFile,
      credentials
        ? `[default]\naws_access_key_id = ${credentials.accessKeyId}\naws_secret_access_key = ${credentials.secretAccessKey}\n` +
            (credentials.sessionToken ? `aws_session_token = ${credentials.sessionToken}\n` : '')
        : '',
      { mode: 0o600 },
    );
    // Drop every AWS_* variable of the caller so nothing of the user's setup leaks in.
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (v !== undefined && !k.startsWith('AWS_')) env[k] = v;
    }
    Object.assign(env, {
      AWS_CONFIG_FILE: configFile,
      AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
      AWS_PAGER: '',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_DEFAULT_REGION: REGION,
      ...(opts.env ?? {}),
    });
    const bin = process.env.AWS_CLI ?? 'aws';
    const fullArgs = [...args, '--endpoint-url', opts.endpointUrl ?? endpoint(), '--output', 'json'];
    return await new Promise<CliResult>((resolve) => {
      execFile(
        bin,
        fullArgs,
        { env, cwd: dir, timeout: opts.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => {
          const e = err as (NodeJS.ErrnoException & { code?: number | string }) | null;
          const code = e ? (typeof e.code === 'number' ? e.code : 127) : 0;
          let json: unknown;
          try {
            json = stdout.trim() ? JSON.parse(stdout) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ code, stdout, stderr: e && !stderr ? String(e.message) : stderr, json });
        },
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
