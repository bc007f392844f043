/**
 * The example SaaS of the middleware's worker tests: a small Hono app (projects and documents) protected
 * by `iamAuthorizer`, run inside the test's workerd, and tenants' requests signed by aws4fetch.
 */
import { AwsClient } from 'aws4fetch';
import { Hono } from 'hono';
import { authorizeBatch, iamAuthorizer, planResources, type IamAuthorizerOptions, type IamVariables } from '../../src/middleware';
import type { Keys } from './support';

export const REGION = 'us-east-1';
export const SAAS = 'https://api.acme.test';

export const ROUTES = {
  'GET /projects': 'acme:ListProjects',
  'POST /projects': { action: 'acme:CreateProject', resource: 'project/*' },
  'GET /projects/:projectId': { action: 'acme:GetProject', resource: 'project/${projectId}' },
  'DELETE /projects/:projectId': { action: 'acme:DeleteProject', resource: 'arn:${Partition}:acme:${Region}:${Account}:project/${ProjectId}' },
  'GET /accounts/:owner/projects/:projectId': { action: 'acme:GetProject', resource: 'project/${projectId}', account: '${owner}' },
} as const;

/** The SaaS: its handlers answer what the middleware put on the context, and read the body. */
export function saasApp(options: Partial<IamAuthorizerOptions> & Pick<IamAuthorizerOptions, 'transport'>) {
  const app = new Hono<{ Variables: IamVariables }>();
  const errors: unknown[] = [];
  app.use(iamAuthorizer({ service: 'acme', region: REGION, routes: ROUTES, onError: (e) => errors.push(e), ...options }));
  app.get('/projects', async (c) => {
    const ids = ['p1', 'p2', 'p3'];
    const arn = (id: string) => `arn:aws:acme:${REGION}:${c.get('iam').accountId}:project/${id}`;
    const decisions = await authorizeBatch(
      c,
      ids.map((id) => ({ action: 'acme:DeleteProject', resource: arn(id) })),
    );
    const plan = await planResources(c, 'acme:GetProject');
    return c.json({ deletable: ids.filter((_, i) => decisions[i]!.decision === 'Allow'), plan });
  });
  app.post('/projects', async (c) => c.json({ created: await c.req.json(), by: c.get('iam').arn, raw: c.req.raw.bodyUsed }, 201));
  app.get('/projects/:projectId', (c) => c.json({ project: c.req.param('projectId'), iam: c.get('iam'), decision: c.get('iamDecision') }));
  app.delete('/projects/:projectId', (c) => c.json({ deleted: c.req.param('projectId') }));
  app.get('/accounts/:owner/projects/:projectId', (c) => c.json({ decision: c.get('iamDecision') }));
  app.get('/whoami', (c) => c.json({ iam: c.get('iam') ?? null }));
  return { app, errors };
}

/** `YYYYMMDDTHHMMSSZ` of `ms`. */
const amz = (ms: number) => new Date(ms).toISOString().replace(/[:-]|\.\d{3}/g, '');

/** A tenant's request to the SaaS, signed for `acme` at `nowMs` (header form, or presigned with `presign`). */
export async function signed(keys: Keys, path: string, init: RequestInit & { presign?: boolean; nowMs?: number; service?: string } = {}): Promise<Request> {
  const { presign, nowMs, service, ...rest } = init;
  const client = new AwsClient({ ...keys, service: service ?? 'acme', region: REGION });
  return client.sign(`${SAAS}${path}`, { ...rest, aws: { datetime: amz(nowMs ?? Date.now()), ...(presign ? { signQuery: true } : {}) } });
}
