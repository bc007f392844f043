/**
 * The issuer key fetcher (data-plane/oidc-keys.ts) and web identity verification (data-plane/web-identity.ts) against a
 * real local issuer: a node:http server on 127.0.0.1 serving an OpenID Connect discovery document and a
 * JWK Set. Covers discovery, caching and Cache-Control max-age, key rotation (one refetch, throttled),
 * timeouts, 5xx/429/4xx, bad documents, https-only, stale keys while the issuer is down, request
 * de-duplication, the cache bound, and the condition keys of a verified token. Attacks (issue 7 §7): an
 * issuer streaming an endless body without Content-Length is read only up to the cap; one trickling its
 * body times out; a failing issuer is fetched at most once per {@link FAILURE_TTL_MS}.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Jwk } from '../../../src/core/jwt/index';
import type { Env } from '../../../src/env';
import { FAILURE_TTL_MS, MAX_BODY_BYTES, maxAgeOf, OidcKeyFetcher, oidcKeysFor } from '../../../src/data-plane/oidc-keys';
import { issuerOfToken, verifyWebIdentityToken, webIdentityContext } from '../../../src/data-plane/web-identity';
import { claims, CLIENT_ID, newKey, NOW, NOW_MS, sign, type TestKey } from './keys';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let origin: string;
const routes = new Map<string, Handler>();
const hits = new Map<string, number>();

const json = (body: unknown, headers: Record<string, string> = {}): Handler => (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const status = (code: number, body = 'error'): Handler => (_req, res) => {
  res.writeHead(code, { 'content-type': 'text/plain' });
  res.end(body);
};

/** Serves an issuer at `path` (no trailing slash): discovery and a JWK Set. */
function serveIssuer(path: string, keys: () => Jwk[], jwksHeaders: Record<string, string> = {}): string {
  const issuer = `${origin}${path}`;
  routes.set(`${path}/.well-known/openid-configuration`, json({ issuer, jwks_uri: `${issuer}/jwks`, id_token_signing_alg_values_supported: ['RS256', 'ES256'] }));
  routes.set(`${path}/jwks`, (req, res) => json({ keys: keys() }, jwksHeaders)(req, res));
  return issuer;
}

const hitsOf = (path: string) => hits.get(path) ?? 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const handler = routes.get(path);
    if (handler) handler(req, res);
    else status(404, 'not found')(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  routes.clear();
  hits.clear();
});

/** A fetcher with a controllable clock, admitting loopback http. */
function fetcher(opts: ConstructorParameters<typeof OidcKeyFetcher>[0] = {}) {
  const clock = { now: NOW_MS };
  const f = new OidcKeyFetcher({ allowInsecureLoopback: true, now: () => clock.now, ...opts });
  return { f, clock };
}

describe('OidcKeyFetcher', () => {
  it('fetches discovery then jwks_uri, and serves the cache afterwards', async () => {
    const key = await newKey('RS256');
    const issuer = serveIssuer('/a', () => [key.jwk]);
    const { f } = fetcher();
    const first = await f.keys(issuer);
    expect(first.ok && first.value.keys.map((k) => k.kid)).toEqual([key.kid]);
    await f.keys(issuer);
    expect([hitsOf('/a/.well-known/openid-configuration'), hitsOf('/a/jwks')]).toEqual([1, 1]);
  });

  it('keeps keys 1 h without Cache-Control, for max-age when given (clamped to ≥ 60 s)', async () => {
    const key = await newKey('ES256');
    const plain = serveIssuer('/plain', () => [key.jwk]);
    const aged = serveIssuer('/aged', () => [key.jwk], { 'cache-control': 'public, max-age=120' });
    const nostore = serveIssuer('/nostore', () => [key.jwk], { 'cache-control': 'no-store' });
    const { f, clock } = fetcher();
    await Promise.all([f.keys(plain), f.keys(aged), f.keys(nostore)]);
    clock.now += 59_000;
    await Promise.all([f.keys(plain), f.keys(aged), f.keys(nostore)]);
    expect([hitsOf('/plain/jwks'), hitsOf('/aged/jwks'), hitsOf('/nostore/jwks')]).toEqual([1, 1, 1]);
    clock.now += 62_000; // 121 s
    await Promise.all([f.keys(plain), f.keys(aged), f.keys(nostore)]);
    expect([hitsOf('/plain/jwks'), hitsOf('/aged/jwks'), hitsOf('/nostore/jwks')]).toEqual([1, 2, 2]);
    clock.now += 3_600_000;
    await f.keys(plain);
    expect(hitsOf('/plain/jwks')).toBe(2);
  });

  it('rotation: a token with an unknown kid makes one refetch; refetches are throttled to one per 10 s', async () => {
    const old = await newKey('RS256', 'old');
    const rotated = await newKey('RS256', 'new');
    let published = [old.jwk];
    const issuer = serveIssuer('/rot', () => published);
    const { f, clock } = fetcher();
    const env = {} as Env;
    const ok1 = await verifyWebIdentityToken(env, await sign(old, claims({ iss: issuer })), issuer, [CLIENT_ID], NOW_MS, f);
    expect(ok1.subject).toBe('repo:octo/app:ref:refs/heads/main');

    published = [old.jwk, rotated.jwk];
    const rotatedToken = await sign(rotated, claims({ iss: issuer }));
    // Within 10 s of the last fetch the refetch is refused, so the unknown kid stays unknown.
    await expect(verifyWebIdentityToken(env, rotatedToken, issuer, [CLIENT_ID], NOW_MS, f)).rejects.toMatchObject({ code: 'InvalidIdentityToken' });
    expect(hitsOf('/rot/jwks')).toBe(1);
    clock.now += 10_000;
    const ok2 = await verifyWebIdentityToken(env, rotatedToken, issuer, [CLIENT_ID], NOW_MS, f);
    expect(ok2.audience).toBe(CLIENT_ID);
    expect(hitsOf('/rot/jwks')).toBe(2);
    // A made-up kid right after: no further fetch.
    const stranger = await newKey('RS256', 'stranger');
    await expect(verifyWebIdentityToken(env, await sign(stranger, claims({ iss: issuer })), issuer, [CLIENT_ID], NOW_MS, f)).rejects.toMatchObject({
      code: 'InvalidIdentityToken',
      message: "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
    });
    expect(hitsOf('/rot/jwks')).toBe(2);
  });

  it('a slow issuer times out → idp-unreachable → IDPCommunicationError', async () => {
    const key = await newKey('ES256');
    const issuer = serveIssuer('/slow', () => [key.jwk]);
    routes.set('/slow/jwks', (_req, res) => {
      const t = setTimeout(() => json({ keys: [key.jwk] })(_req, res), 2_000);
      res.on('close', () => clearTimeout(t));
    });
    // A real socket that does not answer: the fetcher's deadline is a real timer, kept short.
    const { f } = fetcher({ timeoutMs: 100 });
    const started = Date.now();
    const r = await f.keys(issuer);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(r.ok ? null : r.error).toMatchObject({ reason: 'idp-unreachable' });
    await expect(verifyWebIdentityToken({} as Env, await sign(key, claims({ iss: issuer })), issuer, [CLIENT_ID], NOW_MS, f)).rejects.toMatchObject({
      code: 'IDPCommunicationError',
      status: 400,
    });
  });

  it('5xx and 429 → idp-unreachable; a closed port too', async () => {
    routes.set('/down/.well-known/openid-configuration', status(500));
    routes.set('/busy/.well-known/openid-configuration', status(429));
    const { f } = fetcher();
    for (const path of ['/down', '/busy']) {
      const r = await f.keys(`${origin}${path}`);
      expect(r.ok ? null : r.error.reason).toBe('idp-unreachable');
    }
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const r = await f.keys(`http://127.0.0.1:${port}`);
    expect(r.ok ? null : r.error.reason).toBe('idp-unreachable');
  });

  it('4xx, non-JSON, no jwks_uri, no keys, another issuer → keys-unavailable (InvalidIdentityToken)', async () => {
    const { f } = fetcher();
    routes.set('/nojson/.well-known/openid-configuration', (_q, res) => res.end('<html>'));
    routes.set('/nojwks/.well-known/openid-configuration', json({ issuer: `${origin}/nojwks` }));
    routes.set('/nokeys/.well-known/openid-configuration', json({ issuer: `${origin}/nokeys`, jwks_uri: `${origin}/nokeys/jwks` }));
    routes.set('/nokeys/jwks', json({ kty: 'RSA' }));
    routes.set('/array/.well-known/openid-configuration', json([1, 2]));
    routes.set('/other/.well-known/openid-configuration', json({ issuer: 'https://elsewhere.example', jwks_uri: `${origin}/other/jwks` }));
    routes.set('/insecure-jwks/.well-known/openid-configuration', json({ jwks_uri: 'http://keys.example.com/jwks' }));
    for (const path of ['/missing', '/nojson', '/nojwks', '/nokeys', '/array', '/other', '/insecure-jwks']) {
      const r = await f.keys(`${origin}${path}`);
      expect(r.ok ? null : r.error.reason, path).toBe('keys-unavailable');
    }
    expect(hitsOf('/other/jwks')).toBe(0);
  });

  it('fetches only https issuers unless loopback http is allowed', async () => {
    const key = await newKey('ES256');
    const issuer = serveIssuer('/http', () => [key.jwk]);
    const strict = new OidcKeyFetcher();
    const r = await strict.keys(issuer);
    expect(r.ok ? null : r.error.reason).toBe('keys-unavailable');
    expect(hitsOf('/http/.well-known/openid-configuration')).toBe(0);
    const lax = new OidcKeyFetcher({ allowInsecureLoopback: true });
    expect((await lax.keys('http://example.com')).ok).toBe(false);
    expect(oidcKeysFor({ IAM_ALLOW_INSECURE_OIDC_ISSUERS: 'true' } as Env)).not.toBe(oidcKeysFor({} as Env));
    const env = {} as Env;
    expect(oidcKeysFor(env)).toBe(oidcKeysFor(env));
    expect((await oidcKeysFor(env).keys(issuer)).ok).toBe(false);
    expect((await oidcKeysFor({ IAM_ALLOW_INSECURE_OIDC_ISSUERS: 'true' } as Env).keys(issuer)).ok).toBe(true);
  });

  it('serves cached keys past their lifetime while the issuer is down (up to a day)', async () => {
    const key = await newKey('ES256');
    const issuer = serveIssuer('/flaky', () => [key.jwk]);
    const { f, clock } = fetcher();
    expect((await f.keys(issuer)).ok).toBe(true);
    routes.set('/flaky/.well-known/openid-configuration', status(503));
    clock.now += 2 * 3_600_000;
    expect((await f.keys(issuer)).ok).toBe(true);
    clock.now += 24 * 3_600_000;
    const r = await f.keys(issuer);
    expect(r.ok ? null : r.error.reason).toBe('idp-unreachable');
  });

  it('shares one fetch between concurrent requests and keeps at most maxIssuers issuers', async () => {
    const key = await newKey('ES256');
    const issuers = ['/i1', '/i2', '/i3'].map((p) => serveIssuer(p, () => [key.jwk]));
    const { f } = fetcher({ maxIssuers: 2 });
    await Promise.all([f.keys(issuers[0]!), f.keys(issuers[0]!), f.keys(issuers[0]!)]);
    expect(hitsOf('/i1/.well-known/openid-configuration')).toBe(1);
    await f.keys(issuers[1]!);
    await f.keys(issuers[2]!);
    expect(f.size).toBe(2);
    await f.keys(issuers[0]!);
    expect(hitsOf('/i1/.well-known/openid-configuration')).toBe(2);
  });

  it('stops reading an endless chunked JWK Set at the cap (no Content-Length) and drops the connection', async () => {
    // The attack: a registered issuer whose jwks_uri streams forever. Reading it whole grew workerd to 1.4 GB.
    const key = await newKey('ES256');
    const issuer = serveIssuer('/huge', () => [key.jwk]);
    let sent = 0;
    let closed = false;
    let onClosed: () => void;
    const connectionClosed = new Promise<void>((resolve) => (onClosed = resolve));
    routes.set('/huge/jwks', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }); // chunked: no Content-Length
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!closed && sent < 256 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      res.on('close', () => {
        closed = true;
        onClosed();
      });
      res.write('{"keys":[');
      pump();
    });
    const { f } = fetcher();
    const started = Date.now();
    const r = await f.keys(issuer);
    expect(r.ok ? null : r.error).toMatchObject({ reason: 'keys-unavailable' });
    expect(Date.now() - started).toBeLessThan(2_000);
    // The reader's cancel reaches the server as the connection's close (an event, not a guessed delay).
    await connectionClosed;
    expect(closed).toBe(true);
    // What the server managed to write before the reader cancelled: the cap plus socket buffers, not more.
    expect(sent).toBeLessThan(16 * 1024 * 1024);
    await expect(verifyWebIdentityToken({} as Env, await sign(key, claims({ iss: issuer })), issuer, [CLIENT_ID], NOW_MS, f)).rejects.toMatchObject({
      code: 'InvalidIdentityToken',
      message: "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
    });
  });

  it('pulls at most the cap (plus one chunk) from an endless ReadableStream body, and cancels it', async () => {
    const CHUNK = 16 * 1024;
    let pulled = 0;
    let cancelled = false;
    const endless = () =>
      new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            pulled += CHUNK;
            controller.enqueue(new Uint8Array(CHUNK).fill(0x20));
          },
          cancel() {
            cancelled = true;
          },
        },
        { highWaterMark: 0 },
      );
    const fakeFetch: typeof fetch = async (input) => {
      const url = String(input);
      if (url.endsWith('/.well-known/openid-configuration')) {
        return new Response(JSON.stringify({ issuer: 'https://endless.example', jwks_uri: 'https://endless.example/jwks' }), { status: 200 });
      }
      return new Response(endless(), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const f = new OidcKeyFetcher({ fetch: fakeFetch, timeoutMs: 60_000 });
    const r = await f.keys('https://endless.example');
    expect(r.ok ? null : r.error).toMatchObject({ reason: 'keys-unavailable' });
    expect(pulled).toBeLessThanOrEqual(MAX_BODY_BYTES + 2 * CHUNK);
    expect(cancelled).toBe(true);
  });

  it('times out an issuer that sends headers and then trickles its body', async () => {
    const key = await newKey('ES256');
    const issuer = serveIssuer('/trickle', () => [key.jwk]);
    routes.set('/trickle/jwks', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const t = setInterval(() => res.write(' '), 20);
      res.on('close', () => clearInterval(t));
    });
    // The deadline covers the whole body: six writes fall within it, none of them extends it.
    const { f } = fetcher({ timeoutMs: 120 });
    const started = Date.now();
    const r = await f.keys(issuer);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(r.ok ? null : r.error).toMatchObject({ reason: 'idp-unreachable' });
  });

  it('remembers a failure: repeated calls within FAILURE_TTL_MS fetch the failing issuer once', async () => {
    routes.set('/failing/.well-known/openid-configuration', status(503));
    routes.set('/broken/.well-known/openid-configuration', status(404));
    const { f, clock } = fetcher();
    for (const path of ['/failing', '/broken']) {
      const first = await f.keys(`${origin}${path}`);
      for (let i = 0; i < 5; i++) {
        const again = await f.keys(`${origin}${path}`, i % 2 === 0);
        expect(again).toEqual(first);
      }
      expect(hitsOf(`${path}/.well-known/openid-configuration`), path).toBe(1);
    }
    clock.now += FAILURE_TTL_MS;
    await f.keys(`${origin}/failing`);
    expect(hitsOf('/failing/.well-known/openid-configuration')).toBe(2);
    // Concurrent callers share that one attempt too.
    clock.now += FAILURE_TTL_MS;
    await Promise.all([1, 2, 3, 4].map(() => f.keys(`${origin}/failing`)));
    expect(hitsOf('/failing/.well-known/openid-configuration')).toBe(3);
  });

  it('fetches at most maxConcurrentLoads issuers at once; the excess is told to retry (IDPCommunicationError), not remembered', async () => {
    // Many tenants' issuers streaming at once would each hold up to the cap: bound how many are read together.
    const key = await newKey('ES256');
    const slow = ['/s1', '/s2', '/s3'].map((p) => serveIssuer(p, () => [key.jwk]));
    // The first two issuers answer their key sets only once the third was refused: both loads are in
    // flight while it asks (a gate, not a delay).
    let release: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    for (const p of ['/s1', '/s2']) routes.set(`${p}/jwks`, (req, res) => void gate.then(() => json({ keys: [key.jwk] })(req, res)));
    const { f } = fetcher({ maxConcurrentLoads: 2 });
    const [pa, pb] = [f.keys(slow[0]!), f.keys(slow[1]!)];
    const c = await f.keys(slow[2]!);
    release!();
    const [a, b] = await Promise.all([pa, pb]);
    expect([a.ok, b.ok]).toEqual([true, true]);
    expect(c.ok ? null : c.error.reason).toBe('idp-unreachable');
    expect(hitsOf('/s3/.well-known/openid-configuration')).toBe(0);
    expect((await f.keys(slow[2]!)).ok).toBe(true);
  });

  it('keeps at most maxIssuers remembered failures', async () => {
    for (const p of ['/f1', '/f2', '/f3']) routes.set(`${p}/.well-known/openid-configuration`, status(500));
    const { f } = fetcher({ maxIssuers: 2 });
    for (const p of ['/f1', '/f2', '/f3']) await f.keys(`${origin}${p}`);
    expect(f.size).toBeLessThanOrEqual(2);
    await f.keys(`${origin}/f3`);
    expect(hitsOf('/f3/.well-known/openid-configuration')).toBe(1);
    await f.keys(`${origin}/f1`); // forgotten: fetched again
    expect(hitsOf('/f1/.well-known/openid-configuration')).toBe(2);
  });

  it('parses Cache-Control', () => {
    expect(maxAgeOf(null)).toBeUndefined();
    expect(maxAgeOf('public, max-age=300, must-revalidate')).toBe(300_000);
    expect(maxAgeOf('no-cache')).toBe(0);
    expect(maxAgeOf('private')).toBeUndefined();
  });
});

describe('verifyWebIdentityToken and webIdentityContext', () => {
  let key: TestKey;
  let issuer: string;
  beforeEach(async () => {
    key ??= await newKey('ES256', 'e2e');
    issuer = serveIssuer('/wi', () => [key.jwk]);
  });

  it('verifies a token from the local issuer and reports issuer, provider URL, subject and audience', async () => {
    const { f } = fetcher();
    const token = await sign(key, claims({ iss: issuer }));
    expect(issuerOfToken(token)).toBe(issuer);
    expect(issuerOfToken('garbage')).toBeUndefined();
    const id = await verifyWebIdentityToken({} as Env, token, issuer, [CLIENT_ID], NOW_MS, f);
    expect(id).toMatchObject({ issuer, providerUrl: issuer.slice('http://'.length), subject: 'repo:octo/app:ref:refs/heads/main', audience: CLIENT_ID });
  });

  it('throws the AWS errors: wrong audience, expired, wrong issuer', async () => {
    const { f } = fetcher();
    const env = {} as Env;
    await expect(verifyWebIdentityToken(env, await sign(key, claims({ iss: issuer, aud: 'x' })), issuer, [CLIENT_ID], NOW_MS, f)).rejects.toMatchObject({
      code: 'InvalidIdentityToken',
      message: 'Incorrect token audience',
    });
    await expect(verifyWebIdentityToken(env, await sign(key, claims({ iss: issuer, exp: NOW - 1 })), issuer, [CLIENT_ID], NOW_MS, f)).rejects.toMatchObject({
      code: 'ExpiredTokenException',
    });
    await expect(verifyWebIdentityToken(env, await sign(key, claims({ iss: issuer })), 'token.actions.githubusercontent.com', [CLIENT_ID], NOW_MS, f)).rejects.toMatchObject({
      code: 'InvalidIdentityToken',
      message: `No OpenIDConnect provider found in your account for ${issuer}`,
    });
  });

  it('maps aud/sub/amr, azp → :aud with :oaud, and provider-specific claims (GitHub)', () => {
    const gh = 'token.actions.githubusercontent.com';
    expect(
      webIdentityContext(gh, { iss: `https://${gh}`, aud: 'sts.amazonaws.com', sub: 'repo:o/r:ref:refs/heads/main', repository: 'o/r', actor: 'octocat', run_attempt: 1 }),
    ).toEqual({
      [`${gh}:aud`]: 'sts.amazonaws.com',
      [`${gh}:sub`]: 'repo:o/r:ref:refs/heads/main',
      [`${gh}:repository`]: 'o/r',
      [`${gh}:actor`]: 'octocat',
    });
    expect(webIdentityContext('accounts.google.com', { aud: 'server', azp: 'android', sub: '1', amr: ['pwd', 'mfa'] })).toEqual({
      'accounts.google.com:aud': 'android',
      'accounts.google.com:oaud': 'server',
      'accounts.google.com:sub': '1',
      'accounts.google.com:amr': ['pwd', 'mfa'],
    });
    expect(webIdentityContext('idp.example.com/tenant', { aud: ['a', 'b'], sub: 's', repository: 'ignored' })).toEqual({
      'idp.example.com/tenant:aud': ['a', 'b'],
      'idp.example.com/tenant:sub': 's',
    });
    expect(webIdentityContext('token.actions.githubusercontent.com/acme', { sub: 's', repository_id: '42' })).toEqual({
      'token.actions.githubusercontent.com/acme:sub': 's',
      'token.actions.githubusercontent.com/acme:repository_id': '42',
    });
  });
});
