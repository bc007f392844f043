/**
 * The middleware in a SaaS's Hono app inside workerd: allowed (principal and decision on the context),
 * denied (AWS's message and the encoded message), unsigned, bad signatures, presigned URLs, bodies still
 * readable, callbacks (resolve, context; throwing, malformed), transport failures, the helpers.
 */
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import type { AuthorizeItem, DecisionResult, DecisionService, Principal } from '../../src/core/decision/contract';
import { devDecisions, devKey } from './dev-decisions';
import { REGION, saasApp, signed } from './middleware-support';
import { randomAccountId } from './support';

const accountId = randomAccountId();
const alice = devKey(accountId, 'alice');
const projectArn = (id: string, account = accountId) => `arn:aws:acme:${REGION}:${account}:project/${id}`;
/** alice may get projects and create them, not delete p1. */
const policy = (item: AuthorizeItem, p: Principal): DecisionResult => {
  if (item.action === 'acme:GetProject' || item.action === 'acme:CreateProject' || item.action === 'acme:ListProjects') {
    return { decision: 'Allow', reasons: [{ policyType: 'identity', policy: 'inline', effect: 'Allow' }] };
  }
  return {
    decision: 'ImplicitDeny',
    reasons: [],
    message: `User: ${p.arn} is not authorized to perform: ${item.action} on resource: ${item.resource} because no identity-based policy allows the ${item.action} action`,
    encodedMessage: 'v1.0011223344556677.AAAAAAAAAAAAAAAA.sealed',
  };
};

const run = async (app: { request: (r: Request) => Response | Promise<Response> }, req: Request | Promise<Request>) => {
  const res = await app.request(await req);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
};

describe('an allowed request', () => {
  it('reaches the handler with the principal and the decision on the context, and one call made', async () => {
    const decisions = devDecisions([alice], policy);
    const { app } = saasApp({ transport: decisions });
    const r = await run(app, signed(alice, '/projects/p1'));
    expect(r.status).toBe(200);
    expect(r.body.iam).toMatchObject({ accountId, arn: alice.arn, type: 'User', accessKeyId: alice.accessKeyId, tags: { team: 'red' } });
    expect(r.body.decision).toMatchObject({ decision: 'Allow', action: 'acme:GetProject', resource: projectArn('p1') });
    expect(r.headers.get('x-amzn-RequestId')).toMatch(/^[0-9a-f-]{36}$/);
    expect(decisions.calls).toEqual(['authorize']);
  });

  it('keeps the body readable by the handler (JSON POST), through c.req and c.req.raw', async () => {
    const { app } = saasApp({ transport: devDecisions([alice], policy) });
    const r = await run(app, signed(alice, '/projects', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"p9"}' }));
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ created: { name: 'p9' }, by: alice.arn, raw: true });
  });

  it('accepts the presigned URL form', async () => {
    const { app } = saasApp({ transport: devDecisions([alice], policy) });
    const r = await run(app, signed(alice, '/projects/p2', { presign: true }));
    expect(r.status).toBe(200);
    expect(r.body.project).toBe('p2');
  });
});

describe('a denied request', () => {
  it("answers 403 AccessDeniedException with AWS's message and the encoded authorization message, before the handler", async () => {
    const { app } = saasApp({ transport: devDecisions([alice], policy) });
    const r = await run(app, signed(alice, '/projects/p1', { method: 'DELETE' }));
    expect(r.status).toBe(403);
    expect(r.headers.get('x-amzn-ErrorType')).toBe('AccessDeniedException');
    expect(r.headers.get('x-amzn-RequestId')).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.body).toEqual({
      __type: 'AccessDeniedException',
      message: `User: ${alice.arn} is not authorized to perform: acme:DeleteProject on resource: ${projectArn('p1')} because no identity-based policy allows the acme:DeleteProject action`,
      encodedAuthorizationMessage: 'v1.0011223344556677.AAAAAAAAAAAAAAAA.sealed',
    });
    expect(r.headers.get('x-iam-authorization-message')).toBe(r.body.encodedAuthorizationMessage);
  });
});

describe('authentication failures, answered as API Gateway does', () => {
  it('answers an unsigned request MissingAuthenticationTokenException without a call', async () => {
    const decisions = devDecisions([alice], policy);
    const { app } = saasApp({ transport: decisions });
    const r = await run(app, new Request('https://api.acme.test/projects/p1'));
    expect(r.status).toBe(403);
    expect(r.headers.get('x-amzn-ErrorType')).toBe('MissingAuthenticationTokenException');
    expect(r.body).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
    expect(decisions.calls).toEqual([]);
  });

  it('answers a signature that does not match InvalidSignatureException: a wrong secret, a tampered body or path', async () => {
    const { app } = saasApp({ transport: devDecisions([alice], policy) });
    const wrongSecret = await run(app, signed({ ...alice, secretAccessKey: 'not-the-secret' }, '/projects/p1'));
    expect(wrongSecret.status).toBe(403);
    expect(wrongSecret.headers.get('x-amzn-ErrorType')).toBe('InvalidSignatureException');
    expect(wrongSecret.body.message).toMatch(/^The request signature we calculated does not match the signature you provided/);

    const req = await signed(alice, '/projects', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"p9"}' });
    const tampered = await run(app, new Request(req, { body: '{"name":"p0"}' }));
    expect(tampered.status).toBe(403);
    expect(tampered.body.__type).toBe('InvalidSignatureException');

    const moved = await signed(alice, '/projects/p1');
    const other = await run(app, new Request(moved.url.replace('/p1', '/p2'), { headers: moved.headers }));
    expect(other.body.__type).toBe('InvalidSignatureException');
  });

  it('answers an expired signature with its time, and a request signed for another service', async () => {
    const { app } = saasApp({ transport: devDecisions([alice], policy) });
    const old = await run(app, signed(alice, '/projects/p1', { nowMs: Date.now() - 20 * 60_000 }));
    expect(old.status).toBe(403);
    expect(old.body.__type).toBe('InvalidSignatureException');
    expect(old.body.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z/);
    const iam = await run(app, signed(alice, '/projects/p1', { service: 'iam' }));
    expect(iam.status).toBe(403);
    expect(iam.body.__type).toBe('InvalidSignatureException');
  });

  it('answers an unknown key and a malformed signature', async () => {
    const { app } = saasApp({ transport: devDecisions([alice], policy) });
    const stranger = devKey(accountId, 'mallory');
    const unknown = await run(app, signed(stranger, '/projects/p1'));
    expect(unknown.status).toBe(403);
    expect(unknown.body).toEqual({ __type: 'AccessDeniedException', message: 'The security token included in the request is invalid.' });
    const garbled = await run(app, new Request('https://api.acme.test/projects/p1', { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=x' } }));
    expect(garbled.status).toBe(403);
    expect(garbled.body.__type).toBe('IncompleteSignatureException');
  });
});

describe('failures of the decision service never let a request through', () => {
  const failing = (f: Partial<DecisionService>): DecisionService => ({ ...devDecisions([alice], policy), ...f });

  it('answers ServiceUnavailableException when the transport throws, hangs or answers nonsense', async () => {
    const cases: Partial<DecisionService>[] = [
      { authorize: async () => Promise.reject(new Error('connection reset: secret internals')) },
      { authorize: () => new Promise(() => undefined) },
      { authorize: async () => ({ decision: 'Allow' }) as never },
      { authorize: async () => ({ ok: true, version: 1, decision: 'allow', principal: {} }) as never },
      { authorize: async () => ({ ok: true, version: 1, decision: 'Allow' }) as never },
      { authorize: async () => 'Allow' as never },
    ];
    for (const f of cases) {
      const { app, errors } = saasApp({ transport: failing(f), timeoutMs: 50 });
      const r = await run(app, signed(alice, '/projects/p1'));
      expect(r.status).toBe(503);
      expect(r.body).toEqual({ __type: 'ServiceUnavailableException', message: 'The request has failed due to a temporary failure of the server.' });
      expect(errors).toHaveLength(1);
    }
  });

  it('refuses an allow about a principal of another account than the key names', async () => {
    const bob = devKey(randomAccountId(), 'bob');
    const d = devDecisions([alice, bob], policy);
    const { app } = saasApp({ transport: { ...d, authorize: (input) => d.authorize({ ...input, caller: { principalToken: 'dev.' + bob.accessKeyId } }) } });
    const r = await run(app, signed(alice, '/projects/p1'));
    expect(r.status).toBe(503);
  });

  it('answers ServiceUnavailableException when the transport itself cannot be had', async () => {
    const { app } = saasApp({ transport: () => { throw new Error('no binding IAM'); } });
    expect((await run(app, signed(alice, '/projects/p1'))).status).toBe(503);
  });
});

describe('callbacks', () => {
  it('resolve gets the authenticated principal, may name the owner account, tags and a resource policy', async () => {
    const owner = randomAccountId();
    const seen: unknown[] = [];
    const d = devDecisions([alice], (item, p) => {
      seen.push(item);
      return policy(item, p);
    });
    const { app } = saasApp({
      transport: d,
      resolve: (c, principal, route) => {
        expect(principal.arn).toBe(alice.arn);
        return { resource: projectArn(route!.params.projectid!, owner), context: { 'aws:ResourceTag/team': 'red' }, resourcePolicy: '{"Version":"2012-10-17","Statement":[]}' };
      },
      context: () => ({ 'acme:Channel': 'api' }),
    });
    const r = await run(app, signed(alice, '/projects/p7'));
    expect(r.status).toBe(200);
    expect(r.body.decision.resource).toBe(projectArn('p7', owner));
    expect(d.calls).toEqual(['authenticate', 'authorize']);
    expect(seen[0]).toMatchObject({
      action: 'acme:GetProject',
      resource: projectArn('p7', owner),
      context: { 'acme:Channel': 'api', 'aws:ResourceTag/team': 'red' },
      resourcePolicy: '{"Version":"2012-10-17","Statement":[]}',
    });
  });

  it('a route may name the owner from the path', async () => {
    const owner = randomAccountId();
    const { app } = saasApp({ transport: devDecisions([alice], policy) });
    const r = await run(app, signed(alice, `/accounts/${owner}/projects/p3`));
    expect(r.body.decision.resource).toBe(projectArn('p3', owner));
  });

  it('a throwing callback is InternalFailure without its words; its HTTPException is its own answer', async () => {
    const { app, errors } = saasApp({ transport: devDecisions([alice], policy), resolve: () => { throw new Error('db password in here'); } });
    const r = await run(app, signed(alice, '/projects/p1'));
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ __type: 'InternalFailure', message: 'The request processing has failed because of an unknown error, exception or failure.' });
    expect(String(errors[0])).toMatch(/db password/);

    const { app: app404 } = saasApp({ transport: devDecisions([alice], policy), resolve: async () => { throw new HTTPException(404, { message: 'no such project' }); } });
    expect((await app404.request(await signed(alice, '/projects/p1'))).status).toBe(404);
    // ...and only for a verified caller: an unsigned request never reaches resolve.
    expect((await run(app404, new Request('https://api.acme.test/projects/p1'))).status).toBe(403);

    const { app: ctxThrows } = saasApp({ transport: devDecisions([alice], policy), context: () => { throw new TypeError('x'); } });
    expect((await run(ctxThrows, signed(alice, '/projects/p1'))).body.__type).toBe('InternalFailure');
  });

  it('a malformed ARN, a foreign action or a bad context value from a callback is a ValidationException, and nothing is asked', async () => {
    const bad: Array<[unknown, RegExp]> = [
      [{ resource: 'project/p1' }, /resource ARN derived for this request is not an ARN/],
      [{ resource: 'arn:aws:acme:us-east-1:123:project/p1' }, /12 digits/],
      [{ action: 'iam:CreateUser' }, /not an action of the service acme/],
      [{ context: { 'acme:N': 5 } }, /not a string/],
    ];
    for (const [resolution, message] of bad) {
      const d = devDecisions([alice], policy);
      const { app } = saasApp({ transport: d, resolve: () => resolution as never });
      const r = await run(app, signed(alice, '/projects/p1'));
      expect(r.status).toBe(400);
      expect(r.body.__type).toBe('ValidationException');
      expect(r.body.message).toMatch(message);
      expect(d.calls).toEqual(['authenticate']);
    }
  });
});

describe('routes the table does not know', () => {
  it("deny by default as API Gateway does, without a call; 'authenticate' sets the principal; 'pass' lets it by", async () => {
    const d = devDecisions([alice], policy);
    const deny = await run(saasApp({ transport: d }).app, signed(alice, '/whoami'));
    expect(deny.status).toBe(403);
    expect(deny.body.__type).toBe('MissingAuthenticationTokenException');
    expect(d.calls).toEqual([]);

    const authn = await run(saasApp({ transport: d, unmatched: 'authenticate' }).app, signed(alice, '/whoami'));
    expect(authn.status).toBe(200);
    expect(authn.body.iam.arn).toBe(alice.arn);
    expect((await run(saasApp({ transport: d, unmatched: 'authenticate' }).app, new Request('https://api.acme.test/whoami'))).status).toBe(403);

    const pass = await run(saasApp({ transport: d, unmatched: 'pass' }).app, new Request('https://api.acme.test/whoami'));
    expect(pass).toMatchObject({ status: 200, body: { iam: null } });
  });

  it('answers a path parameter that is not valid percent-encoding with a ValidationException', async () => {
    const r = await run(saasApp({ transport: devDecisions([alice], policy) }).app, signed(alice, '/projects/%E0%A4%A'));
    expect(r.status).toBe(400);
    expect(r.body.__type).toBe('ValidationException');
  });
});

describe('helpers for list pages', () => {
  it('batch-decide and plan about the authenticated caller, by its principal token', async () => {
    const d = devDecisions([alice], policy);
    const r = await run(saasApp({ transport: d }).app, signed(alice, '/projects'));
    expect(r.status).toBe(200);
    expect(r.body.deletable).toEqual([]);
    expect(r.body.plan).toMatchObject({ kind: 'Filter', exact: true });
    expect(d.calls).toEqual(['authorize', 'batchAuthorize', 'planResources']);
  });

  it('answer a failed helper call as AWS errors through Hono', async () => {
    const d = devDecisions([alice], policy);
    const { app } = saasApp({ transport: { ...d, batchAuthorize: async () => Promise.reject(new Error('down')) } });
    const r = await run(app, signed(alice, '/projects'));
    expect(r.status).toBe(503);
    expect(r.body.__type).toBe('ServiceUnavailableException');
  });
});

describe('limits', () => {
  it('answers a body past the cap 413 without a call', async () => {
    const d = devDecisions([alice], policy);
    const { app } = saasApp({ transport: d, maxBodyBytes: 16 });
    const r = await run(app, signed(alice, '/projects', { method: 'POST', body: '{"name":"a long project name"}' }));
    expect(r.status).toBe(413);
    expect(r.body.__type).toBe('RequestEntityTooLargeException');
    expect(d.calls).toEqual([]);
  });
});
