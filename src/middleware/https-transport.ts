/**
 * @module The HTTPS transport: the decision service over the IAM Worker's signed JSON API, for a SaaS
 * Worker without a service binding to it (another Cloudflare account, another platform). Each method is
 * `POST {endpoint}/decisions/v1/{authenticate|authorize|batch-authorize|plan-resources}` with the input as
 * JSON, signed with SigV4 by the SaaS's operator-issued service credentials (never a tenant's key); the
 * answer is the method's `DecisionAnswer` as JSON, whatever the HTTP status.
 *
 * A network failure, a timeout, or an answer that is not a `DecisionAnswer` (a proxy's HTML page, a
 * truncated body) throws, and the middleware answers ServiceUnavailable: never an allow.
 */
import type { DecisionService } from '../core/decision/contract';
import { readCapped } from '../core/read-capped';
import { signedHeaders, type SigningCredentials } from './sign';
import { DEFAULT_TIMEOUT_MS, TransportFailure } from './transport';

/** Options of `httpsTransport`. */
export interface HttpsTransportOptions extends SigningCredentials {
  /** The IAM Worker's origin, `https://iam.example.com` (a path prefix is kept). */
  endpoint: string;
  /** The region the service credentials sign for. Default `us-east-1`. */
  region?: string;
  /** The service name they sign for. Default `iam`, the IAM Worker's own. */
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
  const signingService = options.signingService ?? 'iam';
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
    try {
      return JSON.parse(new TextDecoder().decode(read.value)) as never;
    } catch {
      throw new TransportFailure(`POST ${url}: the answer (HTTP ${res.status}) is not JSON`);
    }
  };

  return {
    authenticate: (input) => call('authenticate', input),
    authorize: (input) => call('authorize', input),
    batchAuthorize: (input) => call('batchAuthorize', input),
    planResources: (input) => call('planResources', input),
  };
}
