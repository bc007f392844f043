/**
 * @module What the data plane needs of the platform for one request: the Worker's bindings, and a way to
 * let work finish after the answer is sent (ExecutionContext.waitUntil). Hono's Context has this shape, so
 * http/ passes its `c`; a WorkerEntrypoint passes `{ env: this.env, executionCtx: this.ctx }`. Nothing
 * here knows of HTTP, so every entry (the Query API, an RPC, a middleware) reuses the same data plane.
 * Spec: https://developers.cloudflare.com/workers/runtime-apis/context/#waituntil
 */
import type { Env } from '../env';

/** The platform of one request, as the data plane sees it. */
export interface Edge {
  readonly env: Env;
  readonly executionCtx: { waitUntil(promise: Promise<unknown>): void };
}
