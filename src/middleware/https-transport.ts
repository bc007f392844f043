/**
 * @module The HTTPS transport: the decision service over the IAM Worker's signed JSON API, for a SaaS
 * Worker without a service binding to it (another Cloudflare account, another platform). Each method is
 * `POST {endpoint}/decisions/v1/{authenticate|authorize|batch-authorize|plan-resources}` with the input as
 * JSON, signed with SigV4 by the SaaS's operator-issued service credentials (never a tenant's key); the
 * answer is the method's `DecisionAnswer` as JSON, whatever the HTTP status (src/http/decision-api.ts).
 *
 * A network failure, a timeout, an answer that is not a `DecisionAnswer` (a proxy's HTML page, a
 * truncated body), or an error naming the service credential (one not allowed for the service) throws, and
 * the middleware answers ServiceUnavailable: never an allow, and the credential's id never reaches a tenant.
 * Limit: a credential whose secret is wrong gets the decision API's generic SignatureDoesNotMatch, which
 * reads like the tenant's; the tenant is refused (403), and the SaaS sees it in every request's answer.
 */
import type { DecisionService } from '../core/decision/contract';
import { readCapped } from '../core/read-capped';
import { signedHeaders, type SigningCredentials } from './sign';
import { DEFAULT_TIMEOUT_MS, TransportFailure } from './transport';

/** Options of `httpsTransport`. */
export interface HttpsTransportOptions extends SigningCredentials {
  /** The IAM Worker's origin, `https://iam.example.com` (a path prefix is kept). */
  endpoint: string;
  /** The region the service credentials sign for (the IAM Worker accepts any). Default `us-east-1`. */
  region?: string;
  /** The credential scope's service name. Default `decisions`, the IAM Worker's decision API's. */
  signingService?: string;
  /** `fetch` to use (default the global one; a test or a custom route may pass its own). */
  fetch?: (request: Request) => Promise<Response>;
  /** Bound on one call, in milliseconds. Default 10 000. */
  timeoutMs?: number;
  /** Clock, for signing (default `Date.now`). */
  now?: () => number;
}

/** Largest answer read: a batch of 30 decisions with reasons and messages is far smaller. */
const MAX_ANSWER_BYTES = 1024 * 1024;

const PATHS: Readonly<Record<keyof DecisionService, string>> = {
  authenticate: 'authenticate',
  authorize: 'authorize',
  batchAuthorize: 'batch-authorize',
  planResources: 'plan-resources',
};

/** A `DecisionService` over HTTPS: `transport: httpsTransport({ endpoint, accessKeyId, secretAccessKey })`. */
export function httpsTransport(options: HttpsTransportOptions): DecisionService {
  const base = options.endpoint.replace(/\/+$/, '');
  if (!/^https?:\/\//.test(base)) throw new TypeError('httpsTransport: endpoint must be an http(s) URL');
  const region = options.region ?? 'us-east-1';
  const signingService = options.signingService ?? 'decisions';
  const doFetch = options.fetch ?? ((r: Request) => fetch(r));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = options.now ?? Date.now;

  const call = async (method: keyof DecisionService, input: unknown): Promise<never> => {
    const url = `${base}/decisions/v1/${PATHS[method]}`;
    const body = JSON.stringify(input);
    const headers = signedHeaders({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body }, options, region, signingService, now());
    delete headers.host;
    const signal = AbortSignal.timeout(timeoutMs);
    let res: Response;
    try {
      res = await doFetch(new Request(url, { method: 'POST', headers, body, signal }));
    } catch (e) {
      throw new TransportFailure(`POST ${url} failed`, { cause: e });
    }
    const read = await readCapped(res, MAX_ANSWER_BYTES, signal);
    if (!read.ok) throw new TransportFailure(`POST ${url}: the answer could not be read (${read.error})`);
    let answer: { ok?: unknown; error?: { message?: unknown } };
    try {
      answer = JSON.parse(new TextDecoder().decode(read.value));
    } catch {
      throw new TransportFailure(`POST ${url}: the answer (HTTP ${res.status}) is not JSON`);
    }
    // An error about the service credential itself (a service it does not name) is the SaaS's
    // configuration, not the tenant's request: the tenant must not see it, nor the credential's id.
    const message = answer?.ok === false ? answer.error?.message : undefined;
    if (typeof message === 'string' && message.includes(options.accessKeyId)) {
      throw new TransportFailure(`POST ${url}: the decision API refused the service credential: ${message}`);
    }
    return answer as never;
  };

  return {
    authenticate: (input) => call('authenticate', input),
    authorize: (input) => call('authorize', input),
    batchAuthorize: (input) => call('batchAuthorize', input),
    planResources: (input) => call('planResources', input),
  };
}
