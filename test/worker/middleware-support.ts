/**
 * The SaaS of the middleware's worker tests: a small Hono app (acme's projects and documents, routes after
 * examples/acme/acme.service.json) protected by `iamAuthorizer`, inside the test's workerd, deciding
 * through the IAM Worker's real `DecisionEntrypoint` (the Worker's own loopback binding to its named
 * entrypoint: real RPC, arguments and answers structured-cloned as a SaaS Worker's are). Tenants'
 * requests are signed by aws4fetch, an independent SigV4 client.
 */
import { AwsClient } from 'aws4fetch';
import { exports } from 'cloudflare:workers';
import { Hono } from 'hono';
import type { DecisionService } from '../../src/core/decision/contract';
import { authorizeBatch, iamAuthorizer, planResources, type IamAuthorizerOptions, type IamVariables } from '../../src/middleware';
import { operator, type Keys } from './support';

export const REGION = 'us-east-1';
export const SAAS = 'https://api.acme.test';

/** The IAM Worker's decision entrypoint, as a SaaS Worker's service binding reaches it. */
export const decisionEntrypoint = (exports as unknown as { DecisionEntrypoint: DecisionService }).DecisionEntrypoint;

const ACME_CATALOG = Object.values(import.meta.glob('/examples/acme/acme.service.json', { query: '?raw', import: 'default', eager: true }))[0] as string;

/** Declares acme's catalog in the deployment (operator API); returns the write's bookmark. */
export async function putAcmeCatalog(): Promise<string> {
  const res = await operator('PUT', '/services/acme', JSON.parse(ACME_CATALOG));
  if (res.status !== 200) throw new Error(`catalog: ${res.status} ${await res.text()}`);
  return res.headers.get('x-iam-bookmark')!;
}

export const projectArn = (account: string, id: string) => `arn:aws:acme:${REGION}:${account}:project/${id}`;

export const ROUTES = {
  'GET /projects': 'acme:ListProjects',
  'GET /plan': 'acme:ListProjects',
  'GET /projects/:projectId': { action: 'acme:GetProject', resource: 'project/${projectId}' },
  'PUT /projects/:projectId': { action: 'UpdateProject', resource: 'project/${projectId}' },
  // The catalog's ARN format, pasted as it is.
  'DELETE /projects/:projectId': { action: 'acme:DeleteProject', resource: 'arn:${Partition}:acme:${Region}:${Account}:project/${ProjectId}' },
  'GET /projects/:projectId/documents/:documentId': { action: 'acme:GetDocument', resource: 'project/${projectId}/document/${documentId}' },
  'GET /accounts/:owner/projects/:projectId': { action: 'acme:GetProject', resource: 'project/${projectId}', account: '${owner}' },
} as const;

/** The SaaS: its handlers answer what the middleware put on the context, and read the body. */
export function saasApp(options: Partial<IamAuthorizerOptions> = {}) {
  const app = new Hono<{ Variables: IamVariables }>();
  const errors: unknown[] = [];
  app.use(iamAuthorizer({ service: 'acme', region: REGION, routes: ROUTES, transport: decisionEntrypoint, onError: (e) => errors.push(e), ...options }));
  app.get('/projects', async (c) => {
    const arn = (id: string) => projectArn(c.get('iam').accountId, id);
    const ids = ['p1', 'p2'];
    const items = ids.flatMap((id) => [
      { action: 'acme:GetProject', resource: arn(id) },
      { action: 'acme:DeleteProject', resource: arn(id) },
    ]);
    const decisions = await authorizeBatch(c, items);
    return c.json({ decisions: decisions.map((d, i) => `${items[i]!.action} ${items[i]!.resource.split(':').pop()} ${d.decision}`) });
  });
  app.get('/plan', async (c) => c.json({ plan: await planResources(c, c.req.query('action') ?? 'acme:GetProject') }));
  app.get('/projects/:projectId', (c) => c.json({ project: c.req.param('projectId'), iam: c.get('iam'), decision: c.get('iamDecision') }));
  // The body as Hono reads it, or straight from the platform's Request (?raw=1).
  app.put('/projects/:projectId', async (c) => c.json({ updated: c.req.query('raw') ? await c.req.raw.json() : await c.req.json(), by: c.get('iam').arn }));
  // A Response the handler builds itself, or one with immutable headers (Response.redirect's).
  app.delete('/projects/:projectId', (c) =>
    c.req.query('redirect') ? Response.redirect(`${SAAS}/projects`, 303) : new Response(JSON.stringify({ deleted: c.req.param('projectId') })),
  );
  app.get('/projects/:projectId/documents/:documentId', (c) => c.json({ decision: c.get('iamDecision') }));
  app.get('/accounts/:owner/projects/:projectId', (c) => c.json({ decision: c.get('iamDecision') }));
  app.get('/whoami', (c) => c.json({ iam: c.get('iam') ?? null }));
  return { app, errors };
}

const amz = (ms: number) => new Date(ms).toISOString().replace(/[:-]|\.\d{3}/g, '');

/** A tenant's request to the SaaS, signed for `acme` (header form, or presigned with `presign`). */
export async function signed(
  keys: Keys,
  path: string,
  init: RequestInit & { presign?: boolean; nowMs?: number; service?: string; headers?: Record<string, string> } = {},
): Promise<Request> {
  const { presign, nowMs, service, ...rest } = init;
  const client = new AwsClient({ ...keys, service: service ?? 'acme', region: REGION });
  return client.sign(`${SAAS}${path}`, { ...rest, aws: { datetime: amz(nowMs ?? Date.now()), ...(presign ? { signQuery: true } : {}) } });
}

/** The decision service with a log of the methods called (the real one behind it). */
export function counting(service: DecisionService = decisionEntrypoint): DecisionService & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    authenticate: (input) => (calls.push('authenticate'), service.authenticate(input)),
    authorize: (input) => (calls.push('authorize'), service.authorize(input)),
    batchAuthorize: (input) => (calls.push('batchAuthorize'), service.batchAuthorize(input)),
    planResources: (input) => (calls.push('planResources'), service.planResources(input)),
  };
}

/** Runs `req` through `app`; the answer with its JSON body. */
export async function run(app: { request: (r: Request) => Response | Promise<Response> }, req: Request | Promise<Request>) {
  const res = await app.request(await req);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}
