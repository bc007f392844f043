/**
 * The HTTPS decision API, for a SaaS backend that is not a Worker: a plain Node HTTP server on loopback
 * stands for that backend. A tenant calls it with curl's `--aws-sigv4` (service acme); the backend passes
 * the request's signature inputs (method, URL, headers, the body's SHA-256; never a secret) to
 * `POST /decisions/v1/authorize` on the IAM Worker, signed with aws4fetch by the SaaS's operator-issued
 * service credentials, and answers as the decision says. Without valid service credentials (none, a
 * tenant's own key, a wrong secret) the API refuses and decides nothing. Batches: several items for one
 * principal in one call, and an oversized batch refused.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsClient } from 'aws4fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountWithRootKeys, endpoint, iamClient, operatorFetch, type Credentials } from './support/clients';
import { userWithKey } from './support/aws';
import { httpsTransport } from '../../src/middleware/index';
import { policy, putUserPolicy } from './support/sts';

/** Service credentials of the SaaS, issued by the operator (POST /operator/service-credentials). */
async function issueServiceCredentials(services = ['acme']): Promise<Credentials> {
  const res = await operatorFetch('/operator/service-credentials', { method: 'POST', body: { services, description: 'acme backend (e2e)' } });
  const text = await res.text();
  expect(res.status, text).toBe(201);
  const j = JSON.parse(text) as { accessKeyId: string; secretAccessKey: string; services: string[] };
  expect(j.accessKeyId).toMatch(/^ESVC[A-Z2-7]{16}$/);
  expect(j.services).toEqual(services);
  return { accessKeyId: j.accessKeyId, secretAccessKey: j.secretAccessKey };
}

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

/** POST /decisions/v1/{method} signed with `creds` by aws4fetch (credential scope service `decisions`); the answer. */
async function decisionApi(creds: Credentials | null, method: string, input: unknown, signingService = 'decisions'): Promise<{ status: number; json: any; type: string | null }> {
  const url = `${endpoint()}/decisions/v1/${method}`;
  const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) };
  const res = creds ? await new AwsClient({ ...creds, service: signingService, region: 'us-east-1', retries: 0 }).fetch(url, init) : await fetch(url, init);
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = { raw: text };
  }
  return { status: res.status, json, type: res.headers.get('x-amzn-errortype') };
}

let service: Credentials;
let accountId: string;
let reader: { arn: string; credentials: Credentials };
let backend: http.Server;
let backendUrl: string;

/** The backend: every request is decided by the HTTPS API as acme:GetProject on the path's project. */
function startBackend(): Promise<void> {
  backend = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const projectId = (req.url ?? '').split('/')[2] ?? '';
      const out = await decisionApi(service, 'authorize', {
        service: 'acme',
        region: 'us-east-1',
        caller: { request: { method: req.method, url: `${backendUrl}${req.url}`, headers, bodySha256: sha256(Buffer.concat(chunks)) } },
        action: 'acme:GetProject',
        resource: `arn:aws:acme:us-east-1:${accountId}:project/${projectId}`,
      });
      const allowed = out.json.ok === true && out.json.decision === 'Allow';
      res.writeHead(allowed ? 200 : 403, { 'content-type': 'application/json' });
      res.end(JSON.stringify(allowed ? { projectId, by: out.json.principal.arn } : { decision: out.json }));
    });
  });
  return new Promise((resolve) => backend.listen(0, '127.0.0.1', () => {
    backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    resolve();
  }));
}

beforeAll(async () => {
  service = await issueServiceCredentials();
  const made = await createAccountWithRootKeys();
  accountId = made.accountId;
  const iam = iamClient(made.credentials);
  reader = await userWithKey(iam, 'reader');
  await putUserPolicy(iam, 'reader', policy({ Effect: 'Allow', Action: 'acme:GetProject', Resource: `arn:aws:acme:us-east-1:${accountId}:project/open-*` }));
  await startBackend();
});

afterAll(() => new Promise<void>((r) => backend?.close(() => r())));

async function curl(creds: Credentials, path: string): Promise<{ status: number; body: any }> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) =>
    execFile('curl', ['-s', '--aws-sigv4', 'aws:amz:us-east-1:acme', '--user', `${creds.accessKeyId}:${creds.secretAccessKey}`, '-w', '\n%{http_code}', `${backendUrl}${path}`], (err, stdout) => {
      if (err) return reject(err);
      const i = stdout.lastIndexOf('\n');
      resolve({ status: Number(stdout.slice(i + 1)), body: JSON.parse(stdout.slice(0, i)) });
    }),
  );
}

describe('a SaaS backend that is not a Worker, with the HTTPS decision API', () => {
  it("lets a tenant's curl-signed request through when its policy allows, and refuses it with AWS's message otherwise", async () => {
    const ok = await curl(reader.credentials, '/projects/open-1');
    expect(ok).toEqual({ status: 200, body: { projectId: 'open-1', by: reader.arn } });
    const no = await curl(reader.credentials, '/projects/closed-1');
    expect(no.status).toBe(403);
    expect(no.body.decision).toMatchObject({
      ok: true,
      decision: 'ImplicitDeny',
      message: `User: ${reader.arn} is not authorized to perform: acme:GetProject on resource: arn:aws:acme:us-east-1:${accountId}:project/closed-1 because no identity-based policy allows the acme:GetProject action`,
    });
  });

  it('answers batches for one principal, and refuses an oversized one', async () => {
    const url = `${backendUrl}/projects/x`;
    const signed = await new AwsClient({ ...reader.credentials, service: 'acme', region: 'us-east-1' }).sign(url, { method: 'GET' });
    const request = { method: 'GET', url, headers: { ...Object.fromEntries(signed.headers), host: new URL(url).host }, bodySha256: sha256('') };
    const item = (id: string) => ({ action: 'acme:GetProject', resource: `arn:aws:acme:us-east-1:${accountId}:project/${id}` });
    const out = await decisionApi(service, 'batch-authorize', { service: 'acme', region: 'us-east-1', caller: { request }, items: [item('open-a'), item('closed-b'), item('open-c')] });
    expect(out.status).toBe(200);
    expect(out.json.ok).toBe(true);
    expect(out.json.principal.arn).toBe(reader.arn);
    expect(out.json.results.map((r: { decision: string }) => r.decision)).toEqual(['Allow', 'ImplicitDeny', 'Allow']);
    const big = await decisionApi(service, 'batch-authorize', { service: 'acme', region: 'us-east-1', caller: { request }, items: Array.from({ length: 31 }, (_, i) => item(`open-${i}`)) });
    expect(big.json.ok).toBe(false);
    expect(big.json.error.status).toBe(400);
  });

  it('refuses callers without valid service credentials, and decides nothing', async () => {
    const url = `${backendUrl}/projects/open-1`;
    const signed = await new AwsClient({ ...reader.credentials, service: 'acme', region: 'us-east-1' }).sign(url, { method: 'GET' });
    const input = {
      service: 'acme',
      region: 'us-east-1',
      caller: { request: { method: 'GET', url, headers: { ...Object.fromEntries(signed.headers), host: new URL(url).host }, bodySha256: sha256('') } },
      action: 'acme:GetProject',
      resource: `arn:aws:acme:us-east-1:${accountId}:project/open-1`,
    };
    const other = await issueServiceCredentials(['other-saas']);
    const refusals: [string, Promise<{ status: number; json: any; type: string | null }>][] = [
      ['unsigned', decisionApi(null, 'authorize', input)],
      ["a tenant's own key", decisionApi(reader.credentials, 'authorize', input)],
      ['a wrong secret', decisionApi({ accessKeyId: service.accessKeyId, secretAccessKey: `${service.secretAccessKey.slice(0, -2)}xx` }, 'authorize', input)],
      ['signed for iam', decisionApi(service, 'authorize', input, 'iam')],
      ["another SaaS's credential", decisionApi(other, 'authorize', input)],
    ];
    for (const [why, p] of refusals) {
      const out = await p;
      expect({ why, status: out.status, ok: out.json.ok }).toEqual({ why, status: out.status >= 400 && out.status < 500 ? out.status : -1, ok: false });
      expect(out.json.decision, why).toBeUndefined();
      expect(out.json.principal, why).toBeUndefined();
      expect(out.type, why).toBeTruthy();
    }
    // The same input with the service's credentials is decided (the refusals were about the caller).
    expect((await decisionApi(service, 'authorize', input)).json).toMatchObject({ ok: true, decision: 'Allow', principal: { arn: reader.arn } });
  });

  it("the package's own HTTPS transport (edge-iam/middleware httpsTransport) asks the same API from Node", async () => {
    const decisions = httpsTransport({ endpoint: endpoint(), accessKeyId: service.accessKeyId, secretAccessKey: service.secretAccessKey, signingService: 'decisions' });
    const url = `${backendUrl}/projects/open-2`;
    const signed = await new AwsClient({ ...reader.credentials, service: 'acme', region: 'us-east-1' }).sign(url, { method: 'GET' });
    const request = { method: 'GET', url, headers: { ...Object.fromEntries(signed.headers), host: new URL(url).host }, bodySha256: sha256('') };
    const out = await decisions.authorize({ service: 'acme', region: 'us-east-1', caller: { request }, action: 'acme:GetProject', resource: `arn:aws:acme:us-east-1:${accountId}:project/open-2` });
    expect(out).toMatchObject({ ok: true, decision: 'Allow', principal: { arn: reader.arn } });
  });

  it('decides about a principal already authenticated (its sealed token), without the signature again', async () => {
    const url = `${backendUrl}/projects/any`;
    const signed = await new AwsClient({ ...reader.credentials, service: 'acme', region: 'us-east-1' }).sign(url, { method: 'GET' });
    const request = { method: 'GET', url, headers: { ...Object.fromEntries(signed.headers), host: new URL(url).host }, bodySha256: sha256('') };
    const who = await decisionApi(service, 'authenticate', { service: 'acme', region: 'us-east-1', caller: { request } });
    expect(who.json).toMatchObject({ ok: true, principal: { arn: reader.arn, accountId, type: 'User' } });
    const token = who.json.principal.principalToken as string;
    const ask = (id: string) => decisionApi(service, 'authorize', { service: 'acme', region: 'us-east-1', caller: { principalToken: token }, action: 'acme:GetProject', resource: `arn:aws:acme:us-east-1:${accountId}:project/${id}` });
    expect((await ask('open-9')).json).toMatchObject({ ok: true, decision: 'Allow' });
    expect((await ask('closed-9')).json).toMatchObject({ ok: true, decision: 'ImplicitDeny' });
    // A tampered token is refused, not decided.
    const bad = await decisionApi(service, 'authorize', { service: 'acme', region: 'us-east-1', caller: { principalToken: `${token.slice(0, -4)}AAAA` }, action: 'acme:GetProject', resource: `arn:aws:acme:us-east-1:${accountId}:project/open-9` });
    expect(bad.json.ok).toBe(false);
    expect(bad.json.decision).toBeUndefined();
  });
});
