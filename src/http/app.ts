/**
 * @module The Hono app: middleware order and routes.
 *
 *   GET  /healthz     liveness (GET or POST; the benchmark's trivial route)
 *   /operator/*       tenant lifecycle (http/operator.ts)
 *   GET  /workload/credentials   role credentials for a workload token (http/workload.ts)
 *   POST / , GET /    the AWS Query API for IAM and STS (http/query-endpoint.ts)
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { onError } from './on-error';
import { operatorRoutes } from './operator';
import { queryEndpoint } from './query-endpoint';
import { workloadCredentials } from './workload';

/** Builds the app. */
export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    const requestId = crypto.randomUUID();
    c.set('requestId', requestId);
    await next();
    c.header('x-amzn-RequestId', requestId);
  });
  app.get('/healthz', (c) => c.text('ok'));
  // POST too, reading the body: the benchmark's baseline for a request shaped like an API call.
  app.post('/healthz', async (c) => {
    await c.req.arrayBuffer();
    return c.text('ok');
  });
  app.route('/operator', operatorRoutes());
  app.get('/workload/credentials', workloadCredentials);
  app.post('/', queryEndpoint);
  app.get('/', queryEndpoint);
  app.onError(onError);
  app.notFound((c) => c.json({ code: 'NotFound', message: 'No such route.' }, 404));
  return app;
}
