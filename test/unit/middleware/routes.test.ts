/** The route table: compiling (mistakes refused at start), matching as Hono does, and the ARNs it builds. */
import { describe, expect, it } from 'vitest';
import { compileRoutes, decisionOf, matchRoute, ownerOf, RouteTableError, type RouteMatch } from '../../../src/middleware/routes';

const routes = compileRoutes(
  {
    'GET /projects': 'acme:ListProjects',
    'POST /projects': { action: 'CreateProject', resource: 'project/*' },
    'GET /projects/:projectId': { action: 'acme:GetProject', resource: 'project/${projectId}' },
    'DELETE /projects/:projectId': { action: 'acme:DeleteProject', resource: 'arn:${Partition}:acme:${Region}:${Account}:project/${ProjectId}' },
    'GET /projects/:projectId/documents/:documentId': { action: 'acme:GetDocument', resource: 'document/${projectId}/${documentId}' },
    'GET /accounts/:owner/projects/:projectId': { action: 'acme:GetProject', resource: 'project/${projectId}', account: '${owner}' },
    'PUT /files/*': { action: 'acme:PutFile', resource: 'file/*' },
    '* /admin': 'acme:Administer',
  },
  'acme',
);
const scope = { partition: 'aws', region: 'us-east-1', account: '111122223333' };
const match = (method: string, path: string) => matchRoute(routes, method, path) as RouteMatch;

describe('matchRoute', () => {
  it('finds the route by method and path, with its parameters', () => {
    const m = match('GET', '/projects/p1');
    expect(m.route.pattern).toBe('GET /projects/:projectId');
    expect(m.params).toEqual({ projectid: 'p1' });
    expect(match('GET', '/projects/p1/documents/d9').params).toEqual({ projectid: 'p1', documentid: 'd9' });
  });

  it('tells methods apart, lets HEAD use GET routes and * any method', () => {
    expect(match('DELETE', '/projects/p1').route.action).toBe('acme:DeleteProject');
    expect(match('HEAD', '/projects/p1').route.action).toBe('acme:GetProject');
    expect(matchRoute(routes, 'PATCH', '/projects/p1')).toBeUndefined();
    expect(match('PATCH', '/admin').route.action).toBe('acme:Administer');
  });

  it('matches nothing for extra or missing segments, an empty parameter, or a trailing slash', () => {
    expect(matchRoute(routes, 'GET', '/projects/p1/extra')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/projects/')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/projects/p1/')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/PROJECTS')).toBeUndefined();
  });

  it('lets a trailing * take the rest of the path', () => {
    expect(match('PUT', '/files/a/b/c').route.action).toBe('acme:PutFile');
  });

  it('percent-decodes parameters, and reports bad encoding or control characters as bad instead of guessing', () => {
    expect(match('GET', '/projects/my%20project').params.projectid).toBe('my project');
    expect(matchRoute(routes, 'GET', '/projects/%E0%A4%A')).toBe('bad');
    expect(matchRoute(routes, 'GET', '/projects/a%0Ab')).toBe('bad');
  });
});

describe('decisionOf', () => {
  it('builds the ARN in the given account, from a resource part or a full ARN format with any-case names', () => {
    expect(decisionOf(match('GET', '/projects/p1'), scope)).toEqual({ action: 'acme:GetProject', resource: 'arn:aws:acme:us-east-1:111122223333:project/p1' });
    expect(decisionOf(match('DELETE', '/projects/p1'), scope)).toEqual({
      action: 'acme:DeleteProject',
      resource: 'arn:aws:acme:us-east-1:111122223333:project/p1',
    });
    expect(decisionOf(match('GET', '/projects/p1/documents/d2'), { ...scope, partition: 'aws-cn', region: 'cn-north-1' }).resource).toBe(
      'arn:aws-cn:acme:cn-north-1:111122223333:document/p1/d2',
    );
  });

  it('gives * for an action alone, adds the prefix to a bare action name, keeps a literal * in a resource', () => {
    expect(decisionOf(match('GET', '/projects'), scope)).toEqual({ action: 'acme:ListProjects', resource: '*' });
    expect(decisionOf(match('POST', '/projects'), scope)).toEqual({ action: 'acme:CreateProject', resource: 'arn:aws:acme:us-east-1:111122223333:project/*' });
  });

  it('reads the owner account from the path when the route names it', () => {
    const m = match('GET', '/accounts/444455556666/projects/p1');
    expect(ownerOf(m)).toBe('444455556666');
    expect(ownerOf(match('GET', '/projects/p1'))).toBeUndefined();
  });
});

describe('compileRoutes', () => {
  const bad = (table: Record<string, unknown>) => () => compileRoutes(table as never, 'acme');

  it('refuses a template naming a parameter the route does not have', () => {
    expect(bad({ 'GET /projects/:id': { action: 'acme:GetProject', resource: 'project/${projectId}' } })).toThrow(RouteTableError);
    expect(bad({ 'GET /projects/:id': { action: 'acme:GetProject', resource: 'project/${id' } })).toThrow(/unclosed/);
  });

  it("refuses another service's action, a non-action, a malformed key or path", () => {
    expect(bad({ 'GET /x': 'iam:CreateUser' })).toThrow(/not an action of acme/);
    expect(bad({ 'GET /x': 'acme:Get*' })).toThrow(/not an action/);
    expect(bad({ '/x': 'acme:Get' })).toThrow(/METHOD \/path/);
    expect(bad({ 'GET x': 'acme:Get' })).toThrow(/must start with/);
    expect(bad({ 'GET /*/x': 'acme:Get' })).toThrow(/last segment/);
    expect(bad({ 'GET /:a-b': 'acme:Get' })).toThrow(/parameter name/);
  });

  it('takes the first matching route in table order, as Hono does', () => {
    const r = compileRoutes({ 'GET /projects/new': 'acme:NewProjectForm', 'GET /projects/:id': { action: 'acme:GetProject', resource: 'project/${id}' } }, 'acme');
    expect((matchRoute(r, 'GET', '/projects/new') as RouteMatch).route.action).toBe('acme:NewProjectForm');
    expect((matchRoute(r, 'GET', '/projects/old') as RouteMatch).route.action).toBe('acme:GetProject');
  });
});
