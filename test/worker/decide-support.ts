/**
 * Helpers for the decision path's tests (test/worker/decide-*.test.ts): the example SaaS's catalog (acme:
 * projects and documents, examples/acme/acme.service.json) declared through the operator API, tenants' requests signed by aws4fetch (an
 * independent SigV4 client) for the SaaS's service, and the decision functions called with the Worker's
 * real bindings and an execution context whose waitUntil work is awaited.
 */
import { AwsClient } from 'aws4fetch';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import type { SignedRequest } from '../../src/core/decision/contract';
import * as decide from '../../src/data-plane/decide';
import type { Edge } from '../../src/data-plane/edge';
import { advanceClock, call, clockNow, operator, type Keys } from './support';

const ACME_TEXT = Object.values(import.meta.glob('/examples/acme/acme.service.json', { query: '?raw', import: 'default', eager: true }))[0] as string;
let installed: Promise<void> | undefined;

/**
 * Declares the example SaaS's service (once per test file), then moves the clock past the catalog cache's
 * TTL (5 s), so every later decision sees it without a bookmark.
 */
export function installAcme(): Promise<void> {
  installed ??= (async () => {
    const res = await operator('PUT', '/services/acme', JSON.parse(ACME_TEXT));
    if (res.status !== 200 && res.status !== 201) throw new Error(`PUT /operator/services/acme: ${res.status} ${await res.text()}`);
    advanceClock(5_001);
  })();
  return installed;
}

export const REGION = 'us-east-1';
export const ORIGIN = 'https://api.acme.test';

/** A tenant's request to the SaaS, signed by aws4fetch, as the SaaS passes it on. */
export async function signed(
  keys: Keys,
  opts: { method?: string; path?: string; body?: string; service?: string; region?: string; presign?: boolean; at?: number; headers?: Record<string, string> } = {},
): Promise<SignedRequest> {
  const client = new AwsClient({ ...keys, service: opts.service ?? 'acme', region: opts.region ?? REGION });
  const method = opts.method ?? (opts.body === undefined ? 'GET' : 'POST');
  const req = await client.sign(`${ORIGIN}${opts.path ?? '/projects/p1'}`, {
    method,
    headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(opts.headers ?? {}) },
    ...(opts.body !== undefined ? { body: opts.body } : {}),
    aws: { datetime: new Date(opts.at ?? clockNow()).toISOString().replace(/[:-]|\.\d{3}/g, ''), ...(opts.presign ? { signQuery: true } : {}) },
  });
  const headers: Record<string, string> = {};
  req.headers.forEach((v, k) => (headers[k] = v));
  return { method, url: req.url, headers, bodySha256: await sha256Hex(opts.body ?? '') };
}

export async function sha256Hex(text: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Runs a decision function with the Worker's bindings and a fresh execution context, at the test clock's time. */
async function run<T>(f: (edge: Edge, input: unknown, now: Date) => Promise<T>, input: unknown): Promise<T> {
  await installAcme();
  const ctx = createExecutionContext();
  const out = await f({ env: env as never, executionCtx: ctx }, input, new Date(clockNow()));
  await waitOnExecutionContext(ctx);
  return out;
}

export const authenticate = (input: unknown) => run(decide.authenticate, input);
export const authorize = (input: unknown) => run(decide.authorize, input);
export const batchAuthorize = (input: unknown) => run(decide.batchAuthorize, input);
export const planResources = (input: unknown) => run(decide.planResources, input);

/** An ARN of the example SaaS. */
export const projectArn = (account: string, id = 'p1') => `arn:aws:acme:${REGION}:${account}:project/${id}`;
export const documentArn = (account: string, project: string, id: string) => `arn:aws:acme:${REGION}:${account}:project/${project}/document/${id}`;

/** An IAM write; returns its projection bookmark, which a later decision sends back to see it. */
export async function write(keys: Keys, action: string, params: Record<string, string>): Promise<string> {
  const r = await call(keys, action, params);
  if (r.status !== 200) throw new Error(`${action} failed: ${r.xml}`);
  return r.headers.get('x-iam-bookmark')!;
}

/** The scope of a decision call by `keys` (a request signed now for acme in us-east-1), plus `extra`. */
export async function by(keys: Keys, extra: Record<string, unknown> = {}, sign: Parameters<typeof signed>[1] = {}) {
  return { service: 'acme', region: REGION, caller: { request: await signed(keys, sign) }, ...extra };
}
