/**
 * @module The tenant's request as the decision service needs it: the signature's inputs (method, full URL,
 * the headers the signature covers, the body's SHA-256) and the facts that become global condition keys
 * (`aws:SourceIp`, `aws:userAgent`, `aws:SecureTransport`). No secret is here: the IAM Worker holds the key
 * and checks the signature itself.
 *
 * The signature is read here first (core/sigv4's parser, the one the IAM Worker uses), so an unsigned or
 * malformed request is answered without a call, and the caller's account is known from its access key id
 * (which carries it, core/ids.ts) before the call that verifies it.
 *
 * The body is hashed from a clone of the request, so the handler still reads it (`c.req.json()` as well
 * as `c.req.raw`), and with a cap, so an endless body costs at most the cap (core/read-capped.ts). A body an
 * earlier middleware already read is taken from Hono's body cache (exact when it was read as text or bytes;
 * one read only as JSON comes back re-serialized and will not match its signature: put this middleware first).
 * Spec: IAM User Guide, "Elements of an AWS API request signature" (what a verifier needs);
 * "AWS global condition context keys" (aws:SourceIp, aws:userAgent, aws:SecureTransport).
 */
import type { Context } from 'hono';
import { toHex } from '../core/bytes';
import type { RequestFacts, SignedRequest } from '../core/decision/contract';
import { parseIp } from '../core/policy/conditions/ip';
import { readCapped } from '../core/read-capped';
import { EMPTY_SHA256_HEX, parseSigV4, requestTarget, type ParsedAuth, type SigV4Failure } from '../core/sigv4/index';
import type { Result } from '../core/result';

/** Where `aws:SourceIp` comes from: a header the SaaS trusts, a function, or nowhere (the default). */
export type SourceIpOption = 'cf-connecting-ip' | 'x-forwarded-for' | ((c: Context) => string | undefined);

/** Headers every signature check may read besides the signed ones. */
const AUTH_HEADERS = ['authorization', 'x-amz-date', 'date', 'x-amz-security-token', 'x-amz-content-sha256'];

/** The request's headers as `[name, value]` pairs (names lower-case, as `Headers` gives them), read once. */
export function headerPairs(req: Request): [string, string][] {
  const headers: [string, string][] = [];
  req.headers.forEach((value, name) => headers.push([name, value]));
  return headers;
}

/**
 * The signature of `req` as core/sigv4 reads it (no verification). `headers`: the request's pairs when the
 * caller already has them (the middleware reads them once for this and for `signedRequestOf`).
 */
export function parseSignature(req: Request, headers: readonly (readonly [string, string])[] = headerPairs(req)): Result<ParsedAuth, SigV4Failure> {
  // The raw path and query sliced from the URL string: the same parts `new URL` gives, without the parse.
  const { path, query } = requestTarget(req.url);
  return parseSigV4({ method: req.method, path, query, headers });
}

/**
 * The request for the decision service: only the headers the check reads (the signed ones and the
 * signature's own), so the SaaS's cookies and other headers stay in the SaaS.
 */
export function signedRequestOf(req: Request, parsed: ParsedAuth, bodySha256: string, headers: readonly (readonly [string, string])[] = headerPairs(req)): SignedRequest {
  const sent: Record<string, string> = {};
  for (const [name, value] of headers) {
    if (AUTH_HEADERS.includes(name) || parsed.signedHeaders.includes(name)) sent[name] = value;
  }
  // A runtime may keep `host` out of a Request's headers (undici does); the client signed the URL's.
  if (sent.host === undefined && parsed.signedHeaders.includes('host')) sent.host = new URL(req.url).host;
  return { method: req.method, url: req.url, headers: sent, bodySha256 };
}

/**
 * Lower-case hex SHA-256 of the body, read from a clone; `too-large` past `maxBytes`. When a middleware
 * before this one already read the body, `consumed` gives it back (Hono's body cache, `c.req.arrayBuffer()`).
 */
export async function bodySha256(req: Request, maxBytes: number, consumed?: () => Promise<ArrayBuffer>): Promise<string | 'too-large'> {
  if (req.body === null) return EMPTY_SHA256_HEX;
  let bytes: Uint8Array;
  if (req.bodyUsed) {
    if (consumed === undefined) throw new Error('the request body was already read');
    bytes = new Uint8Array(await consumed());
    if (bytes.byteLength > maxBytes) return 'too-large';
  } else {
    const read = await readCapped(req.clone(), maxBytes);
    if (!read.ok) {
      if (read.error === 'too-large') return 'too-large';
      throw new Error('the request body could not be read');
    }
    bytes = read.value;
  }
  if (bytes.byteLength === 0) return EMPTY_SHA256_HEX;
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}

const IP = /^[0-9A-Fa-f:.]{2,45}$/;

/** The request's facts: the source IP only from a configured source, the user agent, the scheme. */
export function factsOf(c: Context, sourceIp: SourceIpOption | undefined): RequestFacts {
  // A serialized URL's scheme is lower-case: no parse needed to read it.
  const facts: RequestFacts = { secureTransport: c.req.url.startsWith('https:') };
  const ua = c.req.header('user-agent');
  if (ua !== undefined) facts.userAgent = ua;
  let ip: string | undefined;
  if (sourceIp === 'cf-connecting-ip') ip = c.req.header('cf-connecting-ip');
  // The proxy the SaaS trusts appends the address it saw: the last entry, not the client-written first.
  else if (sourceIp === 'x-forwarded-for') ip = c.req.header('x-forwarded-for')?.split(',').pop();
  else if (typeof sourceIp === 'function') ip = sourceIp(c);
  ip = ip?.trim();
  // Only a well-formed address (as IAM's IP operators parse it): anything else is left out, so a policy
  // on aws:SourceIp sees no address (IpAddress allows nothing, NotIpAddress denies), never a bad one.
  if (ip !== undefined && IP.test(ip) && parseIp(ip) !== undefined) facts.sourceIp = ip;
  return facts;
}
