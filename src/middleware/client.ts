/**
 * @module Later decisions about the caller the middleware authenticated, for a handler: many items at
 * once (a list page's buttons, like Amazon Verified Permissions' BatchIsAuthorized) and a plan for a list
 * page (the resources the caller may act on, as filters for the SaaS's query). They ask about the sealed
 * principal (`principalToken`), not the signature again, through the same transport.
 * Spec: Amazon Verified Permissions API Reference, BatchIsAuthorized (at most 30 requests per call).
 */
import type { Context } from 'hono';
import { MAX_BATCH_ITEMS, type AuthorizeItem, type DecisionResult, type DecisionScope, type DecisionService } from '../core/decision/contract';
import { checkResult } from './answers';
import { fromDecisionError, IamError, INTERNAL_FAILURE, MISSING_TOKEN, SERVICE_UNAVAILABLE, validation } from './errors';
import { callDecision, TransportFailure } from './transport';
import type { IamClient, IamPlan, IamVariables } from './types';
import { itemProblem } from './validate';

/** What a client needs: the request's service and its scope with the principal's token as the caller. */
export interface ClientScope {
  service: DecisionService;
  scope: DecisionScope;
  timeoutMs: number;
  onError: (error: unknown) => void;
}

async function guarded<T>(s: ClientScope, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof IamError) throw e;
    s.onError(e);
    throw new IamError(e instanceof TransportFailure ? SERVICE_UNAVAILABLE : INTERNAL_FAILURE);
  }
}

/** The helpers of one authenticated request. */
export function clientFor(s: ClientScope): IamClient {
  const prefix = s.scope.service;
  return {
    authorizeBatch: (items) =>
      guarded(s, async () => {
        for (const item of items) {
          const problem = itemProblem(item, prefix);
          if (problem !== undefined) throw new IamError(validation(problem));
        }
        const chunks: AuthorizeItem[][] = [];
        for (let i = 0; i < items.length; i += MAX_BATCH_ITEMS) chunks.push(items.slice(i, i + MAX_BATCH_ITEMS));
        const answers = await Promise.all(
          chunks.map((chunk) => callDecision(() => s.service.batchAuthorize({ ...s.scope, items: chunk }), s.timeoutMs)),
        );
        const results: DecisionResult[] = [];
        answers.forEach((a, i) => {
          if (!a.ok) throw new IamError(fromDecisionError(a.error));
          if (!Array.isArray(a.results) || a.results.length !== chunks[i]!.length) throw new TransportFailure('the batch answer has the wrong number of results');
          for (const r of a.results) results.push(checkResult(r));
        });
        return results;
      }),
    planResources: (action, context) =>
      guarded(s, async () => {
        const problem = itemProblem({ action, resource: '*', ...(context === undefined ? {} : { context }) }, prefix);
        if (problem !== undefined) throw new IamError(validation(problem));
        const a = await callDecision(() => s.service.planResources({ ...s.scope, action, ...(context === undefined ? {} : { context }) }), s.timeoutMs);
        if (!a.ok) throw new IamError(fromDecisionError(a.error));
        if (!['Allow', 'Deny', 'Filter'].includes(a.kind) || !Array.isArray(a.allow) || !Array.isArray(a.deny)) {
          throw new TransportFailure('the plan answer is malformed');
        }
        const plan: IamPlan = { kind: a.kind, allow: a.allow, deny: a.deny, exact: a.exact === true };
        return plan;
      }),
  };
}

function clientOf(c: Context): IamClient {
  const client = (c as Context<{ Variables: IamVariables }>).get('iamClient');
  // A handler on a route the middleware let pass unauthenticated: nobody to decide about.
  if (client === undefined) throw new IamError(MISSING_TOKEN);
  return client;
}

/** Decisions for many items about the request's authenticated caller (`c.get('iamClient').authorizeBatch`). */
export const authorizeBatch = (c: Context, items: readonly AuthorizeItem[]): Promise<DecisionResult[]> => clientOf(c).authorizeBatch(items);

/** A plan for a list page about the request's authenticated caller (`c.get('iamClient').planResources`). */
export const planResources = (c: Context, action: string, context?: AuthorizeItem['context']): Promise<IamPlan> =>
  clientOf(c).planResources(action, context);
