/**
 * Calling the example SaaS (examples/acme, served beside edge-iam by the e2e harness) the way its tenants
 * would, with four independent SigV4 signers for service `acme`: curl's `--aws-sigv4`, aws4fetch's
 * AwsClient, the AWS SDK's @smithy/signature-v4, and botocore's SigV4Auth (python3, ./botocore_call.py).
 * Each returns the same {status, headers, body} so one test reads them alike.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { AwsClient } from 'aws4fetch';
import { expect, inject } from 'vitest';
import { REGION, type Credentials } from './clients';

declare module 'vitest' {
  export interface ProvidedContext {
    e2eAcmeUrl: string;
  }
}

/** Origin of the example SaaS (its own loopback port). */
export const acmeUrl = (): string => inject('e2eAcmeUrl');

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Call {
  method?: string;
  /** Path and query on acme (`/projects?maxResults=5`). */
  path: string;
  /** A JSON value (sent as application/json) or text. */
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

const bodyOf = (call: Call): { body?: string; contentType?: string } =>
  call.json !== undefined
    ? { body: JSON.stringify(call.json), contentType: 'application/json' }
    : call.text !== undefined
      ? { body: call.text, contentType: call.headers?.['content-type'] ?? 'text/plain' }
      : {};

async function answerOf(res: Response): Promise<Answer> {
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}

/** aws4fetch (AwsClient, service acme). */
export async function viaAws4fetch(credentials: Credentials, call: Call): Promise<Answer> {
  const aws = new AwsClient({ ...credentials, service: 'acme', region: REGION, retries: 0 });
  const { body, contentType } = bodyOf(call);
  const res = await aws.fetch(`${acmeUrl()}${call.path}`, {
    method: call.method ?? 'GET',
    headers: { ...(contentType ? { 'content-type': contentType } : {}), ...(call.headers ?? {}) },
    ...(body !== undefined ? { body } : {}),
  });
  return answerOf(res);
}

/** A request signed by aws4fetch, as plain fetch() arguments (for tests that alter it before sending). */
export async function signedByAws4fetch(
  credentials: Credentials,
  call: Call,
  opts: { service?: string; region?: string; datetime?: string; signQuery?: boolean } = {},
): Promise<{ url: string; method: string; headers: Record<string, string>; body?: string }> {
  const aws = new AwsClient({ ...credentials, service: opts.service ?? 'acme', region: opts.region ?? REGION, retries: 0 });
  const { body, contentType } = bodyOf(call);
  const req = await aws.sign(`${acmeUrl()}${call.path}`, {
    method: call.method ?? 'GET',
    headers: { ...(contentType ? { 'content-type': contentType } : {}), ...(call.headers ?? {}) },
    ...(body !== undefined ? { body } : {}),
    aws: { ...(opts.datetime ? { datetime: opts.datetime } : {}), ...(opts.signQuery ? { signQuery: true } : {}) },
  });
  return { url: req.url, method: req.method, headers: Object.fromEntries(req.headers), ...(body !== undefined ? { body } : {}) };
}

/** Sends prepared fetch() arguments. */
export async function send(req: { url: string; method: string; headers: Record<string, string>; body?: string }): Promise<Answer> {
  return answerOf(await fetch(req.url, { method: req.method, headers: req.headers, ...(req.body !== undefined ? { body: req.body } : {}) }));
}

class NodeSha256 {
  readonly #secret: Buffer | undefined;
  #chunks: Buffer[] = [];
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#secret = secret === undefined ? undefined : toBuffer(secret);
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#chunks.push(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    const { createHmac } = await import('node:crypto');
    const h = this.#secret ? createHmac('sha256', this.#secret) : createHash('sha256');
    for (const c of this.#chunks) h.update(c);
    return new Uint8Array(h.digest());
  }
  reset(): void {
    this.#chunks = [];
  }
}
function toBuffer(d: string | ArrayBuffer | ArrayBufferView): Buffer {
  return typeof d === 'string' ? Buffer.from(d, 'utf8') : ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d);
}

/** @smithy/signature-v4 (the AWS SDK's signer), service acme; sent with fetch(). */
export async function viaSmithy(credentials: Credentials, call: Call, opts: { signingDate?: Date } = {}): Promise<Answer> {
  return send(await signedBySmithy(credentials, call, opts));
}

/** A request signed by @smithy/signature-v4 as fetch() arguments. */
export async function signedBySmithy(
  credentials: Credentials,
  call: Call,
  opts: { signingDate?: Date; service?: string } = {},
): Promise<{ url: string; method: string; headers: Record<string, string>; body?: string }> {
  const url = new URL(`${acmeUrl()}${call.path}`);
  const { body, contentType } = bodyOf(call);
  const signer = new SignatureV4({ credentials, region: REGION, service: opts.service ?? 'acme', sha256: NodeSha256, applyChecksum: true });
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const request = new HttpRequest({
    method: call.method ?? 'GET',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query,
    headers: { host: url.host, ...(contentType ? { 'content-type': contentType } : {}), ...(call.headers ?? {}) },
    ...(body !== undefined ? { body } : {}),
  });
  const signed = await signer.sign(request, opts.signingDate ? { signingDate: opts.signingDate } : {});
  return { url: url.toString(), method: call.method ?? 'GET', headers: signed.headers as Record<string, string>, ...(body !== undefined ? { body } : {}) };
}

function run(bin: string, args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(bin, args, { timeout: 30_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: number | string }) | null;
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : 127) : 0, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/**
 * curl with `--aws-sigv4 "aws:amz:us-east-1:acme" --user "$AK:$SK"` (plus `x-amz-security-token` for
 * temporary credentials), as the README shows. Reads status and headers from `--write-out` / `-D`.
 */
export async function viaCurl(credentials: Credentials, call: Call): Promise<Answer> {
  const { body, contentType } = bodyOf(call);
  const args = ['-sS', '--aws-sigv4', `aws:amz:${REGION}:acme`, '--user', `${credentials.accessKeyId}:${credentials.secretAccessKey}`];
  if (credentials.sessionToken) args.push('-H', `x-amz-security-token: ${credentials.sessionToken}`);
  args.push('-X', call.method ?? 'GET');
  if (contentType) args.push('-H', `content-type: ${contentType}`);
  for (const [k, v] of Object.entries(call.headers ?? {})) if (k.toLowerCase() !== 'content-type') args.push('-H', `${k}: ${v}`);
  if (body !== undefined) args.push('--data-binary', body);
  args.push('-D', '-', '--', `${acmeUrl()}${call.path}`);
  const r = await run(process.env.CURL ?? 'curl', args);
  if (r.code !== 0) throw new Error(`curl failed (${r.code}): ${r.stderr}`);
  // -D - puts the header block first, then a blank line, then the body.
  const cut = r.stdout.indexOf('\r\n\r\n');
  const head = r.stdout.slice(0, cut).split('\r\n');
  const status = Number(head[0]!.split(' ')[1]);
  const headers: Record<string, string> = {};
  for (const line of head.slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  return { status, headers, body: r.stdout.slice(cut + 4) };
}

/** botocore's SigV4Auth (service acme), sent by botocore's HTTP session (python3). */
export async function viaBotocore(credentials: Credentials, call: Call): Promise<Answer> {
  const { body, contentType } = bodyOf(call);
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'botocore_call.py');
  const spec = {
    method: call.method ?? 'GET',
    url: `${acmeUrl()}${call.path}`,
    headers: { ...(contentType ? { 'content-type': contentType } : {}), ...(call.headers ?? {}) },
    ...(body !== undefined ? { body } : {}),
    service: 'acme',
    region: REGION,
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
  };
  const r = await run(process.env.PYTHON ?? 'python3', [script], JSON.stringify(spec));
  if (r.code !== 0) throw new Error(`botocore_call.py failed (${r.code}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout) as Answer;
}

/** The four signers, by name, for tests run once per client. */
export const CLIENTS = {
  curl: viaCurl,
  aws4fetch: viaAws4fetch,
  'smithy SignatureV4': (c: Credentials, call: Call) => viaSmithy(c, call),
  'botocore SigV4Auth': viaBotocore,
} as const;

/** The JSON body of an answer. */
export const jsonOf = (a: Answer): any => JSON.parse(a.body);

/** Asserts an answer's status (printing the body when it differs). */
export function expectStatus(a: Answer, status: number): void {
  expect({ status: a.status, body: a.status === status ? '' : a.body }).toEqual({ status, body: '' });
}

/**
 * An error answer's AWS code and message, whatever its encoding: JSON (`__type`/`code`, `message`, as
 * REST-JSON services answer) or XML (`<Code>`, `<Message>`, as the Query API does).
 */
export function errorOf(a: Answer): { code: string; message: string; encoded?: string } {
  const type = a.headers['x-amzn-errortype']?.split(':')[0];
  if (a.body.trim().startsWith('{')) {
    const j = JSON.parse(a.body) as Record<string, any>;
    const e = (j.error ?? j.Error ?? j) as Record<string, any>;
    const code = String(e.__type ?? e.code ?? e.Code ?? type ?? '').split('#').pop()!;
    return { code, message: String(e.message ?? e.Message ?? ''), ...(e.encodedMessage || e.EncodedMessage ? { encoded: e.encodedMessage ?? e.EncodedMessage } : {}) };
  }
  const code = /<Code>([^<]*)<\/Code>/.exec(a.body)?.[1] ?? type ?? '';
  const message = /<Message>([^<]*)<\/Message>/.exec(a.body)?.[1] ?? '';
  const unxml = (s: string) => s.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return { code, message: unxml(message) };
}

/** Asserts a refusal: status, AWS code and (exact or pattern) message. */
export function expectRefused(a: Answer, want: { status: number; code: string; message?: string | RegExp }): void {
  expect({ status: a.status, ...errorOf(a), encoded: undefined }, a.body).toMatchObject({
    status: want.status,
    code: want.code,
    ...(typeof want.message === 'string' ? { message: want.message } : {}),
  });
  if (want.message instanceof RegExp) expect(errorOf(a).message).toMatch(want.message);
}

/** AWS's implicit-deny message for an acme action. */
export const implicitDeny = (principalArn: string, action: string, resource: string): string =>
  `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

/** AWS's explicit-deny message for an acme action. */
export const explicitDeny = (principalArn: string, action: string, resource: string): string =>
  `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} with an explicit deny in an identity-based policy`;
