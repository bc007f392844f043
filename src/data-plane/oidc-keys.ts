/**
 * @module The signing keys of OIDC issuers, fetched and cached per isolate: the platform side of web
 * identity verification (the pure checks are core/jwt).
 *
 * For an issuer `https://host/path`: GET `https://host/path/.well-known/openid-configuration` (OpenID
 * Connect Discovery 1.0 §4; a trailing `/` of the issuer is dropped first), then its `jwks_uri` (a JWK Set,
 * RFC 7517 §5). The set is cached per issuer for the JWK Set response's `Cache-Control: max-age`, clamped
 * to [1 min, 24 h], or 1 h without one; at most {@link DEFAULT_MAX_ISSUERS} issuers (least recently used
 * go first). When a token names a `kid` the cached set lacks, the set is fetched again once (key rotation),
 * but not more often than every {@link DEFAULT_MIN_REFRESH_INTERVAL_MS} per issuer, so tokens with made-up
 * kids cannot make us hammer an issuer. Concurrent fetches of one issuer share one request. If a refetch
 * fails because the issuer is unreachable, keys up to a day past their expiry are still used. A failed
 * fetch is remembered for {@link FAILURE_TTL_MS} and answered from memory meanwhile, so unsigned
 * AssumeRoleWithWebIdentity calls naming a failing issuer fetch it once per interval, not once per call.
 * The bound of {@link DEFAULT_MAX_ISSUERS} covers remembered failures too. At most
 * {@link DEFAULT_MAX_CONCURRENT_LOADS} issuers are fetched at once; a call needing another meanwhile gets
 * IDPCommunicationError (retryable, not remembered).
 *
 * Of a set, only what verification can use is kept (data-plane/jwk-retention.ts: RSA and EC keys, the members the
 * verifier reads, each within a length cap, at most 100 keys), and all issuers' entries together stay within
 * {@link MAX_CACHE_BYTES} by an estimate of what they retain, the least recently used going first: tenants
 * registering many issuers with huge sets (512 KiB of `{"kty":"a"}` each retained ~1.7 MB) cost the
 * budget, not the isolate's 128 MB.
 *
 * Bodies are read chunk by chunk against {@link MAX_BODY_BYTES} (core/read-capped.ts), with or without a
 * Content-Length, and the connection is dropped when the cap is passed; the timeout covers reading the
 * bodies, not only the headers. An issuer streaming an endless answer costs the cap, not the isolate.
 *
 * Failures: no answer within {@link DEFAULT_TIMEOUT_MS} for both requests together (headers and bodies), a
 * network error, a 5xx or 429 → `idp-unreachable` (IDPCommunicationError: the STS API Reference's "could
 * not be reached … often a transient error"); any other non-2xx, a body that is not a UTF-8 JSON object,
 * no `jwks_uri`, a discovery `issuer` that is not the token's, a redirect or `jwks_uri` to a non-https URL,
 * or a body over {@link MAX_BODY_BYTES} (the issuer answered, with something unusable: retrying will not
 * help) → `keys-unavailable` (InvalidIdentityToken, "Couldn't retrieve verification key…").
 *
 * Only https issuers and JWKS URLs are fetched. For tests, the Worker var
 * `IAM_ALLOW_INSECURE_OIDC_ISSUERS=true` also admits `http://127.0.0.1`, `http://localhost` and
 * `http://[::1]` (any port), and fetches an `https://` loopback issuer's documents over http (IAM only
 * registers https providers); it is never set in wrangler.toml.
 *
 * Thumbprints (for the README): IAM stores and returns an OIDC provider's ThumbprintList but does not
 * enforce it. AWS itself now trusts the JWKS endpoint's certificate when a well-known root CA signed it and
 * falls back to thumbprints only otherwise ("Create an OpenID Connect (OIDC) identity provider in IAM");
 * a Worker's `fetch` validates TLS against the platform's public CA store and does not expose the peer's
 * certificate chain, so there is nothing to compare a thumbprint with. An issuer whose certificate is not
 * publicly trusted cannot be used here.
 *
 * Which issuers are fetched: only those of a provider registered in the role's account — the caller looks
 * the provider up by the token's (unverified) `iss` first, so an arbitrary token cannot make the service
 * fetch an arbitrary URL.
 */
import { err, ok, type Result } from '../core/result';
import type { Jwks, JwtFailure, KeySetSource } from '../core/jwt/index';
import type { Env } from '../env';
import { MAX_KEYS_PER_SET, retainKeys, stringBytes } from './jwk-retention';
import { readCapped } from '../core/read-capped';

export { MAX_KEYS_PER_SET };

/** JSON is UTF-8 (RFC 8259 §8.1); a body that is not is refused rather than patched with U+FFFD. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Time for discovery and JWK Set together (milliseconds). */
export const DEFAULT_TIMEOUT_MS = 5_000;
/** Cache lifetime of a JWK Set without `Cache-Control: max-age` (milliseconds). */
export const DEFAULT_KEYS_TTL_MS = 60 * 60 * 1000;
/** Bounds of a lifetime taken from `max-age` (milliseconds). */
export const MIN_KEYS_TTL_MS = 60 * 1000;
export const MAX_KEYS_TTL_MS = 24 * 60 * 60 * 1000;
/** Issuers whose keys an isolate keeps at most. */
export const DEFAULT_MAX_ISSUERS = 500;
/** Least time between two fetches of one issuer's keys caused by unknown kids (milliseconds). */
export const DEFAULT_MIN_REFRESH_INTERVAL_MS = 10_000;
/** How long past expiry cached keys still serve when the issuer cannot be reached (milliseconds). */
export const MAX_STALE_MS = 24 * 60 * 60 * 1000;
/** How long a failed fetch of an issuer is remembered and answered from memory (milliseconds). */
export const FAILURE_TTL_MS = 10_000;
/** Issuers whose documents an isolate fetches at once at most (each may hold up to MAX_BODY_BYTES). */
export const DEFAULT_MAX_CONCURRENT_LOADS = 16;
/** Largest discovery document or JWK Set read (bytes). */
export const MAX_BODY_BYTES = 512 * 1024;
/**
 * Estimated bytes all remembered issuers may retain together (keys, failures and issuer URLs): a sixteenth
 * of an isolate's 128 MB. About 20 issuers with 100 RSA-8192 keys each, thousands with real sets.
 */
export const MAX_CACHE_BYTES = 8 * 1024 * 1024;
/** Estimated bytes of an issuer's entry beyond its URL and keys (the entry, a failure's detail). */
const ENTRY_OVERHEAD = 256;

/** Knobs of an {@link OidcKeyFetcher}; every one has a production default. */
export interface OidcKeyFetcherOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  defaultTtlMs?: number;
  maxIssuers?: number;
  /** Estimated bytes all entries may retain together. */
  maxCacheBytes?: number;
  minRefreshIntervalMs?: number;
  /** How long a failure is answered from memory. */
  failureTtlMs?: number;
  /** Issuers fetched at once at most. */
  maxConcurrentLoads?: number;
  /** Admit `http://` loopback issuers (tests only). */
  allowInsecureLoopback?: boolean;
  /** Clock, milliseconds since the epoch. */
  now?: () => number;
}

interface CachedKeys {
  jwks: Jwks;
  /** Estimated bytes `jwks` retains (data-plane/jwk-retention.ts). */
  bytes: number;
  fetchedAt: number;
  expiresAt: number;
}

/** What an isolate remembers of one issuer: its keys, its last failure, or both (keys kept while stale). */
interface IssuerEntry {
  keys?: CachedKeys;
  failure?: { error: JwtFailure; at: number };
  /** Estimated bytes the entry retains, its issuer URL included (set by #remember). */
  bytes?: number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Per-isolate cache of issuers' JWK Sets. */
export class OidcKeyFetcher {
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #defaultTtlMs: number;
  readonly #maxIssuers: number;
  readonly #maxBytes: number;
  #bytes = 0;
  readonly #minRefreshMs: number;
  readonly #insecure: boolean;
  readonly #now: () => number;
  readonly #failureTtlMs: number;
  readonly #maxLoads: number;
  readonly #entries = new Map<string, IssuerEntry>();
  readonly #inflight = new Map<string, Promise<Result<{ jwks: Jwks; bytes: number; ttlMs: number }, JwtFailure>>>();

  constructor(options: OidcKeyFetcherOptions = {}) {
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#defaultTtlMs = options.defaultTtlMs ?? DEFAULT_KEYS_TTL_MS;
    this.#maxIssuers = options.maxIssuers ?? DEFAULT_MAX_ISSUERS;
    this.#maxBytes = options.maxCacheBytes ?? MAX_CACHE_BYTES;
    this.#minRefreshMs = options.minRefreshIntervalMs ?? DEFAULT_MIN_REFRESH_INTERVAL_MS;
    this.#failureTtlMs = options.failureTtlMs ?? FAILURE_TTL_MS;
    this.#maxLoads = options.maxConcurrentLoads ?? DEFAULT_MAX_CONCURRENT_LOADS;
    this.#insecure = options.allowInsecureLoopback ?? false;
    this.#now = options.now ?? Date.now;
  }

  /** The {@link KeySetSource} of one issuer, for `verifyJwt`. */
  keySource(issuer: string): KeySetSource {
    return (refresh) => this.keys(issuer, refresh);
  }

  /** Issuers remembered now, with keys or a recent failure (for tests and diagnostics). */
  get size(): number {
    return this.#entries.size;
  }

  /** Estimated bytes the remembered issuers retain, at most {@link MAX_CACHE_BYTES} (for tests and diagnostics). */
  get retainedBytes(): number {
    return this.#bytes;
  }

  /**
   * The issuer's JWK Set: cached, or fetched (again, with `refresh`, subject to the refresh interval). A
   * failure is remembered for {@link FAILURE_TTL_MS} and answered from memory meanwhile, so calls naming an
   * issuer that fails (or streams garbage) cost it one fetch per interval, not one per call.
   */
  async keys(issuer: string, refresh = false): Promise<Result<Jwks, JwtFailure>> {
    if (!this.#fetchable(issuer)) return err({ reason: 'keys-unavailable', detail: 'The issuer is not an https URL.' });
    const now = this.#now();
    const entry = this.#entries.get(issuer);
    const cached = entry?.keys;
    if (cached) {
      const fresh = now < cached.expiresAt;
      if ((fresh && !refresh) || (refresh && now - cached.fetchedAt < this.#minRefreshMs)) {
        this.#remember(issuer, { keys: cached, ...(entry.failure ? { failure: entry.failure } : {}) });
        return ok(cached.jwks);
      }
    }
    const failure = entry?.failure && now - entry.failure.at < this.#failureTtlMs ? entry.failure.error : undefined;
    // Each load may hold up to MAX_BODY_BYTES: at most #maxLoads run at once in the isolate. The excess is
    // our capacity, not the issuer's fault, so it is answered as transient and not remembered.
    const busy = !failure && !this.#inflight.has(issuer) && this.#inflight.size >= this.#maxLoads;
    const loaded = failure
      ? err(failure)
      : busy
        ? err<JwtFailure>({ reason: 'idp-unreachable', detail: 'too many identity provider fetches in progress; retry' })
        : await this.#loadOnce(issuer);
    if (loaded.ok) {
      const at = this.#now();
      this.#remember(issuer, { keys: { jwks: loaded.value.jwks, bytes: loaded.value.bytes, fetchedAt: at, expiresAt: at + loaded.value.ttlMs } });
      return ok(loaded.value.jwks);
    }
    const current = this.#entries.get(issuer) ?? entry;
    if (!failure && !busy) this.#remember(issuer, { ...(current?.keys ? { keys: current.keys } : {}), failure: { error: loaded.error, at: this.#now() } });
    if (cached && loaded.error.reason === 'idp-unreachable' && now < cached.expiresAt + MAX_STALE_MS) return ok(cached.jwks);
    return loaded;
  }

  /** Forgets every issuer. */
  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  /**
   * Stores an issuer's entry as the most recently used; the least recently used go while there are more
   * than the issuer bound or their estimated bytes pass the budget.
   */
  #remember(issuer: string, entry: IssuerEntry): void {
    this.#forget(issuer);
    entry.bytes = ENTRY_OVERHEAD + stringBytes(issuer) + (entry.keys?.bytes ?? 0) + (entry.failure ? stringBytes(JSON.stringify(entry.failure.error)) : 0);
    this.#entries.set(issuer, entry);
    this.#bytes += entry.bytes;
    while (this.#entries.size > 0 && (this.#entries.size > this.#maxIssuers || this.#bytes > this.#maxBytes)) {
      this.#forget(this.#entries.keys().next().value as string);
    }
  }

  #forget(issuer: string): void {
    const old = this.#entries.get(issuer);
    if (!old) return;
    this.#entries.delete(issuer);
    this.#bytes -= old.bytes ?? 0;
  }

  #fetchable(url: string): boolean {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return false;
    }
    if (u.protocol === 'https:') return true;
    return this.#insecure && u.protocol === 'http:' && LOOPBACK.has(u.hostname);
  }

  /**
   * Where to fetch an issuer's documents. IAM provider URLs are https only, so a test issuer on loopback is
   * registered as `https://127.0.0.1:<port>`; with the test-only flag it is fetched over plain http.
   */
  #transport(base: string): string {
    if (!this.#insecure) return base;
    try {
      const u = new URL(base);
      if (u.protocol === 'https:' && LOOPBACK.has(u.hostname)) return `http://${base.slice('https://'.length)}`;
    } catch {
      return base;
    }
    return base;
  }

  #loadOnce(issuer: string) {
    let p = this.#inflight.get(issuer);
    if (!p) {
      p = this.#load(issuer).finally(() => this.#inflight.delete(issuer));
      this.#inflight.set(issuer, p);
    }
    return p;
  }

  async #load(issuer: string): Promise<Result<{ jwks: Jwks; bytes: number; ttlMs: number }, JwtFailure>> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#timeoutMs);
    try {
      const base = issuer.endsWith('/') ? issuer.slice(0, -1) : issuer;
      const discovery = await this.#getJson(`${this.#transport(base)}/.well-known/openid-configuration`, controller.signal);
      if (!discovery.ok) return discovery;
      const doc = discovery.value.body;
      if (typeof doc['issuer'] === 'string' && doc['issuer'].replace(/\/$/, '') !== base) {
        return err({ reason: 'keys-unavailable', detail: 'The discovery document names another issuer.' });
      }
      const jwksUri = doc['jwks_uri'];
      if (typeof jwksUri !== 'string') return err({ reason: 'keys-unavailable', detail: 'The discovery document has no jwks_uri.' });
      if (!this.#fetchable(jwksUri)) return err({ reason: 'keys-unavailable', detail: 'The jwks_uri is not an https URL.' });
      const set = await this.#getJson(jwksUri, controller.signal);
      if (!set.ok) return set;
      const keys = set.value.body['keys'];
      if (!Array.isArray(keys)) return err({ reason: 'keys-unavailable', detail: 'The JWK Set has no keys.' });
      // INVARIANT: only the retained copy outlives this call, never the parsed body (data-plane/jwk-retention.ts).
      const usable = retainKeys(keys);
      const maxAge = set.value.maxAgeMs;
      const ttlMs = maxAge === undefined ? this.#defaultTtlMs : Math.min(MAX_KEYS_TTL_MS, Math.max(MIN_KEYS_TTL_MS, maxAge));
      return ok({ jwks: { keys: usable.keys }, bytes: usable.bytes, ttlMs });
    } finally {
      clearTimeout(timer);
    }
  }

  async #getJson(url: string, signal: AbortSignal): Promise<Result<{ body: Record<string, unknown>; maxAgeMs?: number }, JwtFailure>> {
    const host = hostOf(url);
    const unreachable = (why: string): Result<never, JwtFailure> => err({ reason: 'idp-unreachable', detail: `${why} (${host})` });
    const timedOut = () => unreachable(`no answer within ${this.#timeoutMs} ms`);
    let res: Response;
    try {
      res = await this.#fetch(url, { signal, headers: { accept: 'application/json' }, redirect: 'follow' });
    } catch {
      return signal.aborted ? timedOut() : unreachable('the request failed');
    }
    // Cancelling drops the connection; it is not awaited (core/read-capped.ts): a cancel that never settles
    // must not hold the call past the timeout.
    if (res.status >= 500 || res.status === 429) {
      void res.body?.cancel().catch(() => undefined);
      return unreachable(`HTTP ${res.status}`);
    }
    if (!res.ok) {
      void res.body?.cancel().catch(() => undefined);
      return err({ reason: 'keys-unavailable', detail: `HTTP ${res.status} from ${host}.` });
    }
    if (res.url && !this.#fetchable(res.url)) {
      void res.body?.cancel().catch(() => undefined);
      return err({ reason: 'keys-unavailable', detail: 'The issuer redirected to a URL that is not https.' });
    }
    // INVARIANT: never buffer more than MAX_BODY_BYTES of an issuer's answer, whatever Content-Length says
    // or omits (an endless chunked body grew workerd to 1.4 GB when it was read whole first).
    const read = await readCapped(res, MAX_BODY_BYTES, signal);
    if (!read.ok) {
      if (read.error === 'too-large') return err({ reason: 'keys-unavailable', detail: `The answer of ${host} is too large.` });
      return signal.aborted ? timedOut() : unreachable('the answer could not be read');
    }
    let text: string;
    try {
      text = STRICT_UTF8.decode(read.value);
    } catch {
      return err({ reason: 'keys-unavailable', detail: `The answer of ${host} is not UTF-8.` });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return err({ reason: 'keys-unavailable', detail: `The answer of ${host} is not JSON.` });
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return err({ reason: 'keys-unavailable', detail: `The answer of ${host} is not a JSON object.` });
    }
    const maxAgeMs = maxAgeOf(res.headers.get('cache-control'));
    return ok({ body: body as Record<string, unknown>, ...(maxAgeMs !== undefined ? { maxAgeMs } : {}) });
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the issuer';
  }
}

/** `max-age` of a Cache-Control header in milliseconds; 0 for `no-store`/`no-cache`; undefined without either. */
export function maxAgeOf(cacheControl: string | null): number | undefined {
  if (!cacheControl) return undefined;
  const directives = cacheControl.toLowerCase().split(',').map((d) => d.trim());
  if (directives.includes('no-store') || directives.includes('no-cache')) return 0;
  for (const d of directives) {
    const m = /^max-age\s*=\s*"?(\d+)"?$/.exec(d);
    if (m) return Number(m[1]) * 1000;
  }
  return undefined;
}

const instances = new WeakMap<Env, OidcKeyFetcher>();

/** The isolate's key fetcher for this env. */
export function oidcKeysFor(env: Env): OidcKeyFetcher {
  let f = instances.get(env);
  if (!f) instances.set(env, (f = new OidcKeyFetcher({ allowInsecureLoopback: env.IAM_ALLOW_INSECURE_OIDC_ISSUERS === 'true' })));
  return f;
}
