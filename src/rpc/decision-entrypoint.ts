/**
 * @module The decision service as a service binding's RPC (issue 9 §2): a SaaS Worker bound to this Worker
 * with `entrypoint = "DecisionEntrypoint"` calls `env.IAM.authorize({...})` and gets the contract's typed
 * answer (core/decision/contract.ts, exported to the SaaS as `edge-iam/decisions`). Each method is the data
 * plane's one decision function (data-plane/decide.ts) with this invocation's bindings and execution context.
 *
 * Versioned: a call without `version` is version 1; one newer than DECISION_API_VERSION is answered
 * `UnsupportedVersion`, so a SaaS built against a newer contract learns it instead of being misread. Methods
 * never throw: errors come back as `{ok: false, error}`.
 * Spec: https://developers.cloudflare.com/workers/runtime-apis/bindings/service-bindings/rpc/
 */
import { WorkerEntrypoint } from 'cloudflare:workers';
import type {
  AuthenticateInput,
  AuthenticateOutput,
  AuthorizeInput,
  AuthorizeOutput,
  BatchAuthorizeInput,
  BatchAuthorizeOutput,
  DecisionService,
  PlanInput,
  PlanOutput,
} from '../core/decision/contract';
import * as decisions from '../data-plane/decide';
import type { Edge } from '../data-plane/edge';
import type { Env } from '../env';

/** The IAM Worker's decision entrypoint (named export of src/worker.ts). */
export class DecisionEntrypoint extends WorkerEntrypoint<Env> implements DecisionService {
  #edge(): Edge {
    return { env: this.env, executionCtx: this.ctx };
  }

  authenticate(input: AuthenticateInput): Promise<AuthenticateOutput> {
    return decisions.authenticate(this.#edge(), input, new Date());
  }

  authorize(input: AuthorizeInput): Promise<AuthorizeOutput> {
    return decisions.authorize(this.#edge(), input, new Date());
  }

  batchAuthorize(input: BatchAuthorizeInput): Promise<BatchAuthorizeOutput> {
    return decisions.batchAuthorize(this.#edge(), input, new Date());
  }

  planResources(input: PlanInput): Promise<PlanOutput> {
    return decisions.planResources(this.#edge(), input, new Date());
  }
}
