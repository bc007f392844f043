/**
 * @module Reading an AWS Query request off the wire: the raw request as SigV4 needs it, the bounded body,
 * the merged query-string and form parameters, and the request facts condition keys use.
 */
import type { Context } from 'hono';
import { AwsError } from '../core/errors';
import type { SigV4Request } from '../core/sigv4/index';
import { parseQuery, type QueryParams } from '../protocol/query/index';
import type { AppEnv } from '../env';
import { readCapped } from '../core/read-capped';

/** Largest request body read (bytes); policies are at most 10 KB, so 1 MiB is ample. */
export const MAX_BODY_BYTES = 1_048_576;

/** Facts of the request that reach condition keys (`aws:SourceIp`, `aws:userAgent`, `aws:SecureTransport`). */
export interface RequestFacts {
  sourceIp: string | null;
  userAgent: string | null;
  secureTransport: boolean;
}

/** A parsed Query request. */
export interface QueryRequest {
  /** What SigV4 signs: method, raw path and query, header lines in order. */
  signed: SigV4Request;
  body: Uint8Array;
  /** Query-string parameters, then form parameters (a form value wins). */
  params: Map<string, string>;
  facts: RequestFacts;
  /** `x-iam-bookmark` sent back by the client, if any. */
  bookmark: string | null;
}

/** One decoder for every request (decoding without `stream` keeps no state between calls). */
const UTF8 = new TextDecoder();

/**
 * A D1 bookmark as the client sent it back, or null when it does not look like one (hex groups joined by
 * `-`, as D1 writes them): a malformed value is ignored rather than handed to D1.
 */
export function bookmarkOf(header: string | null | undefined): string | null {
  return header && header.length <= 256 && /^[0-9a-f]+(-[0-9a-f]+)*$/i.test(header) ? header : null;
}

const tooLarge = () => new AwsError('RequestEntityTooLarge', 'Request body too large.', 413);

/** Reads and parses the request; throws AWS errors for an oversized or non-form body. */
export async function readQueryRequest(c: Context<AppEnv>): Promise<QueryRequest> {
  const raw = c.req.raw;
  if (Number(raw.headers.get('content-length') ?? '0') > MAX_BODY_BYTES) throw tooLarge();
  // INVARIANT: the body is read chunk by chunk against the limit, before authentication: a chunked body
  // without Content-Length costs at most 1 MiB however long the client keeps sending.
  let body: Uint8Array = new Uint8Array();
  if (raw.method === 'POST') {
    const read = await readCapped(raw, MAX_BODY_BYTES);
    if (!read.ok) throw read.error === 'too-large' ? tooLarge() : new AwsError('InvalidRequest', 'The request body could not be read.', 400);
    body = read.value;
  }

  const url = new URL(raw.url);
  const signed = signedRequestOf(raw, url);
  const params = parseQuery(signed.query);
  if (body.length > 0) {
    if (!(raw.headers.get('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      throw new AwsError('InvalidParameterValue', 'The request must be form-encoded (application/x-www-form-urlencoded).', 400);
    }
    for (const [k, v] of parseQuery(UTF8.decode(body))) params.set(k, v);
  }
  return {
    signed,
    body,
    params,
    facts: requestFactsOf(raw, url),
    bookmark: bookmarkOf(raw.headers.get('x-iam-bookmark')),
  };
}

/** What SigV4 signs of `raw`: method, raw path and query, header lines in order (also the JSON endpoint's). */
export function signedRequestOf(raw: Request, url = new URL(raw.url)): SigV4Request {
  const headers: [string, string][] = [];
  raw.headers.forEach((value, name) => headers.push([name, value]));
  // HTTP/2 and in-process calls carry the authority in the URL, not in a Host header; clients sign it as `host`.
  if (!raw.headers.has('host')) headers.push(['host', url.host]);
  const rawPath = raw.url.slice(url.origin.length).split('?')[0] || '/';
  return { method: raw.method, path: rawPath, query: url.search.slice(1), headers };
}

/** The request's facts for condition keys. */
export function requestFactsOf(raw: Request, url = new URL(raw.url)): RequestFacts {
  return {
    sourceIp: raw.headers.get('cf-connecting-ip'),
    userAgent: raw.headers.get('user-agent'),
    secureTransport: url.protocol === 'https:',
  };
}

export type { QueryParams };
