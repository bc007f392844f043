/**
 * @module What each acme route asks IAM: the action, the resource's ARN and the request context
 * (`aws:ResourceTag/*`, `acme:ProjectVisibility`, `aws:RequestTag/*`, `aws:TagKeys`: the keys the catalog
 * declares for the action and its resource type), and the project's resource policy, from acme's route table. The ARN formats are the catalog's
 * (examples/acme/acme.service.json): `arn:${Partition}:acme:${Region}:${Account}:project/${ProjectId}` and
 * `…:project/${ProjectId}/document/${DocumentId}`. A project's account is its owner's, read from acme's
 * database, so a tenant's policy can only ever name its own projects, or another tenant's that the other
 * tenant shared with a resource policy (cross-account evaluation).
 */
import type { AuthorizeItem, RouteTable } from 'edge-iam/middleware';
import { AcmeError } from './errors';
import { newProjectId as newProjectIdFor, type Project } from './store';
import { parseTagBody, parseTagKeys } from './validate';

/** The ARN partition (acme runs in edge-iam's default partition). */
export const PARTITION = 'aws';

export const projectArn = (region: string, accountId: string, projectId: string): string =>
  `arn:${PARTITION}:acme:${region}:${accountId}:project/${projectId}`;

export const documentArn = (region: string, accountId: string, projectId: string, documentId: string): string =>
  `${projectArn(region, accountId, projectId)}/document/${documentId}`;

/** The keys a project's own facts give a decision: its tags and its visibility. */
export function projectContext(p: Project): Record<string, string | string[]> {
  const ctx: Record<string, string | string[]> = { 'acme:ProjectVisibility': p.visibility };
  for (const [k, v] of Object.entries(p.tags)) ctx[`aws:ResourceTag/${k}`] = v;
  return ctx;
}

/** A project's tags as `aws:ResourceTag/*` (what its documents carry). */
export function tagContext(p: Project): Record<string, string> {
  const ctx: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.tags)) ctx[`aws:ResourceTag/${k}`] = v;
  return ctx;
}

/** `aws:RequestTag/*` and `aws:TagKeys` of tags a request sets (IAM User Guide, "Controlling access during AWS requests"). */
export function requestTagContext(tags: Record<string, string>): Record<string, string | string[]> {
  const ctx: Record<string, string | string[]> = { 'aws:TagKeys': Object.keys(tags) };
  for (const [k, v] of Object.entries(tags)) ctx[`aws:RequestTag/${k}`] = v;
  return ctx;
}

/** The project actions `GET /projects/{id}/permissions` reports on (one batch decision). */
export const PROJECT_ACTIONS = ['GetProject', 'DeleteProject', 'GetProjectPolicy', 'PutProjectPolicy', 'TagProject', 'UntagProject', 'ListDocuments'] as const;

/** One row of acme's route table. */
export interface AcmeRoute {
  method: string;
  /** Hono's path pattern (the app's route). */
  path: string;
  /** The action's name in the catalog (without the `acme:` prefix). */
  action: string;
  /** What the request acts on. */
  target: 'service' | 'new-project' | 'project' | 'document';
}

/** acme's API, route by route (the app registers the same paths; test/unit checks they agree). */
export const ROUTES: readonly AcmeRoute[] = [
  { method: 'GET', path: '/projects', action: 'ListProjects', target: 'service' },
  { method: 'POST', path: '/projects', action: 'CreateProject', target: 'new-project' },
  { method: 'GET', path: '/projects/:projectId', action: 'GetProject', target: 'project' },
  { method: 'DELETE', path: '/projects/:projectId', action: 'DeleteProject', target: 'project' },
  // Which of the project's actions the caller may take (a UI's buttons): one batch decision.
  { method: 'GET', path: '/projects/:projectId/permissions', action: 'GetProject', target: 'project' },
  { method: 'GET', path: '/projects/:projectId/policy', action: 'GetProjectPolicy', target: 'project' },
  { method: 'PUT', path: '/projects/:projectId/policy', action: 'PutProjectPolicy', target: 'project' },
  { method: 'POST', path: '/projects/:projectId/tags', action: 'TagProject', target: 'project' },
  { method: 'DELETE', path: '/projects/:projectId/tags', action: 'UntagProject', target: 'project' },
  { method: 'GET', path: '/projects/:projectId/documents', action: 'ListDocuments', target: 'project' },
  { method: 'GET', path: '/projects/:projectId/documents/:documentId', action: 'GetDocument', target: 'document' },
  { method: 'PUT', path: '/projects/:projectId/documents/:documentId', action: 'PutDocument', target: 'document' },
  { method: 'DELETE', path: '/projects/:projectId/documents/:documentId', action: 'DeleteDocument', target: 'document' },
];

/**
 * The same table in the middleware's form: each route's action and resource template (the catalog's ARN
 * formats); `resolve` (src/worker.ts) then puts the owner's account, the context and the resource policy over it.
 */
export const MIDDLEWARE_ROUTES: RouteTable = Object.fromEntries(
  ROUTES.map((r) => [
    `${r.method} ${r.path}`,
    {
      action: `acme:${r.action}`,
      resource:
        r.target === 'service'
          ? '*'
          : r.target === 'document'
            ? 'arn:${Partition}:acme:${Region}:${Account}:project/${ProjectId}/document/${DocumentId}'
            : r.target === 'new-project'
              ? 'arn:${Partition}:acme:${Region}:${Account}:project/*'
              : 'arn:${Partition}:acme:${Region}:${Account}:project/${ProjectId}',
    },
  ]),
);

const compiled = ROUTES.map((r) => ({
  route: r,
  re: new RegExp('^' + r.path.replace(/:([A-Za-z]+)/g, '(?<$1>[^/]+)') + '/?$'),
}));

/** The route a request takes, with its path parameters (decoded), or undefined. */
export function matchRoute(method: string, pathname: string): { route: AcmeRoute; params: Record<string, string> } | undefined {
  for (const { route, re } of compiled) {
    if (route.method !== method.toUpperCase()) continue;
    const m = re.exec(pathname);
    if (!m) continue;
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.groups ?? {})) {
      try {
        params[k] = decodeURIComponent(v);
      } catch {
        throw new AcmeError(400, 'ValidationException', `The path parameter ${k} is not valid percent-encoding.`);
      }
    }
    return { route, params };
  }
  return undefined;
}

/** What resolving needs: the region, the caller's account when known, a project reader, the request's JSON body. */
export interface ResolveInput {
  region: string;
  method: string;
  pathname: string;
  searchParams: URLSearchParams;
  /** The caller's account (the ARN of a project that does not exist, or of a new one, is in it). */
  callerAccountId: string;
  loadProject: (projectId: string) => Promise<Project | null>;
  /** The request body parsed as JSON (only called for routes that carry tags). */
  jsonBody: () => Promise<unknown>;
}

/**
 * The authorization question of a request: its action, resource ARN, context and resource policy, plus the
 * project it names (loaded once; null when it does not exist, whose ARN is then in the caller's account,
 * so a caller allowed on its own projects is told 404 and anyone else 403). Undefined for a route acme
 * does not have.
 */
export async function resolveRequest(
  input: ResolveInput,
): Promise<{ item: AuthorizeItem; route: AcmeRoute; project?: Project | null; newProjectId?: string } | undefined> {
  const matched = matchRoute(input.method, input.pathname);
  if (!matched) return undefined;
  const { route, params } = matched;
  const action = `acme:${route.action}`;
  switch (route.target) {
    case 'service':
      return { route, item: { action, resource: '*' } };
    case 'new-project': {
      const body = await input.jsonBody();
      const tags = parseTagBody(body, { optional: true });
      const visibility = (body as { visibility?: unknown } | null)?.visibility;
      // The new project's id is chosen now, so the decision is about the very ARN the project will have
      // (as AWS authorizes a Create* action on the new resource's ARN), in the caller's account.
      const newProjectId = newProjectIdFor();
      return {
        route,
        newProjectId,
        item: {
          action,
          resource: projectArn(input.region, input.callerAccountId, newProjectId),
          context: { ...requestTagContext(tags), ...(typeof visibility === 'string' ? { 'acme:ProjectVisibility': visibility } : {}) },
        },
      };
    }
    case 'project':
    case 'document': {
      const projectId = params.projectId!;
      const project = await input.loadProject(projectId);
      const account = project?.accountId ?? input.callerAccountId;
      const resource =
        route.target === 'document'
          ? documentArn(input.region, account, projectId, params.documentId!)
          : projectArn(input.region, account, projectId);
      // A document carries its project's tags (`aws:ResourceTag/*`, which the catalog declares for documents)
      // but not its visibility: edge-iam refuses a key the catalog does not declare for the action (400).
      let context: Record<string, string | string[]> = !project ? {} : route.target === 'project' ? projectContext(project) : tagContext(project);
      if (route.action === 'TagProject') context = { ...context, ...requestTagContext(parseTagBody(await input.jsonBody())) };
      if (route.action === 'UntagProject') context = { ...context, 'aws:TagKeys': parseTagKeys(input.searchParams) };
      return {
        route,
        project,
        item: { action, resource, context, ...(project?.policy ? { resourcePolicy: project.policy } : {}) },
      };
    }
  }
}
