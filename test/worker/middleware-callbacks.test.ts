/**
 * The middleware's callbacks, routes it does not know, helpers for list pages, limits, and failures of the
 * decision service, with the IAM Worker's real DecisionEntrypoint behind it: a SaaS's `resolve` naming the
 * owner, tags and a resource policy (a project shared across tenants), `context` keys; a throwing or
 * malformed callback; a transport that throws, hangs or answers nonsense: never an allow, never internals.
 */
import { HTTPException } from 'hono/http-exception';
import { authorizeBatch } from '../../src/middleware';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DecisionService } from '../../src/core/decision/contract';
import { counting, decisionEntrypoint, projectArn, putAcmeCatalog, run, saasApp, signed } from './middleware-support';
import { iamOk, newAccount, policy, userWithKey, type Keys } from './support';

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
    PolicyName: 'acme',
    PolicyDocument: policy(
      { Effect: 'Allow', Action: ['acme:GetProject', 'acme:ListProjects'], Resource: '*' },
      { Effect: 'Allow', Action: 'acme:DeleteProject', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'red' } } },
    ),
  });
});

describe('resolve and context', () => {
  it('resolve gets the verified principal and may name the owner, tags and a resource policy: a project shared across tenants', async () => {
    const owner = await newAccount();
    const shared = projectArn(owner.accountId, 'shared');
    const sharing = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'acme:GetProject', Resource: shared });
    const seen: unknown[] = [];
    const decisions = counting();
    const { app } = saasApp({
      transport: decisions,
      // The SaaS's database says who owns the project and what its policy is.
      resolve: (_c, principal, route) => {
        seen.push([principal.arn, route?.route.pattern]);
        const id = route!.params.projectid!;
        return id === 'shared' ? { resource: shared, resourcePolicy: sharing } : { resource: projectArn(owner.accountId, id) };
      },
    });
    const r = await run(app, signed(alice, '/projects/shared'));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.decision).toMatchObject({ decision: 'Allow', resource: shared });
    expect(r.body.decision.reasons).toContainEqual(expect.objectContaining({ policyType: 'resource', effect: 'Allow' }));
    expect(seen).toEqual([[aliceArn(), 'GET /projects/:projectId']]);
    expect(decisions.calls).toEqual(['authenticate', 'authorize']);
    // Everything else of the owner's stays refused: no resource policy names alice's account.
    const other = await run(app, signed(alice, '/projects/private'));
    expect(other.status).toBe(403);
    expect(other.body.message).toContain(`on resource: ${projectArn(owner.accountId, 'private')}`);
  });

  it('resolveFirst decides in one call with the claimed account, and refuses a forged claim', async () => {
    const owner = await newAccount();
    const shared = projectArn(owner.accountId, 'shared');
    const sharing = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'acme:GetProject', Resource: shared });
    const claims: unknown[] = [];
    const decisions = counting();
    const { app } = saasApp({
      transport: decisions,
      resolveFirst: (_c, caller, route) => {
        claims.push(caller);
        return route!.params.projectid === 'shared' ? { resource: shared, resourcePolicy: sharing } : undefined;
      },
    });
    const r = await run(app, signed(alice, '/projects/shared'));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.decision).toMatchObject({ decision: 'Allow', resource: shared });
    expect(claims).toEqual([{ accountId: account, accessKeyId: alice.accessKeyId }]);
    expect(decisions.calls).toEqual(['authorize']);
    // Nothing of the claim is trusted: a key id of another account signed with alice's secret fails.
    const forged = await run(app, signed({ ...owner.root, secretAccessKey: alice.secretAccessKey }, '/projects/shared'));
    expect(forged.status).toBe(403);
    expect(forged.body.__type).toBe('InvalidSignatureException');
  });

  it("resolveFirst's HTTPException reaches only a verified caller", async () => {
    const decisions = counting();
    const { app } = saasApp({ transport: decisions, resolveFirst: () => { throw new HTTPException(404, { message: 'no such project' }); } });
    expect((await app.request(await signed(alice, '/projects/nope'))).status).toBe(404);
    expect(decisions.calls).toEqual(['authenticate']);
    const wrong = await run(app, signed({ ...alice, secretAccessKey: 'x'.repeat(40) }, '/projects/nope'));
    expect(wrong).toMatchObject({ status: 403, body: { __type: 'InvalidSignatureException' } });
    expect(() => saasApp({ resolve: () => undefined, resolveFirst: () => undefined })).toThrow(TypeError);
  });

  it('tags from resolve become aws:ResourceTag/*, context() adds the SaaS keys', async () => {
    const tagged = (team: string) =>
      saasApp({ resolve: () => ({ context: { 'aws:ResourceTag/team': team } }), context: () => ({ 'acme:ProjectVisibility': 'private' }) }).app;
    const red = await run(tagged('red'), signed(alice, '/projects/p1', { method: 'DELETE' }));
    expect(red).toMatchObject({ status: 200, body: { deleted: 'p1' } });
    // The handler's own Response, and one with immutable headers, carry the request id too.
    expect(red.headers.get('x-amzn-RequestId')).toMatch(/^[0-9a-f-]{36}$/);
    const moved = await tagged('red').request(await signed(alice, '/projects/p1?redirect=1', { method: 'DELETE' }));
    expect(moved.status).toBe(303);
    expect(moved.headers.get('x-amzn-RequestId')).toMatch(/^[0-9a-f-]{36}$/);
    const blue = await run(tagged('blue'), signed(alice, '/projects/p1', { method: 'DELETE' }));
    expect(blue.status).toBe(403);
    expect(blue.body.__type).toBe('AccessDeniedException');
  });

  it('a throwing callback is InternalFailure without its words; its HTTPException is its own answer, only for a verified caller', async () => {
    const { app, errors } = saasApp({ resolve: () => { throw new Error('db password hunter2'); } });
    const r = await run(app, signed(alice, '/projects/p1'));
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ __type: 'InternalFailure', message: 'The request processing has failed because of an unknown error, exception or failure.' });
    expect(JSON.stringify(r.body)).not.toContain('hunter2');
    expect(String(errors[0])).toContain('hunter2');

    const { app: app404 } = saasApp({ resolve: async () => { throw new HTTPException(404, { message: 'no such project' }); } });
    expect((await app404.request(await signed(alice, '/projects/p1'))).status).toBe(404);
    expect((await run(app404, new Request('https://api.acme.test/projects/p1'))).status).toBe(403);
    const stranger = await newAccount();
    const bad = await run(app404, signed({ ...stranger.root, secretAccessKey: alice.secretAccessKey }, '/projects/p1'));
    expect(bad.status).toBe(403);

    const { app: contextThrows } = saasApp({ context: () => { throw new TypeError('x'); } });
    expect((await run(contextThrows, signed(alice, '/projects/p1'))).body.__type).toBe('InternalFailure');
  });

  it('a malformed ARN, a foreign action or a bad context value from a callback is a ValidationException, nothing decided', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ resource: 'project/p1' }, /resource ARN derived for this request is not an ARN/],
      [{ resource: 'arn:aws:acme:us-east-1:123:project/p1' }, /12 digits/],
      [{ action: 'iam:CreateUser' }, /not an action of the service acme/],
      [{ context: { 'acme:ProjectVisibility': 5 } }, /not a string/],
      [{ resourcePolicy: '{"Version":' }, /not valid JSON/],
    ];
    for (const [resolution, message] of cases) {
      const decisions = counting();
      const r = await run(saasApp({ transport: decisions, resolve: () => resolution as never }).app, signed(alice, '/projects/p1'));
      expect(r.status).toBe(400);
      expect(r.body.__type).toBe('ValidationException');
      expect(r.body.message).toMatch(message);
      expect(decisions.calls).toEqual(['authenticate']);
    }
  });

  it("passes on the IAM Worker's own validation: an action the catalog does not declare, an ARN of the wrong type", async () => {
    const unknown = await run(saasApp({ resolve: () => ({ action: 'acme:LaunchRocket' }) }).app, signed(alice, '/projects/p1'));
    expect(unknown.status).toBe(400);
    expect(unknown.body.__type).toBe('ValidationException');
    const wrongType = await run(saasApp({ resolve: () => ({ resource: `${projectArn(account, 'p1')}/document/d1` }) }).app, signed(alice, '/projects/p1'));
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.__type).toBe('ValidationException');
  });
});

describe('failures of the decision service never let a request through', () => {
  const failing = (f: Partial<DecisionService>): DecisionService => ({ ...counting(), ...f });

  it('answers ServiceUnavailableException when the transport throws, hangs or answers nonsense', async () => {
    const cases: Partial<DecisionService>[] = [
      { authorize: async () => Promise.reject(new Error('connection reset: internals')) },
      { authorize: () => new Promise(() => undefined) },
      { authorize: async () => ({ decision: 'Allow' }) as never },
      { authorize: async (input) => ({ ...(await decisionEntrypoint.authorize(input)), decision: 'allow' }) as never },
      { authorize: async (input) => ({ ...(await decisionEntrypoint.authorize(input)), principal: undefined }) as never },
      { authorize: async () => 'Allow' as never },
    ];
    for (const f of cases) {
      const { app, errors } = saasApp({ transport: failing(f), timeoutMs: 200 });
      const r = await run(app, signed(alice, '/projects/p1'));
      expect(r.status).toBe(503);
      expect(r.body).toEqual({ __type: 'ServiceUnavailableException', message: 'The request has failed due to a temporary failure of the server.' });
      expect(errors).toHaveLength(1);
    }
  });

  it('refuses an allow about another principal than the one that signed', async () => {
    const bob = await newAccount();
    const bobToken = await decisionEntrypoint.authenticate({ service: 'acme', region: 'us-east-1', caller: { request: await toSigned(bob.root) } });
    if (!bobToken.ok) throw new Error(JSON.stringify(bobToken));
    const swapped = failing({ authorize: (input) => decisionEntrypoint.authorize({ ...input, caller: { principalToken: bobToken.principal.principalToken }, resource: projectArn(bob.accountId, 'p1') }) });
    const r = await run(saasApp({ transport: swapped }).app, signed(alice, '/projects/p1'));
    expect(r.status).toBe(503);
  });

  it('answers ServiceUnavailableException when the binding itself is missing', async () => {
    const r = await run(saasApp({ transport: () => { throw new Error('env.IAM is undefined'); } }).app, signed(alice, '/projects/p1'));
    expect(r.status).toBe(503);
  });
});

/** A signed request as the contract carries it (for calling the entrypoint directly). */
async function toSigned(keys: Keys) {
  const req = await signed(keys, '/projects/p1');
  const headers: Record<string, string> = {};
  req.headers.forEach((v, k) => (headers[k] = v));
  return { method: 'GET', url: req.url, headers, bodySha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' };
}

describe('routes the table does not know', () => {
  it("deny by default as API Gateway does, without a call; 'authenticate' sets the principal; 'pass' lets it by", async () => {
    const decisions = counting();
    const deny = await run(saasApp({ transport: decisions }).app, signed(alice, '/whoami'));
    expect(deny.status).toBe(403);
    expect(deny.body.__type).toBe('MissingAuthenticationTokenException');
    expect(decisions.calls).toEqual([]);

    const authn = await run(saasApp({ transport: decisions, unmatched: 'authenticate' }).app, signed(alice, '/whoami'));
    expect(authn.status).toBe(200);
    expect(authn.body.iam).toMatchObject({ arn: aliceArn(), accountId: account });
    expect(decisions.calls).toEqual(['authenticate']);
    expect((await run(saasApp({ unmatched: 'authenticate' }).app, new Request('https://api.acme.test/whoami'))).status).toBe(403);

    const pass = await run(saasApp({ unmatched: 'pass' }).app, new Request('https://api.acme.test/whoami'));
    expect(pass).toMatchObject({ status: 200, body: { iam: null } });
  });

  it('a SaaS without a route table: resolve alone names every question, and what it does not know is refused', async () => {
    const decisions = counting();
    const { app } = saasApp({ transport: decisions, routes: {}, resolve: (c) => (c.req.path === '/whoami' ? { action: 'acme:ListProjects', resource: '*' } : undefined) });
    const known = await run(app, signed(alice, '/whoami'));
    expect(known.status, JSON.stringify(known.body)).toBe(200);
    expect(known.body.iam.arn).toBe(aliceArn());
    expect(decisions.calls).toEqual(['authenticate', 'authorize']);
    const unknown = await run(app, signed(alice, '/projects/p1'));
    expect(unknown).toMatchObject({ status: 403, body: { __type: 'MissingAuthenticationTokenException' } });
  });

  it('a SaaS without a route table using resolveFirst: one call for what it names, none for the rest', async () => {
    const decisions = counting();
    const { app } = saasApp({ transport: decisions, routes: {}, resolveFirst: (c) => (c.req.path === '/whoami' ? { action: 'acme:ListProjects', resource: '*' } : undefined) });
    const known = await run(app, signed(alice, '/whoami'));
    expect(known.status, JSON.stringify(known.body)).toBe(200);
    expect(decisions.calls).toEqual(['authorize']);
    const unknown = await run(app, signed(alice, '/projects/p1'));
    expect(unknown).toMatchObject({ status: 403, body: { __type: 'MissingAuthenticationTokenException' } });
    expect(decisions.calls).toEqual(['authorize']);
  });

  it('answers a path parameter that is not valid percent-encoding with a ValidationException', async () => {
    const r = await run(saasApp().app, signed(alice, '/projects/%E0%A4%A'));
    expect(r.status).toBe(400);
    expect(r.body.__type).toBe('ValidationException');
  });
});

describe('helpers for list pages', () => {
  it('batch-decide about the authenticated caller, by its principal token, in order', async () => {
    const decisions = counting();
    const r = await run(saasApp({ transport: decisions }).app, signed(alice, '/projects'));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    // DeleteProject needs aws:ResourceTag/team = red, which the handler did not pass.
    expect(r.body.decisions).toEqual(['acme:GetProject project/p1 Allow', 'acme:DeleteProject project/p1 ImplicitDeny', 'acme:GetProject project/p2 Allow', 'acme:DeleteProject project/p2 ImplicitDeny']);
    expect(decisions.calls).toEqual(['authorize', 'batchAuthorize']);
  });

  it('batches of more than 30 items are sent in several calls, answered in order', async () => {
    const decisions = counting();
    const { app } = saasApp({ transport: decisions, routes: { 'GET /many': 'acme:ListProjects' } });
    const items = Array.from({ length: 31 }, (_, i) => ({ action: i === 30 ? 'acme:DeleteProject' : 'acme:GetProject', resource: projectArn(account, `p${i}`) }));
    app.get('/many', async (c) => c.json((await authorizeBatch(c, items)).map((d) => d.decision)));
    const r = await run(app, signed(alice, '/many'));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual([...Array(30).fill('Allow'), 'ImplicitDeny']);
    expect(decisions.calls).toEqual(['authorize', 'batchAuthorize', 'batchAuthorize']);
  });

  it('plans a list page about the authenticated caller: all of them, or those a tag condition allows', async () => {
    const decisions = counting();
    const { app } = saasApp({ transport: decisions });
    const all = await run(app, signed(alice, '/plan'));
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    expect(all.body.plan).toMatchObject({ kind: 'Allow', exact: true, deny: [] });
    expect(decisions.calls).toEqual(['authorize', 'planResources']);
    const tagged = await run(app, signed(alice, '/plan?action=acme:DeleteProject'));
    expect(tagged.status, JSON.stringify(tagged.body)).toBe(200);
    expect(tagged.body.plan).toEqual({
      kind: 'Filter',
      allow: [{ resources: ['*'], conditions: [{ operator: 'StringEquals', key: 'aws:resourcetag/team', values: ['red'] }] }],
      deny: [],
      exact: true,
    });
  });

  it('answer a failed helper call as an AWS error through Hono', async () => {
    const r = await run(saasApp({ transport: { ...counting(), batchAuthorize: async () => Promise.reject(new Error('down')) } }).app, signed(alice, '/projects'));
    expect(r.status).toBe(503);
    expect(r.body.__type).toBe('ServiceUnavailableException');
  });
});

describe('limits', () => {
  it('answers a body past the cap 413 without a call', async () => {
    const decisions = counting();
    const r = await run(saasApp({ transport: decisions, maxBodyBytes: 16 }).app, signed(alice, '/projects/p1', { method: 'PUT', body: '{"name":"a long project name"}' }));
    expect(r.status).toBe(413);
    expect(r.body.__type).toBe('RequestEntityTooLargeException');
    expect(decisions.calls).toEqual([]);
  });
});
