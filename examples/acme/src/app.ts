/**
 * @module acme's API (Hono): projects and documents, each owned by a tenant account, with tags and an
 * optional resource policy per project. Every route is behind the edge-iam middleware when the app is
 * built with `protect` (src/worker.ts); the handlers run only for allowed requests and read the caller
 * from `c.get('iam')`. Built without `protect`, the same routes answer unauthenticated: the benchmark's
 * baseline (bench/open.ts), never deployed.
 *
 *   GET    /projects                                  acme:ListProjects (then a plan of acme:GetProject)
 *   POST   /projects                                  acme:CreateProject
 *   GET    /projects/:projectId                       acme:GetProject
 *   DELETE /projects/:projectId                       acme:DeleteProject
 *   GET    /projects/:projectId/permissions           acme:GetProject, then one batch of the project's actions
 *   GET    /projects/:projectId/policy                acme:GetProjectPolicy
 *   PUT    /projects/:projectId/policy                acme:PutProjectPolicy
 *   POST   /projects/:projectId/tags                  acme:TagProject
 *   DELETE /projects/:projectId/tags?tagKeys=…        acme:UntagProject
 *   GET    /projects/:projectId/documents             acme:ListDocuments
 *   GET    /projects/:projectId/documents/:documentId acme:GetDocument
 *   PUT    /projects/:projectId/documents/:documentId acme:PutDocument
 *   DELETE /projects/:projectId/documents/:documentId acme:DeleteDocument
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { regionOf, type AcmeApp } from './env';
import { AcmeError, errorResponse, notFound } from './errors';
import { readablePage } from './list';
import { PROJECT_ACTIONS, projectArn, projectContext } from './resources';
import * as store from './store';
import {
  checkDocumentId,
  checkName,
  checkProjectId,
  checkResourcePolicy,
  checkVisibility,
  MAX_DOCUMENT_BYTES,
  parseTagBody,
  parseTagKeys,
} from './validate';

type C = Context<AcmeApp>;

/** The caller, set by the middleware (a route needing it is never reached without it). */
function caller(c: C) {
  const p = c.get('iam');
  if (!p) throw new AcmeError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  return p;
}

/** The project the path names (the one the middleware's resolver loaded, else read now); 404 when absent. */
async function project(c: C): Promise<store.Project> {
  const id = checkProjectId(c.req.param('projectId') ?? '');
  const loaded = c.get('project');
  const p = loaded !== undefined && loaded?.projectId === id ? loaded : await store.getProject(c.env.ACME_DB, id);
  if (!p) throw notFound('Project', id);
  return p;
}

const view = (region: string, p: store.Project) => ({
  projectId: p.projectId,
  arn: projectArn(region, p.accountId, p.projectId),
  accountId: p.accountId,
  name: p.name,
  visibility: p.visibility,
  tags: p.tags,
  hasPolicy: p.policy !== null,
  createdAt: p.createdAt,
});

async function jsonBody(c: C): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new AcmeError(400, 'SerializationException', 'The request body is not valid JSON.');
  }
}

/** Builds acme's app; `protect` is the edge-iam middleware (one `app.use`). */
export function createAcmeApp({ protect }: { protect?: MiddlewareHandler<any> } = {}): Hono<AcmeApp> {
  const app = new Hono<AcmeApp>();
  app.get('/healthz', (c) => c.text('ok'));
  // Registered after /healthz, so the health check answers without a signature; every other route, and
  // any path acme does not have, passes the middleware first.
  if (protect) app.use('*', protect);

  app.get('/projects', async (c) => {
    const me = caller(c);
    const q = c.req.query();
    const max = q.maxResults === undefined ? 50 : Number(q.maxResults);
    if (!Number.isInteger(max) || max < 1 || max > 100) throw new AcmeError(400, 'ValidationException', 'maxResults must be an integer from 1 to 100.');
    const after = q.nextToken === undefined ? undefined : checkProjectId(q.nextToken);
    const region = regionOf(c.env);
    const page = await readablePage(c.get('iamClient'), c.env.ACME_DB, region, me.accountId, max, after);
    // How the page was decided, for the SaaS's own observability (no policy content): the plan as SQL or
    // in memory or none, and how many rows needed a decision of their own.
    c.header('x-acme-list-plan', `${page.how.plan}${page.how.exact ? '' : ';inexact'}`);
    c.header('x-acme-list-batched', String(page.how.batched));
    return c.json({ projects: page.projects.map((p) => view(region, p)), ...(page.nextToken ? { nextToken: page.nextToken } : {}) });
  });

  app.post('/projects', async (c) => {
    const me = caller(c);
    const body = (await jsonBody(c)) as Record<string, unknown> | null;
    const p: store.Project = {
      projectId: c.get('newProjectId') ?? store.newProjectId(),
      accountId: me.accountId,
      name: checkName(body?.name),
      visibility: checkVisibility(body?.visibility),
      policy: null,
      tags: parseTagBody(body, { optional: true }),
      createdAt: new Date().toISOString(),
    };
    await store.createProject(c.env.ACME_DB, p);
    return c.json(view(regionOf(c.env), p), 201);
  });

  app.get('/projects/:projectId', async (c) => c.json(view(regionOf(c.env), await project(c))));

  app.delete('/projects/:projectId', async (c) => {
    const p = await project(c);
    await store.deleteProject(c.env.ACME_DB, p.projectId);
    return c.body(null, 204);
  });

  // A UI's buttons: which project actions the caller may take, in one batch decision (Verified
  // Permissions' BatchIsAuthorized), each with the project's keys and resource policy.
  app.get('/projects/:projectId/permissions', async (c) => {
    const p = await project(c);
    const resource = projectArn(regionOf(c.env), p.accountId, p.projectId);
    const context = projectContext(p);
    const results = await c.get('iamClient').authorizeBatch(
      PROJECT_ACTIONS.map((a) => ({ action: `acme:${a}`, resource, context, ...(p.policy ? { resourcePolicy: p.policy } : {}) })),
    );
    return c.json({ projectId: p.projectId, allowed: Object.fromEntries(PROJECT_ACTIONS.map((a, i) => [a, results[i]?.decision === 'Allow'])) });
  });

  app.get('/projects/:projectId/policy', async (c) => {
    const p = await project(c);
    if (!p.policy) throw new AcmeError(404, 'ResourceNotFoundException', `Project ${p.projectId} has no resource policy.`);
    return c.json({ policy: p.policy });
  });

  app.put('/projects/:projectId/policy', async (c) => {
    const p = await project(c);
    const body = (await jsonBody(c)) as { policy?: unknown } | null;
    if (typeof body?.policy !== 'string') throw new AcmeError(400, 'ValidationException', 'policy must be the policy document as a string.');
    await store.setPolicy(c.env.ACME_DB, p.projectId, checkResourcePolicy(body.policy));
    return c.body(null, 204);
  });

  app.post('/projects/:projectId/tags', async (c) => {
    const p = await project(c);
    const tags = parseTagBody(await jsonBody(c));
    if (Object.keys({ ...p.tags, ...tags }).length > 50) throw new AcmeError(400, 'ValidationException', 'A project has at most 50 tags.');
    await store.tagProject(c.env.ACME_DB, p.projectId, tags);
    return c.body(null, 204);
  });

  app.delete('/projects/:projectId/tags', async (c) => {
    const p = await project(c);
    await store.untagProject(c.env.ACME_DB, p.projectId, parseTagKeys(new URL(c.req.url).searchParams));
    return c.body(null, 204);
  });

  app.get('/projects/:projectId/documents', async (c) => {
    const p = await project(c);
    return c.json({ documents: await store.listDocuments(c.env.ACME_DB, p.projectId) });
  });

  app.get('/projects/:projectId/documents/:documentId', async (c) => {
    const p = await project(c);
    const id = checkDocumentId(c.req.param('documentId'));
    const d = await store.getDocument(c.env.ACME_DB, p.projectId, id);
    if (!d) throw notFound('Document', id);
    return c.body(d.body, 200, { 'content-type': d.contentType, 'last-modified': new Date(d.updatedAt).toUTCString() });
  });

  app.put('/projects/:projectId/documents/:documentId', async (c) => {
    const p = await project(c);
    const id = checkDocumentId(c.req.param('documentId'));
    const body = await c.req.text();
    if (new TextEncoder().encode(body).byteLength > MAX_DOCUMENT_BYTES) throw new AcmeError(413, 'PayloadTooLargeException', `A document is at most ${MAX_DOCUMENT_BYTES} bytes.`);
    const d = { projectId: p.projectId, documentId: id, contentType: c.req.header('content-type') || 'application/octet-stream', body, updatedAt: new Date().toISOString() };
    await store.putDocument(c.env.ACME_DB, d);
    return c.json({ projectId: d.projectId, documentId: d.documentId, updatedAt: d.updatedAt });
  });

  app.delete('/projects/:projectId/documents/:documentId', async (c) => {
    const p = await project(c);
    const id = checkDocumentId(c.req.param('documentId'));
    if (!(await store.deleteDocument(c.env.ACME_DB, p.projectId, id))) throw notFound('Document', id);
    return c.body(null, 204);
  });

  app.notFound((c) => errorResponse(404, 'UnknownOperationException', `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`));
  app.onError((e) => {
    // acme's own errors and the middleware helpers' (IamError) carry their AWS-shaped answer.
    if (e instanceof HTTPException) return e.getResponse();
    console.error('acme: unexpected error', e instanceof Error ? e.stack : e);
    return errorResponse(500, 'InternalServerException', 'Internal error.');
  });
  return app;
}
