/**
 * The example SaaS's own logic (examples/acme), without a runtime: its route table agrees with the app's
 * routes, each route resolves to the action, ARN and context the catalog describes, the list page's plan
 * filter (ARN patterns, tag conditions) never lets through a row the plan does not allow, and tenants'
 * input is validated. The whole path with real clients is in test/e2e/saas-*.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { createAcmeApp } from '../../examples/acme/src/app';
import { AcmeError } from '../../examples/acme/src/errors';
import { verdictsOf } from '../../examples/acme/src/list';
import { matchRoute, resolveRequest, ROUTES, type ResolveInput } from '../../examples/acme/src/resources';
import type { Project } from '../../examples/acme/src/store';
import { checkResourcePolicy, parseTagBody } from '../../examples/acme/src/validate';

const A = '111122223333';
const P: Project = {
  projectId: 'p-00000000000000aa',
  accountId: A,
  name: 'n',
  visibility: 'public',
  policy: '{"Statement":[]}',
  tags: { team: 'red' },
  createdAt: '2026-01-01T00:00:00.000Z',
};

const input = (method: string, url: string, body?: unknown): ResolveInput => {
  const u = new URL(url, 'http://acme.test');
  return {
    region: 'us-east-1',
    method,
    pathname: u.pathname,
    searchParams: u.searchParams,
    callerAccountId: '444455556666',
    loadProject: async (id) => (id === P.projectId ? P : null),
    jsonBody: async () => body,
  };
};

describe('route table', () => {
  it('names every route the app serves, and only those', () => {
    const app = createAcmeApp();
    const served = new Set(app.routes.filter((r) => r.method !== 'ALL' && r.path !== '/healthz').map((r) => `${r.method} ${r.path}`));
    expect(new Set(ROUTES.map((r) => `${r.method} ${r.path}`))).toEqual(served);
  });

  it('puts every route but /healthz behind the middleware, once', async () => {
    const seen: string[] = [];
    const app = createAcmeApp({
      protect: async (c) => {
        seen.push(`${c.req.method} ${new URL(c.req.url).pathname}`);
        return c.text('refused', 403);
      },
    });
    expect((await app.request('/healthz')).status).toBe(200);
    for (const path of ['/projects', '/projects/p-1', '/projects/p-1/documents/d', '/nowhere']) expect((await app.request(path)).status).toBe(403);
    expect(seen).toEqual(['GET /projects', 'GET /projects/p-1', 'GET /projects/p-1/documents/d', 'GET /nowhere']);
  });

  it('matches paths with their parameters, decoded', () => {
    expect(matchRoute('GET', '/projects/p-1/documents/a%2Eb')).toMatchObject({ route: { action: 'GetDocument' }, params: { projectId: 'p-1', documentId: 'a.b' } });
    expect(matchRoute('PATCH', '/projects/p-1')).toBeUndefined();
    expect(() => matchRoute('GET', '/projects/%E0%A4%A')).toThrow(AcmeError);
  });
});

describe('resolving a request', () => {
  it("an existing project: its owner's ARN, tags, visibility and resource policy", async () => {
    const r = await resolveRequest(input('GET', `/projects/${P.projectId}`));
    expect(r?.item).toEqual({
      action: 'acme:GetProject',
      resource: `arn:aws:acme:us-east-1:${A}:project/${P.projectId}`,
      context: { 'aws:ResourceTag/team': 'red', 'acme:ProjectVisibility': 'public' },
      resourcePolicy: P.policy,
    });
  });

  it("a document: its project owner's ARN, the project's tags and resource policy, not its visibility (the catalog declares no such key for documents)", async () => {
    const r = await resolveRequest(input('GET', `/projects/${P.projectId}/documents/d1`));
    expect(r?.item).toEqual({
      action: 'acme:GetDocument',
      resource: `arn:aws:acme:us-east-1:${A}:project/${P.projectId}/document/d1`,
      context: { 'aws:ResourceTag/team': 'red' },
      resourcePolicy: P.policy,
    });
  });

  it("a missing project is named in the caller's own account, so only 404 can follow an allow", async () => {
    const r = await resolveRequest(input('DELETE', '/projects/p-00000000000000bb'));
    expect(r?.item).toEqual({ action: 'acme:DeleteProject', resource: 'arn:aws:acme:us-east-1:444455556666:project/p-00000000000000bb', context: {} });
    expect(r?.project).toBeNull();
  });

  it('a new project: its chosen ARN in the caller account, aws:RequestTag and aws:TagKeys', async () => {
    const r = await resolveRequest(input('POST', '/projects', { name: 'x', tags: { team: 'blue', cost: '1' }, visibility: 'private' }));
    expect(r?.newProjectId).toMatch(/^p-[0-9a-f]{16}$/);
    expect(r?.item).toEqual({
      action: 'acme:CreateProject',
      resource: `arn:aws:acme:us-east-1:444455556666:project/${r?.newProjectId}`,
      context: { 'aws:TagKeys': ['team', 'cost'], 'aws:RequestTag/team': 'blue', 'aws:RequestTag/cost': '1', 'acme:ProjectVisibility': 'private' },
    });
  });

  it('tagging and untagging carry the tags they change', async () => {
    const tag = await resolveRequest(input('POST', `/projects/${P.projectId}/tags`, { tags: { env: 'prod' } }));
    expect(tag?.item.context).toMatchObject({ 'aws:TagKeys': ['env'], 'aws:RequestTag/env': 'prod', 'aws:ResourceTag/team': 'red' });
    const untag = await resolveRequest(input('DELETE', `/projects/${P.projectId}/tags?tagKeys=team&tagKeys=x`));
    expect(untag?.item.context).toMatchObject({ 'aws:TagKeys': ['team', 'x'] });
  });

  it('ListProjects is asked on *; an unknown route resolves to nothing', async () => {
    expect((await resolveRequest(input('GET', '/projects')))?.item).toEqual({ action: 'acme:ListProjects', resource: '*' });
    expect(await resolveRequest(input('GET', '/admin'))).toBeUndefined();
  });

  it('bad tags are a 400, never a decision', async () => {
    await expect(resolveRequest(input('POST', '/projects', { name: 'x', tags: { 'aws:x': 'y' } }))).rejects.toMatchObject({ status: 400, type: 'ValidationException' });
    await expect(resolveRequest(input('POST', `/projects/${P.projectId}/tags`, { tags: ['a'] }))).rejects.toMatchObject({ status: 400 });
    await expect(resolveRequest(input('DELETE', `/projects/${P.projectId}/tags`))).rejects.toMatchObject({ status: 400 });
  });
});

describe('the list page filter', () => {
  const arn = `arn:aws:acme:us-east-1:${A}:project/p-1`;
  const plan = (p: Partial<{ kind: 'Allow' | 'Deny' | 'Filter'; allow: any[]; deny: any[]; exact: boolean }>) => ({ kind: 'Filter' as const, allow: [], deny: [], exact: true, ...p });
  const row = (keys: Record<string, string> = {}, hasPolicy = false, at = arn) => ({ arn: at, keys, hasPolicy });
  const allowRed = { resources: [`arn:aws:acme:*:${A}:project/*`], conditions: [{ operator: 'StringEquals', key: 'aws:ResourceTag/team', values: ['red'] }] };

  it('an exact plan settles rows by their ARN and tags', () => {
    expect(verdictsOf(plan({ allow: [allowRed] }), [row({ 'aws:ResourceTag/team': 'red' }), row({ 'aws:ResourceTag/team': 'blue' }), row(), row({ 'aws:ResourceTag/team': 'red' }, false, 'arn:aws:acme:us-east-1:999999999999:project/p-1')])).toEqual([
      'allow',
      'deny',
      'deny',
      'deny',
    ]);
    const denyPublic = { resources: ['*'], conditions: [{ operator: 'StringEquals', key: 'acme:ProjectVisibility', values: ['public'] }] };
    expect(verdictsOf(plan({ allow: [{ resources: ['*'] }], deny: [denyPublic] }), [row({ 'acme:ProjectVisibility': 'public' }), row({ 'acme:ProjectVisibility': 'private' })])).toEqual(['deny', 'allow']);
    expect(verdictsOf(plan({ kind: 'Deny' }), [row()])).toEqual(['deny']);
    expect(verdictsOf(plan({ kind: 'Allow' }), [row()])).toEqual(['allow']);
  });

  it("an inexact plan's candidates, and every project with a resource policy, are decided one by one", () => {
    expect(verdictsOf(plan({ allow: [allowRed], exact: false }), [row({ 'aws:ResourceTag/team': 'red' }), row({ 'aws:ResourceTag/team': 'blue' })])).toEqual(['decide', 'deny']);
    expect(verdictsOf(plan({ kind: 'Deny' }), [row({}, true)])).toEqual(['decide']);
  });
});

describe('validation', () => {
  it('tags follow AWS tagging rules', () => {
    expect(parseTagBody({ tags: { 'a:b/c=d+e-f@g_h.i': 'ok value' } })).toEqual({ 'a:b/c=d+e-f@g_h.i': 'ok value' });
    expect(() => parseTagBody({ tags: { 'AWS:x': 'y' } })).toThrow(/reserved/);
    expect(() => parseTagBody({ tags: { k: 1 } })).toThrow(AcmeError);
    expect(() => parseTagBody({ tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) })).toThrow(/at most 50/);
  });

  it('resource policies need statements with an effect and a principal', () => {
    expect(() => checkResourcePolicy('{')).toThrow(/Syntax errors/);
    expect(() => checkResourcePolicy('{"Statement":[{"Effect":"Allow","Action":"acme:*"}]}')).toThrow(/Principal/);
    expect(() => checkResourcePolicy(`{"Statement":[{"Effect":"Allow","Principal":"*","Sid":"${'x'.repeat(21_000)}"}]}`)).toThrow(/exceeds/);
    const ok = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"acme:GetProject","Resource":"*"}}';
    expect(checkResourcePolicy(ok)).toBe(ok);
  });
});
