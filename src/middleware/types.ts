/**
 * @module The middleware's public types: its options, what a `resolve` callback returns, and the
 * variables it sets on the Hono context (`IamVariables`, so `c.get('iam')` is typed in the SaaS's app).
 */
import type { Context } from 'hono';
import type { AuthorizeItem, DecisionResult, PlanOutput, Principal } from '../core/decision/contract';
import type { RouteMatch, RouteTable } from './routes';
import type { SourceIpOption } from './signed-request';
import type { Transport } from './transport';

/** The authenticated caller (`c.get('iam')`): account, ARN, type, user id, session, tags, principal token. */
export type IamPrincipal = Principal;

/** The decision that let the request through (`c.get('iamDecision')`), with what it was about. */
export interface IamDecision extends DecisionResult {
  action: string;
  resource: string;
}

/** A plan for a list page (`planResources`): the `ok` part of `PlanOutput`. */
export type IamPlan = Omit<Extract<PlanOutput, { ok: true }>, 'ok' | 'version' | 'principal'>;

/** Later decisions about the authenticated caller, from a handler (`c.get('iamClient')`). */
export interface IamClient {
  /** One decision per item, in order; more than 30 items are sent in several calls. Throws `IamError`. */
  authorizeBatch(items: readonly AuthorizeItem[]): Promise<DecisionResult[]>;
  /** The resources the caller may `action` (list-page filters). Throws `IamError`. */
  planResources(action: string, context?: AuthorizeItem['context']): Promise<IamPlan>;
}

/** The Hono variables the middleware sets: `new Hono<{ Variables: IamVariables }>()`. */
export interface IamVariables {
  iam: IamPrincipal;
  /** Absent when the request was only authenticated (`unmatched: 'authenticate'`). */
  iamDecision: IamDecision | undefined;
  iamClient: IamClient;
}

/** What a `resolve` callback says the request asks: any field left out comes from the route table. */
export type Resolution = Partial<AuthorizeItem>;

/**
 * Who a request's signature says it is, before verification: its access key id and the account that id
 * carries (core/ids.ts). The decision verifies it: an answer about another account is refused.
 */
export interface ClaimedCaller {
  accountId: string;
  /** Empty for a service-specific credential (option `serviceCredentials`). */
  accessKeyId: string;
}

/** Options of `iamAuthorizer`. */
export interface IamAuthorizerOptions<C extends Context = Context<any>> {
  /** The SaaS's service prefix (`acme`): the signature's service name and its actions' vendor. */
  service: string;
  /** The region the SaaS serves: the signature's region and `${Region}` of ARNs. */
  region: string;
  /** The partition of resource ARNs (`${Partition}`). Default `aws`. */
  partition?: string;
  /** `bindingTransport((c) => c.env.IAM)` or `httpsTransport({ endpoint, accessKeyId, secretAccessKey })`. */
  transport: Transport<C>;
  /** `'METHOD /path'` → the action and resource to decide on. */
  routes?: RouteTable;
  /**
   * The request's action, resource, context and resource policy, from the SaaS's own knowledge (its
   * database: the resource's owner account, its tags as `aws:ResourceTag/*`, its resource policy). Runs
   * after the caller is authenticated (it gets the verified principal), over the route's defaults
   * (`route` when the table matched; for a route the table does not know it runs too, unless `unmatched`
   * is `'pass'`, and must then give the action and resource); return nothing to keep the route's (or, for
   * an unknown route, to apply `unmatched`). A thrown `HTTPException` is the
   * SaaS's own answer (a 404 for a missing project, now that the caller is known); any other throw is
   * answered InternalFailure.
   */
  resolve?: (c: C, principal: IamPrincipal, route: RouteMatch | undefined) => Resolution | undefined | Promise<Resolution | undefined>;
  /**
   * `resolve`'s one-call variant (give one or the other): it runs BEFORE the signature is verified, with the
   * account the key id names, so a single `authorize` call authenticates and decides (`resolve` costs two).
   * Its database read then also runs for requests that will fail verification; an `HTTPException` it throws
   * (a 404) is answered only once the caller is verified (one `authenticate` call on that path), so an
   * unauthenticated caller never learns which resources exist.
   */
  resolveFirst?: (c: C, caller: ClaimedCaller, route: RouteMatch | undefined) => Resolution | undefined | Promise<Resolution | undefined>;
  /** Extra request context keys for every request (the SaaS's own condition keys). */
  context?: (c: C) => AuthorizeItem['context'] | Promise<AuthorizeItem['context']>;
  /**
   * A request no route (and no `resolve`) describes:
   * - `'deny'` (default): 403 `MissingAuthenticationTokenException`, as API Gateway answers a route it
   *   does not have, so the API's shape is not revealed to unauthenticated callers;
   * - `'authenticate'`: the signature is verified and `c.get('iam')` set, the handler decides (helpers);
   * - `'pass'`: the request goes on untouched (public routes).
   */
  unmatched?: 'deny' | 'authenticate' | 'pass';
  /** Where `aws:SourceIp` comes from; default none (a header is trusted only when the SaaS says so). */
  sourceIp?: SourceIpOption;
  /**
   * `'basic'`: a request with `Authorization: Basic …` is authenticated with an IAM user's service-specific
   * credential for this service (user name `<user>-at-<account>` and its password), for clients that
   * cannot sign; the caller is that user. Default: only SigV4.
   */
  serviceCredentials?: 'basic';
  /**
   * Record the decisions in the caller's account's audit trail (the contract's `record`): `true` for every
   * request, or a function of the request (`(c) => c.req.method !== 'GET'` records writes only). Default
   * false: nothing is recorded. Later decisions through `c.get('iamClient')` follow the request's choice.
   */
  record?: boolean | ((c: C) => boolean);
  /** Largest body hashed (bigger: 413). Default 10 MiB, API Gateway's payload limit. */
  maxBodyBytes?: number;
  /** Bound on one decision call, in milliseconds. Default 10 000. */
  timeoutMs?: number;
  /** Sees every internal failure (a throwing callback, a failed transport); default `console.error`. */
  onError?: (error: unknown, c: C) => void;
}
