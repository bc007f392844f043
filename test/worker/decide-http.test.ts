/**
 * The HTTPS decision API (http/decision-api.ts) and its service credentials (operator routes,
 * data-plane/service-credentials.ts): calls signed by aws4fetch with an operator-issued credential under
 * the credential scope service `decisions`; refused without one, with a tenant's key, with another scope,
 * a tampered body, a deleted credential or a service the credential does not name. Errors in AWS's JSON
 * error shape, which is also the contract's answer.
 */
import { AwsClient } from 'aws4fetch';
import { describe, expect, it } from 'vitest';
import { advanceClock, clockNow, dispatch, newAccount, operator, SEALED } from './support';
import { installAcme, projectArn, signed } from './decide-support';
import { iamOk, policy, userWithKey } from './support';
import { env } from 'cloudflare:workers';

const ORIGIN = 'https://iam.test';
type Credential = { accessKeyId: string; secretAccessKey: string; services: string[]; description: string; createdAt: string };

async function issue(services: string[] = ['acme'], description = 'acme backend'): Promise<Credential & { bookmark: string | null }> {
  const res = await operator('POST', '/service-credentials', { services, description });
  expect(res.status).toBe(201);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return { ...((await res.json()) as Credential), bookmark: res.headers.get('x-iam-bookmark') };
}

/** A decision API call signed by `keys` (service `decisions` unless said otherwise). */
async function post(keys: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, path: string, body: unknown, opts: { service?: string; headers?: Record<string, string>; tamper?: (s: string) => string } = {}) {
  const client = new AwsClient({ ...keys, service: opts.service ?? 'decisions', region: 'us-east-1' });
  const text = JSON.stringify(body);
  const req = await client.sign(`${ORIGIN}/decisions/v1/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(opts.headers ?? {}) },
    body: text,
    aws: { datetime: new Date(clockNow()).toISOString().replace(/[:-]|\.\d{3}/g, '') },
  });
  const sent = opts.tamper ? new Request(req, { body: opts.tamper(text) }) : req;
  const res = await dispatch(sent);
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

describe('service credentials (operator)', () => {
  it('issues a credential once, lists it without its secret, stores the secret sealed, deletes it', async () => {
    const created = await issue(['acme', 'acme'], 'backend');
    expect(created).toMatchObject({ accessKeyId: expect.stringMatching(/^ESVC[A-Z2-7]{16}$/), secretAccessKey: expect.stringMatching(/^[A-Za-z0-9+/]{40}$/), services: ['acme'], description: 'backend' });
    const list = await operator('GET', '/service-credentials');
    const listed = ((await list.json()) as { serviceCredentials: object[] }).serviceCredentials;
    expect(listed).toContainEqual({ accessKeyId: created.accessKeyId, services: ['acme'], description: 'backend', createdAt: created.createdAt });
    expect(JSON.stringify(listed)).not.toContain(created.secretAccessKey);
    const row = await env.DB.prepare('SELECT secret_sealed FROM service_credentials WHERE access_key_id = ?').bind(created.accessKeyId).first<{ secret_sealed: string }>();
    expect(row!.secret_sealed).toMatch(SEALED);
    expect(row!.secret_sealed).not.toContain(created.secretAccessKey);
    expect((await operator('DELETE', `/service-credentials/${created.accessKeyId}`)).status).toBe(204);
    expect((await operator('DELETE', `/service-credentials/${created.accessKeyId}`)).status).toBe(404);
  });

  it('refuses bad requests and calls without the operator token', async () => {
    for (const body of [{}, { services: [] }, { services: ['ACME'] }, { services: 'acme' }, { services: ['acme'], description: 5 }, { services: Array.from({ length: 21 }, (_, i) => `s${i}`) }]) {
      const res = await operator('POST', '/service-credentials', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe('InvalidRequest');
    }
    expect((await operator('DELETE', '/service-credentials/AKIAAAAAAAAAAAAAAAAA')).status).toBe(400);
    const anonymous = await dispatch(`${ORIGIN}/operator/service-credentials`, { method: 'POST', body: JSON.stringify({ services: ['acme'] }) });
    expect(anonymous.status).toBe(401);
  });
});

describe('the HTTPS decision API: decisions', () => {
  it("decides a tenant's signed request for the SaaS: allow, deny, batch, plan, authenticate", async () => {
    await installAcme();
    const cred = await issue();
    const { accountId, root } = await newAccount();
    const user = await userWithKey(root, 'http-user');
    await iamOk(root, 'PutUserPolicy', { UserName: 'http-user', PolicyName: 'p', PolicyDocument: policy({ Effect: 'Allow', Action: 'acme:GetProject', Resource: '*' }) });
    const scope = { service: 'acme', region: 'us-east-1', caller: { request: await signed(user) } };
    const allowed = await post(cred, 'authorize', { ...scope, action: 'acme:GetProject', resource: projectArn(accountId) });
    expect(allowed).toMatchObject({ status: 200, body: { ok: true, version: 1, decision: 'Allow', principal: { arn: `arn:aws:iam::${accountId}:user/http-user` } } });
    expect(allowed.headers.get('content-type')).toMatch(/^application\/json/);
    // A denial is an answer (200), not an error: the SaaS answers its tenant 403 with the message.
    const denied = await post(cred, 'authorize', { ...scope, action: 'acme:DeleteProject', resource: projectArn(accountId) });
    expect(denied).toMatchObject({ status: 200, body: { ok: true, decision: 'ImplicitDeny', message: expect.stringMatching(/^User: .* because no identity-based policy allows the acme:DeleteProject action$/) } });
    const batch = await post(cred, 'batch-authorize', { ...scope, items: [{ action: 'acme:GetProject', resource: projectArn(accountId) }, { action: 'acme:ListProjects', resource: '*' }] });
    expect(batch).toMatchObject({ status: 200, body: { ok: true, results: [{ decision: 'Allow' }, { decision: 'ImplicitDeny' }] } });
    expect(await post(cred, 'plan-resources', { ...scope, action: 'acme:GetProject' })).toMatchObject({ status: 200, body: { ok: true, kind: 'Allow' } });
    const who = await post(cred, 'authenticate', scope);
    expect(who).toMatchObject({ status: 200, body: { ok: true, principal: { type: 'User' } } });
    // Bad input in the body: AWS's JSON error with its status, never a 500.
    const bad = await post(cred, 'authorize', { ...scope, action: 'acme:GetProject', resource: 'nope' });
    expect(bad).toMatchObject({ status: 400, body: { __type: 'ValidationException', ok: false, error: { code: 'ValidationException' } } });
    expect(bad.headers.get('x-amzn-ErrorType')).toBe('ValidationException');
    // The tenant's request signed for another service is refused as the RPC refuses it.
    const wrongScope = await post(cred, 'authorize', { ...scope, caller: { request: await signed(user, { service: 'iam' }) }, action: 'acme:GetProject', resource: projectArn(accountId) });
    expect(wrongScope).toMatchObject({ status: 403, body: { __type: 'SignatureDoesNotMatch', message: "Credential should be scoped to correct service: 'acme'." } });
  });
});

describe('the HTTPS decision API: who may call it', () => {
  it('refuses unsigned calls, tenant keys, other scopes, tampered bodies, unknown and deleted credentials', async () => {
    const cred = await issue();
    const { root } = await newAccount();
    const input = { service: 'acme', region: 'us-east-1', caller: { request: await signed(root) }, action: 'acme:ListProjects', resource: '*' };
    const errorShape = (code: string, status: number) => ({ status, body: { __type: code, ok: false, version: 1, error: { code, status } } });

    const unsigned = await dispatch(`${ORIGIN}/decisions/v1/authorize`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('x-amzn-ErrorType')).toBe('MissingAuthenticationToken');
    expect(await unsigned.json()).toMatchObject({ __type: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token' });

    // A tenant's key (the root user's) is refused whatever it signs for.
    const tenant = await post(root, 'authorize', input);
    expect(tenant).toMatchObject(errorShape('InvalidClientTokenId', 403));
    expect(tenant.body.message).toMatch(/accepts only service credentials/);
    expect(await post(root, 'authorize', input, { service: 'acme' })).toMatchObject(errorShape('InvalidClientTokenId', 403));

    const wrongScope = await post(cred, 'authorize', input, { service: 'acme' });
    expect(wrongScope).toMatchObject(errorShape('SignatureDoesNotMatch', 403));
    expect(wrongScope.body.message).toBe("Credential should be scoped to correct service: 'decisions'.");

    // The body is bound by the signature: a changed body (another resource, another tenant's request) fails.
    expect(await post(cred, 'authorize', input, { tamper: (s) => s.replace('ListProjects', 'DeleteProject') })).toMatchObject(errorShape('SignatureDoesNotMatch', 403));
    expect(await post({ ...cred, secretAccessKey: 'x'.repeat(40) }, 'authorize', input)).toMatchObject(errorShape('SignatureDoesNotMatch', 403));
    expect(await post({ ...cred, accessKeyId: 'ESVCAAAAAAAAAAAAAAAA' }, 'authorize', input)).toMatchObject(errorShape('InvalidClientTokenId', 403));
    expect(await post({ ...cred, sessionToken: 'x' }, 'authorize', input)).toMatchObject(errorShape('InvalidClientTokenId', 403));

    // A service the credential does not name.
    const other = await post(cred, 'authorize', { ...input, service: 'beta' });
    expect(other).toMatchObject(errorShape('AccessDenied', 403));
    expect(other.body.message).toBe(`The service credential ${cred.accessKeyId} is not authorized to ask decisions for service 'beta'.`);

    // Authenticated, the call reaches the decision path (here: the version check).
    expect(await post(cred, 'authorize', { ...input, version: 7 })).toMatchObject(errorShape('UnsupportedVersion', 400));
    expect(await post(cred, 'nope', input)).toMatchObject(errorShape('UnknownOperationException', 404));
    const notJson = await post(cred, 'authorize', input, { tamper: () => '{' });
    expect(notJson.status).toBe(403);

    // Deleted: refused at once with the deletion's bookmark, and by every isolate past the cache's TTL.
    const okBefore = await post(cred, 'authorize', { ...input, version: 7 });
    expect(okBefore.body.error.code).toBe('UnsupportedVersion');
    const deleted = await operator('DELETE', `/service-credentials/${cred.accessKeyId}`);
    expect(deleted.status).toBe(204);
    expect(await post(cred, 'authorize', input, { headers: { 'x-iam-bookmark': deleted.headers.get('x-iam-bookmark') ?? '' } })).toMatchObject(errorShape('InvalidClientTokenId', 403));
    advanceClock(5_001);
    expect(await post(cred, 'authorize', input)).toMatchObject(errorShape('InvalidClientTokenId', 403));
  });

  it('a signed body that is not JSON is a SerializationException', async () => {
    const cred = await issue();
    const client = new AwsClient({ ...cred, service: 'decisions', region: 'us-east-1' });
    const req = await client.sign(`${ORIGIN}/decisions/v1/authorize`, { method: 'POST', body: '{not json', aws: { datetime: new Date(clockNow()).toISOString().replace(/[:-]|\.\d{3}/g, '') } });
    const res = await dispatch(req);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ __type: 'SerializationException', ok: false, error: { code: 'SerializationException', status: 400 } });
  });
});
