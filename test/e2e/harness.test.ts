/**
 * Proves the e2e harness itself: one local server (bundled Worker in Miniflare on loopback),
 * reachable through the provided URL, and an AWS CLI runner isolated from the user's ~/.aws.
 */
import { describe, expect, it } from 'vitest';
import { endpoint, runAwsCli } from './support/clients';
import { e2eServer } from './support/server';

describe('e2e harness', () => {
  it('provides a loopback URL and an operator token', () => {
    const { baseUrl, operatorToken } = e2eServer();
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(operatorToken.length).toBeGreaterThanOrEqual(16);
  });

  it('GET /healthz answers 200 "ok"', async () => {
    const res = await fetch(`${endpoint()}/healthz`);
    expect(res.status).toBe(200);
    expect((await res.text()).trim()).toBe('ok');
  });

  it('runs the aws CLI with its own config and credentials files', async () => {
    const creds = { accessKeyId: 'AKIAHARNESSTEST00001', secretAccessKey: 'harness-secret' };
    const r = await runAwsCli(['configure', 'list'], creds);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('0001'); // the CLI shows the key's last 4 characters
    expect(r.stdout).toMatch(/shared-credentials-file/);
    expect(r.stdout).toContain('us-east-1');
  });
});
