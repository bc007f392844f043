/**
 * @module The Hono app: middleware order and routes.
 *
 *   GET  /healthz     liveness (GET or POST; the benchmark's trivial route)
 *   /operator/*       tenant lifecycle (http/operator.ts)
 *   GET  /workload/credentials   role credentials for a workload token (http/workload-endpoint.ts)
 *   POST /decisions/v1/*  the HTTPS decision API for SaaS backends (http/decision-api.ts)
 *   /console/*        console sign-in and sessions (console/routes.tsx)
 *   POST / with X-Amz-Target   CloudTrail's LookupEvents over AWS JSON 1.1 (http/cloudtrail-endpoint.ts)
 *   POST / , GET /    the AWS Query API for IAM and STS (http/query-endpoint.ts)
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { onError } from './on-error';
import { operatorRoutes } from './operator';
import { queryEndpoint } from './query-endpoint';
import { cloudTrailEndpoint, isJsonTarget } from './cloudtrail-endpoint';
import { MAX_BODY_BYTES } from './query-request';
import { readCapped } from '../core/read-capped';
import { workloadCredentials } from './workload-endpoint';
import { decisionApi } from './decision-api';
import { consoleRoutes } from '../console/routes';

/** What the app is built with. */
export interface AppOptions {
  /**
   * The clock (epoch milliseconds), read once per request: every handler takes the request's time from
   * `c.get('now')`, so authentication, the policy's `aws:CurrentTime`, the object's dates and the isolate's
   * cache expiries all see the same instant. The Worker gives the platform clock (worker.ts).
   */
  clock: () => number;
}

/** Builds the app. */
export function createApp({ clock }: AppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    const requestId = crypto.randomUUID();
    c.set('requestId', requestId);
    c.set('now', new Date(clock()));
    // Set before the handler builds its response, which then carries it: set afterwards, Hono copies the
    // finished Response to change its headers (a second Response per request). A response built apart
    // from the context (Hono's bearer-auth refusal) still gets it afterwards.
    c.header('x-amzn-RequestId', requestId);
    await next();
    if (!c.res.headers.has('x-amzn-RequestId')) c.header('x-amzn-RequestId', requestId);
  });
  app.get('/healthz', (c) => c.text('ok'));
  // POST too, reading the body: the benchmark's baseline for a request shaped like an API call.
  // The body is read against the Query API's limit, as it is there (never buffered whole).
  app.post('/healthz', async (c) => {
    const read = await readCapped(c.req.raw, MAX_BODY_BYTES);
    return read.ok ? c.text('ok') : c.text(read.error === 'too-large' ? 'too large' : 'unreadable', read.error === 'too-large' ? 413 : 400);
  });
  app.route('/operator', operatorRoutes());
  app.get('/workload/credentials', workloadCredentials);
  app.route('/decisions/v1', decisionApi());
  app.route('/console', consoleRoutes());
  // A JSON-protocol request names its operation in X-Amz-Target; a Query request never carries it.
  app.post('/', (c) => (isJsonTarget(c) ? cloudTrailEndpoint(c) : queryEndpoint(c)));
  app.get('/', queryEndpoint);
  app.onError(onError);
  app.notFound((c) => c.json({ code: 'NotFound', message: 'No such route.' }, 404));
  return app;
}
