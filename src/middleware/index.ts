/**
 * @module `edge-iam/middleware`: what a SaaS imports into its own Worker to protect its API with its
 * tenants' IAM (issue 9 §2). Runs in the SaaS's Worker, so this folder imports only Hono, the decision
 * contract and pure core code (test/unit/arch.test.ts): nothing of the IAM Worker's storage or secrets.
 *
 * @example
 * import { iamAuthorizer, bindingTransport, type IamVariables } from 'edge-iam/middleware';
 * const app = new Hono<{ Bindings: { IAM: Service }; Variables: IamVariables }>();
 * app.use(iamAuthorizer({ service: 'acme', region: 'us-east-1', transport: bindingTransport((c) => c.env.IAM), routes }));
 */
export { iamAuthorizer, DEFAULT_MAX_BODY_BYTES } from './authorizer';
export { authorizeBatch, planResources } from './client';
export { IamError, type MiddlewareError } from './errors';
export { httpsTransport, type HttpsTransportOptions } from './https-transport';
export { compileRoutes, matchRoute, RouteTableError, type RouteMatch, type RouteRule, type RouteTable } from './routes';
export type { SourceIpOption } from './signed-request';
export { bindingTransport, TransportFailure, type Transport } from './transport';
export type { ClaimedCaller, IamAuthorizerOptions, IamClient, IamDecision, IamPlan, IamPrincipal, IamVariables, Resolution } from './types';
export { DECISION_API_VERSION, MAX_BATCH_ITEMS } from '../core/decision/contract';
export type * from '../core/decision/contract';
