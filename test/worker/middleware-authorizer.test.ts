/**
 * The middleware in a SaaS's Hono app inside workerd, deciding through the IAM Worker's real
 * DecisionEntrypoint over RPC: allowed (principal and decision on the context), denied (AWS's message and an
 * encoded message the tenant decodes), unsigned requests, bad, expired and misdirected signatures,
 * presigned URLs, role sessions, bodies still readable, read-your-writes with a bookmark.
 * Spec: API Gateway, "Control access to a REST API with IAM permissions"; IAM User Guide, "Policy
 * evaluation logic"; STS API Reference, DecodeAuthorizationMessage.
 */
import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { newAccessKeyId, newSecretAccessKey } from '../../src/core/ids';
import { iamAuthorizer, type IamVariables } from '../../src/middleware';
import { counting, decisionEntrypoint, projectArn, putAcmeCatalog, REGION, ROUTES, run, saasApp, signed } from './middleware-support';
import { call, iamOk, keysOf, newAccount, policy, userWithKey, type Keys } from './support';

let account: string;
let root: Keys;
let alice: Keys;
const aliceArn = () => `arn:aws:iam::${account}:user/alice`;

beforeAll(async () => {
  await putAcmeCatalog();
  ({ accountId: account, root } = await newAccount());
  alice = await userWithKey(root, 'alice');
  await iamOk(root, 'PutUserPolicy', {
    UserName: 'alice',
    PolicyName: 'acme-editor',
    PolicyDocument: policy(
      { Sid: 'Projects', Effect: 'Allow', Action: ['acme:GetProject', 'acme:UpdateProject', 'acme:GetDocument'], Resource: `arn:aws:acme:*:${account}:project/*` },
      { Effect: 'Allow', Action: 'acme:ListProjects', Resource: '*' },
    ),
  });
});

describe('an allowed request', () => {
  it('reaches the handler with the principal and the decision on the context, in one call', async () => {
    const decisions = counting();
    const r = await run(saasApp({ transport: decisions }).app, signed(alice, '/projects/p1'));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.iam).toMatchObject({ accountId: account, arn: aliceArn(), type: 'User', userName: 'alice', accessKeyId: alice.accessKeyId, tags: {} });
    expect(r.body.iam.userId).toMatch(/^AIDA/);
    expect(r.body.iam.principalToken).toEqual(expect.any(String));
    expect(r.body.iam.session).toBeUndefined();
    expect(r.body.decision).toEqual({
      decision: 'Allow',
      action: 'acme:GetProject',
      resource: projectArn(account, 'p1'),
      reasons: [{ policyType: 'identity', policy: 'acme-editor', sid: 'Projects', effect: 'Allow' }],
    });
    expect(r.headers.get('x-amzn-RequestId')).toMatch(/^[0-9a-f-]{36}$/);
    expect(decisions.calls).toEqual(['authorize']);
  });

  it('keeps a JSON body readable by the handler, through Hono and through the raw Request', async () => {
    const { app } = saasApp();
    const put = (path: string) => signed(alice, path, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"name":"Apollo"}' });
    expect(await run(app, put('/projects/p1'))).toMatchObject({ status: 200, body: { updated: { name: 'Apollo' }, by: aliceArn() } });
    expect(await run(app, put('/projects/p1?raw=1'))).toMatchObject({ status: 200, body: { updated: { name: 'Apollo' } } });
  });

  it('hashes a body an earlier middleware already read as text (from Hono\'s body cache)', async () => {
    const app = new Hono<{ Variables: IamVariables }>();
    app.use(async (c, next) => {
      await c.req.text();
      await next();
    });
    app.use(iamAuthorizer({ service: 'acme', region: REGION, routes: ROUTES, transport: decisionEntrypoint }));
    app.put('/projects/:projectId', async (c) => c.json({ updated: await c.req.json() }));
    const r = await run(app, signed(alice, '/projects/p1', { method: 'PUT', body: '{"name":"Gemini"}' }));
    expect(r).toMatchObject({ status: 200, body: { updated: { name: 'Gemini' } } });
  });

  it('accepts the presigned URL form', async () => {
    const r = await run(saasApp().app, signed(alice, '/projects/p2/documents/d1', { presign: true }));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.decision).toMatchObject({ decision: 'Allow', action: 'acme:GetDocument', resource: `${projectArn(account, 'p2')}/document/d1` });
  });

  it("lets a role session in through its role's policy, with the session described", async () => {
    const trust = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' });
    await iamOk(root, 'CreateRole', { RoleName: 'reader', AssumeRolePolicyDocument: trust });
    await iamOk(root, 'PutRolePolicy', { RoleName: 'reader', PolicyName: 'read', PolicyDocument: policy({ Effect: 'Allow', Action: 'acme:GetProject', Resource: '*' }) });
    const ci = await userWithKey(root, 'ci');
    await iamOk(root, 'PutUserPolicy', { UserName: 'ci', PolicyName: 'assume', PolicyDocument: policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) });
    const assumed = await call(ci, 'AssumeRole', { RoleArn: `arn:aws:iam::${account}:role/reader`, RoleSessionName: 'ci' }, 'sts');
    expect(assumed.status, assumed.xml).toBe(200);
    const session = keysOf(assumed.result.Credentials);
    const r = await run(saasApp().app, signed(session, '/projects/p3'));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.iam).toMatchObject({
      type: 'AssumedRole',
      arn: `arn:aws:sts::${account}:assumed-role/reader/ci`,
      session: { kind: 'assumed-role', roleArn: `arn:aws:iam::${account}:role/reader`, mfa: false },
    });
    const denied = await run(saasApp().app, signed(session, '/projects/p3', { method: 'DELETE' }));
    expect(denied.status).toBe(403);
    expect(denied.body.message).toMatch(new RegExp(`^User: arn:aws:sts::${account}:assumed-role/reader/ci is not authorized to perform: acme:DeleteProject`));
  });
});

describe('a denied request', () => {
  it("answers 403 AccessDeniedException with AWS's message and an encoded message the tenant decodes, before the handler", async () => {
    const resource = projectArn(account, 'p1');
    const r = await run(saasApp().app, signed(alice, '/projects/p1', { method: 'DELETE' }));
    expect(r.status).toBe(403);
    expect(r.headers.get('x-amzn-ErrorType')).toBe('AccessDeniedException');
    expect(r.headers.get('x-amzn-RequestId')).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.body).toEqual({
      __type: 'AccessDeniedException',
      message: `User: ${aliceArn()} is not authorized to perform: acme:DeleteProject on resource: ${resource} because no identity-based policy allows the acme:DeleteProject action`,
      encodedAuthorizationMessage: expect.any(String),
    });
    expect(r.headers.get('x-iam-authorization-message')).toBe(r.body.encodedAuthorizationMessage);
    const decoded = await call(root, 'DecodeAuthorizationMessage', { EncodedMessage: r.body.encodedAuthorizationMessage }, 'sts');
    expect(decoded.status, decoded.xml).toBe(200);
    expect(JSON.parse(decoded.result.DecodedMessage)).toMatchObject({ allowed: false, explicitDeny: false, context: { action: 'acme:DeleteProject', resource, principal: { arn: aliceArn() } } });
  });

  it('denies a user without policies, and another tenant everything of this one', async () => {
    const bob = await userWithKey(root, 'bob');
    expect((await run(saasApp().app, signed(bob, '/projects/p1'))).body.__type).toBe('AccessDeniedException');
    const other = await newAccount();
    // Tenant B's root, asking for A's project by naming A's account: cross-account without a resource policy.
    const r = await run(saasApp().app, signed(other.root, `/accounts/${account}/projects/p1`));
    expect(r.status).toBe(403);
    expect(r.body.message).toContain(`on resource: ${projectArn(account, 'p1')}`);
  });
});

describe('authentication failures, answered as API Gateway does', () => {
  it('answers an unsigned request MissingAuthenticationTokenException without a call', async () => {
    const decisions = counting();
    const r = await run(saasApp({ transport: decisions }).app, new Request('https://api.acme.test/projects/p1'));
    expect(r.status).toBe(403);
    expect(r.headers.get('x-amzn-ErrorType')).toBe('MissingAuthenticationTokenException');
    expect(r.body).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
    expect(decisions.calls).toEqual([]);
  });

  it('answers InvalidSignatureException for a wrong secret, a tampered body, another path', async () => {
    const { app } = saasApp();
    const wrongSecret = await run(app, signed({ ...alice, secretAccessKey: newSecretAccessKey() }, '/projects/p1'));
    expect(wrongSecret.status).toBe(403);
    expect(wrongSecret.headers.get('x-amzn-ErrorType')).toBe('InvalidSignatureException');
    expect(wrongSecret.body.message).toMatch(/^The request signature we calculated does not match the signature you provided/);

    const req = await signed(alice, '/projects/p1', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"name":"a"}' });
    const tampered = await run(app, new Request(req, { body: '{"name":"b"}' }));
    expect(tampered).toMatchObject({ status: 403, body: { __type: 'InvalidSignatureException' } });

    const moved = await signed(alice, '/projects/p1');
    const other = await run(app, new Request(moved.url.replace('/p1', '/p2'), { headers: moved.headers }));
    expect(other).toMatchObject({ status: 403, body: { __type: 'InvalidSignatureException' } });
  });

  it('answers an expired signature with its times, and refuses a request signed for iam sent to acme', async () => {
    const { app } = saasApp();
    const old = await run(app, signed(alice, '/projects/p1', { nowMs: Date.now() - 20 * 60_000 }));
    expect(old.status).toBe(403);
    expect(old.body.__type).toBe('InvalidSignatureException');
    expect(old.body.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z/);
    const iam = await run(app, signed(alice, '/projects/p1', { service: 'iam' }));
    expect(iam.status).toBe(403);
    expect(iam.body.__type).toBe('InvalidSignatureException');
  });

  it('answers an unknown key and a malformed signature', async () => {
    const { app } = saasApp();
    const stranger = { accessKeyId: newAccessKeyId(account, 'AKIA'), secretAccessKey: newSecretAccessKey() };
    const unknown = await run(app, signed(stranger, '/projects/p1'));
    expect(unknown.status).toBe(403);
    expect(unknown.body).toEqual({ __type: 'AccessDeniedException', message: 'The security token included in the request is invalid.' });
    const garbled = await run(app, new Request('https://api.acme.test/projects/p1', { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=x' } }));
    expect(garbled.status).toBe(403);
    expect(garbled.body.__type).toBe('IncompleteSignatureException');
  });

  it('passes the tenant’s x-iam-bookmark on: a key deactivated is refused at once', async () => {
    const dave = await userWithKey(root, 'dave');
    await iamOk(root, 'PutUserPolicy', { UserName: 'dave', PolicyName: 'read', PolicyDocument: policy({ Effect: 'Allow', Action: 'acme:GetProject', Resource: '*' }) });
    const { app } = saasApp();
    // Read once: the key is now in the isolate's caches.
    const first = await run(app, signed(dave, '/projects/p1'));
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const off = await call(root, 'UpdateAccessKey', { UserName: 'dave', AccessKeyId: dave.accessKeyId, Status: 'Inactive' });
    expect(off.status).toBe(200);
    const bookmark = off.headers.get('x-iam-bookmark')!;
    const r = await run(app, signed(dave, '/projects/p1', { headers: { 'x-iam-bookmark': bookmark } }));
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ __type: 'AccessDeniedException', message: 'The security token included in the request is invalid.' });
  });
});

describe("an IAM user's service-specific credential over HTTP Basic (option serviceCredentials: 'basic')", () => {
  const basic = (path: string, userName: string, password: string, init: RequestInit = {}) =>
    new Request(`https://api.acme.test${path}`, { ...init, headers: { authorization: `Basic ${btoa(`${userName}:${password}`)}` } });

  it("acts as the user, with the user's policies; refused when off, wrong or malformed", async () => {
    const created = await call(root, 'CreateServiceSpecificCredential', { UserName: 'alice', ServiceName: 'acme.amazonaws.com' });
    expect(created.status, created.xml).toBe(200);
    const { ServiceUserName: userName, ServicePassword: password } = created.result.ServiceSpecificCredential;
    const bookmark = created.headers.get('x-iam-bookmark')!;
    const withBookmark = (r: Request) => (r.headers.set('x-iam-bookmark', bookmark), r);
    const app = saasApp({ serviceCredentials: 'basic' }).app;

    const ok = await run(app, withBookmark(basic('/projects/p1', userName, password)));
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.iam).toMatchObject({ accountId: account, arn: aliceArn(), type: 'User', userName: 'alice' });
    expect(ok.body.decision).toMatchObject({ decision: 'Allow', action: 'acme:GetProject' });
    const denied = await run(app, withBookmark(basic('/projects/p1', userName, password, { method: 'DELETE' })));
    expect(denied.status).toBe(403);
    expect(denied.body.message).toMatch(new RegExp(`^User: ${aliceArn()} is not authorized to perform: acme:DeleteProject`));

    for (const [u, p] of [[userName, `${password}x`], [`bob-at-${account}`, password], ['alice', password]] as const) {
      const r = await run(app, withBookmark(basic('/projects/p1', u, p)));
      // The middleware answers every refused credential in one wording, as it does a refused signature.
      expect(r.body, `${u}`).toEqual({ __type: 'AccessDeniedException', message: 'The security token included in the request is invalid.' });
    }
    const garbled = new Request('https://api.acme.test/projects/p1', { headers: { authorization: 'Basic !!!not-base64' } });
    expect((await run(app, garbled)).body).toEqual({ __type: 'AccessDeniedException', message: 'The security token included in the request is invalid.' });
    // Without the option, Basic is not a credential at all: the request is unsigned.
    const off = await run(saasApp().app, withBookmark(basic('/projects/p1', userName, password)));
    expect(off.status).toBe(403);
    expect(off.body.__type).toBe('IncompleteSignatureException');
  });
});
