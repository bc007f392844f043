/**
 * `npm run deploy` (scripts/deploy.mjs), the parts that can run without Cloudflare: the first account is
 * created through the operator API of a running service (here the local server) and written as a profile
 * that the AWS SDK reads as it is; the config generated for `d1 migrations apply --remote` carries the
 * database id and is valid from its own directory (applied here with --local, the same migrations).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-providers';
import { afterAll, describe, expect, it } from 'vitest';
import { endpoint, randomAccountId } from './support/clients';
import { e2eServer } from './support/server';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEPLOY = path.join(ROOT, 'scripts/deploy.mjs');
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'edge-iam-deploy-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function run(cmd: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('npm run deploy -- --account-only', () => {
  it('creates the first account and writes a 0600 profile the AWS SDK uses as it is; a second run keeps the keys', async () => {
    const dir = tmp();
    const accountId = randomAccountId();
    const env = { ENDPOINT: endpoint(), OPERATOR_TOKEN: e2eServer().operatorToken, ACCOUNT_EMAIL: 'ops@example.com', ACCOUNT_ID: accountId, IAM_DEPLOY_DIR: dir };
    const first = await run(process.execPath, [DEPLOY, '--account-only'], env);
    expect(first.out).toContain(`created account ${accountId}`);
    expect(first.code).toBe(0);
    const credentials = path.join(dir, 'credentials');
    const config = path.join(dir, 'config');
    expect(statSync(credentials).mode & 0o777).toBe(0o600);
    expect(readFileSync(config, 'utf8')).toContain(`endpoint_url = ${endpoint()}`);
    expect(first.out).not.toContain(readFileSync(credentials, 'utf8').match(/aws_secret_access_key = (.+)/)![1]);

    // The SDK reads the profile (credentials and endpoint_url) with no other setting.
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_PROFILE: 'edge-iam' });
      for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL']) delete process.env[k];
      const sts = new STSClient({ credentials: fromIni({ profile: 'edge-iam' }) });
      const me = await sts.send(new GetCallerIdentityCommand({}));
      expect(me.Arn).toBe(`arn:aws:iam::${accountId}:root`);
    } finally {
      process.env = saved;
    }

    const before = readFileSync(credentials, 'utf8');
    const again = await run(process.execPath, [DEPLOY, '--account-only'], env);
    expect(again.code).toBe(0);
    expect(again.out).toContain(`account ${accountId} exists`);
    expect(readFileSync(credentials, 'utf8')).toBe(before);
  });

  it('fails clearly with a wrong operator token, without echoing it, and writes no credentials', async () => {
    const dir = tmp();
    const r = await run(process.execPath, [DEPLOY, '--account-only'], {
      ENDPOINT: endpoint(),
      OPERATOR_TOKEN: 'wrong-token-value-123',
      ACCOUNT_EMAIL: 'ops@example.com',
      IAM_DEPLOY_DIR: dir,
    });
    expect(r.code).toBe(1);
    expect(r.out).toContain('[deploy] error: POST /operator/accounts answered 401');
    expect(r.out).not.toContain('wrong-token-value-123');
    expect(() => statSync(path.join(dir, 'credentials'))).toThrow();
  });

  it('says why when the account already has two root keys and the credentials file holds neither', async () => {
    const dir = tmp();
    const accountId = randomAccountId();
    const env = { ENDPOINT: endpoint(), OPERATOR_TOKEN: e2eServer().operatorToken, ACCOUNT_EMAIL: 'ops@example.com', ACCOUNT_ID: accountId, IAM_DEPLOY_DIR: dir };
    const credentials = path.join(dir, 'credentials');
    for (const _ of [1, 2]) {
      expect((await run(process.execPath, [DEPLOY, '--account-only'], env)).code).toBe(0);
      rmSync(credentials);
    }
    const third = await run(process.execPath, [DEPLOY, '--account-only'], env);
    expect(third.code).toBe(1);
    expect(third.out).toContain(`[deploy] error: account ${accountId} already has two root access keys, and ${credentials} holds neither`);
    expect(() => statSync(credentials)).toThrow();
  });

  it('refuses to run without ENDPOINT, OPERATOR_TOKEN and ACCOUNT_EMAIL', async () => {
    const r = await run(process.execPath, [DEPLOY, '--account-only'], { ENDPOINT: '', OPERATOR_TOKEN: '', ACCOUNT_EMAIL: '' });
    expect(r.code).toBe(1);
    expect(r.out).toContain('set ENDPOINT, OPERATOR_TOKEN and ACCOUNT_EMAIL');
  });
});

describe('the queues deploy makes sure exist', () => {
  it('are every queue wrangler.toml names, the dead-letter queue included, once each', async () => {
    const { queueNames } = (await import(new URL('../../scripts/deploy.mjs', import.meta.url).href)) as { queueNames(toml: string): string[] };
    expect(queueNames(readFileSync(path.join(ROOT, 'wrangler.toml'), 'utf8'))).toEqual(['edge-iam-audit', 'edge-iam-audit-dlq']);
    expect(queueNames('[[queues.producers]]\nbinding = "Q"\nqueue = "a"\n[[queues.consumers]]\nqueue = "a"\n')).toEqual(['a']);
  });
});

describe('the config deploy generates for the remote migrations', () => {
  it('carries the database id and applies every migration from another directory', async () => {
    const { configWithDatabaseId, databaseName } = (await import(new URL('../../scripts/deploy.mjs', import.meta.url).href)) as {
      configWithDatabaseId(toml: string, id: string): string;
      databaseName(toml: string): string;
    };
    const toml = readFileSync(path.join(ROOT, 'wrangler.toml'), 'utf8');
    expect(toml).not.toMatch(/^database_id\s*=/m);
    expect(databaseName(toml)).toBe('edge-iam');
    const generated = configWithDatabaseId(toml, '5b1f9c2e-0000-4000-8000-0123456789ab');
    expect(generated).toMatch(/^database_id = "5b1f9c2e-0000-4000-8000-0123456789ab"$/m);

    const dir = tmp();
    const file = path.join(dir, 'wrangler.toml');
    writeFileSync(file, generated);
    const wrangler = path.join(ROOT, 'node_modules/wrangler/bin/wrangler.js');
    const r = await run(process.execPath, [wrangler, 'd1', 'migrations', 'apply', 'DB', '--local', '--config', file, '--persist-to', path.join(dir, 'state')], {
      CI: 'true',
      WRANGLER_SEND_METRICS: 'false',
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      XDG_CONFIG_HOME: path.join(dir, 'xdg'),
    });
    expect(r.out).toContain('0001_');
    expect(r.code).toBe(0);
  }, 120_000);
});
