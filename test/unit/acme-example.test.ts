/**
 * The example SaaS's own logic (examples/acme), without a runtime: its route table agrees with the app's
 * routes, each route resolves to the action, ARN and context the catalog describes, the list page's plan
 * filter (ARN patterns, tag conditions) never lets through a row the plan does not allow, and tenants'
 * input is validated. The whole path with real clients is in test/e2e/saas-*.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { createAcmeApp } from '../../examples/acme/src/app';
import { AcmeError } from '../../examples/acme/src/errors';
import { arnMatches, conditionHolds, verdictOf } from '../../examples/acme/src/list';
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
    const r = await resolveRequest(input('GET', `/projects/${P.projectId}/documents/d1`));
    expect(r?.item).toEqual({
      action: 'acme:GetDocument',
      resource: `arn:aws:acme:us-east-1:${A}:project/${P.projectId}/document/d1`,
      context: { 'aws:ResourceTag/team': 'red', 'acme:ProjectVisibility': 'public' },
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
  const plan = (p: Partial<{ kind: 'Allow' | 'Deny' | 'Filter'; allow: any[]; deny: any[]; exact: boolean }>) =>
    ({ ok: true, version: 1, principal: {} as never, kind: 'Filter', allow: [], deny: [], exact: true, ...p }) as const;

  it("matches ARNs as IAM does: wildcards inside a component, the resource part whole", () => {
    expect(arnMatches('arn:aws:acme:*:111122223333:project/*', arn)).toBe(true);
    expect(arnMatches('arn:aws:acme:us-east-1:999999999999:project/*', arn)).toBe(false);
    expect(arnMatches('arn:aws:acme:us-east-1:1111222233?3:project/p-?', arn)).toBe(true);
    expect(arnMatches('arn:aws:acme:*:*:document/*', arn)).toBe(false);
    expect(arnMatches('*', arn)).toBe(true);
  });

  it('settles a row only when the plan is exact and its conditions are known', () => {
    const allowRed = { resources: [`arn:aws:acme:*:${A}:project/*`], conditions: [{ operator: 'StringEquals', key: 'aws:ResourceTag/team', values: ['red'] }] };
    expect(verdictOf(plan({ allow: [allowRed] }), arn, { 'aws:ResourceTag/team': 'red' })).toBe('allow');
    expect(verdictOf(plan({ allow: [allowRed] }), arn, { 'aws:ResourceTag/team': 'blue' })).toBe('deny');
    expect(verdictOf(plan({ allow: [allowRed] }), arn, {})).toBe('deny');
    expect(verdictOf(plan({ allow: [allowRed], exact: false }), arn, { 'aws:ResourceTag/team': 'red' })).toBe('decide');
    const odd = { resources: ['*'], conditions: [{ operator: 'NumericLessThan', key: 'aws:ResourceTag/n', values: ['3'] }] };
    expect(verdictOf(plan({ allow: [odd] }), arn, { 'aws:ResourceTag/n': '2' })).toBe('decide');
    const denyPublic = { resources: ['*'], conditions: [{ operator: 'StringEquals', key: 'acme:ProjectVisibility', values: ['public'] }] };
    expect(verdictOf(plan({ kind: 'Allow', deny: [denyPublic] }), arn, { 'acme:ProjectVisibility': 'public' })).toBe('deny');
    expect(verdictOf(plan({ kind: 'Allow', deny: [denyPublic] }), arn, { 'acme:ProjectVisibility': 'private' })).toBe('allow');
    expect(verdictOf(plan({ kind: 'Deny' }), arn, {})).toBe('deny');
  });

  it("condition operators follow IAM's absent-key rules", () => {
    const c = (operator: string, values = ['red']) => ({ operator, key: 'aws:ResourceTag/Team', values });
    expect(conditionHolds(c('StringEquals'), { 'aws:ResourceTag/team': 'red' })).toBe(true);
    expect(conditionHolds(c('StringNotEquals'), {})).toBe(true);
    expect(conditionHolds(c('StringEqualsIfExists'), {})).toBe(true);
    expect(conditionHolds(c('StringLike', ['r*']), { 'aws:ResourceTag/team': 'red' })).toBe(true);
    expect(conditionHolds(c('Null', ['true']), {})).toBe(true);
    expect(conditionHolds(c('Null', ['false']), {})).toBe(false);
    expect(conditionHolds(c('DateLessThan'), { 'aws:ResourceTag/team': 'red' })).toBeUndefined();
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
