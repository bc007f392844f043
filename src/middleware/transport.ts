/**
 * @module How the middleware reaches the IAM Worker's decisions: a `Transport` gives the request's
 * `DecisionService`, a service binding's RPC stub (`bindingTransport`) or the signed HTTPS decision API
 * (`httpsTransport`, https-transport.ts). `callDecision` runs one call and vouches for its answer: a call
 * that throws, never settles, or answers something that is not a well-formed `DecisionAnswer` is a
 * `TransportFailure`, which the middleware answers as ServiceUnavailable, never as an allow.
 * Spec: Cloudflare Workers, "Service bindings - RPC (WorkerEntrypoint)".
 */
import type { Context } from 'hono';
import type { DecisionAnswer, DecisionService } from '../core/decision/contract';

/** Where the request's decisions come from: the same service for every request, or one per request. */
export type Transport<C extends Context = Context<any>> = DecisionService | ((c: C) => DecisionService);

/**
 * A service binding to the IAM Worker's decision entrypoint: `bindingTransport((c) => c.env.IAM)`.
 * The binding's RPC stub has the `DecisionService` methods (the IAM Worker's `DecisionEntrypoint`).
 */
export function bindingTransport<C extends Context = Context<any>>(binding: (c: C) => unknown): (c: C) => DecisionService {
  return (c) => binding(c) as DecisionService;
}

/** The call did not give a usable answer: no decision was made. `cause` is for the SaaS's logs only. */
export class TransportFailure extends Error {
  override readonly name = 'TransportFailure';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Default bound on one decision call: longer than any decision takes, short enough to free the request. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** The service of `transport` for this request. */
export const serviceOf = (transport: Transport, c: Context): DecisionService => (typeof transport === 'function' ? transport(c) : transport);

/**
 * Runs one decision call and checks the answer's envelope (`ok`, `version`, and `error` when not ok).
 * The fields of an `ok` answer are checked by the caller that reads them.
 */
export async function callDecision<T extends DecisionAnswer<object>>(run: () => Promise<T>, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TransportFailure(`no decision within ${timeoutMs} ms`)), timeoutMs);
  });
  let answer: unknown;
  try {
    answer = await Promise.race([Promise.resolve().then(run), timeout]);
  } catch (e) {
    throw e instanceof TransportFailure ? e : new TransportFailure('the decision call failed', { cause: e });
  } finally {
    clearTimeout(timer);
  }
  if (answer === null || typeof answer !== 'object') throw new TransportFailure('the decision answer is not an object');
  const a = answer as { ok?: unknown; error?: { code?: unknown; message?: unknown; status?: unknown } };
  if (a.ok === true) return answer as T;
  if (a.ok === false && a.error && typeof a.error.code === 'string' && typeof a.error.message === 'string' && typeof a.error.status === 'number') {
    return answer as T;
  }
  throw new TransportFailure('the decision answer is malformed');
}
