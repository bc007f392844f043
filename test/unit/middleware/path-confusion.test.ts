/**
 * Path tricks against the middleware (issue 9, review): whatever a tenant puts in the path (encoded
 * slashes and dots, double encoding, double or trailing slashes, case, NUL, a query or fragment that looks
 * like a path), the request either reaches the handler whose parameters name exactly the resource the
 * decision was about, or is refused before any handler runs. The route table and Hono's router read the
 * same path: a decision about one project never serves another.
 * Spec: API Gateway Developer Guide, "Control access to a REST API with IAM permissions" (the route is
 * what is authorized); RFC 3986 §6.2.2 (percent-encoding and dot segments).
 */
import { AwsClient } from 'aws4fetch';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AuthorizeInput, DecisionService, Principal } from '../../../src/core/decision/contract';
import { newAccessKeyId, newSecretAccessKey } from '../../../src/core/ids';
import { iamAuthorizer, type IamVariables } from '../../../src/middleware';

const ACCOUNT = '111122223333';
const KEY = { accessKeyId: newAccessKeyId(ACCOUNT, 'AKIA'), secretAccessKey: newSecretAccessKey() };
const principal: Principal = { accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/alice`, type: 'User', userId: 'AIDAEXAMPLE', accessKeyId: KEY.accessKeyId, tags: {}, principalToken: 'EIPT1.x' };

/** A decision service that allows everything and records what it was asked: the test checks the question, not the policy. */
function allowAll(): DecisionService & { asked: AuthorizeInput[] } {
  const asked: AuthorizeInput[] = [];
  return {
    asked,
    authenticate: async () => ({ ok: true, version: 1, principal }),
    authorize: async (input) => {
      asked.push(input);
      return { ok: true, version: 1, principal, decision: 'Allow', reasons: [] };
    },
    batchAuthorize: async () => ({ ok: true, version: 1, principal, results: [] }),
    planResources: async () => ({ ok: true, version: 1, principal, kind: 'Deny', allow: [], deny: [], exact: true }),
  };
}

function saas(decisions: DecisionService) {
  const app = new Hono<{ Variables: IamVariables }>();
  const served: string[] = [];
  app.use(
    iamAuthorizer({
      service: 'acme',
      region: 'us-east-1',
      transport: decisions,
      onError: () => {},
      routes: {
        'GET /projects/:projectId': { action: 'acme:GetProject', resource: 'project/${projectId}' },
        'GET /projects/:projectId/documents/:documentId': { action: 'acme:GetDocument', resource: 'project/${projectId}/document/${documentId}' },
      },
    }),
  );
  app.get('/projects/:projectId', (c) => (served.push(`project/${c.req.param('projectId')}`), c.text('ok')));
  app.get('/projects/:projectId/documents/:documentId', (c) => (served.push(`project/${c.req.param('projectId')}/document/${c.req.param('documentId')}`), c.text('ok')));
  return { app, served };
}

const sign = (url: string, method = 'GET') =>
  new AwsClient({ ...KEY, service: 'acme', region: 'us-east-1' }).sign(url, { method, aws: { datetime: new Date().toISOString().replace(/[:-]|\.\d{3}/g, '') } });

describe('the decided resource is the served resource', () => {
  it('for encoded, doubled, dotted, cased and trailing paths: served as decided, or refused unserved', async () => {
    const paths = [
      '/projects/p1',
      '/projects/a%2Fb',
      '/projects/a%2Fdocument%2Fd1',
      '/projects/%252F',
      '/projects/%2e%2e',
      '/projects/..%2F..%2Fp2',
      '/projects/p1/%2e%2e/p2',
      '//projects/p1',
      '/projects//p1',
      '/projects/p1/',
      '/Projects/p1',
      '/projects/p1%00',
      '/projects/%zz',
      '/projects/p1;/projects/p2',
      '/projects/p1?x=/projects/p2',
      '/projects/p1%3F/projects/p2',
      '/projects/p1%23/documents/d2',
      '/projects/p1/documents/d1',
      '/projects/p1/documents/d1%2F..%2F..%2Fp2',
    ];
    for (const path of paths) {
      const decisions = allowAll();
      const { app, served } = saas(decisions);
      const res = await app.request(await sign(`https://api.acme.test${path}`));
      const decided = decisions.asked.map((q) => q.resource.replace(/^arn:aws:acme:us-east-1:111122223333:/, ''));
      if (res.status === 200) {
        expect(served, path).toHaveLength(1);
        expect(decided, path).toEqual(served);
      } else {
        expect(res.status, path).toBeGreaterThanOrEqual(400);
        expect(res.status, path).toBeLessThan(500);
        expect(served, path).toEqual([]);
      }
      // No decision is ever about a resource whose id walks the ARN's slashes.
      for (const arn of decided) expect(arn, path).not.toMatch(/(^|\/)\.\.?(\/|$)/);
    }
  });

  it('a parameter decoding to a / or a dot segment is refused: it would be decided as another resource than served', async () => {
    // Each would be decided on an ARN of another shape (`project/p1/document/d1` for GetProject) or matched
    // by a wildcard (`project/team-a-*` for `team-a-1/../secret`) while the handler, or a backend URL built
    // from the parameter, reads another resource.
    for (const path of ['/projects/a%2Fb', '/projects/p1%2Fdocument%2Fd1', '/projects/team-a-1%2F..%2Fsecret', '/projects/p1/documents/d1%2F..%2F..%2Fp2']) {
      const decisions = allowAll();
      const { app, served } = saas(decisions);
      const res = await app.request(await sign(`https://api.acme.test${path}`));
      expect(res.status, path).toBe(400);
      expect(await res.json(), path).toMatchObject({ __type: 'ValidationException' });
      expect(decisions.asked, path).toEqual([]);
      expect(served, path).toEqual([]);
    }
  });

  it('HEAD is decided as the GET it is served as; an unsigned OPTIONS reaches nothing', async () => {
    const decisions = allowAll();
    const { app, served } = saas(decisions);
    expect((await app.request(await sign('https://api.acme.test/projects/p1', 'HEAD'))).status).toBe(200);
    expect(decisions.asked.map((q) => [q.action, q.resource])).toEqual([['acme:GetProject', `arn:aws:acme:us-east-1:${ACCOUNT}:project/p1`]]);
    expect(served).toEqual(['project/p1']);
    const options = await app.request('https://api.acme.test/projects/p1', { method: 'OPTIONS' });
    expect(options.status).toBe(403);
    expect(served).toEqual(['project/p1']);
    expect(decisions.asked).toHaveLength(1);
  });
});
