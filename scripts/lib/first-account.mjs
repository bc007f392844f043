/**
 * @module The first tenant account of a fresh deployment, through the operator API: creates the account
 * (or finds it, when it exists), issues root access keys, and writes them as an AWS CLI/SDK profile
 * (`credentials` 0600, `config` with `endpoint_url`), as `npm start` does locally. Used by
 * `npm run deploy` (scripts/deploy.mjs); plain Node, no dependency.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { upsertSection } from './profile-file.mjs';

const DEPLOY_COMMENT = '# AWS CLI / SDK profile for edge-iam (this section is rewritten by npm run deploy).';

/** An operator API call that answered with an unexpected status; the message never holds a secret. */
export class OperatorCallError extends Error {
  constructor(method, pathname, status, text) {
    super(`${method} ${pathname} answered ${status}: ${text.slice(0, 300)}`);
    this.name = 'OperatorCallError';
    this.status = status;
  }
}

/** Calls the operator API at `endpoint`; returns `{ status, json, text }`. */
export async function operatorCall(endpoint, token, method, pathname, body) {
  const res = await fetch(new URL(pathname, endpoint), {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

/** Writes `content` to `file` with mode 0600, atomically (a reader never sees half a credentials file). */
export function writePrivate(file, content) {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, content, { mode: 0o600 });
  renameSync(tmp, file);
  chmodSync(file, 0o600);
}

/**
 * Creates the account and its root keys and writes the profile.
 * @param {object} o
 * @param {string} o.endpoint   the service's URL (`https://edge-iam.example.workers.dev`)
 * @param {string} o.token      the operator token
 * @param {string} o.email      the account's email
 * @param {string} [o.accountId] 12 digits; random (chosen by the service) when absent
 * @param {string} [o.alias]
 * @param {string} o.dir        where `credentials` and `config` are written (created 0700)
 * @param {string} o.profile    the profile name
 * @param {string} [o.comment]  the `# …` line above the profile in `config` (the caller's own, so its rewrites match)
 * @returns {Promise<{ accountId: string, account: object, created: boolean, keysIssued: boolean, credentials: string, config: string }>}
 *   `keysIssued` is false when the account existed and `dir` already held its credentials (nothing is
 *   overwritten: run again after removing the file to get new keys; an account has at most two).
 */
export async function createFirstAccount({ endpoint, token, email, accountId, alias, dir, profile, comment = DEPLOY_COMMENT }) {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const credentials = path.join(dir, 'credentials');
  const config = path.join(dir, 'config');
  const body = { email, ...(accountId ? { accountId } : {}), ...(alias ? { alias } : {}) };
  const made = await operatorCall(endpoint, token, 'POST', '/operator/accounts', body);
  let account;
  let created = false;
  if (made.status === 201) {
    account = made.json;
    created = true;
  } else if (made.status === 409 && accountId) {
    const got = await operatorCall(endpoint, token, 'GET', `/operator/accounts/${accountId}`);
    if (got.status !== 200) throw new OperatorCallError('GET', `/operator/accounts/${accountId}`, got.status, got.text);
    account = got.json;
  } else {
    throw new OperatorCallError('POST', '/operator/accounts', made.status, made.text);
  }
  const current = existsSync(config) ? readFileSync(config, 'utf8') : '';
  const lines = ['region = us-east-1', `endpoint_url = ${endpoint.replace(/\/+$/, '')}`, 'output = json'];
  writePrivate(config, upsertSection(current, `profile ${profile}`, lines, comment));
  if (!created && existsSync(credentials)) return { accountId: account.accountId, account, created, keysIssued: false, credentials, config };

  const keysPath = `/operator/accounts/${account.accountId}/root-access-keys`;
  const keys = await operatorCall(endpoint, token, 'POST', keysPath);
  if (keys.status === 409) {
    // An account has at most two root keys (IAM User Guide, "IAM and AWS STS quotas"), and their secrets
    // exist only where they were written: a third cannot be issued, and the old ones cannot be shown again.
    throw new Error(
      `account ${account.accountId} already has two root access keys, and ${credentials} holds neither: ` +
        'restore that file, or delete a root key with the AWS CLI signed by the other one (aws iam delete-access-key), ' +
        'or start from empty local state (remove .wrangler/state and .iam-dev)',
    );
  }
  if (keys.status !== 201 || !keys.json?.AccessKeyId || !keys.json?.SecretAccessKey) {
    throw new OperatorCallError('POST', keysPath, keys.status, keys.text);
  }
  writePrivate(
    credentials,
    `# Root access keys of edge-iam account ${account.accountId} at ${endpoint}.\n` +
      `[${profile}]\naws_access_key_id = ${keys.json.AccessKeyId}\naws_secret_access_key = ${keys.json.SecretAccessKey}\n`,
  );
  return { accountId: account.accountId, account, created, keysIssued: true, credentials, config };
}
