/**
 * What the issuer key cache (data-plane/oidc-keys.ts) keeps of a JWK Set, and the memory it may hold in all.
 *
 * The attack (security review of issue 7, M2): any tenant registers up to 100 OIDC providers whose JWK Sets
 * are 512 KiB of `{"kty":"a"}` (~43,700 objects each) and triggers each fetch with an unsigned
 * AssumeRoleWithWebIdentity. Kept whole, 100 such sets retained ~173 MB in Node, more than an isolate's
 * 128 MB. The same with sets of real-looking RSA keys with 8192-bit moduli (the largest members the
 * verifier reads). Both must stay under the cache's byte budget, by its own accounting and by the heap.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, MAX_CACHE_BYTES, MAX_KEYS_PER_SET, OidcKeyFetcher } from '../../../src/data-plane/oidc-keys';
import { claims, CLIENT_ID, newKey, NOW_MS, sign } from './keys';
import { verifyWebIdentityToken } from '../../../src/data-plane/web-identity';
import type { Env } from '../../../src/env';

let server: Server;
let origin: string;
/** JWK Set bodies by issuer path. */
const sets = new Map<string, string>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const m = /^(\/[^/]+)(\/\.well-known\/openid-configuration|\/jwks)$/.exec(path);
    const body = m ? sets.get(m[1]!) : undefined;
    if (!m || body === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' });
    if (m[2] === '/jwks') return void res.end(body);
    res.end(JSON.stringify({ issuer: `${origin}${m[1]}`, jwks_uri: `${origin}${m[1]}/jwks` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** A JWK Set body of `{"keys":[item, item, …]}` just under MAX_BODY_BYTES. */
function setOf(item: (i: number) => string): string {
  const parts: string[] = [];
  let size = '{"keys":[]}'.length;
  for (let i = 0; ; i++) {
    const s = item(i);
    if (size + s.length + 1 > MAX_BODY_BYTES) break;
    parts.push(s);
    size += s.length + 1;
  }
  return `{"keys":[${parts.join(',')}]}`;
}

const b64url = (bytes: number, fill: string) => fill.repeat(Math.ceil((bytes * 4) / 3));
/** An RSA public key with an 8192-bit modulus (1024 bytes → 1366 base64url characters). */
const bigRsa = (i: number) => JSON.stringify({ kty: 'RSA', kid: `k${i}`, use: 'sig', alg: 'RS256', n: `${b64url(1024, 'w')}`.slice(0, 1366), e: 'AQAB' });

/** V8's collector, when Node lets us expose it (it does: --expose-gc can be set at run time). */
function collector(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

async function fill(f: OidcKeyFetcher, prefix: string, body: string, issuers: number): Promise<void> {
  for (let i = 0; i < issuers; i++) sets.set(`/${prefix}${i}`, body);
  // Ten at a time: the fetcher's concurrency bound is 16.
  for (let i = 0; i < issuers; i += 10) {
    const batch = Array.from({ length: Math.min(10, issuers - i) }, (_, j) => f.keys(`${origin}/${prefix}${i + j}`));
    for (const r of await Promise.all(batch)) expect(r.ok).toBe(true);
  }
}

describe('OidcKeyFetcher refused answers', () => {
  it.each([
    ['a 503', 503, 'idp-unreachable'],
    ['a 404', 404, 'keys-unavailable'],
  ])('answers %s whose body cancel never settles at once, not never', async (_name, code, reason) => {
    // The body is dropped, not drained; a peer whose cancellation never completes must not hold the call.
    const hanging = () => new ReadableStream<Uint8Array>({ cancel: () => new Promise<void>(() => undefined) });
    const f = new OidcKeyFetcher({ fetch: async () => new Response(hanging(), { status: code }), timeoutMs: 60_000 });
    const r = await Promise.race([f.keys('https://hang.example'), new Promise((resolve) => setTimeout(() => resolve('hung'), 1_000))]);
    expect(r).toMatchObject({ ok: false, error: { reason } });
  });
});

describe('OidcKeyFetcher memory', () => {
  it.each([
    ['43,700 {"kty":"a"} per set', 'a', () => setOf(() => '{"kty":"a"}')],
    ['hundreds of 8192-bit RSA keys per set', 'rsa', () => setOf(bigRsa)],
  ])('100 issuers of %s stay under the byte budget (accounting and heap)', async (_name, prefix, body) => {
    const gc = collector();
    const f = new OidcKeyFetcher({ allowInsecureLoopback: true });
    const text = body();
    gc?.();
    const before = process.memoryUsage().heapUsed;
    await fill(f, prefix, text, 100);
    expect(f.retainedBytes).toBeGreaterThan(0);
    expect(f.retainedBytes).toBeLessThanOrEqual(MAX_CACHE_BYTES);
    if (gc) {
      gc();
      const grown = process.memoryUsage().heapUsed - before;
      // Measured without the fix: ~173 MB for the first shape, ~50 MB for the second.
      expect(grown).toBeLessThan(MAX_CACHE_BYTES + 8 * 1024 * 1024);
    }
    expect(f.size).toBeGreaterThan(0); // keeps f (and its cache) alive until measured
    for (let i = 0; i < 100; i++) sets.delete(`/${prefix}${i}`);
  });

  it('keeps only the members the verifier reads, of supported key types, within length caps, at most MAX_KEYS_PER_SET', async () => {
    const good = await newKey('RS256');
    const ec = await newKey('ES256');
    const keys = [
      { ...good.jwk, x5c: ['A'.repeat(4000)], junk: { deep: ['x'.repeat(1000)] } },
      { ...ec.jwk, key_ops: ['verify'], d: 'private-member-never-kept' },
      { kty: 'oct', kid: 'sym', k: 'c2VjcmV0' }, // unsupported type
      { kty: 'OKP', kid: 'ed', crv: 'Ed25519', x: 'abc' }, // unsupported type
      { kty: 'RSA', kid: 'too-long-n', n: 'w'.repeat(5000), e: 'AQAB' },
      { kty: 'RSA', kid: 'k'.repeat(5000), n: 'w'.repeat(342), e: 'AQAB' },
      { kty: 'RSA', kid: 'bad-use', use: { sig: true }, n: 'w'.repeat(342), e: 'AQAB' },
      { kty: 'EC', kid: 'bad-ops', key_ops: 'verify', crv: 'P-256', x: 'x', y: 'y' },
      ...Array.from({ length: 150 }, (_, i) => ({ kty: 'EC', kid: `filler${i}`, crv: 'P-256', x: 'x', y: 'y' })),
    ];
    sets.set('/members', JSON.stringify({ keys }));
    const f = new OidcKeyFetcher({ allowInsecureLoopback: true });
    const r = await f.keys(`${origin}/members`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.keys).toHaveLength(MAX_KEYS_PER_SET);
    expect(r.value.keys[0]).toEqual({ kty: 'RSA', kid: good.kid, alg: 'RS256', use: 'sig', n: good.jwk.n, e: good.jwk.e });
    expect(r.value.keys[1]).toEqual({ kty: 'EC', kid: ec.kid, alg: 'ES256', use: 'sig', key_ops: ['verify'], crv: 'P-256', x: ec.jwk.x, y: ec.jwk.y });
    expect(r.value.keys[2]!.kid).toBe('filler0');
    expect(r.value.keys.at(-1)!.kid).toBe(`filler${MAX_KEYS_PER_SET - 3}`);
    // The retained keys still verify a token (the verifier reads nothing that was dropped).
    const token = await sign(good, claims({ iss: `${origin}/members` }));
    const verified = await verifyWebIdentityToken({} as Env, token, `${origin}/members`, [CLIENT_ID], NOW_MS, f);
    expect(verified.subject).toBe(claims().sub);
  });

  it('evicts the least recently used issuers when the byte budget is passed, and refetches them when asked again', async () => {
    const body = setOf(bigRsa);
    const f = new OidcKeyFetcher({ allowInsecureLoopback: true, maxCacheBytes: 1024 * 1024 });
    await fill(f, 'lru', body, 10);
    expect(f.retainedBytes).toBeLessThanOrEqual(1024 * 1024);
    const kept = f.size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(10);
    // The most recent issuer is kept, the first evicted.
    const last = f.retainedBytes;
    expect((await f.keys(`${origin}/lru9`)).ok).toBe(true);
    expect(f.retainedBytes).toBe(last);
    expect((await f.keys(`${origin}/lru0`)).ok).toBe(true);
    expect(f.size).toBe(kept);
    f.clear();
    expect(f.retainedBytes).toBe(0);
  });
});
