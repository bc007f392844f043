/**
 * Test support for the SigV4 suites: a small HTTP/1.1 request-text parser for the aws-c-auth vectors,
 * a body hash, a reference signer built from the vector-checked stages, and a SHA-256 for
 * @smithy/signature-v4 (which needs a hash constructor; @smithy/hash-node is not installed).
 */
import { createHash, createHmac } from 'node:crypto';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex, utf8 } from '../../../src/core/bytes';
import {
  canonicalRequest,
  deriveSigningKey,
  hashCanonicalRequest,
  stringToSign,
  type ParsedAuth,
  type SigV4Request,
} from '../../../src/core/sigv4';

/** A parsed request text: the plain request plus its body. */
export interface RequestText extends SigV4Request {
  readonly body: string;
}

/**
 * Parses the suite's request text (`METHOD target HTTP/1.1`, `Name:value` lines, a blank line, body).
 * The target may hold spaces (get-space-*), so method and version are cut at the first and last space.
 * A line that starts with a space or tab continues the previous header (RFC 9112 obs-fold): the line
 * break and the leading whitespace are replaced by one space, as RFC 9112 §5.2 tells a recipient to do.
 */
export function parseRequestText(text: string): RequestText {
  const lines = text.split(/\r?\n/);
  const first = lines[0]!;
  const method = first.slice(0, first.indexOf(' '));
  const target = first.slice(first.indexOf(' ') + 1, first.lastIndexOf(' '));
  const q = target.indexOf('?');
  const headers: Array<[string, string]> = [];
  let i = 1;
  for (; i < lines.length && lines[i] !== ''; i++) {
    const line = lines[i]!;
    if (line[0] === ' ' || line[0] === '\t') {
      const last = headers[headers.length - 1]!;
      last[1] = last[1] + ' ' + line.trimStart();
      continue;
    }
    const colon = line.indexOf(':');
    headers.push([line.slice(0, colon), line.slice(colon + 1)]);
  }
  return {
    method,
    path: q === -1 ? target : target.slice(0, q),
    query: q === -1 ? '' : target.slice(q + 1),
    headers,
    body: lines.slice(i + 1).join('\n'),
  };
}

/** Hex SHA-256 of a body (node:crypto, independent of the code under test). */
export const sha256Hex = (body: string | Uint8Array): string => createHash('sha256').update(body).digest('hex');

/** Flips one character: letters and digits cycle within their class, anything else becomes `x`. */
export function flipChar(s: string, at: number): string {
  const c = s[at]!;
  const next = /[0-8a-yA-Y]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 1) : /[9zZ]/.test(c) ? '0' : 'x';
  return s.slice(0, at) + next + s.slice(at + 1);
}

/** Index of the first letter or digit, for a flip that survives whitespace trimming. */
export const firstAlnum = (s: string): number => s.search(/[A-Za-z0-9]/);

/** Signs a request in the header form with the stages under test (for building edge cases). */
export function signHeaderForm(
  req: SigV4Request,
  opts: { accessKeyId: string; secret: string; amzDate: string; region: string; service: string; body?: string; sessionToken?: string; dateHeader?: string },
): SigV4Request {
  // With `dateHeader`, the time travels in an RFC 1123 `Date` header instead of `X-Amz-Date` (botocore does this).
  const headers: Array<readonly [string, string]> = [...req.headers, opts.dateHeader === undefined ? ['X-Amz-Date', opts.amzDate] : ['Date', opts.dateHeader]];
  if (opts.sessionToken !== undefined) headers.push(['X-Amz-Security-Token', opts.sessionToken]);
  const signedHeaders = [...new Set(headers.map(([n]) => n.toLowerCase()))].sort();
  const scope = { date: opts.amzDate.slice(0, 8), region: opts.region, service: opts.service };
  const parsed: ParsedAuth = { form: 'header', accessKeyId: opts.accessKeyId, scope, signedHeaders, signature: '', amzDate: opts.amzDate };
  const creq = canonicalRequest({ ...req, headers }, parsed, { normalizePath: true, payloadHash: sha256Hex(opts.body ?? '') });
  const sig = toHex(hmac(sha256, deriveSigningKey(opts.secret, scope.date, scope.region, scope.service), utf8(stringToSign(parsed, hashCanonicalRequest(creq)))));
  const auth = `AWS4-HMAC-SHA256 Credential=${opts.accessKeyId}/${scope.date}/${scope.region}/${scope.service}/aws4_request, SignedHeaders=${signedHeaders.join(';')}, Signature=${sig}`;
  return { ...req, headers: [...headers, ['Authorization', auth]] };
}

/** `YYYYMMDDTHHMMSSZ` of a Date. */
export const amzDateOf = (d: Date): string => d.toISOString().replace(/[-:]|\.\d{3}/g, '');

/** SHA-256 / HMAC-SHA256 with the `Checksum` shape @smithy/signature-v4 expects, on node:crypto. */
export class NodeSha256 {
  readonly #h: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    const key = secret === undefined || typeof secret === 'string' ? secret : ArrayBuffer.isView(secret) ? new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength) : new Uint8Array(secret);
    this.#h = key === undefined ? createHash('sha256') : createHmac('sha256', key);
  }
  update(data: string | Uint8Array): void {
    this.#h.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#h.digest()));
  }
  reset(): void {}
}
