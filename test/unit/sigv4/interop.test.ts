/**
 * Requests signed by independent clients (@smithy/signature-v4, the AWS SDK's signer, and aws4fetch)
 * must verify: IAM-style form POSTs and GETs with a query, in the header and the presigned form.
 */
import { describe, expect, it } from 'vitest';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { AwsV4Signer } from 'aws4fetch';
import { parseSigV4, SigningKeyCache, verifySigV4, type SigV4Request, type Verified } from '../../../src/core/sigv4';
import { NodeSha256, sha256Hex } from './support';

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const token = 'IQoJb3JpZ2luX2VjEXAMPLE+token/with==';
const signingDate = new Date('2026-03-01T10:20:30Z');
const FORM = 'application/x-www-form-urlencoded; charset=utf-8';
const BODY = 'Action=CreateUser&UserName=alice&Path=%2Fdivision_abc%2Fsubdivision_xyz%2F&Version=2010-05-08';

/** RFC 3986 query serialization, as the SDK puts a query object on the wire. */
const rfc3986 = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
const queryString = (q: Record<string, string | string[] | null> = {}): string =>
  Object.entries(q)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v ?? '']).map((x) => `${rfc3986(k)}=${rfc3986(x)}`))
    .join('&');

/** The parts of a signed smithy request the server sees. */
interface SmithySigned {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
}

/** What the server sees of a smithy request. */
function fromSmithy(r: SmithySigned, body = ''): SigV4Request & { body: string } {
  return { method: r.method, path: r.path, query: queryString(r.query), headers: Object.entries(r.headers), body };
}

/** What the server sees of an aws4fetch request (it keeps Host in the URL, not in its headers). */
function fromAws4fetch(s: { method: string; url: URL; headers: Headers }, body = ''): SigV4Request & { body: string } {
  return { method: s.method, path: s.url.pathname, query: s.url.search.slice(1), headers: [['Host', s.url.host], ...s.headers], body };
}

function verifyAt(req: SigV4Request & { body: string }, service: string, now = signingDate, cache?: SigningKeyCache) {
  const parsed = parseSigV4(req);
  if (!parsed.ok) return parsed;
  return verifySigV4({
    request: req,
    parsed: parsed.value,
    secretAccessKey: credentials.secretAccessKey,
    bodySha256Hex: sha256Hex(req.body),
    now,
    expectedService: service,
    expectedRegion: 'us-east-1',
    ...(cache ? { cache } : {}),
  });
}

const okValue = (v: ReturnType<typeof verifyAt>): Verified => {
  if (!v.ok) throw new Error(`${v.error.reason}: ${v.error.detail}`);
  return v.value;
};

const smithy = (service: string, sessionToken?: string) =>
  new SignatureV4({ credentials: { ...credentials, ...(sessionToken ? { sessionToken } : {}) }, region: 'us-east-1', service, sha256: NodeSha256 });

const iamPost = (extraHeaders: Record<string, string> = {}) =>
  new HttpRequest({
    method: 'POST',
    protocol: 'https:',
    hostname: 'iam.amazonaws.com',
    path: '/',
    headers: { host: 'iam.amazonaws.com', 'content-type': FORM, 'content-length': String(BODY.length), ...extraHeaders },
    body: BODY,
  });

const iamGet = () =>
  new HttpRequest({
    method: 'GET',
    protocol: 'https:',
    hostname: 'iam.amazonaws.com',
    path: '/',
    query: { Action: 'ListUsers', Version: '2010-05-08', PathPrefix: '/division abc/', Marker: 'a+b~c*', 'Tag.member.1': 'ሴ' },
    headers: { host: 'iam.amazonaws.com' },
  });

describe('@smithy/signature-v4 (the AWS SDK signer)', () => {
  it('signs an IAM form POST that verifies', async () => {
    const signed = await smithy('iam').sign(iamPost(), { signingDate });
    expect(okValue(verifyAt(fromSmithy(signed, BODY), 'iam'))).toMatchObject({ accessKeyId: credentials.accessKeyId, form: 'header' });
  });

  it('signs an STS form POST with a session token and x-amz-content-sha256 that verifies', async () => {
    const signed = await smithy('sts', token).sign(iamPost({ 'x-amz-content-sha256': sha256Hex(BODY) }), { signingDate });
    const req = fromSmithy(signed, BODY);
    expect(req.headers.map(([n]) => n)).toContain('x-amz-content-sha256');
    expect(okValue(verifyAt(req, 'sts')).sessionToken).toBe(token);
  });

  it('signs a GET with a query (spaces, +, *, ~, UTF-8) that verifies', async () => {
    const signed = await smithy('iam').sign(iamGet(), { signingDate });
    expect(okValue(verifyAt(fromSmithy(signed), 'iam')).form).toBe('header');
  });

  it('presigns a GET with a query that verifies until X-Amz-Expires', async () => {
    const signed = await smithy('iam', token).presign(iamGet(), { signingDate, expiresIn: 900 });
    const req = fromSmithy(signed);
    expect(okValue(verifyAt(req, 'iam'))).toMatchObject({ form: 'query', sessionToken: token });
    expect(verifyAt(req, 'iam', new Date(signingDate.getTime() + 900_000)).ok).toBe(true);
    const late = verifyAt(req, 'iam', new Date(signingDate.getTime() + 901_000));
    expect(late.ok ? undefined : late.error.reason).toBe('presigned-expired');
  });

  it('refuses a smithy-signed POST whose body changed after signing', async () => {
    const signed = await smithy('iam').sign(iamPost(), { signingDate });
    const req = fromSmithy(signed, BODY);
    // smithy signs x-amz-content-sha256 itself, so the claimed hash no longer fits the received body.
    expect(req.headers.map(([n]) => n)).toContain('x-amz-content-sha256');
    const v = verifyAt({ ...req, body: BODY.replace('alice', 'mallory') }, 'iam');
    expect(v.ok ? undefined : v.error.reason).toBe('payload-hash-mismatch');
    const stripped = req.headers.filter(([n]) => n !== 'x-amz-content-sha256');
    const w = verifyAt({ ...req, headers: stripped, body: BODY.replace('alice', 'mallory') }, 'iam');
    expect(w.ok ? undefined : w.error.reason).toBe('signature-mismatch');
  });

  it('verifies twice through a warm signing-key cache', async () => {
    const cache = new SigningKeyCache();
    const req = fromSmithy(await smithy('iam').sign(iamPost(), { signingDate }), BODY);
    expect(verifyAt(req, 'iam', signingDate, cache).ok).toBe(true);
    expect(verifyAt(req, 'iam', signingDate, cache).ok).toBe(true);
    expect(cache.size).toBe(1);
  });
});

describe('aws4fetch (AwsV4Signer)', () => {
  const datetime = '20260301T102030Z';
  const base = { ...credentials, service: 'iam', region: 'us-east-1', datetime };

  it('signs an IAM form POST in the header form that verifies', async () => {
    const s = await new AwsV4Signer({ ...base, method: 'POST', url: 'https://iam.amazonaws.com/', headers: { 'content-type': FORM }, body: BODY }).sign();
    expect(okValue(verifyAt(fromAws4fetch(s, BODY), 'iam')).form).toBe('header');
  });

  it('signs a GET with a query in the header form that verifies (+ read as a space)', async () => {
    const url = 'https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08&PathPrefix=%2Fdivision%20abc%2F&Marker=a+b&Tag.member.1=%E1%88%B4';
    const s = await new AwsV4Signer({ ...base, method: 'GET', url, sessionToken: token }).sign();
    expect(okValue(verifyAt(fromAws4fetch(s), 'iam')).sessionToken).toBe(token);
  });

  it('presigns a GET (signQuery) without X-Amz-Expires: valid within the clock skew', async () => {
    const url = 'https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08';
    const s = await new AwsV4Signer({ ...base, method: 'GET', url, signQuery: true, sessionToken: token }).sign();
    const req = fromAws4fetch(s);
    expect(req.query).not.toContain('X-Amz-Expires');
    expect(okValue(verifyAt(req, 'iam'))).toMatchObject({ form: 'query', sessionToken: token });
    expect(verifyAt(req, 'iam', new Date(signingDate.getTime() + 301_000)).ok).toBe(false);
  });

  it('presigns a GET (signQuery) with X-Amz-Expires and an appended session token', async () => {
    const url = 'https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08&X-Amz-Expires=3600';
    const s = await new AwsV4Signer({ ...base, method: 'GET', url, signQuery: true, sessionToken: token, appendSessionToken: true }).sign();
    const req = fromAws4fetch(s);
    expect(okValue(verifyAt(req, 'iam', new Date(signingDate.getTime() + 3_000_000)))).toMatchObject({ form: 'query', sessionToken: token });
  });

  it('presigns a form POST (signQuery) that verifies against the body it carries', async () => {
    const s = await new AwsV4Signer({ ...base, method: 'POST', url: 'https://iam.amazonaws.com/', headers: { 'content-type': FORM }, body: BODY, signQuery: true }).sign();
    expect(verifyAt(fromAws4fetch(s, BODY), 'iam').ok).toBe(true);
    expect(verifyAt(fromAws4fetch(s, BODY + '&x=1'), 'iam').ok).toBe(false);
  });
});
