/**
 * @module acme's Worker: its API (src/app.ts) behind the edge-iam middleware, one `app.use`, deciding
 * through the service binding `IAM` to the edge-iam Worker's `DecisionEntrypoint` (wrangler.toml). No
 * tenant secret ever reaches acme: the middleware sends the signature's inputs, edge-iam verifies them.
 *
 * `resolveFirst` is acme's knowledge of its resources: the project's owner account (project ids are
 * global, so the owner is acme's database's answer, never the caller's assumption), its tags
 * (`aws:ResourceTag/*`), its visibility (`acme:ProjectVisibility`) and its resource policy; for a new
 * project, the id it will get and the tags it asks for (`aws:RequestTag/*`, `aws:TagKeys`). It runs before
 * the signature is verified, so ONE decision call (`authorize`) authenticates and decides; the caller's
 * account it gets is the one the access key id names, which the decision verifies (an answer about another
 * account is refused by the middleware). It only names the caller's account for a project that does not
 * exist or a new one, and its errors (a 400 for bad tags) are answered once the caller is verified, so an
 * unauthenticated caller learns nothing; the price is acme's database read for requests that then fail.
 */
import { bindingTransport, iamAuthorizer } from 'edge-iam/middleware';
import type { Context } from 'hono';
import { createAcmeApp } from './app';
import { regionOf, SERVICE, type AcmeApp } from './env';
import { MIDDLEWARE_ROUTES, resolveRequest } from './resources';
import { getProject } from './store';

/** The region is configuration (wrangler.toml `ACME_REGION`); the middleware is built once per isolate for it. */
let protect: ReturnType<typeof iamAuthorizer> | undefined;
let protectRegion: string | undefined;

function middlewareFor(region: string) {
  if (protect && protectRegion === region) return protect;
  protectRegion = region;
  protect = iamAuthorizer<Context<AcmeApp>>({
    service: SERVICE,
    region,
    transport: bindingTransport((c) => c.env.IAM),
    routes: MIDDLEWARE_ROUTES,
    // Behind Cloudflare, the client's address is cf-connecting-ip (set by Cloudflare, not by the client).
    sourceIp: 'cf-connecting-ip',
    resolveFirst: async (c, caller) => {
      const url = new URL(c.req.url);
      const r = await resolveRequest({
        region,
        method: c.req.method,
        pathname: url.pathname,
        searchParams: url.searchParams,
        callerAccountId: caller.accountId,
        loadProject: (id) => getProject(c.env.ACME_DB, id),
        jsonBody: async () => {
          try {
            return await c.req.json();
          } catch {
            return null;
          }
        },
      });
      if (!r) return undefined;
      if (r.project !== undefined) c.set('project', r.project);
      if (r.newProjectId !== undefined) c.set('newProjectId', r.newProjectId);
      return r.item;
    },
  });
  return protect;
}

const app = createAcmeApp({ protect: (c, next) => middlewareFor(regionOf(c.env))(c, next) });

export default app;
