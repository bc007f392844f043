/**
 * Small helpers shared by the e2e test files: catching an SDK error, reading AWS Query XML with an
 * independent parser (fast-xml-parser), SigV4 dates, signing with @smithy/signature-v4, and making
 * IAM users with keys through the SDK.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { CreateAccessKeyCommand, CreateUserCommand, type IAMClient } from '@aws-sdk/client-iam';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { XMLParser } from 'fast-xml-parser';
import { expect } from 'vitest';
import { endpoint, REGION, type Credentials } from './clients';

/** What the AWS SDK v3 throws for a service error (the fields the tests read). */
export interface SdkError extends Error {
  Code?: string;
  Type?: string;
  $fault?: string;
  $metadata: { httpStatusCode?: number; requestId?: string };
}

/** Awaits `p`, which must reject, and returns the error (fails the test when it resolves). */
export async function sdkError(p: Promise<unknown>): Promise<SdkError> {
  let result: unknown;
  try {
    result = await p;
  } catch (e) {
    return e as SdkError;
  }
  throw new Error(`expected the call to fail, it answered ${JSON.stringify(result)}`);
}

/** Asserts an SDK error's name, AWS code, HTTP status and (when given) exact message. */
export function expectSdkError(
  e: SdkError,
  want: { name: string; code: string; status: number; message?: string | RegExp },
): void {
  expect({ name: e.name, code: e.Code, status: e.$metadata.httpStatusCode }).toEqual({
    name: want.name,
    code: want.code,
    status: want.status,
  });
  if (typeof want.message === 'string') expect(e.message).toBe(want.message);
  else if (want.message) expect(e.message).toMatch(want.message);
}

const xml = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: false });

/** Parses an XML body with fast-xml-parser (text values stay strings). */
export function parseXml(text: string): Record<string, any> {
  return xml.parse(text) as Record<string, any>;
}

/** An `<ErrorResponse>` body's fields, asserted to be AWS's shape. */
export function parseErrorResponse(text: string): { type: string; code: string; message: string; requestId: string } {
  const doc = parseXml(text);
  expect(doc, text).toHaveProperty('ErrorResponse.Error.Code');
  const er = doc.ErrorResponse;
  return { type: er.Error.Type, code: er.Error.Code, message: er.Error.Message, requestId: er.RequestId };
}

/** Reads a Response known to be an AWS error and returns its status and fields. */
export async function awsErrorOf(res: Response) {
  const text = await res.text();
  return { status: res.status, requestIdHeader: res.headers.get('x-amzn-requestid'), ...parseErrorResponse(text), text };
}

/** SigV4's `X-Amz-Date` form of a date: `20150830T123600Z`. */
export function amzDate(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export const IAM_VERSION = '2010-05-08';
export const STS_VERSION = '2011-06-15';

/** SHA-256 / HMAC-SHA256 in the shape @smithy/signature-v4 wants (its `sha256` constructor), from node:crypto. */
type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytesOf = (d: SourceData): string | Uint8Array =>
  typeof d === 'string' ? d : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d);

class NodeSha256 {
  readonly #secret: string | Uint8Array | undefined;
  #h: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.#secret = secret === undefined ? undefined : bytesOf(secret);
    this.#h = this.#fresh();
  }
  #fresh(): Hash | Hmac {
    return this.#secret === undefined ? createHash('sha256') : createHmac('sha256', this.#secret);
  }
  update(data: SourceData): void {
    this.#h.update(bytesOf(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#h.digest());
  }
  reset(): void {
    this.#h = this.#fresh();
  }
}

/**
 * A request signed by @smithy/signature-v4 (the AWS SDK's own signer, which signs `x-amz-content-sha256`),
 * as plain fetch() arguments so a test can alter it before sending.
 */
export async function smithySigned(
  credentials: Credentials,
  service: 'iam' | 'sts',
  body: string,
  opts: { signingDate?: Date } = {},
): Promise<{ url: string; headers: Record<string, string>; body: string }> {
  const url = new URL(`${endpoint()}/`);
  const signer = new SignatureV4({ credentials, region: REGION, service, sha256: NodeSha256, applyChecksum: true });
  const request = new HttpRequest({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  const signed = await signer.sign(request, opts.signingDate ? { signingDate: opts.signingDate } : {});
  return { url: url.toString(), headers: signed.headers as Record<string, string>, body };
}

/** Creates a user (no policies) and one access key for it; returns the user's credentials. */
export async function userWithKey(
  iam: IAMClient,
  userName: string,
  path?: string,
): Promise<{ userName: string; userId: string; arn: string; credentials: Credentials }> {
  const { User } = await iam.send(new CreateUserCommand({ UserName: userName, ...(path ? { Path: path } : {}) }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  return {
    userName,
    userId: User!.UserId!,
    arn: User!.Arn!,
    credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! },
  };
}

/** A well-formed access key id of `accountId` that was never issued: the real one with its random tail changed. */
export function unissuedKeyIdLike(accessKeyId: string): string {
  const tail = accessKeyId.slice(-4) === 'ZZZZ' ? 'YYYY' : 'ZZZZ';
  return accessKeyId.slice(0, -4) + tail;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A session token as the service seals it (core/session-token.ts): `EIAM1.` and a sealed value (core/secret-box.ts). */
export const SESSION_TOKEN = /^EIAM1\.v1\.[0-9a-f]{16}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/;

/**
 * A Date the server set during [from, to] (epoch ms, this machine's clock, which the local server shares),
 * plus `offsetMs` (a duration it added); its dates are whole seconds, so `from` counts from its second.
 */
export function expectDateDuring(d: unknown, from: number, to: number, offsetMs = 0): void {
  expect(d).toBeInstanceOf(Date);
  const t = (d as Date).getTime();
  expect(t).toBeGreaterThanOrEqual(Math.floor(from / 1000) * 1000 + offsetMs);
  expect(t).toBeLessThanOrEqual(to + offsetMs);
}
