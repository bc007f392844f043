/**
 * The tenant's request as the middleware sends it: the signature read locally, only the headers the check
 * needs (no cookie), the body's hash with the body still readable, and facts from trusted sources only.
 */
import { AwsClient } from 'aws4fetch';
import { Hono, type Context } from 'hono';
import { describe, expect, it } from 'vitest';
import { EMPTY_SHA256_HEX } from '../../../src/core/sigv4';
import { bodySha256, factsOf, parseSignature, signedRequestOf, type SourceIpOption } from '../../../src/middleware/signed-request';

const client = new AwsClient({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret', service: 'acme', region: 'us-east-1' });
const sha256Hex = async (s: string) => Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s))).toString('hex');

describe('parseSignature and signedRequestOf', () => {
  it('read the header form and keep only the signed headers and the signature ones', async () => {
    const req = await client.sign('https://api.acme.test/projects?x=1', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-acme-trace': 't1' },
      body: '{"a":1}',
    });
    // Added after signing, as a browser or a proxy would: not signed, so not sent on.
    const received = new Request(req, { headers: new Headers([...req.headers, ['cookie', 'session=s3cret'], ['x-unsigned', 'v']]) });
    const parsed = parseSignature(received);
    if (!parsed.ok) throw new Error(parsed.error.detail);
    expect(parsed.value.form).toBe('header');
    expect(parsed.value.accessKeyId).toBe('AKIAIOSFODNN7EXAMPLE');
    const signed = signedRequestOf(received, parsed.value, 'ab');
    expect(signed.method).toBe('POST');
    expect(signed.url).toBe('https://api.acme.test/projects?x=1');
    expect(signed.bodySha256).toBe('ab');
    // aws4fetch signs every header but a few (content-type is not among the signed ones).
    expect(parsed.value.signedHeaders).toEqual(['host', 'x-acme-trace', 'x-amz-date']);
    expect(Object.keys(signed.headers).sort()).toEqual(['authorization', 'host', 'x-acme-trace', 'x-amz-date']);
    expect(signed.headers.host).toBe('api.acme.test');
    expect(signed.headers.cookie).toBeUndefined();
  });

  it('read the presigned form from the query', async () => {
    const req = await client.sign('https://api.acme.test/projects/p1', { method: 'GET', aws: { signQuery: true } });
    const parsed = parseSignature(req);
    if (!parsed.ok) throw new Error(parsed.error.detail);
    expect(parsed.value.form).toBe('query');
    expect(signedRequestOf(req, parsed.value, EMPTY_SHA256_HEX).url).toContain('X-Amz-Signature=');
  });

  it('report an unsigned request as missing', () => {
    const parsed = parseSignature(new Request('https://api.acme.test/projects'));
    expect(parsed.ok ? undefined : parsed.error.reason).toBe('missing');
  });
});

describe('bodySha256', () => {
  it('hashes the body and leaves it readable, and gives the empty hash for none', async () => {
    const req = new Request('https://api.acme.test/x', { method: 'POST', body: '{"name":"p"}' });
    expect(await bodySha256(req, 1024)).toBe(await sha256Hex('{"name":"p"}'));
    expect(await req.json()).toEqual({ name: 'p' });
    expect(await bodySha256(new Request('https://api.acme.test/x'), 1024)).toBe(EMPTY_SHA256_HEX);
    expect(await bodySha256(new Request('https://api.acme.test/x', { method: 'POST', body: '' }), 1024)).toBe(EMPTY_SHA256_HEX);
  });

  it('takes a body an earlier reader consumed from the given source (Hono\'s body cache)', async () => {
    const req = new Request('https://api.acme.test/x', { method: 'POST', body: 'abc' });
    await req.text();
    await expect(bodySha256(req, 1024)).rejects.toThrow(/already read/);
    expect(await bodySha256(req, 1024, async () => new TextEncoder().encode('abc').buffer as ArrayBuffer)).toBe(await sha256Hex('abc'));
    expect(await bodySha256(req, 2, async () => new TextEncoder().encode('abc').buffer as ArrayBuffer)).toBe('too-large');
  });

  it('stops past the cap', async () => {
    expect(await bodySha256(new Request('https://api.acme.test/x', { method: 'POST', body: 'x'.repeat(2000) }), 1024)).toBe('too-large');
  });
});

describe('factsOf', () => {
  const facts = async (url: string, headers: Record<string, string>, sourceIp?: SourceIpOption) => {
    const app = new Hono();
    app.get('*', (c: Context) => c.json(factsOf(c, sourceIp)));
    return (await app.request(url, { headers })).json();
  };

  it('takes no source IP unless told which header to trust', async () => {
    const headers = { 'cf-connecting-ip': '203.0.113.5', 'x-forwarded-for': '198.51.100.1, 192.0.2.9', 'user-agent': 'aws-cli/2' };
    expect(await facts('https://api.acme.test/', headers)).toEqual({ secureTransport: true, userAgent: 'aws-cli/2' });
    expect(await facts('https://api.acme.test/', headers, 'cf-connecting-ip')).toMatchObject({ sourceIp: '203.0.113.5' });
    // The trusted proxy appended the last entry; the first is whatever the client wrote.
    expect(await facts('https://api.acme.test/', headers, 'x-forwarded-for')).toMatchObject({ sourceIp: '192.0.2.9' });
    expect(await facts('https://api.acme.test/', headers, () => '2001:db8::1')).toMatchObject({ sourceIp: '2001:db8::1' });
  });

  it('ignores a header value that is not an address, and says http is not secure transport', async () => {
    expect(await facts('http://api.acme.test/', { 'cf-connecting-ip': 'not an ip' }, 'cf-connecting-ip')).toEqual({ secureTransport: false });
  });
});
